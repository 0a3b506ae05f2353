"""Entity and complex types -> `Model`, enum types -> `EnumType`.

`structured_field` reads properties and parameters: CSDL 4 navigation properties (`Type`) and CSDL 1.0-3.0
ones (`Relationship` to an association's end) alike. A `DefaultValue` that is no value of its type is a
`CsdlWarning`, and the field gets no default."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from generator.frontends.csdl.annotations import read_notes
from generator.frontends.csdl.index import CsdlIndex, Declared, ResolvedType
from generator.frontends.csdl.xml import Element, any_attribute, children, local_name
from generator.ir import (
    EnumMember,
    EnumType,
    Facets,
    Field,
    Model,
    ODataProperty,
    ODataType,
    Primitive,
    TypeKind,
)
from generator.render.literals import LiteralError, primitive_literal

INTEGER_TYPES = ("Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64")
STRUCTURED_KINDS = ("EntityType", "ComplexType")


def read_types(index: CsdlIndex, keep: AbstractSet[str] | None = None) -> tuple[list[Model], list[EnumType]]:
    """Every entity, complex and enum type; only those named in `keep`, when given."""
    structured = index.of_kind(*STRUCTURED_KINDS)
    enumerations = index.of_kind("EnumType")
    if keep is not None:
        structured = [declared for declared in structured if declared.qname in keep]
        enumerations = [declared for declared in enumerations if declared.qname in keep]
    return [_model(index, declared) for declared in structured], [
        _enum(index, declared) for declared in enumerations
    ]


def unique(index: CsdlIndex, element: Element, names: set[str], what: str) -> str:
    """`element`'s Name, added to `names`; one already there is an error (the second of two properties or
    parameters of one name was read from the first's JSON key, and a codec refused every valid value)."""
    name = index.source.required(element, "Name")
    if name in names:
        raise index.source.error(element, f"'{name}' is declared twice as a {what}")
    names.add(name)
    return name


def structured_field(
    index: CsdlIndex,
    element: Element,
    *targets: str,
    navigation: bool = False,
    member: bool = False,
) -> Field:
    """A `Property`, `NavigationProperty` (`member`) or `Parameter`; `targets` name it for out-of-line
    annotations. On a collection, Nullable is about its items (`null_items`; a collection of entities
    holds none). On a member, the collection itself may be absent (not selected, not expanded) or null,
    so it is never required. A single navigation property is never
    required either: it is absent unless expanded (Nullable, or the association end's `1`, says only
    whether it may be null)."""
    source = index.source
    name = source.required(element, "Name")
    nullable = source.boolean(element, "Nullable", True)
    if navigation and element.get("Type") is None and element.get("Relationship") is not None:
        type_name, nullable = index.association_end(element)
    else:
        type_name = source.required(element, "Type")
    resolved = index.resolve(element, type_name)
    # CSDL 1.1-2.0 (Entity Framework) say a property is a collection with CollectionKind="Bag" or "List".
    collection = resolved.collection or (element.get("CollectionKind") or "").strip() in ("Bag", "List")
    notes = read_notes(index, element, *targets)
    optional_collection = member and collection
    unexpanded = member and navigation
    return Field(
        name=name,
        type=resolved.ref,
        required=not optional_collection and not unexpanded and not nullable,
        nullable=optional_collection or nullable,
        collection=collection,
        null_items=collection and nullable and not navigation and not resolved.entity,
        default=_default(index, element, resolved),
        read_only=notes.read_only,
        facets=Facets(
            max_length=source.integer(element, "MaxLength"),
            precision=source.integer(element, "Precision"),
            scale=element.get("Scale"),
        ),
        doc=notes.doc,
        odata=ODataProperty(
            navigation=navigation,
            contains_target=navigation and source.boolean(element, "ContainsTarget", False),
        ),
        location=source.location(element),
    )


def _default(index: CsdlIndex, element: Element, resolved: ResolvedType) -> str | None:
    """The `DefaultValue`, when it is a value of the property's type (booleans in any case, as OData's
    ABNF has them); else a warning, and None."""
    value = element.get("DefaultValue")
    if value is None or resolved.ref.kind is not TypeKind.PRIMITIVE:
        return value
    primitive = Primitive(resolved.ref.name)
    if primitive is Primitive.BOOLEAN:
        value = value.strip().lower()
    try:
        primitive_literal(primitive, resolved.ref.wire, value)
    except LiteralError as exc:
        index.source.warn(element, f"DefaultValue ignored: {exc}")
        return None
    return value


def _model(index: CsdlIndex, declared: Declared) -> Model:
    source, element, qname = index.source, declared.element, declared.qname
    base_name = element.get("BaseType")
    base = None
    if base_name is not None:
        base = index.lookup(element, base_name, (declared.kind,), what="base type").qname
    fields: list[Field] = []
    names: set[str] = set()
    for member in element.iterchildren():
        member_kind = local_name(member) if isinstance(member.tag, str) else ""
        if member_kind not in ("Property", "NavigationProperty"):
            continue
        unique(index, member, names, f"property of '{declared.name}'")
        target = f"{qname}/{source.required(member, 'Name')}"
        navigation = member_kind == "NavigationProperty"
        fields.append(structured_field(index, member, target, navigation=navigation, member=True))
    keys = tuple(
        source.required(ref, "Name")
        for key in children(element, "Key")
        for ref in children(key, "PropertyRef")
    )
    notes = read_notes(index, element, qname)
    return Model(
        qname=qname,
        name=declared.name,
        fields=tuple(fields),
        namespace=declared.namespace,
        base=base,
        abstract=source.boolean(element, "Abstract", False),
        doc=notes.doc,
        odata=ODataType(
            odata_type=f"#{qname}",
            entity=declared.kind == "EntityType",
            keys=keys,
            open_type=source.boolean(element, "OpenType", False),
            has_stream=(any_attribute(element, "HasStream") or "").strip().lower() == "true",
        ),
        location=source.location(element),
    )


def _enum(index: CsdlIndex, declared: Declared) -> EnumType:
    source, element, qname = index.source, declared.element, declared.qname
    underlying = (element.get("UnderlyingType") or "Edm.Int32").strip()
    underlying = underlying if "." in underlying else f"Edm.{underlying}"  # CSDL 3.0 may leave out `Edm.`
    if underlying not in INTEGER_TYPES:
        raise source.error(element, f"UnderlyingType='{underlying}' is not an integer type")
    members: list[EnumMember] = []
    names: set[str] = set()
    for position, member in enumerate(children(element, "Member")):
        name = unique(index, member, names, f"member of '{declared.name}'")
        value = source.integer(member, "Value")
        members.append(
            EnumMember(
                name=name,
                value=str(position if value is None else value),
                doc=read_notes(index, member, f"{qname}/{name}").doc,
            )
        )
    return EnumType(
        qname=qname,
        name=declared.name,
        members=tuple(members),
        namespace=declared.namespace,
        underlying=Primitive.INT,
        flags=source.boolean(element, "IsFlags", False),
        open=True,
        doc=read_notes(index, element, qname).doc,
        location=source.location(element),
    )

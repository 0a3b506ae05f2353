"""xsdata's analysed classes -> IR models and enums.

IR qualified names are Clark names of the schema's own declarations: `{ns}Name` for a type and
`{ns}Name#element` for a global element (XSD lets an element and a type share a name). Names xsdata
renamed to avoid clashes are mapped back through `meta_name`, so the naming pass alone decides Python names.
"""

from __future__ import annotations

from xsdata.codegen.models import Attr, AttrType, Class
from xsdata.models.enums import Tag
from xsdata.utils.namespaces import build_qname, split_qname

from generator.errors import SchemaError
from generator.frontends.xsd.files import LineKey, SchemaFiles
from generator.ir import (
    EnumMember,
    EnumType,
    Facets,
    Field,
    Location,
    Model,
    ModelRole,
    Primitive,
    TypeKind,
    TypeRef,
    XmlField,
    XmlNode,
    XmlType,
)

XS = "http://www.w3.org/2001/XMLSchema"

_INTEGERS = (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)  # fmt: skip
PRIMITIVE_OF_XSD = {
    "boolean": Primitive.BOOLEAN,
    **dict.fromkeys(_INTEGERS, Primitive.INT),
    "decimal": Primitive.DECIMAL,
    "float": Primitive.FLOAT,
    "double": Primitive.FLOAT,
    "date": Primitive.DATE,
    "dateTime": Primitive.DATETIME,
    "dateTimeStamp": Primitive.DATETIME,
    "time": Primitive.TIME,
    # xs:duration may carry months and years, which no timedelta holds: only the day-time subtype maps.
    "dayTimeDuration": Primitive.DURATION,
    "base64Binary": Primitive.BINARY,
    "hexBinary": Primitive.BINARY,
    "anyType": Primitive.ANY,
    "anySimpleType": Primitive.ANY,
}

# Wildcards and simple content have no wire name; these give their Python names (`any`, `any_attribute`).
UNNAMED = {XmlNode.ANY_ELEMENT: "any", XmlNode.ANY_ATTRIBUTE: "anyAttribute", XmlNode.TEXT: "value"}
_VALUE_TAGS = (Tag.EXTENSION, Tag.RESTRICTION, Tag.SIMPLE_TYPE, Tag.UNION, Tag.LIST)


def ir_qname(cls: Class) -> str:
    namespace, local = split_qname(cls.qname)
    name = cls.meta_name or local
    suffix = "#element" if cls.is_element else ""
    return f"{{{namespace}}}{name}{suffix}" if namespace else f"{name}{suffix}"


def schema_name(cls: Class) -> str:
    return str(cls.meta_name or split_qname(cls.qname)[1])


def declaration_key(cls: Class) -> LineKey:
    """The line-index key of a top-level declaration (see `xsd_files`)."""
    return (cls.target_namespace or "", "element" if cls.is_element else "type", schema_name(cls))


class ClassReader:
    """Maps the analysed classes of one spec, known by xsdata's (possibly renamed) qnames.

    `element_models` holds the IR names of the type models xsdata folded a same-named element into.
    """

    def __init__(
        self,
        classes: list[Class],
        files: SchemaFiles,
        element_models: frozenset[str] = frozenset(),
        nested: dict[str, LineKey] | None = None,
    ) -> None:
        self.files = files
        self.element_models = element_models
        self.nested = nested or {}
        """The line key of each inner class xsdata unnested, by the qname it gave it (`{ns}Outer_Inner`)."""
        self.by_qname = {cls.qname: cls for cls in classes}
        self.enum_qnames = {cls.qname for cls in classes if cls.is_enumeration}

    def read(self) -> tuple[list[Model], list[EnumType]]:
        models: list[Model] = []
        enums: list[EnumType] = []
        for cls in self.by_qname.values():
            if cls.is_enumeration:
                enums.append(self.enum(cls))
            else:
                models.append(self.model(cls))
        return models, enums

    def line_key(self, cls: Class) -> LineKey:
        """Where the line index holds `cls`; an unnested class under the declarations it sat in."""
        if cls.local_type:
            found = self.nested.get(build_qname(cls.target_namespace, schema_name(cls)))
            if found:
                return found
        return declaration_key(cls)

    def location(self, cls: Class, key: LineKey | None = None) -> Location:
        """The line of `key`, else of the nearest declaration it sits in (xsdata names some inner
        classes itself, `value` for a list's item type), else the file's first line."""
        key = key or self.line_key(cls)
        for end in range(len(key), 2, -1):
            found = self.files.location(*key[:end])
            if found:
                return found
        return self.files.file_location(cls.location)

    def field_location(self, cls: Class, attr: Attr, key: LineKey | None = None) -> Location:
        key = key or self.line_key(cls)
        return self.files.location(*key, attr.local_name) or self.location(cls, key)

    def enum(self, cls: Class) -> EnumType:
        members = []
        for attr in cls.attrs:
            if attr.tag != Tag.ENUMERATION:
                continue
            value = attr.default if attr.default is not None else attr.local_name
            members.append(EnumMember(name=value, value=value, doc=_doc(attr.help)))
        native = next((t for attr in cls.attrs for t in attr.types if t.native), None)
        underlying = _primitive(native.qname) if native else Primitive.STRING
        return EnumType(
            qname=ir_qname(cls),
            name=schema_name(cls),
            members=tuple(members),
            namespace=cls.target_namespace or "",
            underlying=underlying if underlying is not Primitive.ANY else Primitive.STRING,
            doc=_doc(cls.help),
            location=self.location(cls),
        )

    def model(self, cls: Class) -> Model:
        base = None
        restricts = False
        for extension in cls.extensions:
            if not extension.type.native and extension.type.qname in self.by_qname:
                base = ir_qname(self.by_qname[extension.type.qname])
                restricts = extension.tag == Tag.RESTRICTION
        name = schema_name(cls)
        stands_for_element = cls.is_element or ir_qname(cls) in self.element_models
        return Model(
            qname=ir_qname(cls),
            name=name,
            namespace=cls.target_namespace or "",
            # A restriction prohibits inherited content with maxOccurs="0" or use="prohibited": not a field.
            fields=tuple(self.field(cls, attr) for attr in cls.attrs if not attr.is_prohibited),
            role=ModelRole.MESSAGE if cls.is_element else ModelRole.TYPE,
            base=base,
            abstract=bool(cls.abstract),  # xsdata keeps a text it could not read: true unless empty
            doc=_doc(cls.help),
            xml=XmlType(
                namespace=cls.target_namespace or None,
                element=name if stands_for_element else None,
                type_name=None if cls.is_element else name,
                restricts=restricts,
            ),
            location=self.location(cls),
        )

    def field(self, cls: Class, attr: Attr) -> Field:
        restrictions = attr.restrictions
        location = self.field_location(cls, attr)
        node = self.node(attr)
        length = _count(restrictions.length)
        wildcard = node in (XmlNode.ANY_ELEMENT, XmlNode.ANY_ATTRIBUTE)
        repeated = (restrictions.max_occurs or 1) > 1
        # An xs:list type: whitespace-separated values in one attribute, text or element.
        tokens = bool(restrictions.tokens) and not wildcard
        type_ref = self.type_ref(attr, location)
        if tokens and repeated and node is XmlNode.ELEMENT:
            # A list of lists has no field shape here: each element's text is kept whole, as a string.
            tokens, type_ref = False, TypeRef(TypeKind.PRIMITIVE, Primitive.STRING, type_ref.wire)
        default = self.default(attr)
        # A DTD attribute with a default or a #FIXED value may be left out (xCBL's `AddressTypeCoded (...)
        # 'NotApplicable'`), though xsdata's DTD front end says required; in XSD, `use` decides.
        from_dtd = (cls.location or "").lower().endswith(".dtd")
        defaulted = node is XmlNode.ATTRIBUTE and default is not None and (from_dtd or not attr.fixed)
        # xsdata gathers the children of mixed content into one wildcard, which holds its text as well.
        mixed = attr.mixed and node is XmlNode.ANY_ELEMENT
        return Field(
            name="content" if mixed else UNNAMED.get(node, attr.local_name),
            type=type_ref,
            required=(restrictions.min_occurs or 0) >= 1 and not defaulted,
            nullable=bool(restrictions.nillable),
            collection=repeated or tokens,
            null_items=repeated and bool(restrictions.nillable) and node is XmlNode.ELEMENT,
            default=default,
            facets=Facets(
                max_length=_count(restrictions.max_length) if restrictions.max_length is not None else length,
                min_length=_count(restrictions.min_length) if restrictions.min_length is not None else length,
                pattern=restrictions.pattern,
                precision=_count(restrictions.total_digits),
                scale=str(scale) if (scale := _count(restrictions.fraction_digits)) is not None else None,
                min_inclusive=restrictions.min_inclusive,
                max_inclusive=restrictions.max_inclusive,
            ),
            doc=_doc(attr.help),
            xml=XmlField(
                node=node,
                namespace=None if wildcard or node is XmlNode.TEXT else attr.namespace or None,
                namespace_constraint=(attr.namespace or "##any") if wildcard else None,
                tokens=tokens and node is XmlNode.ELEMENT,
                mixed=mixed,
                interleaved=node in (XmlNode.ELEMENT, XmlNode.ANY_ELEMENT) and _interleaved(attr),
            ),
            location=location,
        )

    @staticmethod
    def node(attr: Attr) -> XmlNode:
        if attr.tag == Tag.ANY:
            return XmlNode.ANY_ELEMENT
        if attr.tag == Tag.ANY_ATTRIBUTE:
            return XmlNode.ANY_ATTRIBUTE
        if attr.tag == Tag.ATTRIBUTE:
            return XmlNode.ATTRIBUTE
        if attr.tag in _VALUE_TAGS:
            return XmlNode.TEXT
        return XmlNode.ELEMENT

    def type_ref(self, attr: Attr, location: Location) -> TypeRef:
        if attr.tag in (Tag.ANY, Tag.ANY_ATTRIBUTE) or len(attr.types) != 1:
            wire = " | ".join(t.qname for t in attr.types) or f"{{{XS}}}anyType"
            return TypeRef(TypeKind.PRIMITIVE, Primitive.ANY, _prefixed(wire))
        found = self.reference(attr.types[0], location)
        if attr.tag == Tag.ATTRIBUTE and found.kind is TypeKind.MODEL:
            return self.simple_content(found, location)
        return found

    def simple_content(self, found: TypeRef, location: Location) -> TypeRef:
        """An attribute of a complex type (invalid XSD, which xsdata reads as the type's text): the type of
        that text, a string when it has none."""
        text_string = TypeRef(TypeKind.PRIMITIVE, Primitive.STRING, "xs:string")
        seen: set[str] = set()
        while found.kind is TypeKind.MODEL and found.name not in seen:
            seen.add(found.name)
            target = self.by_qname.get(found.name.removesuffix("#element"))
            attrs = target.attrs if target is not None else []
            text = next((item for item in attrs if item.tag == Tag.EXTENSION), None)
            if text is None or len(text.types) != 1:
                return text_string
            found = self.reference(text.types[0], location)
        return found if found.kind is not TypeKind.MODEL else text_string

    def reference(self, attr_type: AttrType, location: Location) -> TypeRef:
        if attr_type.native:
            return TypeRef(TypeKind.PRIMITIVE, _primitive(attr_type.qname), _prefixed(attr_type.qname))
        target = self.by_qname.get(attr_type.qname)
        if target is None:
            raise SchemaError(location, f"type '{attr_type.qname}' is not declared")
        kind = TypeKind.ENUM if attr_type.qname in self.enum_qnames else TypeKind.MODEL
        qname = ir_qname(target)
        return TypeRef(kind, qname, qname)

    def default(self, attr: Attr) -> str | None:
        default = attr.default
        if default is None or not default.startswith("@enum@"):
            return default
        qname, _, members = default.removeprefix("@enum@").partition("::")
        source = self.by_qname.get(qname)
        names = members.split("@")
        if source is None:
            return members
        values = {item.name: item.default or item.local_name for item in source.attrs}
        return " ".join(values.get(name, name) for name in names)


def _primitive(qname: str) -> Primitive:
    namespace, local = split_qname(qname)
    if namespace != XS:
        return Primitive.STRING
    return PRIMITIVE_OF_XSD.get(local, Primitive.STRING)


def _prefixed(qname: str) -> str:
    """`{http://www.w3.org/2001/XMLSchema}boolean` -> `xs:boolean`; other names stay Clark names."""
    namespace, local = split_qname(qname)
    return f"xs:{local}" if namespace == XS else qname


def _doc(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _interleaved(attr: Attr) -> bool:
    """Whether the element's occurrences may come between other elements' in a valid document. xsdata's
    analysis records the groups around each element as `path` (kind, id, minOccurs, maxOccurs), outermost
    first; a negative `choice` marks an element the schema names more than once, merged into one field."""
    restrictions = attr.restrictions
    if restrictions.choice is not None and restrictions.choice < 0:
        return True
    repeated = (restrictions.max_occurs or 1) > 1
    for kind, _, _, max_occurs in restrictions.path:
        if kind == "a" or max_occurs > 1:
            return True
        # One element of a choice, repeated: a substitution group's head, whose members take turns.
        if kind == "c" and repeated:
            return True
    return False


def _count(facet: object) -> int | None:
    """A length or digits facet; None for a value xsdata could not read as a number (it keeps the text,
    and has warned: see `unconverted`)."""
    return facet if isinstance(facet, int) and not isinstance(facet, bool) else None

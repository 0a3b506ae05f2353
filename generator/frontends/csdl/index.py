"""The index of a set of CSDL documents: schemas, aliases (per document), declarations by qualified name, type
references, associations (CSDL 1.0-3.0), annotations.

Every name the index hands out is fully qualified (aliases resolved); `Edm.*` names stay as they are, and
what CSDL 1.0-3.0 write differently is read as CSDL 4 says it: unqualified primitives (`String`) are
`Edm.String`, `Edm.DateTime` is `Edm.DateTimeOffset`, `Edm.Time` (a span of time) is `Edm.Duration`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from generator.frontends.csdl.xml import (
    EDMX_NAMESPACES,
    Element,
    Source,
    any_attribute,
    children,
    local_name,
    tags,
)
from generator.ir import Primitive, TypeKind, TypeRef

PRIMITIVES: dict[str, Primitive] = {
    "Edm.String": Primitive.STRING,
    "Edm.Boolean": Primitive.BOOLEAN,
    "Edm.Byte": Primitive.INT,
    "Edm.SByte": Primitive.INT,
    "Edm.Int16": Primitive.INT,
    "Edm.Int32": Primitive.INT,
    "Edm.Int64": Primitive.INT,
    "Edm.Decimal": Primitive.DECIMAL,
    "Edm.Double": Primitive.FLOAT,
    "Edm.Single": Primitive.FLOAT,
    "Edm.Date": Primitive.DATE,
    "Edm.DateTimeOffset": Primitive.DATETIME,
    "Edm.TimeOfDay": Primitive.TIME,
    "Edm.Duration": Primitive.DURATION,
    "Edm.Guid": Primitive.GUID,
    "Edm.Binary": Primitive.BINARY,
}
"""EDM primitives with a neutral counterpart; every other `Edm.*` name (Stream, Untyped, spatial) is ANY."""

OTHER_EDM: Final = frozenset(
    {
        "Edm.Stream",
        "Edm.Untyped",
        "Edm.PrimitiveType",
        "Edm.ComplexType",
        "Edm.EntityType",
        "Edm.AnnotationPath",
        "Edm.PropertyPath",
        "Edm.NavigationPropertyPath",
        "Edm.AnyPropertyPath",
        "Edm.ModelElementPath",
    }
)
"""The other EDM types (spatial ones aside, `Edm.Geography*` and `Edm.Geometry*`): kept as parsed. A name
that is none of these is a misspelling (`Edm.Strnig`), warned of."""

LEGACY_PRIMITIVES = {"Edm.DateTime": "Edm.DateTimeOffset", "Edm.Time": "Edm.Duration"}
"""CSDL 1.0-3.0 primitives CSDL 4 replaced (as OData's own v3-to-v4 conversion maps them)."""

TYPE_KINDS = ("EntityType", "ComplexType", "EnumType", "TypeDefinition")
DECLARATION_KINDS = (*TYPE_KINDS, "EntityContainer")
TERM_KINDS = ("Term", "ValueTerm")
OPERATION_KINDS = ("Action", "Function")
MULTIPLICITIES = {"*": None, "0..1": True, "1": False}
"""An association end's multiplicity -> whether a single navigation is nullable (None: a collection)."""
_NAME = re.compile(r"[A-Za-z_][\w.]*")


@dataclass(frozen=True, slots=True)
class CsdlSchema:
    namespace: str
    alias: str | None
    element: Element


@dataclass(frozen=True, slots=True)
class CsdlContainer:
    namespace: str
    name: str
    element: Element


@dataclass(frozen=True, slots=True)
class Declared:
    """A named schema child: a type, term, container or association (`kind`), or an operation: an action
    or function, or a CSDL 1.0-3.0 function import (`kind` then `Action` or `Function`, by its HTTP
    method)."""

    element: Element
    namespace: str
    name: str
    kind: str

    @property
    def qname(self) -> str:
        return f"{self.namespace}.{self.name}"


@dataclass(frozen=True, slots=True)
class ResolvedType:
    """A type reference: the value type, whether it is `Collection(...)`, and the declaration it names."""

    ref: TypeRef
    collection: bool
    declared: Declared | None

    @property
    def entity(self) -> bool:
        """It names an entity type (a collection of entities holds no null, whatever `Nullable` says)."""
        return self.declared is not None and self.declared.kind == "EntityType"


@dataclass(slots=True)
class CsdlIndex:
    source: Source
    schemas: list[CsdlSchema] = field(default_factory=list)
    containers: list[CsdlContainer] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    """Alias -> namespace over every document (the first document's wins), for names with no document."""
    document_aliases: dict[Element, dict[str, str]] = field(default_factory=dict)
    """Root element -> alias -> namespace, from the document's schemas, `edmx:Include`s and `<Using>`s: an
    alias holds in the document that declares it."""
    declarations: dict[str, Declared] = field(default_factory=dict)
    """Types and containers by full qualified name."""
    terms: dict[str, Declared] = field(default_factory=dict)
    """Vocabulary terms by full qualified name: the first of duplicates (annotations only need the name)."""
    associations: dict[str, Declared] = field(default_factory=dict)
    """CSDL 1.0-3.0 associations by full qualified name."""
    operations: list[Declared] = field(default_factory=list)
    """Actions and functions in document order: overloads share a name, which may also name a type."""
    annotations: dict[str, list[Element]] = field(default_factory=dict)
    """Out-of-line `<Annotation>` elements by normalised target."""

    def _aliases(self, element: Element | None) -> dict[str, str]:
        if element is None:
            return self.aliases
        return self.document_aliases.get(element.getroottree().getroot(), self.aliases)

    def qualify(self, name: str, element: Element | None = None) -> str:
        """`graph.presence` -> `microsoft.graph.presence` with the aliases of `element`'s document; names
        without a known alias are unchanged."""
        namespace, dot, local = name.strip().rpartition(".")
        if dot:
            aliases = self._aliases(element)
            if namespace in aliases:
                return f"{aliases[namespace]}.{local}"
        return name.strip()

    def normalise_target(self, target: str, element: Element | None = None) -> str:
        """An annotation target with aliases resolved and spaces removed: `ns.op(ns.type,Edm.String)/p`."""
        return _NAME.sub(lambda match: self.qualify(match.group(0), element), re.sub(r"\s+", "", target))

    def annotations_for(self, *targets: str) -> list[Element]:
        found: list[Element] = []
        for target in targets:
            found.extend(self.annotations.get(self.normalise_target(target), ()))
        return found

    def lookup(self, element: Element, name: str, kinds: tuple[str, ...], what: str = "type") -> Declared:
        declared = self.declarations.get(self.qualify(name, element))
        if declared is None or declared.kind not in kinds:
            raise self.source.error(element, f"unknown {what} '{name}'")
        return declared

    def resolve(self, element: Element, name: str) -> ResolvedType:
        """Resolve a `Type` attribute value; an unknown type fails at `element`'s line."""
        text = name.strip()
        collection = text.startswith("Collection(") and text.endswith(")")
        inner = text[len("Collection(") : -1].strip() if collection else text
        if "." not in inner:
            inner = f"Edm.{inner}"  # CSDL 1.0-3.0 (Entity Framework) write primitives unqualified
        inner = LEGACY_PRIMITIVES.get(inner, inner)
        if inner.startswith("Edm."):
            primitive = PRIMITIVES.get(inner, Primitive.ANY)
            if primitive is Primitive.ANY and not _other_edm(inner):
                self.source.warn(element, f"'{inner}' is no EDM type: its values are kept as parsed")
            return ResolvedType(TypeRef(TypeKind.PRIMITIVE, primitive.value, inner), collection, None)
        declared = self.lookup(element, inner, TYPE_KINDS)
        if declared.kind == "TypeDefinition":
            underlying = self.source.required(declared.element, "UnderlyingType")
            base = self.resolve(declared.element, underlying)
            return ResolvedType(base.ref, collection, declared)
        kind = TypeKind.ENUM if declared.kind == "EnumType" else TypeKind.MODEL
        return ResolvedType(TypeRef(kind, declared.qname, declared.qname), collection, declared)

    def association_end(self, navigation: Element) -> tuple[str, bool]:
        """A CSDL 1.0-3.0 navigation property (`Relationship`, `FromRole`, `ToRole`): the type it leads to
        (`Collection(ns.T)` for the `*` end) and whether a single one may be null (the `0..1` end)."""
        source = self.source
        relationship = source.required(navigation, "Relationship")
        to_role = source.required(navigation, "ToRole")
        association = self.associations.get(self.qualify(relationship, navigation))
        if association is None:
            raise source.error(navigation, f"unknown association '{relationship}'")
        for end in children(association.element, "End"):
            if (end.get("Role") or "").strip() != to_role:
                continue
            type_name = self.qualify(source.required(end, "Type"), end)
            multiplicity = (end.get("Multiplicity") or "").strip()
            if multiplicity not in MULTIPLICITIES:
                raise source.error(end, f"Multiplicity='{multiplicity}' is not 0..1, 1 or *")
            nullable = MULTIPLICITIES[multiplicity]
            return (f"Collection({type_name})", True) if nullable is None else (type_name, nullable)
        raise source.error(navigation, f"association '{relationship}' has no end with Role='{to_role}'")

    def of_kind(self, *kinds: str) -> list[Declared]:
        return [declared for declared in self.declarations.values() if declared.kind in kinds]


def build_index(roots: list[Element], source: Source) -> CsdlIndex:
    """The index of the documents whose root elements are `roots` (`<Edmx>` or `<Schema>`), in order."""
    index = CsdlIndex(source)
    for root in roots:
        aliases = index.document_aliases.setdefault(root, {})
        for include in root.iter(*tags("Include", EDMX_NAMESPACES)):
            alias = include.get("Alias")
            if alias:
                aliases[alias.strip()] = source.required(include, "Namespace")
        for schema in root.iter(*tags("Schema")):
            namespace = source.required(schema, "Namespace")
            alias = schema.get("Alias")
            index.schemas.append(CsdlSchema(namespace, alias.strip() if alias else None, schema))
            if alias:
                aliases[alias.strip()] = namespace
            for using in children(schema, "Using"):
                alias = using.get("Alias")
                if alias:
                    aliases[alias.strip()] = source.required(using, "Namespace")
        for alias, namespace in aliases.items():
            index.aliases.setdefault(alias, namespace)
    for schema_info in index.schemas:
        _declare(index, schema_info)
    for schema_info in index.schemas:
        for block in children(schema_info.element, "Annotations"):
            target = (block.get("Target") or "").strip()
            if not target:  # annotations only give doc text and read-only marks: never worth stopping for
                source.warn(block, "<Annotations> without a Target ignored")
                continue
            target = index.normalise_target(target, block)
            index.annotations.setdefault(target, []).extend(children(block, "Annotation"))
    return index


def _declare(index: CsdlIndex, schema: CsdlSchema) -> None:
    source = index.source
    for element in schema.element.iterchildren():
        if not isinstance(element.tag, str):
            continue
        kind = local_name(element)
        if kind in TERM_KINDS:
            term = Declared(element, schema.namespace, source.required(element, "Name"), "Term")
            index.terms.setdefault(term.qname, term)  # a duplicate term never matters: only names are used
            continue
        if kind == "Association":
            association = Declared(element, schema.namespace, source.required(element, "Name"), kind)
            if association.qname in index.associations:
                raise source.error(element, f"duplicate association '{association.qname}'")
            index.associations[association.qname] = association
            continue
        if kind not in DECLARATION_KINDS and kind not in OPERATION_KINDS:
            continue
        declared = Declared(element, schema.namespace, source.required(element, "Name"), kind)
        if kind in OPERATION_KINDS:
            index.operations.append(declared)
            continue
        if declared.qname in index.declarations:
            raise source.error(element, f"duplicate qualified name '{declared.qname}'")
        index.declarations[declared.qname] = declared
        if kind == "EntityContainer":
            index.containers.append(CsdlContainer(schema.namespace, declared.name, element))
            _declare_imports(index, schema, element)


def _declare_imports(index: CsdlIndex, schema: CsdlSchema, container: Element) -> None:
    """CSDL 1.0-3.0 function imports (no `Function` attribute): operations of their own, an action or a
    function by their HTTP method (`m:HttpMethod`), else by `IsSideEffecting` (true by default)."""
    for element in children(container, "FunctionImport"):
        if element.get("Function") is not None:
            continue
        name = index.source.required(element, "Name")
        index.operations.append(Declared(element, schema.namespace, name, import_kind(index.source, element)))


def import_kind(source: Source, element: Element) -> str:
    method = (any_attribute(element, "HttpMethod") or "").strip().upper()
    if method:
        return "Function" if method == "GET" else "Action"
    side_effects = source.boolean(element, "IsSideEffecting", True)
    return "Function" if not side_effects or source.boolean(element, "IsComposable", False) else "Action"


def _other_edm(name: str) -> bool:
    return name in OTHER_EDM or name.startswith(("Edm.Geography", "Edm.Geometry"))

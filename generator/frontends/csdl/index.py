"""The index of a CSDL document: schemas, aliases, declarations by qualified name, type references,
annotations.

Every name the index hands out is fully qualified (aliases resolved); `Edm.*` names stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.frontends.csdl.xml import EDMX, Element, Source, children, edm, local_name
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

TYPE_KINDS = ("EntityType", "ComplexType", "EnumType", "TypeDefinition")
DECLARATION_KINDS = (*TYPE_KINDS, "Term", "EntityContainer")
OPERATION_KINDS = ("Action", "Function")
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
    """A named schema child: a type, term or container (`kind`), or an action or function."""

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


@dataclass(slots=True)
class CsdlIndex:
    source: Source
    schemas: list[CsdlSchema] = field(default_factory=list)
    containers: list[CsdlContainer] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    """Alias -> namespace, from schemas and `edmx:Include` references."""
    declarations: dict[str, Declared] = field(default_factory=dict)
    """Types, terms and containers by full qualified name."""
    operations: list[Declared] = field(default_factory=list)
    """Actions and functions in document order: overloads share a name, which may also name a type."""
    annotations: dict[str, list[Element]] = field(default_factory=dict)
    """Out-of-line `<Annotation>` elements by normalised target."""

    def qualify(self, name: str) -> str:
        """`graph.presence` -> `microsoft.graph.presence`; names without a known alias are unchanged."""
        namespace, dot, local = name.strip().rpartition(".")
        if dot and namespace in self.aliases:
            return f"{self.aliases[namespace]}.{local}"
        return name.strip()

    def normalise_target(self, target: str) -> str:
        """An annotation target with aliases resolved and spaces removed: `ns.op(ns.type,Edm.String)/p`."""
        return _NAME.sub(lambda match: self.qualify(match.group(0)), re.sub(r"\s+", "", target))

    def annotations_for(self, *targets: str) -> list[Element]:
        found: list[Element] = []
        for target in targets:
            found.extend(self.annotations.get(self.normalise_target(target), ()))
        return found

    def lookup(self, element: Element, name: str, kinds: tuple[str, ...], what: str = "type") -> Declared:
        declared = self.declarations.get(self.qualify(name))
        if declared is None or declared.kind not in kinds:
            raise self.source.error(element, f"unknown {what} '{name}'")
        return declared

    def resolve(self, element: Element, name: str) -> ResolvedType:
        """Resolve a `Type` attribute value; an unknown type fails at `element`'s line."""
        text = name.strip()
        collection = text.startswith("Collection(") and text.endswith(")")
        inner = text[len("Collection(") : -1].strip() if collection else text
        if inner.startswith("Edm."):
            primitive = PRIMITIVES.get(inner, Primitive.ANY)
            return ResolvedType(TypeRef(TypeKind.PRIMITIVE, primitive.value, inner), collection, None)
        declared = self.lookup(element, inner, TYPE_KINDS)
        if declared.kind == "TypeDefinition":
            underlying = self.source.required(declared.element, "UnderlyingType")
            base = self.resolve(declared.element, underlying)
            return ResolvedType(base.ref, collection, declared)
        kind = TypeKind.ENUM if declared.kind == "EnumType" else TypeKind.MODEL
        return ResolvedType(TypeRef(kind, declared.qname, declared.qname), collection, declared)

    def of_kind(self, *kinds: str) -> list[Declared]:
        return [declared for declared in self.declarations.values() if declared.kind in kinds]


def build_index(root: Element, source: Source) -> CsdlIndex:
    index = CsdlIndex(source)
    for include in root.iter(f"{{{EDMX}}}Include"):
        alias = include.get("Alias")
        if alias:
            index.aliases[alias.strip()] = source.required(include, "Namespace")
    for schema in root.iter(edm("Schema")):
        namespace = source.required(schema, "Namespace")
        alias = schema.get("Alias")
        index.schemas.append(CsdlSchema(namespace, alias.strip() if alias else None, schema))
        if alias:
            index.aliases[alias.strip()] = namespace
    if not index.schemas:
        raise source.error(root, "the document declares no <Schema>")
    for schema_info in index.schemas:
        _declare(index, schema_info)
    for schema_info in index.schemas:
        for block in children(schema_info.element, "Annotations"):
            target = index.normalise_target(source.required(block, "Target"))
            index.annotations.setdefault(target, []).extend(children(block, "Annotation"))
    return index


def _declare(index: CsdlIndex, schema: CsdlSchema) -> None:
    source = index.source
    for element in schema.element.iterchildren():
        if not isinstance(element.tag, str):
            continue
        kind = local_name(element)
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

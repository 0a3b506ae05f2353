"""The intermediate representation: what every front end produces, every pass rewrites and templates read.

Plain frozen dataclasses. Nothing after the front ends knows whether a type came from XSD or CSDL except
through the typed binding records (`XmlBinding`, `JsonBinding`, `SoapOperation`, `ODataOperation`, ...).
Source locations never take part in equality, so the same schema read from two files compares equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SourceKind(StrEnum):
    XSD = "xsd"
    CSDL = "csdl"


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Primitive(StrEnum):
    """Built-in value types, neutral between XSD and EDM; `TypeRef.wire` keeps the schema's own spelling."""

    STRING = "string"
    BOOLEAN = "boolean"
    INT = "int"
    DECIMAL = "decimal"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    DURATION = "duration"
    GUID = "guid"
    BINARY = "binary"
    ANY = "any"


class TypeKind(StrEnum):
    PRIMITIVE = "primitive"
    MODEL = "model"
    ENUM = "enum"


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A field's value type: a primitive, or the qualified name of a `Model` or `EnumType` of the package."""

    kind: TypeKind
    name: str
    """The `Primitive` value for primitives, the qualified name otherwise."""
    wire: str
    """The type as the schema names it, aliases resolved: `xs:boolean`, `Edm.Duration`, `ns.presence`."""

    @property
    def primitive(self) -> Primitive | None:
        return Primitive(self.name) if self.kind is TypeKind.PRIMITIVE else None


class FieldKind(StrEnum):
    ELEMENT = "element"
    ATTRIBUTE = "attribute"
    TEXT = "text"
    PROPERTY = "property"
    NAVIGATION = "navigation"


@dataclass(frozen=True, slots=True)
class Facets:
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    precision: int | None = None
    scale: str | None = None
    min_inclusive: str | None = None
    max_inclusive: str | None = None


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    """The wire name: XML local name or CSDL property name."""
    type: TypeRef
    kind: FieldKind
    required: bool = False
    """Present whenever its owner is: minOccurs >= 1, or a CSDL property with Nullable=false."""
    nullable: bool = False
    """May be an explicit null: xsi:nil, or JSON null."""
    collection: bool = False
    default: str | None = None
    """The schema's default, in its lexical form."""
    namespace: str | None = None
    """XML namespace of an element or attribute; None when unqualified or not XML."""
    read_only: bool = False
    contains_target: bool = False
    facets: Facets = Facets()
    doc: str = ""
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class XmlBinding:
    namespace: str | None
    element: str | None
    """The global element name when the model is (the type of) a global element."""
    type_name: str | None
    """The named XSD complex type, None for anonymous element types."""


@dataclass(frozen=True, slots=True)
class JsonBinding:
    odata_type: str
    """`#microsoft.graph.presence`, written where polymorphism needs it."""
    keys: tuple[str, ...] = ()
    has_stream: bool = False


class ModelRole(StrEnum):
    TYPE = "type"
    MESSAGE = "message"
    """A SOAP request/response element or the body of an OData action or function."""


@dataclass(frozen=True, slots=True)
class Model:
    qname: str
    name: str
    fields: tuple[Field, ...]
    role: ModelRole = ModelRole.TYPE
    base: str | None = None
    abstract: bool = False
    open_type: bool = False
    is_entity: bool = False
    doc: str = ""
    read_scopes: tuple[str, ...] = ()
    """Permissions a GET of this entity type needs (any one of them); empty: no permission is checked."""
    xml: XmlBinding | None = None
    json: JsonBinding | None = None
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class EnumMember:
    name: str
    value: str
    doc: str = ""
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class EnumType:
    qname: str
    name: str
    members: tuple[EnumMember, ...]
    underlying: Primitive = Primitive.STRING
    flags: bool = False
    open: bool = False
    """OData enums are open on read: values the schema does not list are kept."""
    doc: str = ""
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class SoapOperation:
    action: str
    input_element: str
    output_element: str | None
    style: str = "document"
    input_headers: tuple[str, ...] = ()
    """IR qualified names of the element models bound to `soap:header` in the request."""
    output_headers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ODataOperation:
    kind: str
    """`action` or `function`."""
    bound_to: str | None
    """Qualified name of the binding parameter's type, None for unbound operations."""
    bound_collection: bool = False
    returns: TypeRef | None = None
    returns_collection: bool = False
    returns_nullable: bool = True
    entity_set_path: str | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    qname: str
    name: str
    input: str | None
    """Qualified name of the request model (SOAP input element, or OData parameter body)."""
    output: str | None
    """Qualified name of the response model, None when the operation returns nothing."""
    faults: tuple[str, ...] = ()
    soap: SoapOperation | None = None
    odata: ODataOperation | None = None
    scopes: tuple[str, ...] = ()
    status: int | None = None
    """The documented HTTP status of a success without a result (Graph gives 200 for some, 204 for others)."""
    doc: str = ""
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class SoapService:
    namespace: str
    port_type: str
    binding: str
    service: str
    port: str
    address: str
    soap_version: str = "1.1"


@dataclass(frozen=True, slots=True)
class NavigationBinding:
    path: str
    target: str


@dataclass(frozen=True, slots=True)
class EntitySet:
    name: str
    type: str
    singleton: bool = False
    bindings: tuple[NavigationBinding, ...] = ()


@dataclass(frozen=True, slots=True)
class ODataContainer:
    name: str
    namespace: str
    entity_sets: tuple[EntitySet, ...] = ()


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    operations: tuple[Operation, ...]
    soap: SoapService | None = None
    odata: ODataContainer | None = None
    doc: str = ""
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class Import:
    module: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Module:
    """One generated Python module and what it holds, in output order."""

    name: str
    models: tuple[str, ...] = ()
    enums: tuple[str, ...] = ()
    imports: tuple[Import, ...] = ()


@dataclass(frozen=True, slots=True)
class Package:
    name: str
    source: SourceKind
    namespace: str
    models: tuple[Model, ...]
    enums: tuple[EnumType, ...]
    services: tuple[Service, ...] = ()
    modules: tuple[Module, ...] = ()
    version: str = "0.1.0"
    doc: str = ""

    def model(self, qname: str) -> Model:
        for candidate in self.models:
            if candidate.qname == qname:
                return candidate
        raise KeyError(qname)

    def enum(self, qname: str) -> EnumType:
        for candidate in self.enums:
            if candidate.qname == qname:
                return candidate
        raise KeyError(qname)

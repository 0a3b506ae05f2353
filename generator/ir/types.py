"""The schema's types as every front end produces them: models with fields, enums, and the value types
fields refer to. Protocol details (XML nodes, OData properties) live in the bindings of `xml` and `odata`.

Qualified names (`qname`) are keys: unique within a package, compared and looked up, never parsed. What a
stage needs to know about a name (its namespace, the operation a message belongs to) is a field of its own.
Source locations never take part in equality, so the same schema read from two files compares equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from generator.ir.odata import ODataProperty, ODataType
from generator.ir.refs import Location, Primitive, TypeRef
from generator.ir.xml import XmlField, XmlType


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
    """The wire name: XML local name or CSDL property name (`any`, `anyAttribute` for XML wildcards)."""
    type: TypeRef
    required: bool = False
    """Present whenever its owner is: minOccurs >= 1, or a CSDL property with Nullable=false."""
    nullable: bool = False
    """May be an explicit null: xsi:nil, or JSON null."""
    collection: bool = False
    null_items: bool = False
    """A collection whose items may be null: a nillable repeated element's `xsi:nil` items, or the JSON
    nulls of a CSDL collection whose `Nullable` is not false."""
    default: str | None = None
    """The schema's default, in its lexical form."""
    read_only: bool = False
    facets: Facets = Facets()
    doc: str = ""
    xml: XmlField | None = None
    odata: ODataProperty | None = None
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)

    @property
    def is_navigation(self) -> bool:
        return self.odata is not None and self.odata.navigation


class ModelRole(StrEnum):
    TYPE = "type"
    MESSAGE = "message"
    """A SOAP request/response element, the body of an OData action or function, or a collection response."""


class MessageKind(StrEnum):
    REQUEST = "request"
    """The parameters of an operation."""
    RESPONSE = "response"
    """The wrapped result of an operation."""
    COLLECTION = "collection"
    """`{"value": [...]}`: a page of an entity collection."""


@dataclass(frozen=True, slots=True)
class MessageOrigin:
    """What a message model was made for, when the schema declares no type of its own for it."""

    kind: MessageKind
    owner: str
    """The qualified name of the operation (requests, responses) or of the entity type (collections)."""


@dataclass(frozen=True, slots=True)
class Model:
    qname: str
    name: str
    """The schema's local name of the declaration."""
    fields: tuple[Field, ...]
    namespace: str = ""
    """The namespace of the declaration: an XML target namespace or a CSDL schema namespace."""
    role: ModelRole = ModelRole.TYPE
    origin: MessageOrigin | None = None
    base: str | None = None
    abstract: bool = False
    doc: str = ""
    xml: XmlType | None = None
    odata: ODataType | None = None
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
    namespace: str = ""
    underlying: Primitive = Primitive.STRING
    flags: bool = False
    open: bool = False
    """OData enums are open on read: values the schema does not list are kept."""
    doc: str = ""
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)

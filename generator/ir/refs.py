"""What the rest of the IR refers to: source locations and value types (primitives, or models and enums by
qualified name)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

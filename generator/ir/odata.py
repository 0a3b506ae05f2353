"""How the IR's types, properties, operations and services appear in OData: the bindings the CSDL front end
fills in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.ir.refs import TypeRef


@dataclass(frozen=True, slots=True)
class ODataType:
    odata_type: str | None = None
    """`#microsoft.graph.presence`, written where polymorphism needs it; None for messages (parameters,
    results, collections), which the schema gives no type name."""
    entity: bool = False
    keys: tuple[str, ...] = ()
    open_type: bool = False
    has_stream: bool = False
    read_scopes: tuple[str, ...] = ()
    """Permissions a GET of this entity type needs (any one of them); empty: no permission is checked."""


@dataclass(frozen=True, slots=True)
class ODataProperty:
    navigation: bool = False
    """A navigation property (its value is an entity or entities), not a structural one."""
    contains_target: bool = False


class OperationKind(StrEnum):
    ACTION = "action"
    FUNCTION = "function"


@dataclass(frozen=True, slots=True)
class ODataOperation:
    kind: OperationKind
    bound_to: str | None
    """Qualified name of the binding parameter's type, None for unbound operations."""
    bound_collection: bool = False
    returns: TypeRef | None = None
    returns_collection: bool = False
    returns_nullable: bool = True
    entity_set_path: str | None = None
    scopes: tuple[str, ...] = ()
    """Permissions the operation needs (any one of them); empty: no permission is checked."""
    status: int | None = None
    """The documented HTTP status of a success without a result (Graph gives 200 for some, 204 for others)."""


@dataclass(frozen=True, slots=True)
class PathSegment:
    name: str
    """A navigation property, or the qualified name of a type cast."""
    type_cast: bool = False


@dataclass(frozen=True, slots=True)
class NavigationBinding:
    path: tuple[PathSegment, ...]
    target: str
    """The entity set or singleton the navigation leads to, by name."""


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

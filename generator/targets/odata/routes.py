"""The REST routes an OData service exposes, read off its entity container: what the Graph stub serves and
what `openapi.json` describes.

Entity sets give `GET /set` and `GET /set/{key}`, singletons `GET /singleton`; the contained navigation
properties of each addressed entity add `GET .../nav` (and `GET .../nav/{key}` for collections); every
action bound to an addressed type adds `POST .../action`, every function `GET .../function()`. Operation
segments are unqualified (`/me/presence/setPresence`), as Graph accepts and documents them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.ir import Model, Operation, OperationKind, Package, PackageIndex
from generator.python import HARD_KEYWORDS, snake_case
from generator.render.filters import Call

MAX_NAVIGATION_DEPTH = 2
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class KeySegment:
    name: str
    """The path parameter as OpenAPI.NET.OData names it: `user-id`; a function parameter's own name."""
    entity_type: str
    """The entity type the key addresses; "" for a function parameter (passed on as its URL text)."""
    py_name: str = ""
    """The handler's parameter when the one derived from `name` is taken (see `_parameters`)."""

    @property
    def parameter(self) -> str:
        """The handler's parameter: `user_id` for `user-id`."""
        return self.py_name or _parameter_name(self.name)


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    """`/users/{user-id}/presence/setPresence`."""
    keys: tuple[KeySegment, ...]
    target: str
    """Qualified name of the addressed entity type (the binding type for operations)."""
    kind: str
    """`entity`, `collection`, `action` or `function`."""
    operation: Operation | None = None
    response: str | None = None
    """Qualified name of the model the response body holds, None for 204."""
    request: str | None = None
    """Qualified name of the model the request body holds."""
    read_scopes: tuple[str, ...] = ()
    unique_name: str = ""
    """The handler name when the path-derived one is taken (function overloads, same-named bindings)."""

    @property
    def handler(self) -> str:
        return self.unique_name or self.base_handler

    @property
    def parameters(self) -> tuple[str, ...]:
        """The handler's parameter of each key segment, in path order."""
        return tuple(key.parameter for key in self.keys)

    @property
    def scopes_value(self) -> Call:
        """`frozenset((scope, ...))` as the route table writes it."""
        return Call("frozenset", (self.scopes,) if self.scopes else ())

    @property
    def base_handler(self) -> str:
        """The service method: `get_users_presence`, `list_communications_presences`,
        `me_presence_set_presence`. Key segments leave no trace; an entity addressed by key ends in
        `_item`."""
        words = []
        segments = self.path.strip("/").split("/")
        for segment in segments:
            if not segment.startswith("{"):
                words.append(snake_case(segment.partition("(")[0]))
        if self.kind == "entity" and segments[-1].startswith("{"):
            words.append("item")
        prefix = {"entity": "get_", "collection": "list_"}.get(self.kind, "")
        return prefix + _last_words(words, MAX_HANDLER_NAME - len(prefix))

    @property
    def starlette_path(self) -> str:
        """The path with Python-safe parameter names: `/users/{user_id}/presence`."""
        parameters = {key.name: key.parameter for key in self.keys}
        return _PLACEHOLDER.sub(lambda found: f"{{{parameters.get(found[1], found[1])}}}", self.path)

    @property
    def empty_status(self) -> int:
        """The success status when there is no response body: the documented one, else OData's 204."""
        odata = self.operation.odata if self.operation is not None else None
        return (odata.status if odata is not None else None) or 204

    @property
    def scopes(self) -> tuple[str, ...]:
        odata = self.operation.odata if self.operation is not None else None
        return odata.scopes if odata is not None else self.read_scopes

    @property
    def operation_id(self) -> str:
        """A unique identifier: the path's segments (keys as `by_<name>`) and the method."""
        parts = []
        for segment in self.path.strip("/").split("/"):
            if segment.startswith("{"):
                parts.append("by_" + segment.strip("{}").replace("-", "_"))
            else:
                parts.append(segment.partition("(")[0])
        suffix = f"_{self.unique_name.rpartition('_')[2]}" if self.unique_name else ""
        return f"{self.method.lower()}_" + "_".join(parts) + suffix


def read_routes(package: Package) -> list[Route]:
    service = next((item for item in package.services if item.odata is not None), None)
    if service is None or service.odata is None:
        return []
    hierarchy = package.index
    operations = [op for op in service.operations if op.odata is not None]
    routes: list[Route] = []
    for entity_set in service.odata.entity_sets:
        if entity_set.type not in hierarchy.models:
            continue
        path = f"/{entity_set.name}"
        if entity_set.singleton:
            _entity_routes(routes, hierarchy, operations, path, (), entity_set.type, 0)
            continue
        key = KeySegment(_key_name(hierarchy.models[entity_set.type]), entity_set.type)
        _collection_routes(routes, hierarchy, operations, path, (), entity_set.type)
        _entity_routes(routes, hierarchy, operations, f"{path}/{{{key.name}}}", (key,), entity_set.type, 0)
    routes = [replace(route, keys=_parameters(route.keys)) for route in _one_per_path(routes)]
    return _unique_handlers(routes)


# The handler's own parameters besides the keys.
_HANDLER_PARAMETERS = frozenset({"self", "body", "context"})


def _parameter_name(name: str) -> str:
    text = snake_case(name.replace("-", "_"))
    return f"{text}_" if text in HARD_KEYWORDS or text in _HANDLER_PARAMETERS else text


def _parameters(keys: tuple[KeySegment, ...]) -> tuple[KeySegment, ...]:
    """`keys` with distinct handler parameters: a function parameter `userId` on a path keyed `{user-id}`
    (Graph's `/users/{user-id}/...(userId=...)`) becomes `user_id_2`; the path's keys come first."""
    taken: set[str] = set()
    named = []
    for key in keys:
        base = name = _parameter_name(key.name)
        number = 2
        while name in taken:
            name, number = f"{base}_{number}", number + 1
        taken.add(name)
        named.append(key if name == base else replace(key, py_name=name))
    return tuple(named)


def _one_per_path(routes: list[Route]) -> list[Route]:
    """The first route of each (method, path): `_bound` already let the most derived binding win, so what
    is left to drop comes from schemas that declare one operation twice."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for route in routes:
        if (route.method, route.path) not in seen:
            seen.add((route.method, route.path))
            kept.append(route)
    return kept


MAX_HANDLER_NAME = 80
"""Longer path-derived names keep their last words: `async def <name>(` then fits in 100 columns (a name is
one token black cannot wrap); Graph's deepest paths give 110-character names."""


def _last_words(words: list[str], room: int) -> str:
    """`words` joined by `_`, without the first ones while that is longer than `room`."""
    kept = list(words)
    while len(kept) > 1 and len("_".join(kept)) > room:
        kept.pop(0)
    return "_".join(kept)[-room:]


def _unique_handlers(routes: list[Route]) -> list[Route]:
    """Numbered names where two routes would share a handler, in route order (so, deterministic); a number
    is never one another route's own name has."""
    taken = {route.base_handler for route in routes}
    seen: dict[str, int] = {}
    unique: list[Route] = []
    for route in routes:
        name = route.base_handler
        if name not in seen:
            seen[name] = 1
            unique.append(route)
            continue
        number = seen[name]
        while f"{name}_{number}" in taken or number == 1:
            number += 1
        seen[name] = number
        taken.add(f"{name}_{number}")
        unique.append(replace(route, unique_name=f"{name}_{number}"))
    return unique


def _key_name(model: Model) -> str:
    return f"{model.name}-id"


def _new_key(keys: tuple[KeySegment, ...], model: Model) -> KeySegment:
    """A key for `model` whose name the path does not use yet: `event-id`, then `event-id1` (as
    OpenAPI.NET.OData numbers them)."""
    taken = {key.name for key in keys}
    name, number = _key_name(model), 0
    while name in taken:
        number += 1
        name = f"{_key_name(model)}{number}"
    return KeySegment(name, model.qname)


def _collection_routes(
    routes: list[Route],
    hierarchy: PackageIndex,
    operations: list[Operation],
    path: str,
    keys: tuple[KeySegment, ...],
    entity_type: str,
) -> None:
    collection = hierarchy.collection_of(entity_type)
    response = collection.qname if collection is not None else None
    scopes = _read_scopes(hierarchy.models[entity_type])
    routes.append(Route("GET", path, keys, entity_type, "collection", response=response, read_scopes=scopes))
    for operation in _bound(hierarchy, operations, entity_type, collection=True):
        routes.append(_operation_route(hierarchy, path, keys, entity_type, operation))


def _entity_routes(
    routes: list[Route],
    hierarchy: PackageIndex,
    operations: list[Operation],
    path: str,
    keys: tuple[KeySegment, ...],
    entity_type: str,
    depth: int,
) -> None:
    model = hierarchy.models[entity_type]
    routes.append(
        Route("GET", path, keys, entity_type, "entity", response=entity_type, read_scopes=_read_scopes(model))
    )
    for operation in _bound(hierarchy, operations, entity_type, collection=False):
        routes.append(_operation_route(hierarchy, path, keys, entity_type, operation))
    if depth >= MAX_NAVIGATION_DEPTH:
        return
    for item in hierarchy.all_fields(model):
        if item.odata is None or not item.odata.contains_target:
            continue
        target = item.type.name
        if target not in hierarchy.models:
            continue
        nav_path = f"{path}/{item.name}"
        if item.collection:
            key = _new_key(keys, hierarchy.models[target])
            _collection_routes(routes, hierarchy, operations, nav_path, keys, target)
            _entity_routes(
                routes, hierarchy, operations, f"{nav_path}/{{{key.name}}}", (*keys, key), target, depth + 1
            )
        else:
            _entity_routes(routes, hierarchy, operations, nav_path, keys, target, depth + 1)


def _read_scopes(model: Model) -> tuple[str, ...]:
    return model.odata.read_scopes if model.odata is not None else ()


def _bound(
    hierarchy: PackageIndex, operations: list[Operation], entity_type: str, *, collection: bool
) -> list[Operation]:
    """Operations bound to `entity_type` or one of its bases (as an entity or as a collection). Bound
    operations are like methods (OData Part 1, 11.5): of overloads that would share a path (one name, and
    for functions one set of parameter names), the one bound to the most derived type wins."""
    chain = hierarchy.ancestors(hierarchy.models[entity_type])
    rank = {model.qname: depth for depth, model in enumerate(chain)}
    found = [
        (rank[op.odata.bound_to], op)
        for op in operations
        if op.odata is not None and op.odata.bound_to in rank and op.odata.bound_collection == collection
    ]
    signatures = [_signature(hierarchy, op) for _depth, op in found]
    best: dict[tuple[str, ...], tuple[int, Operation]] = {}
    for (depth, op), signature in zip(found, signatures, strict=True):
        if signature not in best or depth < best[signature][0]:
            best[signature] = (depth, op)
    return [op for (_depth, op), signature in zip(found, signatures, strict=True) if best[signature][1] is op]


def _signature(hierarchy: PackageIndex, operation: Operation) -> tuple[str, ...]:
    """What makes an operation's path: its name, and a function's parameter names."""
    assert operation.odata is not None
    if operation.odata.kind is not OperationKind.FUNCTION:
        return (operation.name,)
    request = hierarchy.models.get(operation.input) if operation.input else None
    return (operation.name, "(", *(item.name for item in (request.fields if request else ())))


def _operation_route(
    hierarchy: PackageIndex, path: str, keys: tuple[KeySegment, ...], target: str, operation: Operation
) -> Route:
    assert operation.odata is not None
    if operation.odata.kind is OperationKind.FUNCTION:
        request = hierarchy.models.get(operation.input) if operation.input else None
        parameters = tuple(KeySegment(item.name, "") for item in (request.fields if request else ()))
        call = ",".join(f"{item.name}={{{item.name}}}" for item in parameters)
        return Route(
            "GET",
            f"{path}/{operation.name}({call})",
            (*keys, *parameters),
            target,
            "function",
            operation,
            response=operation.output,
        )
    return Route(
        "POST",
        f"{path}/{operation.name}",
        keys,
        target,
        "action",
        operation,
        operation.output,
        operation.input,
    )

"""An index over Starlette routes, so that finding the route of a request does not try every route's
pattern in turn (Starlette's router does; the full Graph metadata has thousands of routes).

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import unquote

from starlette.routing import BaseRoute, Match, NoMatchFound, Route
from starlette.types import Receive, Scope, Send

__all__ = ["RouteIndex"]

_ONE_SEGMENT: Final = frozenset({"str", "int", "float", "uuid"})
"""The path convertors whose value cannot contain a `/`."""
_CHOSEN: Final = "sodagen.route"
"""The scope key that carries the route `matches` chose to `handle`."""

Shape = tuple[int, str | None]


def _route_path(scope: Scope) -> str:
    """The path the routes match, as Starlette computes it (the part after `root_path`)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path != root and path[len(root)] == "/":
        return path[len(root) :]
    return "" if root and path == root else path


def _shape_of_template(path: str) -> Shape | None:
    """(segments, last segment when literal) of a route's path template; None when a parameter may span
    segments, so that the number of segments says nothing."""
    segments = path.split("/")
    for segment in segments:
        if "{" in segment:
            for parameter in segment.split("{")[1:]:
                _, _, convertor = parameter.partition("}")[0].partition(":")
                if convertor and convertor not in _ONE_SEGMENT:
                    return None
    last = segments[-1]
    return len(segments), (None if "{" in last else last)


_STAND_INS: Final = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
"""The private-use code points, which stand in for an encoded `/` while the routes match."""


class RouteIndex(BaseRoute):
    """Starlette routes, tried in their order, but only those whose path has as many segments as the
    request's and, where their last segment is literal, the same last segment: the same answer as
    trying them all (the same route, the same 405 for a path that another method serves)."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self.routes = list(routes)
        by_shape: dict[Shape, list[int]] = {}  # a literal last segment
        by_count: dict[int, list[int]] = {}  # a parameter last
        anywhere: list[int] = []  # any number of segments
        for position, route in enumerate(self.routes):
            shape = _shape_of_template(route.path) if isinstance(route, Route) else None
            if shape is None:
                anywhere.append(position)
            elif shape[1] is None:
                by_count.setdefault(shape[0], []).append(position)
            else:
                by_shape.setdefault(shape, []).append(position)
        counts = {*by_count, *(count for count, _ in by_shape)}
        self._candidates: dict[Shape, tuple[BaseRoute, ...]] = {}
        for shape in [*by_shape, *((count, None) for count in sorted(counts))]:
            positions = sorted(by_shape.get(shape, []) + by_count.get(shape[0], []) + anywhere)
            self._candidates[shape] = tuple(self.routes[position] for position in positions)
        self._elsewhere = tuple(self.routes[position] for position in anywhere)

    def candidates(self, path: str) -> tuple[BaseRoute, ...]:
        """The routes that may match `path`, in their order."""
        count = path.count("/") + 1
        return (
            self._candidates.get((count, path.rpartition("/")[2]))
            or self._candidates.get((count, None))
            or self._elsewhere
        )

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raw: bytes | None = scope.get("raw_path")
        if raw is not None and b"%2" in raw and (b"%2F" in raw or b"%2f" in raw):
            return self._matches_encoded_slashes(scope, raw)
        return self._matches(scope)

    def _matches_encoded_slashes(self, scope: Scope, raw: bytes) -> tuple[Match, Scope]:
        """A `%2F` is a `/` inside a segment, not between two (`/users/a%2Fb/presence` is user `a/b`):
        the routes match a path where it stands for a character the path does not hold, given back as `/`
        in the path parameters."""
        segments = [unquote(segment) for segment in raw.decode("utf-8", "replace").split("/")]
        present = set().union(*segments)
        stand_in = next(
            (chr(code) for block in _STAND_INS for code in block if chr(code) not in present), None
        )
        if stand_in is None:  # a path holding every private-use character (a hostile one): no route
            return Match.NONE, {}
        path = "/".join(segment.replace("/", stand_in) for segment in segments)
        match, child = self._matches({**scope, "path": path})
        parameters = child.get("path_params")
        if parameters:
            child["path_params"] = {
                key: value.replace(stand_in, "/") if isinstance(value, str) else value
                for key, value in parameters.items()
            }
        return match, child

    def _matches(self, scope: Scope) -> tuple[Match, Scope]:
        partial: tuple[BaseRoute, Scope] | None = None
        for route in self.candidates(_route_path(scope)):
            match, child = route.matches(scope)
            if match is Match.FULL:
                return match, {**child, _CHOSEN: route}
            if match is Match.PARTIAL and partial is None:
                partial = route, child
        if partial is None:
            return Match.NONE, {}
        return Match.PARTIAL, {**partial[1], _CHOSEN: partial[0]}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        route: BaseRoute = scope.pop(_CHOSEN)
        scope["route"] = route
        await route.handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                pass
        raise NoMatchFound(name, path_params)

"""The driver of a generated OData server stub: a Starlette app with one route per entry of the generated
route table, Graph-shaped errors, permission checks, and the OpenAPI description of what the service
implements. The generated `server` module holds the service's base class and the route table.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from importlib import resources
from typing import Any, Final, Protocol

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute

from ._http import BodyRefused, Endpoint, Unauthorized, header, off_loop, read_body
from ._json import dumps, loads
from ._routes import RouteIndex
from .errors import DecodeError

__all__ = [
    "GraphContext",
    "GraphError",
    "Principal",
    "Route",
    "RouteNotImplemented",
    "Unauthorized",
    "create_app",
    "error_response",
]

LOG = logging.getLogger(__name__)

JSON: Final = "application/json"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """Who calls: what an `authenticate` hook returns."""

    id: str
    scopes: frozenset[str] = frozenset()
    """Delegated (`scp`) and application (`roles`) permissions of the token."""


class GraphError(Exception):
    """Raise it from a route to answer with a Graph error: `GraphError(404, "itemNotFound", "...")`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class RouteNotImplemented(Exception):
    """Raised by the routes a subclass does not override: HTTP 501."""


@dataclasses.dataclass(slots=True, kw_only=True)
class GraphContext:
    """What a request carries besides its path keys and body."""

    principal: Principal | None
    """What the `authenticate` hook returned (None without a hook)."""
    http: Request


@dataclasses.dataclass(frozen=True, slots=True)
class Route:
    """One route of the service: what the generated route table lists."""

    method: str
    path: str
    """The Starlette path, with Python-safe parameter names: `/users/{user_id}/presence`."""
    handler: str
    """The method of the service class that serves it."""
    openapi_path: str
    """The path as the OpenAPI description names it: `/users/{user-id}/presence`."""
    keys: tuple[str, ...]
    """The path parameters, passed to the handler by name."""
    request: type | None
    """The model of the request body."""
    response: type | None
    """The model the handler returns (or one derived from it), written as the answer; None: the answer
    has no body."""
    scopes: frozenset[str]
    """Permissions the route needs (any one of them); empty: none is checked."""
    empty_status: int
    """The status of a success without a body."""


class Codec(Protocol):
    """What the driver needs of the package's codec module."""

    def decode(self, data: bytes, cls: type[Any]) -> Any: ...

    def encode(self, obj: object) -> bytes: ...


Authenticate = Callable[[Request], Awaitable[Principal]]
Handler = Callable[..., Awaitable[object]]


def error_response(
    status: int,
    code: str,
    message: str,
    request: Request | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A Graph-shaped error."""
    client_request_id = request.headers.get("client-request-id") if request is not None else None
    inner = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": str(uuid.uuid4()),
        "client-request-id": client_request_id or str(uuid.uuid4()),
    }
    body = dumps({"error": {"code": code, "message": message, "innerError": inner}})
    return Response(body, status_code=status, media_type=JSON, headers=headers)


def create_app(
    service: object,
    base: type,
    routes: Sequence[Route],
    codec: Codec,
    package: str,
    *,
    authenticate: Authenticate | None,
    prefix: str,
    max_body: int,
    body_timeout: float,
) -> Starlette:
    """An ASGI app serving `service` under `prefix` (see the generated `server.create_app`); `base` is the
    generated base class, whose methods the OpenAPI description leaves out where `service` keeps them.
    """

    def endpoint(route: Route) -> Endpoint:
        return Endpoint(
            functools.partial(_serve, service, codec, route, authenticate, max_body, body_timeout)
        )

    served = [
        StarletteRoute(prefix + item.path, endpoint(item), methods=[item.method]) for item in routes
    ]
    description = _openapi_of(service, base, routes, package)

    async def openapi(request: Request) -> Response:
        return Response(description, media_type=JSON)

    served.append(StarletteRoute(prefix + "/openapi.json", openapi, methods=["GET"]))

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            return error_response(
                404, "itemNotFound", f"no resource at {request.url.path}", request
            )
        if status == 405:
            allowed = dict(exc.headers or {}) if isinstance(exc, HTTPException) else None  # `Allow`
            return error_response(
                405, "methodNotAllowed", f"{request.method} is not allowed here", request, allowed
            )
        return error_response(
            status, "generalException", "the request could not be processed", request
        )

    return Starlette(routes=[RouteIndex(served)], exception_handlers={HTTPException: http_error})


def _openapi_of(service: object, base: type, routes: Sequence[Route], package: str) -> bytes:
    """The package's OpenAPI description, keeping only the routes `service` overrides: what it serves."""
    document: dict[str, Any] = loads(resources.files(package).joinpath("openapi.json").read_bytes())  # type: ignore[assignment]
    for route in routes:
        if getattr(type(service), route.handler) is getattr(base, route.handler):
            operations = document["paths"].get(route.openapi_path, {})
            operations.pop(route.method.lower(), None)
            if not operations:
                document["paths"].pop(route.openapi_path, None)
    return dumps(document)


_REFUSED_CODES: Final = {
    413: "requestEntityTooLarge",
    408: "requestTimeout",
    415: "UnsupportedMediaType",
}
"""Graph's error codes for a body the server did not read (see `BodyRefused`)."""


async def _serve(
    service: object,
    codec: Codec,
    route: Route,
    authenticate: Authenticate | None,
    max_body: int,
    body_timeout: float,
    request: Request,
) -> Response:
    principal: Principal | None = None
    if authenticate is not None:
        try:
            principal = await authenticate(request)
        except Unauthorized as exc:
            message = str(exc) or "Access token is empty or invalid."
            return error_response(
                401, "InvalidAuthenticationToken", message, request, {"WWW-Authenticate": "Bearer"}
            )
        except Exception:
            # The hook's own failure (a store it reads) is the server's, answered in Graph's shape.
            LOG.exception("the authenticate hook failed on %s %s", request.method, request.url.path)
            return error_response(
                500, "generalException", "An internal server error occurred.", request
            )
        if route.scopes and not route.scopes & principal.scopes:
            needed = ", ".join(sorted(route.scopes))
            return error_response(
                403, "Forbidden", f"Missing permission: one of {needed} is required.", request
            )
    path_params = request.path_params
    arguments: dict[str, Any] = {key: path_params[key] for key in route.keys}
    if request.method == "POST":
        try:
            data = await read_body(request, max_body, body_timeout)
        except BodyRefused as refused:
            code = _REFUSED_CODES.get(refused.status, "BadRequest")
            return error_response(
                refused.status, code, f"{refused.message}.", request, refused.headers
            )
        if route.request is not None or data.strip():
            media = (header(request, b"content-type") or "").partition(";")[0].strip().lower()
            if media != JSON:
                return error_response(
                    415, "UnsupportedMediaType", "The body must be application/json.", request
                )
        if route.request is not None:
            try:
                arguments["body"] = await off_loop(len(data), codec.decode, data, route.request)
            except DecodeError as exc:
                return error_response(400, "BadRequest", str(exc), request)
        elif data.strip():
            try:
                await off_loop(len(data), loads, data)
            except DecodeError as exc:
                return error_response(400, "BadRequest", str(exc), request)
    handler: Handler = getattr(service, route.handler)
    try:
        result = await handler(**arguments, context=GraphContext(principal=principal, http=request))
    except RouteNotImplemented:
        message = f"{request.method} {request.url.path} is not implemented."
        return error_response(501, "notImplemented", message, request)
    except GraphError as exc:
        return error_response(exc.status, exc.code, exc.message, request)
    except Exception:
        LOG.exception("%s %s failed", request.method, request.url.path)
        return error_response(
            500, "generalException", "An internal server error occurred.", request
        )
    if route.response is None:
        return Response(status_code=route.empty_status)
    if not isinstance(result, route.response):
        LOG.error(
            "%s %s returned %s, not a %s",
            request.method,
            request.url.path,
            type(result).__name__,
            route.response.__name__,
        )
        return error_response(
            500, "generalException", "An internal server error occurred.", request
        )
    try:
        body = codec.encode(result)
    except Exception:
        # EncodeError, or a field holding what its type is not (a TypeError from deep in the writers).
        LOG.exception(
            "%s %s returned a value that cannot be written", request.method, request.url.path
        )
        return error_response(
            500, "generalException", "An internal server error occurred.", request
        )
    return Response(body, media_type=JSON)

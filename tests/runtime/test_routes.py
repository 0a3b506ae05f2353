"""`RouteIndex` finds the route Starlette's router would (trying every route in order): the same route for
every path and method, the same 405 where only another method is served, the same 404, for routes of
every shape: literal and parameter segments, a parameter inside a segment, a `path` parameter spanning
segments, routes that overlap (the first wins)."""

from __future__ import annotations

import itertools

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import NoMatchFound, Route
from starlette.testclient import TestClient

from generator.runtime._routes import RouteIndex

TEMPLATES = [
    ("GET", "/v1.0/users/{user_id}/presence"),
    ("POST", "/v1.0/users/{user_id}/presence/setStatusMessage"),
    ("POST", "/v1.0/users/{user_id}/presence/{action}"),  # after the literal one: it loses to it
    ("GET", "/v1.0/users/delta"),  # after the parameter route of the same shape: never reached by GET
    ("GET", "/v1.0/users/{user_id}"),
    ("DELETE", "/v1.0/users/{user_id}"),
    ("GET", "/v1.0/communications/presences({presence_id})"),
    ("GET", "/v1.0/files/{rest:path}"),
    ("GET", "/v1.0/items/{number:int}/children"),
    ("PATCH", "/v1.0/me/presence"),
    ("GET", "/v1.0/me/presence"),
    ("GET", "/"),
]
PATHS = [
    "/",
    "/v1.0",
    "/v1.0/users",
    "/v1.0/users/",
    "/v1.0/users/delta",
    "/v1.0/users/u1",
    "/v1.0/users/u1/presence",
    "/v1.0/users/u1/presence/",
    "/v1.0/users/u1/presence/setStatusMessage",
    "/v1.0/users/u1/presence/clearPresence",
    "/v1.0/users/u1/presence/setStatusMessage/extra",
    "/v1.0/communications/presences(abc)",
    "/v1.0/communications/presences",
    "/v1.0/files/a",
    "/v1.0/files/a/b/c",
    "/v1.0/items/42/children",
    "/v1.0/items/x/children",
    "/v1.0/me/presence",
    "/v1.0/me/presence/setStatusMessage",
    "/elsewhere",
]
METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT"]


def _routes() -> list[Route]:
    def endpoint(label: str):  # type: ignore[no-untyped-def]
        async def answer(request: Request) -> PlainTextResponse:
            return PlainTextResponse(f"{label} {dict(sorted(request.path_params.items()))}")

        return answer

    return [Route(path, endpoint(f"{method} {path}"), methods=[method]) for method, path in TEMPLATES]


@pytest.mark.parametrize("root_path", ["", "/api"])
def test_every_path_and_method_reaches_what_the_plain_router_reaches(root_path: str) -> None:
    plain = TestClient(Starlette(routes=_routes()), root_path=root_path)
    indexed = TestClient(Starlette(routes=[RouteIndex(_routes())]), root_path=root_path)
    for path, method in itertools.product(PATHS, METHODS):
        expected = plain.request(method, root_path + path, follow_redirects=False)
        got = indexed.request(method, root_path + path, follow_redirects=False)
        assert (got.status_code, got.text, got.headers.get("allow")) == (
            expected.status_code,
            expected.text,
            expected.headers.get("allow"),
        ), (method, path)


def test_only_routes_of_the_request_shape_are_tried() -> None:
    index = RouteIndex(_routes())
    tried = [route.path for route in index.candidates("/v1.0/users/u1/presence/setStatusMessage")]  # type: ignore[attr-defined]
    assert tried == [
        "/v1.0/users/{user_id}/presence/setStatusMessage",
        "/v1.0/users/{user_id}/presence/{action}",
        "/v1.0/files/{rest:path}",
    ]
    assert len(index.candidates("/v1.0/users/u1")) == 4  # delta, {user_id} twice, {rest:path}


def test_url_path_for_finds_a_route_by_name() -> None:
    app = Starlette(
        routes=[
            RouteIndex(
                [Route("/b", lambda request: None, name="b"), Route("/a/{x}", lambda request: None, name="a")]
            )
        ]
    )
    assert app.url_path_for("a", x="1") == "/a/1"
    with pytest.raises(NoMatchFound):
        app.url_path_for("c")

"""The generated Graph REST stub (`graph_presence.server`, issue 4 items 2-3): routes from the CSDL,
Graph-shaped errors with the right statuses, permissions checked before the handler, the OpenAPI
description served; and the official msgraph-sdk (Kiota) calling it over uvicorn."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate
from starlette.requests import Request
from starlette.testclient import TestClient

from tests import serving
from tests.paths import ROOT

if str(ROOT / "generated" / "graph_presence") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated" / "graph_presence"))

import graph_presence as gp
from graph_presence import server
from graph_presence.server import GraphContext, GraphError, Principal

READ = frozenset({"Presence.Read"})
WRITE = frozenset({"Presence.Read", "Presence.ReadWrite", "Presence.ReadWrite.All"})
TOKENS = {"reader": Principal(id="u1", scopes=READ), "writer": Principal(id="u1", scopes=WRITE)}


class Presences(server.PresenceServiceBase):
    """A tiny in-memory implementation, subclassed the way a user would."""

    def __init__(self) -> None:
        self.store = {"u1": gp.Presence(id="u1", availability="Available", activity="Available")}

    def _presence(self, user_id: str) -> gp.Presence:
        presence = self.store.get(user_id)
        if presence is None:
            raise GraphError(404, "itemNotFound", f"no presence for user {user_id}")
        return presence

    async def get_users_presence(self, user_id: str, context: GraphContext) -> gp.Presence:
        return self._presence(user_id)

    async def get_me_presence(self, context: GraphContext) -> gp.Presence:
        assert context.principal is not None
        return self._presence(context.principal.id)

    async def users_presence_set_status_message(
        self, user_id: str, body: gp.SetStatusMessageRequest, context: GraphContext
    ) -> None:
        self._presence(user_id).status_message = body.status_message

    async def me_presence_set_status_message(
        self, body: gp.SetStatusMessageRequest, context: GraphContext
    ) -> None:
        assert context.principal is not None
        self._presence(context.principal.id).status_message = body.status_message

    async def users_presence_set_presence(
        self, user_id: str, body: gp.SetPresenceRequest, context: GraphContext
    ) -> None:
        presence = self._presence(user_id)
        presence.availability, presence.activity = body.availability, body.activity

    async def me_presence_set_presence(self, body: gp.SetPresenceRequest, context: GraphContext) -> None:
        assert context.principal is not None
        await self.users_presence_set_presence(context.principal.id, body, context)

    async def communications_get_presences_by_user_id(
        self, body: gp.GetPresencesByUserIdRequest, context: GraphContext
    ) -> gp.GetPresencesByUserIdResponse:
        return gp.GetPresencesByUserIdResponse(value=[self.store[i] for i in body.ids if i in self.store])

    async def users_presence_clear_presence(
        self, user_id: str, body: gp.ClearPresenceRequest, context: GraphContext
    ) -> None:
        raise RuntimeError("secret stack detail")


async def authenticate(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    principal = TOKENS.get(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else None
    if principal is None:
        raise server.Unauthorized()
    return principal


@pytest.fixture
def presences() -> Presences:
    return Presences()


@pytest.fixture
def client(presences: Presences) -> Iterator[TestClient]:
    with TestClient(server.create_app(presences, authenticate=authenticate)) as test_client:
        yield test_client


def auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error["innerError"]) == {"date", "request-id", "client-request-id"}
    return error


def test_routes_come_from_the_entity_container(client: TestClient) -> None:
    me = client.get("/v1.0/me/presence", headers=auth("reader"))
    assert me.status_code == 200 and me.json() == {
        "id": "u1",
        "availability": "Available",
        "activity": "Available",
    }
    assert client.get("/v1.0/users/u1/presence", headers=auth("reader")).json()["id"] == "u1"
    found = client.post(
        "/v1.0/communications/getPresencesByUserId", json={"ids": ["u1", "nobody"]}, headers=auth("writer")
    )
    assert found.status_code == 403  # Presence.Read.All is the only permission the docs list for it
    (index,) = server.create_app(Presences()).routes  # one RouteIndex (graph_presence._routes) over them all
    paths = {route.path for route in index.routes}  # type: ignore[attr-defined]
    for path in (
        "/v1.0/users/{user_id}/presence",
        "/v1.0/me/presence",
        "/v1.0/communications/presences/{presence_id}",
        "/v1.0/communications/getPresencesByUserId",
        "/v1.0/me/presence/setStatusMessage",
        "/v1.0/users/{user_id}/presence/setPresence",
    ):
        assert path in paths, path


def test_set_status_message_then_read_it_back(client: TestClient, presences: Presences) -> None:
    body = {"statusMessage": {"message": {"content": "In a meeting", "contentType": "text"}}}
    response = client.post("/v1.0/me/presence/setStatusMessage", json=body, headers=auth("writer"))
    assert response.status_code == 200 and response.content == b""  # as the docs give it
    read = client.get("/v1.0/me/presence", headers=auth("reader")).json()
    assert read["statusMessage"] == body["statusMessage"]


def test_errors_have_graph_shape_and_status(client: TestClient) -> None:
    no_token = client.get("/v1.0/me/presence")
    assert no_token.status_code == 401 and error_of(no_token)["code"] == "InvalidAuthenticationToken"
    assert no_token.headers["www-authenticate"] == "Bearer"
    forbidden = client.post("/v1.0/me/presence/setPresence", json={}, headers=auth("reader"))
    assert forbidden.status_code == 403 and "Presence.ReadWrite.All" in error_of(forbidden)["message"]
    bad = client.post(
        "/v1.0/users/u1/presence/setPresence",
        json={"availability": 5, "activity": "Busy"},
        headers=auth("writer"),
    )
    assert (
        bad.status_code == 400
        and error_of(bad)["message"] == "$.availability: expected a string, got a number 5"
    )
    missing = client.get("/v1.0/users/nobody/presence", headers=auth("reader"))
    assert missing.status_code == 404 and error_of(missing)["code"] == "itemNotFound"
    unknown = client.get("/v1.0/nowhere", headers=auth("reader"))
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "itemNotFound"
    wrong_method = client.delete("/v1.0/me/presence", headers=auth("reader"))
    assert wrong_method.status_code == 405 and error_of(wrong_method)["code"] == "methodNotAllowed"
    text = client.post(
        "/v1.0/me/presence/setStatusMessage",
        content=b"x",
        headers={**auth("writer"), "content-type": "text/plain"},
    )
    assert text.status_code == 415
    huge = client.post(
        "/v1.0/me/presence/setStatusMessage", content=b"{" + b" " * 2_000_000 + b"}", headers=auth("writer")
    )
    assert huge.status_code == 413
    not_done = client.post("/v1.0/me/presence/clearLocation", headers=auth("writer"))
    assert not_done.status_code == 501 and error_of(not_done)["code"] == "notImplemented"
    crash = client.post(
        "/v1.0/users/u1/presence/clearPresence", json={"sessionId": "s"}, headers=auth("writer")
    )
    assert crash.status_code == 500 and "secret" not in crash.text


def test_client_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/v1.0/nowhere", headers={"client-request-id": "abc-123"})
    assert error_of(response)["innerError"]["client-request-id"] == "abc-123"


def test_hostile_bodies_change_nothing(client: TestClient, presences: Presences) -> None:
    before = json.loads(gp.codec.encode(presences.store["u1"]))
    for body in (
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe",
        b'{"statusMessage": ',
        b'{"statusMessage": 5}',
    ):
        response = client.post(
            "/v1.0/me/presence/setStatusMessage",
            content=body,
            headers={**auth("writer"), "content-type": "application/json"},
        )
        assert response.status_code == 400, body[:20]
    assert json.loads(gp.codec.encode(presences.store["u1"])) == before
    assert client.get("/v1.0/me/presence", headers=auth("reader")).status_code == 200


def test_the_openapi_description_is_valid_and_served(client: TestClient) -> None:
    document = client.get("/v1.0/openapi.json").json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert "/users/{user-id}/presence/setStatusMessage" in document["paths"]
    presence = document["components"]["schemas"]["microsoft.graph.presence"]
    assert presence["allOf"][0] == {"$ref": "#/components/schemas/microsoft.graph.entity"}
    published = document["components"]["schemas"]["microsoft.graph.presenceStatusMessage"]["properties"][
        "publishedDateTime"
    ]
    assert published["anyOf"][0]["format"] == "date-time"


# --- the official Graph SDK over a real socket ---------------------------------------------------------


@pytest.fixture
def served(presences: Presences) -> Iterator[str]:
    with serving.served(server.create_app(presences, authenticate=authenticate)) as base:
        yield f"{base}/v1.0"


def test_msgraph_sdk_reads_and_writes_presence(served: str, presences: Presences) -> None:
    pytest.importorskip("msgraph", reason="msgraph-sdk is not installed: pip install -e '.[test]'")
    from kiota_abstractions.authentication import AccessTokenProvider, AllowedHostsValidator
    from kiota_abstractions.authentication.base_bearer_token_authentication_provider import (
        BaseBearerTokenAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph.generated.models.item_body import ItemBody
    from msgraph.generated.models.presence_status_message import PresenceStatusMessage
    from msgraph.generated.users.item.presence.set_presence.set_presence_post_request_body import (
        SetPresencePostRequestBody,
    )
    from msgraph.generated.users.item.presence.set_status_message import set_status_message_post_request_body

    SetStatusMessagePostRequestBody = set_status_message_post_request_body.SetStatusMessagePostRequestBody

    class Tokens(AccessTokenProvider):
        async def get_authorization_token(
            self, uri: str, additional_authentication_context: Any = None
        ) -> str:
            return "writer"

        def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
            return AllowedHostsValidator(["127.0.0.1"])

    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(Tokens()))
    adapter.base_url = served
    graph = GraphServiceClient(request_adapter=adapter)

    async def scenario() -> None:
        presence = await graph.users.by_user_id("u1").presence.get()
        assert presence is not None and presence.availability == "Available"
        note = SetStatusMessagePostRequestBody(
            status_message=PresenceStatusMessage(message=ItemBody(content="Out for lunch"))
        )
        await graph.users.by_user_id("u1").presence.set_status_message.post(note)
        await graph.users.by_user_id("u1").presence.set_presence.post(
            SetPresencePostRequestBody(session_id="s1", availability="Busy", activity="InACall")
        )
        again = await graph.users.by_user_id("u1").presence.get()
        assert again is not None and again.availability == "Busy" and again.activity == "InACall"
        assert again.status_message is not None and again.status_message.message is not None
        assert again.status_message.message.content == "Out for lunch"

    asyncio.run(scenario())
    assert presences.store["u1"].availability == "Busy"


def test_actions_answer_with_the_status_their_docs_give(client: TestClient) -> None:
    """200 OK for the presence actions, 204 No Content for the location ones (see permissions.toml)."""
    assert client.post("/v1.0/me/presence/clearLocation", headers=auth("writer")).status_code == 501
    routes = {route.handler: route.empty_status for route in server._ROUTES}
    assert routes["me_presence_set_status_message"] == 200
    assert routes["me_presence_set_presence"] == 200
    assert routes["me_presence_set_manual_location"] == 204
    assert routes["me_presence_clear_location"] == 204

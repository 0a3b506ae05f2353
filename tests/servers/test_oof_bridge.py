"""The oof_bridge example (issue 4 item 4 and 6): one service on both generated stubs, served by uvicorn on a
free loopback port, called by zeep and over HTTP; SQLite state that survives a restart and that hostile
requests cannot touch."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import zeep
import zeep.transports

from examples.oof_bridge import tokens
from examples.oof_bridge.app import create_app
from examples.oof_bridge.store import Store, open_store
from tests import serving
from tests.paths import ROOT

EXAMPLES = ROOT.parent / "shared" / "reference" / "graph" / "docs" / "examples"
MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages"
ALICE, BOB = "fa8bf3dc-eca7-46b7-bad1-db199b62afc3", "66825e03-7ef5-42da-9069-724602c31f6b"
OWN = "Presence.Read Presence.ReadWrite"


class Served:
    """The bridge under uvicorn (tests/serving.py), with helpers to call its two endpoints."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._serving = serving.served(create_app(db))
        self.base = self._serving.__enter__()

    def stop(self) -> None:
        self._serving.__exit__(None, None, None)

    def graph(self, method: str, path: str, token: str | None, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        return httpx.request(method, f"{self.base}/v1.0{path}", headers=headers, timeout=30, **kwargs)

    def soap(self, body: bytes, token: str | None) -> httpx.Response:
        headers = {"content-type": "text/xml; charset=utf-8"}
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        return httpx.post(f"{self.base}/EWS/UM2007Legacy.asmx", content=body, headers=headers, timeout=30)

    def zeep(self, token: str) -> zeep.Client:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        transport = zeep.transports.Transport(session=session)
        return zeep.Client(f"{self.base}/EWS/UM2007Legacy.asmx?wsdl", transport=transport)


@pytest.fixture
def bridge(tmp_path: Path) -> Iterator[Served]:
    served = Served(tmp_path / "bridge.sqlite")
    try:
        yield served
    finally:
        served.stop()


def envelope(operation: str, inner: str = "") -> bytes:
    return (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        f'<{operation} xmlns="{MESSAGES}">{inner}</{operation}></s:Body></s:Envelope>'
    ).encode()


def test_set_oof_status_through_um_shows_in_the_graph_presence(bridge: Served) -> None:
    alice = tokens.issue(ALICE, OWN)
    client = bridge.zeep(alice)
    client.service.SetOofStatus(status=True)
    presence = bridge.graph("GET", "/me/presence", alice).json()
    assert presence["outOfOfficeSettings"]["isOutOfOffice"] is True
    assert client.service.GetUMProperties().OofStatus is True
    client.service.SetOofStatus(status=False)
    assert (
        bridge.graph("GET", f"/users/{ALICE}/presence", alice).json()["outOfOfficeSettings"]["isOutOfOffice"]
        is False
    )


def _example(name: str, fallback: dict[str, Any]) -> dict[str, Any]:
    path = EXAMPLES / f"presence-setstatusmessage--{name}--request.json"
    return json.loads(path.read_text()) if path.exists() else fallback


def test_status_messages_as_documented(bridge: Served) -> None:
    alice, bob = tokens.issue(ALICE, OWN), tokens.issue(BOB, "Presence.Read Presence.Read.All")
    example_1 = _example(
        "setstatusmessage",
        {
            "statusMessage": {
                "message": {"content": "Hey I'm currently in a meeting.", "contentType": "text"},
                "expiryDateTime": {
                    "dateTime": "2022-10-18T17:05:33.2079781",
                    "timeZone": "Pacific Standard Time",
                },
            }
        },
    )
    assert bridge.graph("POST", "/me/presence/setStatusMessage", alice, json=example_1).status_code == 200
    own = bridge.graph("GET", "/me/presence", alice).json()["statusMessage"]
    assert own["message"] == example_1["statusMessage"]["message"]
    assert own["expiryDateTime"] == example_1["statusMessage"]["expiryDateTime"]
    assert own["publishedDateTime"].endswith("Z")
    example_2 = _example(
        "setstatusmessage-another-user",
        {"statusMessage": {"message": {"content": "Hey I am available now", "contentType": "text"}}},
    )
    assert (
        bridge.graph("POST", f"/users/{ALICE}/presence/setStatusMessage", alice, json=example_2).status_code
        == 200
    )
    bridge.graph("GET", "/me/presence", bob)  # Bob signs in once
    # Example 3: another user's view leaves out expiryDateTime and publishedDateTime.
    seen_by_bob = bridge.graph("GET", f"/users/{ALICE}/presence", bob).json()
    assert seen_by_bob["statusMessage"] == {"message": example_2["statusMessage"]["message"]}
    assert "publishedDateTime" in bridge.graph("GET", "/me/presence", alice).json()["statusMessage"]


def test_presence_sessions(bridge: Served) -> None:
    app_token = tokens.issue(ALICE, "", roles="Presence.ReadWrite.All Presence.Read.All")
    alice = tokens.issue(ALICE, OWN)
    body = {
        "sessionId": "22553876-f5ab-4529-bffb-cfe50aa89f87",
        "availability": "Busy",
        "activity": "InACall",
        "expirationDuration": "PT1H",
    }
    assert (
        bridge.graph("POST", f"/users/{ALICE}/presence/setPresence", app_token, json=body).status_code == 200
    )
    assert bridge.graph("GET", "/me/presence", alice).json()["availability"] == "Busy"
    for duration in ("PT4M", "PT4H1M"):
        refused = bridge.graph(
            "POST",
            f"/users/{ALICE}/presence/setPresence",
            app_token,
            json={**body, "expirationDuration": duration},
        )
        assert refused.status_code == 400 and "PT5M and PT4H" in refused.json()["error"]["message"]
    unknown = bridge.graph(
        "POST", f"/users/{ALICE}/presence/clearPresence", app_token, json={"sessionId": "nope"}
    )
    assert unknown.status_code == 404
    cleared = bridge.graph(
        "POST", f"/users/{ALICE}/presence/clearPresence", app_token, json={"sessionId": body["sessionId"]}
    )
    assert cleared.status_code == 200
    assert bridge.graph("GET", "/me/presence", alice).json()["availability"] == "Available"


def test_writes_take_only_what_the_docs_declare(bridge: Served) -> None:
    """From the second HTTP hunt: each was a 200 that stored (and served to every reader) what it should
    have refused."""
    alice = tokens.issue(ALICE, OWN)
    app_token = tokens.issue(ALICE, "", roles="Presence.ReadWrite.All Presence.Read.All")
    message = {"message": {"content": "kept", "contentType": "text"}}
    assert bridge.graph(
        "POST", "/me/presence/setStatusMessage", alice, json={"statusMessage": message}
    ).is_success
    refused = {
        "an undeclared property": {"statusMessage": {**message, "foo": "junk"}},
        "one deeper down": {"statusMessage": {"message": {"content": "x", "contentType": "text", "bar": 1}}},
        "no statusMessage": {},
        "a misspelled one": {"StatusMessage": message},
        "an offset in expiryDateTime": {
            "statusMessage": {
                **message,
                "expiryDateTime": {"dateTime": "2030-01-01 00:00:00+01:00", "timeZone": "UTC"},
            }
        },
        "lower-case t and z": {
            "statusMessage": {
                **message,
                "expiryDateTime": {"dateTime": "2030-01-01t00:00:00z", "timeZone": "UTC"},
            }
        },
    }
    for why, body in refused.items():
        answer = bridge.graph("POST", "/me/presence/setStatusMessage", alice, json=body)
        assert answer.status_code == 400, why
    annotated = {"statusMessage": {**message, "@odata.type": "#microsoft.graph.presenceStatusMessage"}}
    assert bridge.graph("POST", "/me/presence/setStatusMessage", alice, json=annotated).is_success
    stored = bridge.graph("GET", "/me/presence", alice).json()["statusMessage"]
    assert set(stored) == {"message", "publishedDateTime"}  # the annotation is not kept
    session = {
        "sessionId": "22553876-f5ab-4529-bffb-cfe50aa89f87",
        "availability": "Busy",
        "activity": "InACall",
    }
    for why, body in {
        "no sessionId": {**session, "sessionId": None},
        "an unsupported pair": {**session, "availability": "Foo", "activity": "Bar"},
    }.items():
        answer = bridge.graph("POST", f"/users/{ALICE}/presence/setPresence", app_token, json=body)
        assert answer.status_code == 400, why
    preferred = {"availability": "Available", "activity": "OffWork"}
    assert (
        bridge.graph("POST", "/me/presence/setUserPreferredPresence", alice, json=preferred).status_code
        == 400
    )
    assert bridge.graph("POST", "/me/presence/clearPresence", alice, json={}).status_code == 400


def test_a_user_id_in_either_case_and_a_lower_case_scheme(bridge: Served) -> None:
    """A directory object id is a GUID, whose case does not matter; the auth scheme is case-insensitive
    (RFC 9110, 11.1). Both were refused."""
    alice = tokens.issue(ALICE, OWN)
    assert bridge.graph("GET", f"/users/{ALICE.upper()}/presence", alice).json()["id"] == ALICE
    lower = bridge.graph("GET", "/me/presence", None, headers={"authorization": f"bearer {alice}"})
    assert lower.status_code == 200


def test_no_anonymous_access(bridge: Served) -> None:
    assert bridge.graph("GET", "/me/presence", None).status_code == 401
    assert bridge.graph("GET", "/me/presence", "not-a-jwt").status_code == 401
    forged = tokens.issue(ALICE, OWN, key="another-secret-that-is-long-enough-for-hs256")
    assert bridge.graph("GET", "/me/presence", forged).status_code == 401
    assert bridge.soap(envelope("GetUMProperties"), None).status_code == 401


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "bridge.sqlite"
    alice = tokens.issue(ALICE, OWN)
    first = Served(db)
    try:
        first.zeep(alice).service.SetOofStatus(status=True)
    finally:
        first.stop()
    second = Served(db)
    try:
        assert (
            second.graph("GET", "/me/presence", alice).json()["outOfOfficeSettings"]["isOutOfOffice"] is True
        )
    finally:
        second.stop()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">'
        % (f"a{i}".encode(), (b"&a" + str(i - 1).encode() + b";") * 10 if i > 1 else b"&a;" * 10)
        for i in range(1, 10)
    )
    + b"]><s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><SetOofStatus xmlns='"
    + MESSAGES.encode()
    + b"'><status>&a9;</status></SetOofStatus></s:Body></s:Envelope>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><SetOofStatus xmlns='"
    + MESSAGES.encode()
    + b"'><status>&e;</status></SetOofStatus></s:Body></s:Envelope>"
)


def _dump(store: Store) -> list[tuple[object, ...]]:
    return asyncio.run(store.dump())


def test_hostile_requests_change_nothing_and_the_server_keeps_serving(bridge: Served) -> None:
    alice, bob = tokens.issue(ALICE, OWN), tokens.issue(BOB, OWN)
    bridge.graph("GET", "/me/presence", alice)
    bridge.graph("GET", "/me/presence", bob)
    store = open_store(bridge.db)
    before = _dump(store)
    ten_megabytes = b"<x>" + b"a" * 10_000_000 + b"</x>"
    deep_xml = envelope("SetOofStatus", "<a>" * 50_000 + "</a>" * 50_000)
    soap_cases = {
        "xxe": (XXE, {500}),
        "billion-laughs": (BILLION_LAUGHS, {500}),
        "10MB": (ten_megabytes, {413}),
        "deep-xml": (deep_xml, {500}),
        "bad-utf8": (b"\xff\xfe<\x00s\x00", {500}),
        "wrong-namespace": (
            envelope("SetOofStatus", "<status>true</status>").replace(
                b"http://schemas.microsoft", b"https://schemas.microsoft"
            ),
            {500},
        ),
        "truncated": (envelope("SetOofStatus", "<status>true</status>")[:-30], {500}),
    }
    for name, (body, statuses) in soap_cases.items():
        response = bridge.soap(body, alice)
        assert response.status_code in statuses, (name, response.status_code)
        assert b"Fault" in response.content or response.status_code == 413, name
    graph_cases = {
        "deep-json": (b"[" * 100_000 + b"]" * 100_000, 400),
        "bad-utf8": (b'{"statusMessage": "\xff"}', 400),
        "10MB": (b'{"statusMessage": {"message": {"content": "' + b"a" * 10_000_000 + b'"}}}', 413),
        "wrong-type": (b'{"statusMessage": {"message": {"content": 5}}}', 400),
    }
    for name, (body, status) in graph_cases.items():
        response = bridge.graph(
            "POST",
            "/me/presence/setStatusMessage",
            alice,
            content=body,
            headers={"content-type": "application/json"},
        )
        assert response.status_code == status, (name, response.status_code, response.text[:200])
        assert set(response.json()["error"]) == {"code", "message", "innerError"}, name
    # A valid token for another user cannot change Alice's presence.
    other = bridge.graph(
        "POST",
        f"/users/{ALICE}/presence/setStatusMessage",
        bob,
        json={"statusMessage": {"message": {"content": "hijacked"}}},
    )
    assert other.status_code == 403
    assert _dump(store) == before
    asyncio.run(store.close())
    assert bridge.graph("GET", "/me/presence", alice).status_code == 200
    assert bridge.soap(envelope("GetUMProperties"), alice).status_code == 200


def test_the_readme_commands_serve_and_mint_tokens(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    minted = subprocess.run(
        [sys.executable, "-m", "examples.oof_bridge", "token", "--user", ALICE, "--scopes", OWN],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    ).stdout.strip()
    port = serving.free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "examples.oof_bridge",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "cli.sqlite"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/v1.0/me/presence",
                    headers={"authorization": f"Bearer {minted}"},
                    timeout=2,
                )
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["id"] == ALICE
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_schemathesis_finds_no_server_error_and_no_response_outside_the_schema(bridge: Served) -> None:
    """Property-based requests from the served OpenAPI description (only the routes the bridge implements)."""
    schemathesis = pytest.importorskip(
        "schemathesis", reason="schemathesis is not installed: pip install -e '.[test]'"
    )
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    token = tokens.issue(
        ALICE, "Presence.Read Presence.Read.All Presence.ReadWrite", roles="Presence.ReadWrite.All"
    )
    bridge.graph("GET", "/me/presence", token)
    schema = schemathesis.openapi.from_url(f"{bridge.base}/v1.0/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {
        "GET /me/presence",
        "POST /users/{user-id}/presence/setStatusMessage",
        "POST /communications/getPresencesByUserId",
    }
    for operation in operations:

        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(
                base_url=f"{bridge.base}/v1.0",
                headers={"Authorization": f"Bearer {token}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        check()


def test_zeep_places_a_call_and_reads_its_state(bridge: Served) -> None:
    client = bridge.zeep(tokens.issue(ALICE, OWN))
    call_id = client.service.PlayOnPhone(entryId="AAMkAGI2", DialString="+15551234")
    assert client.service.GetCallInfo(CallId=call_id).CallState == "Connected"
    client.service.Disconnect(CallId=call_id)
    assert client.service.GetCallInfo(CallId=call_id).CallState == "Disconnected"
    with pytest.raises(zeep.exceptions.Fault):
        client.service.GetCallInfo(CallId="no-such-call")


def test_msgraph_sdk_against_the_bridge(bridge: Served) -> None:
    pytest.importorskip("msgraph", reason="msgraph-sdk is not installed: pip install -e '.[test]'")
    import asyncio

    from kiota_abstractions.authentication import AccessTokenProvider, AllowedHostsValidator
    from kiota_abstractions.authentication.base_bearer_token_authentication_provider import (
        BaseBearerTokenAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph.generated.models.item_body import ItemBody
    from msgraph.generated.models.presence_status_message import PresenceStatusMessage
    from msgraph.generated.users.item.presence.set_presence import set_presence_post_request_body
    from msgraph.generated.users.item.presence.set_status_message import set_status_message_post_request_body

    token = tokens.issue(ALICE, OWN, roles="Presence.ReadWrite.All")

    class Tokens(AccessTokenProvider):
        async def get_authorization_token(
            self, uri: str, additional_authentication_context: Any = None
        ) -> str:
            return token

        def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
            return AllowedHostsValidator(["127.0.0.1"])

    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(Tokens()))
    adapter.base_url = f"{bridge.base}/v1.0"
    graph = GraphServiceClient(request_adapter=adapter)

    async def scenario() -> None:
        me = await graph.me.presence.get()
        assert me is not None and me.id == ALICE
        note = set_status_message_post_request_body.SetStatusMessagePostRequestBody(
            status_message=PresenceStatusMessage(message=ItemBody(content="Lunch"))
        )
        await graph.users.by_user_id(ALICE).presence.set_status_message.post(note)
        session = set_presence_post_request_body.SetPresencePostRequestBody(
            session_id="app-1", availability="Busy", activity="InACall", expiration_duration=None
        )
        await graph.users.by_user_id(ALICE).presence.set_presence.post(session)
        again = await graph.users.by_user_id(ALICE).presence.get()
        assert again is not None and (again.availability, again.activity) == ("Busy", "InACall")
        assert again.status_message is not None and again.status_message.message is not None
        assert again.status_message.message.content == "Lunch"
        assert again.status_message.published_date_time is not None

    asyncio.run(scenario())


def test_a_token_whose_user_is_no_text_is_refused() -> None:
    """A signed token whose `oid` holds a lone surrogate was a 500 (the store could not write it)."""
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(f"Bearer {tokens.issue(chr(0xD800), OWN)}")

"""The official msgraph-sdk against the Graph stub (`graph_presence.server`) with what it writes that the
other server tests do not send (issue 12 item 7): durations, which Kiota's Python writer sends as
`str(timedelta)` (`"8:00:00"`, `"-1 day, 23:59:30"`), and date-times, which it sends as
`datetime.isoformat()` (6 fractional digits, `+00:00`). The stub must read them as the values sent."""

from __future__ import annotations

import asyncio
import datetime
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.requests import Request

from tests import serving
from tests.paths import ROOT

if str(ROOT / "generated" / "graph_presence") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated" / "graph_presence"))

import graph_presence as gp
from graph_presence import server
from graph_presence.server import GraphContext, Principal

pytest.importorskip("msgraph", reason="msgraph-sdk is not installed: pip install -e '.[test]'")

WRITER = Principal(
    id="u1", scopes=frozenset({"Presence.Read", "Presence.ReadWrite", "Presence.ReadWrite.All"})
)
DURATIONS = [
    datetime.timedelta(hours=8),
    datetime.timedelta(minutes=5),
    datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, milliseconds=500),
    datetime.timedelta(days=3, microseconds=1),
    datetime.timedelta(0),
]


class Recorder(server.PresenceServiceBase):
    """Keeps every request body the handlers get."""

    def __init__(self) -> None:
        self.bodies: list[object] = []

    async def users_presence_set_presence(
        self, user_id: str, body: gp.SetPresenceRequest, context: GraphContext
    ) -> None:
        self.bodies.append(body)

    async def me_presence_set_presence(self, body: gp.SetPresenceRequest, context: GraphContext) -> None:
        self.bodies.append(body)

    async def users_presence_set_user_preferred_presence(
        self, user_id: str, body: gp.SetUserPreferredPresenceRequest, context: GraphContext
    ) -> None:
        self.bodies.append(body)

    async def me_presence_set_user_preferred_presence(
        self, body: gp.SetUserPreferredPresenceRequest, context: GraphContext
    ) -> None:
        self.bodies.append(body)

    async def users_presence_set_status_message(
        self, user_id: str, body: gp.SetStatusMessageRequest, context: GraphContext
    ) -> None:
        self.bodies.append(body)


async def authenticate(request: Request) -> Principal:
    return WRITER


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def graph(recorder: Recorder) -> Iterator[Any]:
    from kiota_abstractions.authentication import AccessTokenProvider, AllowedHostsValidator
    from kiota_abstractions.authentication.base_bearer_token_authentication_provider import (
        BaseBearerTokenAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient

    class Tokens(AccessTokenProvider):
        async def get_authorization_token(
            self, uri: str, additional_authentication_context: Any = None
        ) -> str:
            return "writer"

        def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
            return AllowedHostsValidator(["127.0.0.1"])

    with serving.served(server.create_app(recorder, authenticate=authenticate)) as base:
        adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(Tokens()))
        adapter.base_url = f"{base}/v1.0"
        yield GraphServiceClient(request_adapter=adapter)


def test_set_user_preferred_presence_and_set_presence_with_durations(graph: Any, recorder: Recorder) -> None:
    from msgraph.generated.users.item.presence.set_presence.set_presence_post_request_body import (
        SetPresencePostRequestBody,
    )
    from msgraph.generated.users.item.presence.set_user_preferred_presence import (
        set_user_preferred_presence_post_request_body as preferred,
    )

    async def scenario() -> None:
        user = graph.users.by_user_id("u1").presence
        for duration in DURATIONS:
            await user.set_user_preferred_presence.post(
                preferred.SetUserPreferredPresencePostRequestBody(
                    availability="Busy", activity="Busy", expiration_duration=duration
                )
            )
            await user.set_presence.post(
                SetPresencePostRequestBody(
                    session_id="s1", availability="Busy", activity="InACall", expiration_duration=duration
                )
            )
        await graph.me.presence.set_user_preferred_presence.post(
            preferred.SetUserPreferredPresencePostRequestBody(
                availability="Away", activity="Away", expiration_duration=datetime.timedelta(hours=8)
            )
        )
        await graph.me.presence.set_presence.post(
            SetPresencePostRequestBody(
                session_id="s2",
                availability="Away",
                activity="Away",
                expiration_duration=datetime.timedelta(hours=8),
            )
        )

    asyncio.run(scenario())
    received = [(type(body).__name__, body.expiration_duration) for body in recorder.bodies]  # type: ignore[attr-defined]
    expected = []
    for duration in [*DURATIONS, datetime.timedelta(hours=8)]:
        expected += [("SetUserPreferredPresenceRequest", duration), ("SetPresenceRequest", duration)]
    assert received == expected
    assert all(type(duration) is datetime.timedelta for _, duration in received)


def test_a_negative_duration_in_python_form_is_read_as_sent(graph: Any, recorder: Recorder) -> None:
    """Kiota writes `-timedelta(seconds=30)` as `"-1 day, 23:59:30"`: minus one day plus the rest."""
    from msgraph.generated.users.item.presence.set_presence.set_presence_post_request_body import (
        SetPresencePostRequestBody,
    )

    minus = -datetime.timedelta(seconds=30)
    assert str(minus) == "-1 day, 23:59:30"
    body = SetPresencePostRequestBody(
        session_id="s", availability="Busy", activity="Busy", expiration_duration=minus
    )
    asyncio.run(graph.users.by_user_id("u1").presence.set_presence.post(body))
    (received,) = recorder.bodies
    assert isinstance(received, gp.SetPresenceRequest) and received.expiration_duration == minus


@pytest.mark.parametrize(
    "published",
    [
        datetime.datetime(2024, 5, 1, 8, 0, tzinfo=datetime.UTC),
        datetime.datetime(2024, 5, 1, 8, 0, 0, 123456, tzinfo=datetime.UTC),
        datetime.datetime(2024, 5, 1, 10, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    ],
)
def test_date_times_the_sdk_writes_are_read(
    graph: Any, recorder: Recorder, published: datetime.datetime
) -> None:
    from msgraph.generated.models.item_body import ItemBody
    from msgraph.generated.models.presence_status_message import PresenceStatusMessage
    from msgraph.generated.users.item.presence.set_status_message import (
        set_status_message_post_request_body as status,
    )

    message = PresenceStatusMessage(message=ItemBody(content="Back at 10"), published_date_time=published)
    body = status.SetStatusMessagePostRequestBody(status_message=message)
    asyncio.run(graph.users.by_user_id("u1").presence.set_status_message.post(body))
    (received,) = recorder.bodies
    assert isinstance(received, gp.SetStatusMessageRequest) and received.status_message is not None
    assert received.status_message.published_date_time == published
    assert received.status_message.published_date_time.utcoffset() == published.utcoffset()

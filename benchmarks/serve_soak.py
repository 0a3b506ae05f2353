"""The soak of the serving benchmark: the oof_bridge example under uvicorn workers, many clients writing the
same users over SOAP and Graph, and an account of every acknowledged write.

Each (user, field) has exactly one writer, which writes in sequence: client k owns the status message of
user k // 2 (k even) or its Out of Office flag (k odd), so each user has two writers at once, one per field,
and both fields live in one presence document. A writer reads the presence back after each acknowledged
write (from whichever worker answers) and counts a *stale read* when its field is not what it last wrote;
at the end every user's presence is read once more, and each (user, field) whose value is not its writer's
last acknowledged one is a *lost write* (a write whose answer was an error may or may not have happened:
its value is accepted too).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import orjson

from benchmarks.documents import SOAP11_NS, UM_NS
from benchmarks.load import Answer, ClientConnection, LoadResult, connect, request_bytes
from benchmarks.serve_peers import SOAP_CONTENT_TYPE, SOAP_PATH

ME_PRESENCE: Final = "/v1.0/me/presence"
ME_STATUS_MESSAGE: Final = "/v1.0/me/presence/setStatusMessage"
SET_OOF_STATUS_ACTION: Final = f"{UM_NS}/SetOofStatus"
SCOPES: Final = "Presence.Read Presence.ReadWrite"

Field = Literal["statusMessage", "isOutOfOffice"]


def soak_user(number: int) -> str:
    return f"soak-user-{number:03d}"


@dataclass(slots=True)
class Ledger:
    """The writes of one (user, field) by its one writer."""

    last_acked: object = None
    acked: int = 0
    unsure: list[object] = field(default_factory=list)
    """Values written after the last acknowledged one whose answer was an error."""

    def ack(self, value: object) -> None:
        self.last_acked, self.unsure = value, []
        self.acked += 1

    def accepts(self, value: object) -> bool:
        return value == self.last_acked or value in self.unsure


@dataclass(slots=True)
class SoakReport:
    seconds: float
    clients: int
    users: int
    load: LoadResult
    writes_acked: int
    stale_reads: int
    lost_writes: int
    fields_checked: int
    rss_mb: dict[str, float]
    """Server memory at "start", "middle" and "end"."""


def field_value(presence: dict[str, Any], which: Field) -> object:
    """The value of ``which`` in a Graph presence document (None when absent)."""
    if which == "statusMessage":
        message = (presence.get("statusMessage") or {}).get("message") or {}
        return message.get("content")
    return (presence.get("outOfOfficeSettings") or {}).get("isOutOfOffice")


def set_oof_status_request(token: str, status: bool) -> bytes:
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP11_NS}"><soap:Body>'
        f'<SetOofStatus xmlns="{UM_NS}"><status>{"true" if status else "false"}</status></SetOofStatus>'
        "</soap:Body></soap:Envelope>"
    ).encode()
    headers = {
        "Content-Type": SOAP_CONTENT_TYPE,
        "SOAPAction": f'"{SET_OOF_STATUS_ACTION}"',
        "Authorization": f"Bearer {token}",
    }
    return request_bytes("POST", SOAP_PATH, headers, body)


def set_status_message_request(token: str, content: str) -> bytes:
    body = orjson.dumps({"statusMessage": {"message": {"content": content, "contentType": "text"}}})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    return request_bytes("POST", ME_STATUS_MESSAGE, headers, body)


def read_presence_request(token: str) -> bytes:
    return request_bytes("GET", ME_PRESENCE, {"Authorization": f"Bearer {token}"})


class SoakClient:
    """One writer: writes its field of its user, reads the presence back, again and again."""

    def __init__(
        self, number: int, user: str, token: str, which: Field, ledger: Ledger, load: LoadResult
    ) -> None:
        self.number, self.user, self.token, self.which = number, user, token, which
        self.ledger, self.load = ledger, load
        self.connection: ClientConnection | None = None
        self.writes = 0
        self.stale_reads = 0

    async def _exchange(self, host: str, port: int, request: bytes, expect: int) -> Answer | None:
        """The answer, or None after counting an error (the connection is then opened anew)."""
        try:
            if self.connection is None:
                self.connection = await connect(host, port)
            start = time.perf_counter()
            answer = await self.connection.exchange(request)
            elapsed = time.perf_counter() - start
        except OSError as exc:
            self._drop_connection()
            self.load.error(f"{type(exc).__name__}: {exc}")
            return None
        if answer.closes:
            self._drop_connection()
        if answer.status != expect:
            self.load.error(f"HTTP {answer.status} (expected {expect}): {answer.body[:160]!r}")
            return None
        self.load.latencies.append(elapsed)
        return answer

    def _drop_connection(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def _next_write(self) -> tuple[object, bytes]:
        self.writes += 1
        if self.which == "statusMessage":
            content = f"client {self.number} write {self.writes}"
            return content, set_status_message_request(self.token, content)
        status = self.writes % 2 == 1
        return status, set_oof_status_request(self.token, status)

    def _read_back(self, answer: Answer) -> object:
        return field_value(orjson.loads(answer.body), self.which)

    async def run(self, host: str, port: int, deadline: float) -> None:
        try:
            while time.perf_counter() < deadline:
                value, request = self._next_write()
                if await self._exchange(host, port, request, 200) is None:
                    self.ledger.unsure.append(value)
                    continue
                self.ledger.ack(value)
                answer = await self._exchange(host, port, read_presence_request(self.token), 200)
                if answer is not None and not self.ledger.accepts(self._read_back(answer)):
                    self.stale_reads += 1
        finally:
            self._drop_connection()


async def sign_in(host: str, port: int, tokens: dict[str, str], load: LoadResult) -> None:
    """Every user reads its presence once (the example creates a user on its first call)."""
    for token in tokens.values():
        connection = await connect(host, port)
        try:
            answer = await connection.exchange(read_presence_request(token))
        finally:
            connection.close()
        if answer.status != 200:
            load.error(f"sign-in: HTTP {answer.status}: {answer.body[:160]!r}")


async def final_values(host: str, port: int, tokens: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Each user's presence document after the load."""
    documents: dict[str, dict[str, Any]] = {}
    connection = await connect(host, port)
    try:
        for user, token in tokens.items():
            answer = await connection.exchange(read_presence_request(token))
            if answer.status == 200:
                documents[user] = orjson.loads(answer.body)
    finally:
        connection.close()
    return documents


def count_lost_writes(
    ledgers: dict[tuple[str, Field], Ledger], documents: dict[str, dict[str, Any]]
) -> tuple[int, int]:
    """(lost writes, (user, field) pairs checked): pairs with an acknowledged write whose final value is
    not their writer's last acknowledged one. A user whose presence cannot be read loses all its writes."""
    lost = checked = 0
    for (user, which), ledger in ledgers.items():
        if ledger.acked == 0:
            continue
        checked += 1
        document = documents.get(user)
        if document is None or not ledger.accepts(field_value(document, which)):
            lost += 1
    return lost, checked


async def soak(
    host: str,
    port: int,
    *,
    clients: int,
    seconds: float,
    issue_token: Callable[[str, str], str],
    rss_mb: Callable[[], float],
) -> SoakReport:
    """``clients`` writers for ``seconds`` against the oof_bridge example at ``host:port``."""
    users = [soak_user(number) for number in range((clients + 1) // 2)]
    tokens = {user: issue_token(user, SCOPES) for user in users}
    load = LoadResult()
    await sign_in(host, port, tokens, load)
    ledgers: dict[tuple[str, Field], Ledger] = {}
    writers = []
    for number in range(clients):
        user = users[number // 2]
        which: Field = "statusMessage" if number % 2 == 0 else "isOutOfOffice"
        ledger = ledgers.setdefault((user, which), Ledger())
        writers.append(SoakClient(number, user, tokens[user], which, ledger, load))
    memory = {"start": rss_mb()}
    start = time.perf_counter()
    deadline = start + seconds

    async def sample_middle() -> None:
        await asyncio.sleep(seconds / 2)
        memory["middle"] = rss_mb()

    await asyncio.gather(sample_middle(), *(writer.run(host, port, deadline) for writer in writers))
    load.seconds = time.perf_counter() - start
    memory["end"] = rss_mb()
    lost, checked = count_lost_writes(ledgers, await final_values(host, port, tokens))
    return SoakReport(
        seconds=load.seconds,
        clients=clients,
        users=len(users),
        load=load,
        writes_acked=sum(ledger.acked for ledger in ledgers.values()),
        stale_reads=sum(writer.stale_reads for writer in writers),
        lost_writes=lost,
        fields_checked=checked,
        rss_mb=memory,
    )

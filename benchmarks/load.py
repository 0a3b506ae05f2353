"""A load client cheap enough to saturate a Python server on the same machine: asyncio over raw sockets,
HTTP/1.1 keep-alive, one request in flight per connection, answers framed by ``Content-Length`` (as
Starlette and FastAPI write them).

    result = await measure(host, port, [Call(request_bytes("GET", "/x"), 200)], connections=50, seconds=3)
    result.rps, result.p50_ms, result.p99_ms, result.errors

httpx spends more CPU per request than the servers measured here, so it could not load them; this client
parses only the status line and the framing headers.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

HEAD_END: Final = b"\r\n\r\n"
MAX_ERROR_SAMPLES: Final = 5


def request_bytes(
    method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None
) -> bytes:
    """One HTTP/1.1 request as sent on the wire (a ``Content-Length`` for the body)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


@dataclass(frozen=True, slots=True)
class Call:
    """A request and the status that counts as success."""

    request: bytes
    expect: int


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    closes: bool
    """The server said ``Connection: close``."""


class ProtocolError(ConnectionError):
    """The server's answer is not HTTP/1.1 framed the way this client reads it."""


class ClientConnection(asyncio.Protocol):
    """One keep-alive connection: :meth:`exchange` sends a request and waits for its whole answer."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[Answer] | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.waiter is None or self.waiter.done():
            return
        try:
            answer = self._take_answer()
        except ProtocolError as exc:
            self.waiter.set_exception(exc)
            return
        if answer is not None:
            self.waiter.set_result(answer)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError(f"connection closed before the answer ({exc})"))

    def _take_answer(self) -> Answer | None:
        """The first whole answer in the buffer (removed from it), or None while it is incomplete."""
        end = self.buffer.find(HEAD_END)
        if end < 0:
            return None
        head = bytes(self.buffer[:end])
        status_line, *lines = head.split(b"\r\n")
        try:
            status = int(status_line[9:12])
        except ValueError:
            raise ProtocolError(f"not an HTTP status line: {status_line[:80]!r}") from None
        length, closes = 0, False
        for line in lines:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                if not value.strip().isdigit():
                    raise ProtocolError(f"Content-Length {value[:40]!r}")
                length = int(value)
            elif name == b"connection":
                closes = value.strip().lower() == b"close"
            elif name == b"transfer-encoding":
                raise ProtocolError("chunked answers are not read by this client")
        start = end + len(HEAD_END)
        if len(self.buffer) < start + length:
            return None
        body = bytes(self.buffer[start : start + length])
        del self.buffer[: start + length]
        return Answer(status, body, closes)

    async def exchange(self, request: bytes) -> Answer:
        """Send ``request`` and return its answer (``ConnectionError`` if the connection ends first)."""
        if self.transport is None or self.lost:
            raise ConnectionError("the connection is closed")
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        answer = self._take_answer()
        if answer is not None:
            self.waiter.set_result(answer)
        return await self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def connect(host: str, port: int) -> ClientConnection:
    _, connection = await asyncio.get_running_loop().create_connection(ClientConnection, host, port)
    return connection


@dataclass(slots=True)
class LoadResult:
    """What one measurement saw: every answer's latency, the errors and the wall time."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    """Seconds, one per successful request."""
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(what)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (0.0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def check_answer(call: Call, answer: Answer) -> str | None:
    """Why ``answer`` is not a success for ``call``, or None."""
    if answer.status != call.expect:
        return f"HTTP {answer.status} (expected {call.expect}): {answer.body[:160]!r}"
    return None


async def _drive_connection(
    host: str, port: int, calls: Iterator[Call], deadline: float, result: LoadResult
) -> None:
    """Requests one after another on one connection until ``deadline``; reconnects after an error or a
    ``Connection: close``."""
    connection: ClientConnection | None = None
    clock = time.perf_counter
    try:
        while clock() < deadline:
            call = next(calls)
            try:
                if connection is None:
                    connection = await connect(host, port)
                start = clock()
                answer = await connection.exchange(call.request)
                elapsed = clock() - start
            except OSError as exc:
                result.error(f"{type(exc).__name__}: {exc}")
                if connection is not None:
                    connection.close()
                connection = None
                continue
            problem = check_answer(call, answer)
            if problem is None:
                result.latencies.append(elapsed)
            else:
                result.error(problem)
            if answer.closes:
                connection.close()
                connection = None
    finally:
        if connection is not None:
            connection.close()


async def measure(
    host: str, port: int, calls: Sequence[Call], *, connections: int, seconds: float
) -> LoadResult:
    """``connections`` clients, each sending ``calls`` in turn (client k starting at call k) for
    ``seconds``."""
    result = LoadResult()
    start = time.perf_counter()
    deadline = start + seconds
    clients = [
        _drive_connection(host, port, _turns(calls, offset), deadline, result)
        for offset in range(connections)
    ]
    await asyncio.gather(*clients)
    result.seconds = time.perf_counter() - start
    return result


def _turns(calls: Sequence[Call], offset: int) -> Iterator[Call]:
    """``calls`` round and round, from ``offset``."""
    rotated = [*calls[offset % len(calls) :], *calls[: offset % len(calls)]]
    return itertools.cycle(rotated)


async def call_once(host: str, port: int, request: bytes) -> Answer:
    """One request on a fresh connection."""
    connection = await connect(host, port)
    try:
        return await connection.exchange(request)
    finally:
        connection.close()

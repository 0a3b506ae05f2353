"""What both server drivers need from HTTP: the body reader (its size limit and its deadline), running a
large decode off the event loop, and the exception an `authenticate` hook raises to refuse a request.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
import zlib
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, TypeVar

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

__all__ = [
    "CLOSE",
    "CODINGS",
    "BodyRefused",
    "Endpoint",
    "Unauthorized",
    "header",
    "off_loop",
    "read_body",
]

T = TypeVar("T")

CLOSE: Final = {"Connection": "close"}
"""The header of an answer after which the server closes the connection (the rest of a body it refused
is never read)."""
CODINGS: Final = "gzip, deflate"
"""The content codings `read_body` undoes (besides `identity`): a body in another is refused with 415 and
this list as its `Accept-Encoding` (RFC 9110, 12.5.3), as Kiota's compression handler expects before it
sends the body again uncompressed."""
OFF_LOOP: Final = 64 * 1024
"""Bodies larger than this are decoded in a worker thread, so that a large or hostile one never holds up
the other requests the event loop serves."""


class Unauthorized(Exception):
    """Raised by an `authenticate` hook for a missing or invalid credential: HTTP 401."""


class BodyRefused(Exception):
    """The body was not read: larger than the limit (413, compressed or not), not sent in time (408), cut
    off by the client disconnecting (400), or compressed in a coding the server does not read (415) or
    not validly (400). `headers` go with the answer, which closes the connection."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = {**CLOSE, **(headers or {})}


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body: `BodyRefused` when it is longer than `limit` (read no further than that) or does
    not arrive within `timeout` seconds (a slow client holds no server resources for longer).

    It reads the ASGI messages itself rather than through `request.stream()`, whose generator costs more
    than the rest of reading a small body, and leaves the body where Starlette keeps it, so that a handler's
    `await request.body()` has it too."""
    declared: bytes | None = None
    coding: bytes | None = None
    value: bytes
    for key, value in request.scope["headers"]:
        if key == b"content-length":
            declared = value
        elif key == b"content-encoding":  # several lines are one list (RFC 9110, 5.3)
            coding = value if coding is None else coding + b"," + value
    if hasattr(request, "_body"):  # read before, by an `authenticate` hook
        body: bytes = request._body
        if len(body) > limit:
            raise BodyRefused(413, f"the request body is larger than {limit} bytes")
        return body if coding is None else await _decoded(body, coding, limit)
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyRefused(413, f"the request body is larger than {limit} bytes")
    receive = request.receive
    chunks: list[bytes] = []
    size = 0
    deadlines = _deadlines()
    task = deadlines.add(timeout)
    try:
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # Nobody reads the answer; refusing the body spares the log a traceback per aborted upload.
                raise BodyRefused(400, "the client disconnected before the body was complete")
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BodyRefused(413, f"the request body is larger than {limit} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
    except asyncio.CancelledError:
        if not deadlines.expired(task):
            raise
        raise BodyRefused(
            408, f"the request body did not arrive within {timeout:g} seconds"
        ) from None
    finally:
        deadlines.remove(task)
    body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    request._body = body  # as sent: what Starlette's `request.body()` gives
    return body if coding is None else await _decoded(body, coding, limit)


async def _decoded(body: bytes, header: bytes, limit: int) -> bytes:
    """`body` with the content codings its Content-Encoding `header` lists undone, the last applied first;
    `BodyRefused` for a coding not in `CODINGS`, data that is not in its coding, or more than `limit`
    bytes once decompressed (read no further: a small body can expand a thousandfold)."""
    codings = [name.strip().lower() for name in header.decode("latin-1").split(",")]
    codings = [name for name in codings if name not in ("", "identity")]
    for name in codings:
        if name not in _WINDOW_BITS:
            raise BodyRefused(
                415,
                f"the request body's Content-Encoding {name!r} is not one this server reads ({CODINGS})",
                {"Accept-Encoding": CODINGS},
            )
    if not codings:
        return body
    # Inflating up to the limit takes milliseconds: never on the event loop.
    return await anyio.to_thread.run_sync(_decompressed, body, codings[::-1], limit)


_WINDOW_BITS: Final = {"gzip": 31, "x-gzip": 31, "deflate": 15}
"""zlib's `wbits` for each coding: gzip's header and trailer, or zlib's (RFC 9110's "deflate")."""


def _decompressed(data: bytes, codings: list[str], limit: int) -> bytes:
    for coding in codings:
        data = _inflated(data, coding, limit)
    return data


def _inflated(data: bytes, coding: str, limit: int) -> bytes:
    wbits = _WINDOW_BITS[coding]
    parts: list[bytes] = []
    size = 0
    while True:
        inflater = zlib.decompressobj(wbits)
        try:
            part = inflater.decompress(data, limit + 1 - size)
        except zlib.error as exc:
            # Some clients send a raw deflate stream, without zlib's header, for "deflate".
            if wbits == 15 and not parts:
                wbits = -15
                continue
            raise BodyRefused(400, f"the request body is not valid {coding} data ({exc})") from None
        size += len(part)
        parts.append(part)
        if size > limit:
            raise BodyRefused(
                413, f"the request body is larger than {limit} bytes once decompressed ({coding})"
            )
        if not inflater.eof:
            raise BodyRefused(400, f"the request body's {coding} data is cut off")
        data = inflater.unused_data
        # gzip members may follow one another (RFC 1952, 2.2); zero bytes after the last are padding.
        if wbits != 31 or not data.strip(b"\0"):
            return b"".join(parts)


def header(request: Request, name: bytes) -> str | None:
    """The first value of header `name` (lower case), as `request.headers.get` reads it, without building
    Starlette's `Headers` (which costs more than the lookup)."""
    found = _header(request.scope, name)
    return None if found is None else found.decode("latin-1")


def _header(scope: Scope, name: bytes) -> bytes | None:
    value: bytes
    for key, value in scope["headers"]:
        if key == name:
            return value
    return None


class _Deadlines:
    """The body deadlines of one event loop. A request registers while it reads its body, and one timer,
    set for the earliest deadline (or up to a tenth of the timeout after it), cancels the reads whose time
    has passed: a dictionary entry per request rather than a timer each (`asyncio.timeout`), which costs
    more than the rest of reading a small body."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[asyncio.Task[Any], float] = {}
        self.timed_out: set[asyncio.Task[Any]] = set()
        self.timer: asyncio.TimerHandle | None = None

    def add(self, timeout: float) -> asyncio.Task[Any]:
        """Registers the running task, whose read must end within `timeout` seconds."""
        task = asyncio.current_task(self.loop)
        assert task is not None, "a body is read in a task"
        deadline = self.loop.time() + timeout
        self.waiting[task] = deadline
        if self.timer is None or self.timer.when() > deadline + timeout / 10:
            self._check_at(deadline)
        return task

    def remove(self, task: asyncio.Task[Any]) -> None:
        self.waiting.pop(task, None)

    def expired(self, task: asyncio.Task[Any]) -> bool:
        """Whether the task's read was cancelled here (its cancellation is then taken back)."""
        if task not in self.timed_out:
            return False
        self.timed_out.discard(task)
        task.uncancel()
        return True

    def _check_at(self, when: float) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = self.loop.call_at(when, self._check)

    def _check(self) -> None:
        self.timer = None
        now = self.loop.time()
        for task, deadline in list(self.waiting.items()):
            if deadline <= now:
                del self.waiting[task]
                self.timed_out.add(task)
                task.cancel()
        if self.waiting:
            self._check_at(min(self.waiting.values()))


_DEADLINES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Deadlines] = (
    weakref.WeakKeyDictionary()
)


_latest: _Deadlines | None = None
"""The deadlines last used: a server runs one loop, and a weak dictionary's lookup costs a weak reference."""


def _deadlines() -> _Deadlines:
    global _latest
    loop = asyncio.get_running_loop()
    latest = _latest
    if latest is not None and latest.loop is loop:
        return latest
    found = _DEADLINES.get(loop)
    if found is None:
        found = _DEADLINES[loop] = _Deadlines(loop)
    _latest = found
    return found


class Endpoint:
    """A route's ASGI app calling `serve(request)` for its response. Starlette wraps a plain function in a
    second exception-handling layer per request (the app's `ExceptionMiddleware` already is one), which
    costs a server stub a measurable share of its requests per second."""

    __slots__ = ("serve",)

    def __init__(self, serve: Callable[[Request], Awaitable[Response]]) -> None:
        self.serve = serve

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.serve(Request(scope, receive, send))
        await response(scope, receive, send)


async def off_loop(size: int, function: Callable[..., T], *arguments: object) -> T:
    """`function(*arguments)`, in a worker thread when the body it reads is larger than `OFF_LOOP`."""
    if size <= OFF_LOOP:
        return function(*arguments)
    return await anyio.to_thread.run_sync(functools.partial(function, *arguments))

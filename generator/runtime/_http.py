"""What both server drivers need from HTTP: the body reader (its size limit and its deadline), running a
large decode off the event loop, and the exception an `authenticate` hook raises to refuse a request.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable
from typing import Any, Final, TypeVar

import anyio.to_thread
from starlette.requests import ClientDisconnect, Request

__all__ = ["CLOSE", "BodyRefused", "Unauthorized", "off_loop", "read_body"]

T = TypeVar("T")

CLOSE: Final = {"Connection": "close"}
"""The header of an answer after which the server closes the connection (the rest of a body it refused
is never read)."""
OFF_LOOP: Final = 64 * 1024
"""Bodies larger than this are decoded in a worker thread, so that a large or hostile one never holds up
the other requests the event loop serves."""


class Unauthorized(Exception):
    """Raised by an `authenticate` hook for a missing or invalid credential: HTTP 401."""


class BodyRefused(Exception):
    """The body was not read: larger than the limit (413), not sent in time (408), or cut off by the client
    disconnecting (400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body: `BodyRefused` when it is longer than `limit` (read no further than that) or does
    not arrive within `timeout` seconds (a slow client holds no server resources for longer)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyRefused(413, f"the request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    task = asyncio.current_task()
    assert task is not None, "read_body runs in a task"
    deadlines = _deadlines()
    deadlines.add(task, timeout)
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyRefused(413, f"the request body is larger than {limit} bytes")
            chunks.append(chunk)
    except asyncio.CancelledError:
        if not deadlines.expired(task):
            raise
        raise BodyRefused(
            408, f"the request body did not arrive within {timeout:g} seconds"
        ) from None
    except ClientDisconnect:
        # Nobody reads the answer; refusing the body spares the log a traceback per aborted upload.
        raise BodyRefused(400, "the client disconnected before the body was complete") from None
    finally:
        deadlines.remove(task)
    return b"".join(chunks)


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

    def add(self, task: asyncio.Task[Any], timeout: float) -> None:
        deadline = self.loop.time() + timeout
        self.waiting[task] = deadline
        if self.timer is None or self.timer.when() > deadline + timeout / 10:
            self._check_at(deadline)

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


def _deadlines() -> _Deadlines:
    loop = asyncio.get_running_loop()
    found = _DEADLINES.get(loop)
    if found is None:
        found = _DEADLINES[loop] = _Deadlines(loop)
    return found


async def off_loop(size: int, function: Callable[..., T], *arguments: object) -> T:
    """`function(*arguments)`, in a worker thread when the body it reads is larger than `OFF_LOOP`."""
    if size <= OFF_LOOP:
        return function(*arguments)
    return await anyio.to_thread.run_sync(functools.partial(function, *arguments))

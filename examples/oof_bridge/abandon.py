"""Writes whose caller went away before they started do not run.

A client that gives up on a write (its timeout, then a disconnect) may send the next one at once, and it may
reach another worker. Had the first still run after the second was acknowledged, it would overwrite it: an
acknowledged write lost. So a write notes when its caller is gone, and the store checks that once it holds
the lock that orders the writes of that user (SQLite's write lock, PostgreSQL's row lock), before committing
the change: a write gone by then is rolled back unseen (`Abandoned`); one that has committed stands.

Its caller is gone when its task is cancelled, or when its client disconnects: the request's ASGI `receive`
(of `CLIENT_GONE`, the request the app's authentication hook saw) says `http.disconnect`. It is listened to
only once a write has waited `WATCH_AFTER` seconds, so that the writes that take no time cost nothing more,
and only once the request's body has been read: listening takes the next message, which must not be the
body's (a write of the hook itself, before the body, is not watched).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any, Final

from starlette.requests import Request

CLIENT_GONE: ContextVar[Request | None] = ContextVar("client_gone", default=None)
"""The request being served, whose `http.disconnect` says its client is gone."""

WATCH_AFTER: Final = 0.5
"""Seconds a write waits before its client's disconnect is listened for."""


class Abandoned(Exception):
    """The write's caller went away before it committed: it was rolled back, and nobody hears of it."""

    def __init__(self) -> None:
        super().__init__("the caller went away before the write committed: it did not run")


class Caller:
    """Whether the caller of one write is gone (`gone`), while `watching` it."""

    __slots__ = ("_timer", "_watcher", "gone")

    def __init__(self) -> None:
        self.gone = False
        self._timer: asyncio.TimerHandle | None = None
        self._watcher: asyncio.Task[None] | None = None

    def check(self) -> None:
        """Raises `Abandoned` if the caller is gone: called where the write holds its lock."""
        if self.gone:
            raise Abandoned

    async def waiting_for(self, result: Awaitable[Any]) -> Any:
        """`await result`, noting a cancellation or the client's disconnect meanwhile."""
        request = CLIENT_GONE.get()
        if request is not None and getattr(request, "_body", None) is not None:  # where Starlette keeps it
            self._timer = asyncio.get_running_loop().call_later(WATCH_AFTER, self._watch, request)
        try:
            return await result
        except asyncio.CancelledError:
            self.gone = True
            raise
        finally:
            if self._timer is not None:
                self._timer.cancel()
            if self._watcher is not None:
                self._watcher.cancel()

    def _watch(self, request: Request) -> None:
        self._watcher = asyncio.ensure_future(self._until_disconnected(request))

    async def _until_disconnected(self, request: Request) -> None:
        # Once the body is read, uvicorn's `receive` waits for the disconnect; a server that answers with
        # something else again and again is not listened to further.
        for _ in range(3):
            if (await request.receive()).get("type") == "http.disconnect":
                self.gone = True
                return

"""What both server drivers need from HTTP: the body reader (its size limit and its deadline), running a
large decode off the event loop, and the exception an `authenticate` hook raises to refuse a request.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Final, TypeVar

import anyio.to_thread
from starlette.requests import Request

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
    """The body was not read: larger than the limit (413) or not sent in time (408)."""

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
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyRefused(413, f"the request body is larger than {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise BodyRefused(
            408, f"the request body did not arrive within {timeout:g} seconds"
        ) from None
    return b"".join(chunks)


async def off_loop(size: int, function: Callable[..., T], *arguments: object) -> T:
    """`function(*arguments)`, in a worker thread when the body it reads is larger than `OFF_LOOP`."""
    if size <= OFF_LOOP:
        return function(*arguments)
    return await anyio.to_thread.run_sync(functools.partial(function, *arguments))

"""What both server drivers need from HTTP: the size-limited body reader and the exception an
`authenticate` hook raises to refuse a request.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

from starlette.requests import Request

__all__ = ["Unauthorized", "read_body"]


class Unauthorized(Exception):
    """Raised by an `authenticate` hook for a missing or invalid credential: HTTP 401."""


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is longer than `limit` (read no further than that)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)

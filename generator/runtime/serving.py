"""Serving the package's stubs with uvicorn: `HeaderDeadline`, uvicorn's httptools protocol with a deadline on
request headers. uvicorn sets none (its keep-alive timeout covers only idle connections between requests), so
a client that opens a connection and sends nothing, or trickles its headers a byte at a time, holds a socket
for as long as it likes; the stubs' own `body_timeout` covers request bodies. Serve with

    uvicorn your_module:app --http <this package>.serving:HeaderDeadline

uvicorn and httptools come with the package's `server` extra; nothing else imports this module.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, Final

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["HeaderDeadline"]

TIMED_OUT: Final = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class HeaderDeadline(HttpToolsProtocol):
    """A connection that does not send a request's headers within `seconds` of opening, or of starting that
    request, is answered 408 and closed. Kept-alive connections idle between requests are uvicorn's
    (`--timeout-keep-alive`). Subclass it to change the deadline: set `seconds`, or override
    `header_timeout` (read once per request)."""

    seconds: ClassVar[float] = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def header_timeout(self) -> float:
        return self.seconds

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # the first request's headers

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()  # a request has begun: its headers are due

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout(), self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.write(TIMED_OUT)
            self.transport.close()

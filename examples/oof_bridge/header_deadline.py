"""uvicorn's httptools protocol with a deadline on request headers: a client that opens a connection, or
starts a request, and does not finish its headers within `$OOF_BRIDGE_HEADER_TIMEOUT` seconds (10) is
answered 408 and disconnected. uvicorn has no such deadline (its keep-alive timeout covers only idle
connections between requests), so without it a crowd of clients trickling headers a byte at a time holds
sockets for ever; the stubs' own `body_timeout` covers request bodies.

`serve` runs with it: `uvicorn --http examples.oof_bridge.header_deadline:HeaderDeadline ...` does too."""

from __future__ import annotations

import asyncio
import os
from typing import Final

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

TIMEOUT_VARIABLE: Final = "OOF_BRIDGE_HEADER_TIMEOUT"
"""Seconds (10 when unset); `serve --header-timeout` sets it for its workers. Read per connection, not at
import: `serve` imports this module before it sets the variable."""
TIMED_OUT: Final = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class HeaderDeadline(HttpToolsProtocol):
    _header_timer: asyncio.TimerHandle | None = None

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
        timeout = float(os.environ.get(TIMEOUT_VARIABLE, "10"))
        self._header_timer = self.loop.call_later(timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.write(TIMED_OUT)
            self.transport.close()

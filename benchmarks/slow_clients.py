"""Slow clients (slowloris): connections that send a request a byte at a time and so hold a server's
connection open for as long as they can. Some trickle the request headers (which only the ASGI server sees),
the others send whole headers with a ``Content-Length`` and trickle the body (which the stubs cut off after
``body_timeout`` seconds with 408). A connection the server closes is opened again, as an attacker would."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Final, Literal

from benchmarks.load import request_bytes

BODY_LENGTH: Final = 100_000
"""The Content-Length a slow body announces: far more than it ever sends."""

Kind = Literal["headers", "body"]


@dataclass(slots=True)
class SlowStats:
    """What the slow connections saw."""

    connections: int = 0
    """Connections opened (each reopening counts)."""
    answered: dict[int, int] = field(default_factory=dict)
    """Answers by status (a slow body's 408)."""
    closed_by_server: int = 0
    """Connections the server ended, with an answer or without."""
    refused: int = 0
    """Connections the server did not accept."""

    def answer(self, status: int) -> None:
        self.answered[status] = self.answered.get(status, 0) + 1


def slow_request(kind: Kind, path: str) -> tuple[bytes, bytes]:
    """(sent at once, trickled) for a slow connection of ``kind``."""
    if kind == "headers":
        head = request_bytes("GET", path).removesuffix(b"\r\n")
        return b"", head + b"X-Padding: " + b"a" * BODY_LENGTH
    headers = {"Content-Type": "application/json", "Content-Length": str(BODY_LENGTH)}
    return request_bytes("POST", path, headers), b'{"statusMessage": "' + b"a" * BODY_LENGTH


async def _trickle_once(
    host: str, port: int, kind: Kind, path: str, interval: float, stop: asyncio.Event, stats: SlowStats
) -> None:
    """One connection: the request's first part, then a byte every ``interval`` seconds until ``stop`` or
    until the server answers or closes."""
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        stats.refused += 1
        await asyncio.sleep(interval)
        return
    stats.connections += 1
    at_once, trickled = slow_request(kind, path)
    try:
        writer.write(at_once)
        for position in range(len(trickled)):
            if stop.is_set():
                return
            writer.write(trickled[position : position + 1])
            await writer.drain()
            with contextlib.suppress(TimeoutError):
                data = await asyncio.wait_for(reader.read(4096), interval)
                if data.startswith(b"HTTP/1.1 "):
                    stats.answer(int(data[9:12]))
                stats.closed_by_server += 1
                return
    except OSError:
        stats.closed_by_server += 1
    finally:
        writer.close()


async def trickle(
    host: str, port: int, kind: Kind, path: str, interval: float, stop: asyncio.Event, stats: SlowStats
) -> None:
    """A slow client of ``kind`` until ``stop``, reconnecting whenever the server lets go."""
    while not stop.is_set():
        await _trickle_once(host, port, kind, path, interval, stop, stats)

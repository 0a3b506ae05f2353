"""HTTP/1.1 spoken by hand over a socket, for what an HTTP client library will not send: pipelined requests,
bodies that stop half-way or trickle in, chunked bodies that never end."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import urlsplit


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    """Lower-cased names."""
    body: bytes


def request(
    method: str, path: str, headers: Mapping[str, str], body: bytes | None = None, *, host: str = "test"
) -> bytes:
    """One request as bytes; a Content-Length is added for a body unless the headers say otherwise."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None and not any(
        name.lower() in ("content-length", "transfer-encoding") for name in headers
    ):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


class Connection:
    """A client socket that reads answers as they come."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        self.buffer += data
        return bool(data)

    def answer(self) -> Answer:
        """The next answer (bodies framed by Content-Length, as Starlette writes them)."""
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                raise ConnectionError(f"closed before an answer: {self.buffer[:200]!r}")
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {
            name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)
        }
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            if not self._fill():
                raise ConnectionError("closed inside an answer")
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Answer(int(status_line.split()[1]), headers, body)

    def closed_by_server(self) -> bool:
        """True when the server closes the connection (within the socket's timeout), nothing more said."""
        try:
            return not self.buffer and not self._fill()
        except ConnectionResetError:
            return True


@contextmanager
def connected(base: str, timeout: float = 20.0) -> Iterator[Connection]:
    address = urlsplit(base)
    with socket.create_connection(
        (address.hostname or "127.0.0.1", address.port or 80), timeout=timeout
    ) as sock:
        yield Connection(sock)

"""The serving benchmark's server processes: a server whose free port was taken before it could bind it is
started again on another, instead of being left out of the run."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from benchmarks import server_process
from benchmarks.server_process import HOST, ServerSpec, running


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen()
        yield int(listener.getsockname()[1])


def test_a_server_whose_port_was_taken_starts_on_another(
    taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = server_process.free_port
    handed = iter([taken_port])
    monkeypatch.setattr(server_process, "free_port", lambda: next(handed, None) or probe())
    spec = ServerSpec("bare graph", "benchmarks.serve_peers:bare_graph", required=True)
    with running([spec]) as servers:
        server = servers[spec.name]
        assert server.failure is None and server.port != taken_port
        assert "address already in use" in server.log_tail().lower()  # the first start's error

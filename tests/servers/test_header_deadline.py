"""The header deadline of the generated packages (`<package>.serving.HeaderDeadline`, uvicorn's httptools
protocol): a connection that sends nothing, or trickles its headers, is answered 408 and closed, while
normal, kept-alive and pipelined requests are served as before. Tested on a stub served with the package's
class (its deadline shortened by a subclass), and on the example's `serve --header-timeout`
(examples/oof_bridge/header_deadline.py, the package's class reading its setting)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.paths import ROOT
from tests.servers import wire
from tests.serving import free_port, served

for _folder in (ROOT / "generated" / "um_service",):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from um_service.server import UMServiceBase, create_app  # noqa: E402
from um_service.serving import HeaderDeadline  # noqa: E402

TIMEOUT = 0.6
WSDL = "/EWS/UM2007Legacy.asmx?wsdl"
OPENAPI = "/v1.0/openapi.json"


class QuickDeadline(HeaderDeadline):
    seconds = TIMEOUT


@pytest.fixture(scope="module")
def stub() -> Iterator[tuple[str, str]]:
    with served(create_app(UMServiceBase()), http=QuickDeadline) as base:
        yield base, WSDL


@pytest.fixture(scope="module")
def bridge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("header_deadline")
    port = free_port()
    command = [
        sys.executable, "-m", "examples.oof_bridge", "serve", "--port", str(port),
        "--db", str(folder / "bridge.sqlite"), "--header-timeout", str(TIMEOUT),
    ]  # fmt: skip
    with (folder / "server.log").open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_serving(base, process)
            yield base, OPENAPI
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_serving(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}{OPENAPI}", timeout=5)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.1)


@pytest.fixture(params=["stub", "bridge"])
def server(request: pytest.FixtureRequest) -> tuple[str, str]:
    """The base URL of a server with a header deadline of `TIMEOUT`, and a path it answers GET on."""
    found: tuple[str, str] = request.getfixturevalue(request.param)
    return found


def test_a_connection_that_sends_nothing_is_answered_408_and_closed(server: tuple[str, str]) -> None:
    with wire.connected(server[0], timeout=5) as connection:
        started = time.monotonic()
        assert connection.answer().status == 408
        assert connection.closed_by_server()
        assert TIMEOUT * 0.9 <= time.monotonic() - started < TIMEOUT + 3


def test_headers_trickled_past_the_deadline_are_answered_408(server: tuple[str, str]) -> None:
    base, path = server
    head = wire.request("GET", path, {})
    with wire.connected(base, timeout=5) as connection:
        try:
            for byte in head[:12]:  # a byte every 0.1 s: past the deadline before the headers end
                connection.send(bytes([byte]))
                time.sleep(0.1)
        except OSError:
            pass  # the server has answered and closed already
        assert connection.answer().status == 408
        assert connection.closed_by_server()


def test_normal_kept_alive_and_pipelined_requests_are_served(server: tuple[str, str]) -> None:
    base, path = server
    with wire.connected(base, timeout=5) as connection:
        get = wire.request("GET", path, {})
        connection.send(get + get)  # pipelined
        assert [connection.answer().status, connection.answer().status] == [200, 200]
        time.sleep(TIMEOUT * 1.5)  # idle between requests: not a late header
        connection.send(get)
        assert connection.answer().status == 200

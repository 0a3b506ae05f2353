"""The servers the serving benchmark measures: uvicorn in a process of its own on a free loopback port, and
the resident memory of that process and its workers."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from benchmarks.common import PROJECT
from benchmarks.load import call_once, request_bytes

HOST: Final = "127.0.0.1"
START_TIMEOUT: Final = 30.0
STOP_TIMEOUT: Final = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, slots=True)
class ServerSpec:
    """What to serve: ``factory`` is ``module:function`` returning an ASGI app (``uvicorn --factory``)."""

    name: str
    factory: str
    workers: int = 1
    env: Mapping[str, str] = field(default_factory=dict)
    http: str = "auto"
    """uvicorn's ``--http``: ``auto`` (httptools when installed, else h11), ``h11`` or ``httptools``."""
    required: bool = True
    """A server that is not required may fail to start: :attr:`ServerProcess.failure` then says why."""


class ServerProcess:
    """One uvicorn process (and its workers) serving a :class:`ServerSpec`."""

    def __init__(self, spec: ServerSpec) -> None:
        self.spec = spec
        self.port = free_port()
        # The server's output, read after it stops; closed in `stop` (it lives as long as the server).
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._process: subprocess.Popen[bytes] | None = None
        self.failure: str | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None, "not started"
        return self._process.pid

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "uvicorn", self.spec.factory, "--factory",
            "--host", HOST, "--port", str(self.port), "--workers", str(self.spec.workers),
            "--http", self.spec.http, "--log-level", "warning", "--no-access-log",
        ]  # fmt: skip

    def start(self) -> None:
        env = {**os.environ, **self.spec.env, "PYTHONPATH": str(PROJECT)}
        self._process = subprocess.Popen(
            self.command(),
            cwd=PROJECT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: its workers are stopped with it
        )

    def wait_ready(self) -> None:
        """Wait until the server answers HTTP (any status) and, with workers, until they have started."""
        deadline = time.monotonic() + START_TIMEOUT
        while not self._answers():
            if self._process is None or self._process.poll() is not None:
                raise RuntimeError(f"{self.spec.name} exited while starting:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.spec.name} did not answer within {START_TIMEOUT:g} s")
            time.sleep(0.05)
        while self.spec.workers > 1 and len(process_tree(self.pid)) <= self.spec.workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.spec.name}: its {self.spec.workers} workers did not start")
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            asyncio.run(asyncio.wait_for(call_once(HOST, self.port, request_bytes("GET", "/")), 2.0))
        except (OSError, TimeoutError):
            return False
        return True

    def restart(self) -> None:
        """Stopped, then started again on another free port."""
        self.stop()
        self.port = free_port()
        self.start()

    def stop(self) -> None:
        """SIGTERM (uvicorn stops its workers), then SIGKILL to its process group if it lingers."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)

    def log_tail(self, size: int = 2000) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-size:]

    def rss_mb(self) -> float:
        """Resident memory of the server: uvicorn's process and every process under it (its workers)."""
        return sum(rss_kb(pid) for pid in process_tree(self.pid)) / 1024


@contextmanager
def running(specs: Sequence[ServerSpec]) -> Iterator[dict[str, ServerProcess]]:
    """Every server of ``specs`` started together (they start in parallel), ready, by name; stopped after.
    A server that is not required and does not start is stopped, with its :attr:`~ServerProcess.failure`."""
    with ExitStack() as stack:
        servers: dict[str, ServerProcess] = {}
        for spec in specs:
            server = ServerProcess(spec)
            stack.callback(server.stop)
            server.start()
            servers[spec.name] = server
        for server in servers.values():
            try:
                server.wait_ready()
            except RuntimeError:
                # Once more on another port: the free port may have been taken between the probe and the
                # server's bind, or the start slowed past the deadline by the other servers starting.
                server.restart()
                try:
                    server.wait_ready()
                except RuntimeError as exc:
                    if server.spec.required:
                        raise
                    server.failure = str(exc)
                    server.stop()
        yield servers


def process_tree(root: int) -> list[int]:
    """``root`` and every live process descending from it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, ()))
    return tree


def rss_kb(pid: int) -> int:
    """``VmRSS`` of ``pid`` in kB (0 once it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

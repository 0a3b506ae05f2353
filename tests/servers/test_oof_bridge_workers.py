"""The oof_bridge example served by two uvicorn worker processes (issue 14 item 1), on SQLite and on
PostgreSQL: writers racing on the same users through both endpoints lose no acknowledged write, and a read
after an acknowledged write, whichever worker serves it, never shows an older value."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from examples.oof_bridge import tokens
from tests import postgres
from tests.paths import ROOT
from tests.serving import free_port

MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages"
USERS = 3
WRITES = 40
"""Acknowledged writes per writer; each user has a status-message writer (Graph) and an Out of Office writer
(SOAP), so the two endpoints race on every user's presence document."""


@dataclass
class Tally:
    stale_reads: list[str] = field(default_factory=list)
    last: dict[tuple[str, str], object] = field(default_factory=dict)
    """(user, field): the value of the writer's last acknowledged write."""


@pytest.fixture(params=["sqlite", "postgresql"])
def bridge(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The example's `serve --workers 2` command, on a fresh database; its base URL."""
    if request.param == "sqlite":
        db = str(tmp_path / "bridge.sqlite")
    else:
        db = postgres.fresh_database(request.getfixturevalue("postgres_server"))
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    command = [sys.executable, "-m", "examples.oof_bridge", "serve", "--port", str(port), "--db", db]
    process = subprocess.Popen(
        [*command, "--workers", "2"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_until_serving(base: str, process: subprocess.Popen[bytes]) -> None:
    token = tokens.issue("probe", "Presence.Read")
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/v1.0/me/presence", headers={"authorization": f"Bearer {token}"}, timeout=5)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.1)


def _one_connection_per_request() -> httpx.AsyncClient:
    """New connections, so that the kernel spreads requests over both workers."""
    return httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0), timeout=30)


async def _status_writer(base: str, user: str, tally: Tally) -> None:
    headers = {"authorization": f"Bearer {tokens.issue(user, 'Presence.Read Presence.ReadWrite')}"}
    async with _one_connection_per_request() as client:
        for i in range(WRITES):
            content = f"{user}-{i}"
            body = {"statusMessage": {"message": {"content": content, "contentType": "text"}}}
            path = f"{base}/v1.0/me/presence/setStatusMessage"
            written = await client.post(path, json=body, headers=headers)
            assert written.status_code == 200, written.text
            tally.last[(user, "statusMessage")] = content
            read = await client.get(f"{base}/v1.0/me/presence", headers=headers)
            if read.json()["statusMessage"]["message"]["content"] != content:
                tally.stale_reads.append(f"{user} statusMessage after {content}")


async def _oof_writer(base: str, user: str, tally: Tally) -> None:
    headers = {
        "authorization": f"Bearer {tokens.issue(user, 'Presence.Read Presence.ReadWrite')}",
        "content-type": "text/xml; charset=utf-8",
    }
    async with _one_connection_per_request() as client:
        for i in range(WRITES):
            status = i % 2 == 0
            envelope = (
                '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
                f'<SetOofStatus xmlns="{MESSAGES}"><status>{str(status).lower()}</status></SetOofStatus>'
                "</s:Body></s:Envelope>"
            )
            written = await client.post(f"{base}/EWS/UM2007Legacy.asmx", content=envelope, headers=headers)
            assert written.status_code == 200, written.text
            tally.last[(user, "oof")] = status
            read = await client.get(f"{base}/v1.0/me/presence", headers=headers)
            if read.json()["outOfOfficeSettings"]["isOutOfOffice"] != status:
                tally.stale_reads.append(f"{user} oof after write {i}")


async def _final_state(base: str, user: str) -> dict[str, object]:
    headers = {"authorization": f"Bearer {tokens.issue(user, 'Presence.Read')}"}
    async with httpx.AsyncClient(timeout=30) as client:
        presence = (await client.get(f"{base}/v1.0/me/presence", headers=headers)).json()
    return {
        "statusMessage": presence["statusMessage"]["message"]["content"],
        "oof": presence["outOfOfficeSettings"]["isOutOfOffice"],
    }


def test_two_workers_lose_no_acknowledged_write(bridge: str) -> None:
    users = [f"racer-{k}" for k in range(USERS)]
    tally = Tally()

    async def race() -> dict[str, dict[str, object]]:
        writers = [_status_writer(bridge, user, tally) for user in users]
        writers += [_oof_writer(bridge, user, tally) for user in users]
        await asyncio.gather(*writers)
        return {user: await _final_state(bridge, user) for user in users}

    final = asyncio.run(race())
    lost = [
        f"{user} {name}: {final[user][name]!r}, last acknowledged {value!r}"
        for (user, name), value in tally.last.items()
        if final[user][name] != value
    ]
    assert len(tally.last) == 2 * USERS
    assert lost == [] and tally.stale_reads == []


def test_a_killed_server_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """SIGKILL during concurrent writes (the SQLite store commits the writes waiting together in one
    transaction): every write the server acknowledged is in the file; at most the one in flight besides."""
    db = tmp_path / "bridge.sqlite"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "examples.oof_bridge", "serve", "--port", str(port), "--db", str(db)]
    with (tmp_path / "server.log").open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(base, process)
            acknowledged = asyncio.run(_write_until_killed(base, process, [f"killed-{k}" for k in range(10)]))
        finally:
            process.kill()
            process.wait(timeout=20)
    with sqlite3.connect(db) as connection:
        rows = dict(connection.execute("SELECT user_id, document FROM presence").fetchall())
    connection.close()
    stored = {
        user: int(json.loads(rows[user])["statusMessage"]["message"]["content"].rsplit("-", 1)[1])
        for user in acknowledged
    }
    users = sorted(acknowledged)
    assert len(users) == 10, acknowledged
    # A write is acknowledged only after its commit: each user's stored write is its last acknowledged one,
    # or the next, in flight when the server was killed.
    behind = {user: acknowledged[user] - stored[user] for user in users if stored[user] < acknowledged[user]}
    ahead = {
        user: stored[user] - acknowledged[user] for user in users if stored[user] > acknowledged[user] + 1
    }
    assert behind == {} and ahead == {}, (acknowledged, stored)


async def _write_until_killed(
    base: str, process: subprocess.Popen[bytes], users: list[str]
) -> dict[str, int]:
    """Each user's last acknowledged status message number; the server is killed after a while."""
    acknowledged: dict[str, int] = {}

    async def writer(user: str) -> None:
        headers = {"authorization": f"Bearer {tokens.issue(user, 'Presence.Read Presence.ReadWrite')}"}
        async with httpx.AsyncClient(timeout=10) as client:
            for i in itertools.count(1):
                body = {"statusMessage": {"message": {"content": f"{user}-{i}", "contentType": "text"}}}
                try:
                    written = await client.post(
                        f"{base}/v1.0/me/presence/setStatusMessage", json=body, headers=headers
                    )
                except httpx.TransportError:
                    return  # killed
                assert written.status_code == 200, written.text
                acknowledged[user] = i

    async def kill() -> None:
        while sum(acknowledged.values()) < 300:
            await asyncio.sleep(0.01)
        process.send_signal(signal.SIGKILL)

    await asyncio.gather(kill(), *(writer(user) for user in users))
    return acknowledged

"""The SQLite store's group commit (examples/oof_bridge/group_commit.py): writes waiting together share one
transaction; each is acknowledged only after its commit, a failing one is rolled back alone, a failed commit
fails all of its batch, and nothing queued is lost on close."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request

from examples.oof_bridge import abandon, group_commit
from examples.oof_bridge.group_commit import MOST_PER_COMMIT, GroupCommitWriter

SCHEMA = (
    "CREATE TABLE item (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
    # A deferred foreign key is checked at COMMIT: a way to make a real commit fail.
    "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
)


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened: list[sqlite3.Connection] = []
        self.transactions = 0
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            for statement in SCHEMA:
                connection.execute(statement)
        connection.close()

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.set_trace_callback(self._traced)
        self.opened.append(connection)
        return connection

    def _traced(self, statement: str) -> None:
        if statement == "BEGIN IMMEDIATE":
            self.transactions += 1

    def rows(self) -> dict[str, int]:
        with sqlite3.connect(self.path) as connection:
            found = dict(connection.execute("SELECT key, value FROM item").fetchall())
        connection.close()
        return found

    def close(self) -> None:
        for connection in self.opened:
            connection.close()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = Database(tmp_path / "group.sqlite")
    yield opened
    opened.close()


def _insert(key: str, value: int) -> Callable[[sqlite3.Cursor], int]:
    def work(cursor: sqlite3.Cursor) -> int:
        cursor.execute("INSERT INTO item VALUES (?, ?)", (key, value))
        return value

    return work


def _increment(key: str) -> Callable[[sqlite3.Cursor], int]:
    def work(cursor: sqlite3.Cursor) -> int:
        cursor.execute("SELECT value FROM item WHERE key = ?", (key,))
        value = int(cursor.fetchone()[0]) + 1
        cursor.execute("UPDATE item SET value = ? WHERE key = ?", (value, key))
        return value

    return work


class Gate:
    """A first write that holds the writer thread until released, so that the writes queued meanwhile make
    one batch."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def work(self, cursor: sqlite3.Cursor) -> str:
        self.entered.set()
        assert self.release.wait(10)
        return "gate"

    async def hold(self, writer: GroupCommitWriter) -> asyncio.Future[Any]:
        """The gated write, started on `writer` and returned once it holds the writer thread."""
        gated = asyncio.ensure_future(writer.write(self.work))
        assert await asyncio.to_thread(self.entered.wait, 10)
        return gated


async def _batch(writer: GroupCommitWriter, works: list[Callable[[sqlite3.Cursor], Any]]) -> list[Any]:
    """The outcomes (a result or the exception) of `works` queued behind a gate: they run as one batch."""
    gate = Gate()
    gated = await gate.hold(writer)
    tasks = [asyncio.ensure_future(writer.write(work)) for work in works]
    await asyncio.sleep(0.05)  # every write is queued
    assert not any(task.done() for task in tasks)
    gate.release.set()
    assert await gated == "gate"
    return list(await asyncio.gather(*tasks, return_exceptions=True))


def test_waiting_writes_share_one_transaction_and_all_are_kept(database: Database) -> None:
    async def run() -> list[Any]:
        writer = GroupCommitWriter(database.connect)
        try:
            await writer.write(_insert("counter", 0))
            return await _batch(writer, [_increment("counter") for _ in range(40)])
        finally:
            writer.close()

    outcomes = asyncio.run(run())
    # Each increment saw the one before it, in the order they were queued.
    assert outcomes == list(range(1, 41))
    assert database.rows() == {"counter": 40}
    # The insert, the gate's batch of one, then one transaction for the forty.
    assert database.transactions == 3


def test_a_batch_holds_at_most_the_limit(database: Database) -> None:
    count = MOST_PER_COMMIT + 10

    async def run() -> list[Any]:
        writer = GroupCommitWriter(database.connect)
        try:
            return await _batch(writer, [_insert(f"k{n}", n) for n in range(count)])
        finally:
            writer.close()

    assert asyncio.run(run()) == list(range(count))
    assert len(database.rows()) == count
    assert database.transactions == 1 + 2  # the gate, then the limit and the rest


def test_a_failing_write_is_rolled_back_alone(database: Database) -> None:
    def half_then_fail(cursor: sqlite3.Cursor) -> None:
        cursor.execute("INSERT INTO item VALUES ('partial', 1)")
        raise ValueError("refused after a change")

    async def run() -> list[Any]:
        writer = GroupCommitWriter(database.connect)
        try:
            await writer.write(_insert("taken", 0))
            return await _batch(
                writer, [_insert("a", 1), half_then_fail, _insert("taken", 2), _insert("b", 3)]
            )
        finally:
            writer.close()

    first, failed, duplicate, last = asyncio.run(run())
    assert (first, last) == (1, 3)
    assert isinstance(failed, ValueError) and str(failed) == "refused after a change"
    assert isinstance(duplicate, sqlite3.IntegrityError)
    assert database.rows() == {"taken": 0, "a": 1, "b": 3}


def test_a_write_alone_that_fails_changes_nothing(database: Database) -> None:
    def half_then_fail(cursor: sqlite3.Cursor) -> None:
        cursor.execute("INSERT INTO item VALUES ('partial', 1)")
        raise ValueError("refused")

    async def run() -> None:
        writer = GroupCommitWriter(database.connect)
        try:
            with pytest.raises(ValueError, match="refused"):
                await writer.write(half_then_fail)
            assert await writer.write(_insert("after", 2)) == 2  # the writer goes on
        finally:
            writer.close()

    asyncio.run(run())
    assert database.rows() == {"after": 2}


def test_a_failed_commit_fails_every_write_of_its_batch(database: Database) -> None:
    def orphan(cursor: sqlite3.Cursor) -> None:
        cursor.execute("INSERT INTO child VALUES (99)")  # no parent 99: the COMMIT fails

    async def run() -> tuple[list[Any], int]:
        writer = GroupCommitWriter(database.connect)
        try:
            outcomes = await _batch(writer, [_insert("a", 1), orphan, _insert("b", 2)])
            return outcomes, await writer.write(_insert("c", 3))
        finally:
            writer.close()

    outcomes, after = asyncio.run(run())
    assert all(isinstance(outcome, sqlite3.IntegrityError) for outcome in outcomes), outcomes
    assert after == 3
    assert database.rows() == {"c": 3}


def test_close_runs_what_is_queued(database: Database) -> None:
    async def run() -> list[Any]:
        writer = GroupCommitWriter(database.connect)
        gate = Gate()
        gated = await gate.hold(writer)
        tasks = [asyncio.ensure_future(writer.write(_insert(f"k{n}", n))) for n in range(5)]
        await asyncio.sleep(0.05)
        gate.release.set()
        await asyncio.to_thread(writer.close)
        await gated
        return list(await asyncio.gather(*tasks))

    assert asyncio.run(run()) == [0, 1, 2, 3, 4]
    assert len(database.rows()) == 5


def test_a_write_whose_caller_was_cancelled_before_it_started_does_not_run(database: Database) -> None:
    async def run() -> int:
        writer = GroupCommitWriter(database.connect)
        try:
            gate = Gate()
            gated = await gate.hold(writer)
            cancelled = asyncio.ensure_future(writer.write(_insert("cancelled", 1)))
            await asyncio.sleep(0.05)
            cancelled.cancel()
            gate.release.set()
            await gated
            return await writer.write(_insert("later", 2))
        finally:
            writer.close()

    assert asyncio.run(run()) == 2
    # Queued, never started: gone (as an executor's pending job would be); the writer goes on.
    assert database.rows() == {"later": 2}


def test_a_write_whose_caller_is_cancelled_while_it_runs_stands(database: Database) -> None:
    gate = Gate()

    def running(cursor: sqlite3.Cursor) -> str:
        _insert("running", 1)(cursor)
        return gate.work(cursor)

    async def run() -> None:
        writer = GroupCommitWriter(database.connect)
        try:
            started = asyncio.ensure_future(writer.write(running))
            assert await asyncio.to_thread(gate.entered.wait, 10)
            started.cancel()
            await asyncio.sleep(0.05)
            gate.release.set()
            assert await writer.write(_insert("after", 2)) == 2
        finally:
            writer.close()

    asyncio.run(run())
    assert database.rows() == {"running": 1, "after": 2}


def test_a_write_whose_client_disconnected_while_it_waited_does_not_run(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client gave up (a timeout, then a disconnect) while the write waited behind a lock: it may send
    the next write at once, to another worker, so this one must not run after that one."""
    monkeypatch.setattr(abandon, "WATCH_AFTER", 0.01)

    async def run() -> None:
        writer = GroupCommitWriter(database.connect)
        disconnected = asyncio.Event()
        listened: list[int] = []

        async def receive() -> dict[str, Any]:
            listened.append(1)
            await disconnected.wait()
            return {"type": "http.disconnect"}

        try:
            gate = Gate()
            gated = await gate.hold(writer)

            request = Request({"type": "http", "method": "POST", "headers": []}, receive)
            request._body = b"{}"  # read: its next message is the disconnect

            async def client_request() -> int:
                abandon.CLIENT_GONE.set(request)
                return await writer.write(_insert("gone", 1))

            waiting = asyncio.ensure_future(client_request())
            while not listened:  # the write has waited WATCH_AFTER: its client is listened to
                await asyncio.sleep(0.01)
            disconnected.set()
            await asyncio.sleep(0.01)
            gate.release.set()
            await gated
            with pytest.raises(abandon.Abandoned):
                await waiting
            assert await writer.write(_insert("next", 2)) == 2
        finally:
            writer.close()

    asyncio.run(run())
    assert database.rows() == {"next": 2}


def test_a_write_before_the_body_is_read_does_not_listen_for_the_disconnect(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listening takes the next ASGI message: before the body is read, that is the body (a write of the
    authentication hook, waiting behind a lock, took it, and the request waited 30 s for it: a 408)."""
    monkeypatch.setattr(abandon, "WATCH_AFTER", 0.01)
    taken: list[object] = []

    async def receive() -> dict[str, Any]:
        taken.append(1)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def run() -> int:
        writer = GroupCommitWriter(database.connect)
        try:
            gate = Gate()
            gated = await gate.hold(writer)
            abandon.CLIENT_GONE.set(Request({"type": "http", "method": "POST", "headers": []}, receive))
            hooked = asyncio.ensure_future(writer.write(_insert("hook", 1)))
            await asyncio.sleep(0.1)
            gate.release.set()
            await gated
            return await hooked
        finally:
            writer.close()

    assert asyncio.run(run()) == 1
    assert not taken and database.rows() == {"hook": 1}


def test_a_write_that_waited_past_the_limit_fails_unrun(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(group_commit, "WAIT_LIMIT", 0.05)

    async def run() -> None:
        writer = GroupCommitWriter(database.connect)
        try:
            gate = Gate()
            gated = await gate.hold(writer)
            late = asyncio.ensure_future(writer.write(_insert("late", 1)))
            await asyncio.sleep(0.1)
            gate.release.set()
            await gated
            with pytest.raises(TimeoutError, match=r"waited more than 0\.05 s"):
                await late
            assert await writer.write(_insert("fresh", 2)) == 2
        finally:
            writer.close()

    asyncio.run(run())
    assert database.rows() == {"fresh": 2}


def test_a_database_that_cannot_be_opened_fails_the_writes_and_the_writer_goes_on(tmp_path: Path) -> None:
    attempts: list[int] = []
    working = Database(tmp_path / "later.sqlite")

    def connect() -> sqlite3.Connection:
        attempts.append(1)
        if len(attempts) == 1:
            raise sqlite3.OperationalError("unable to open database file")
        return working.connect()

    async def run() -> int:
        writer = GroupCommitWriter(connect)
        try:
            with pytest.raises(sqlite3.OperationalError, match="unable to open"):
                await writer.write(_insert("lost", 1))
            return await writer.write(_insert("kept", 2))
        finally:
            writer.close()

    try:
        assert asyncio.run(run()) == 2
        assert working.rows() == {"kept": 2}
    finally:
        working.close()

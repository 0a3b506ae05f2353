"""Group commit for the SQLite store: one writer thread runs the write transactions handlers queue, and when
several are waiting it runs them all in one SQLite transaction, each in a savepoint of its own. A handler
hears of its write only after the commit that holds it, so every acknowledged write is durable as before;
a write that fails is rolled back to its savepoint alone, and a commit that fails fails every write it held.
The writes of a batch run one after the other on one connection, each seeing the ones before it, so a
read-modify-write still cannot lose a concurrent one. What it saves is a `BEGIN IMMEDIATE`/`COMMIT` pair (the
write lock taken and the WAL appended) per write and a wake-up of the event loop per write.

A write whose caller is gone (`abandon`) by the time its transaction holds the write lock does not run; one
that has waited more than `WAIT_LIMIT` seconds to be taken fails without running."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from .abandon import Abandoned, Caller

T = TypeVar("T")

MOST_PER_COMMIT: Final = 64
"""The most writes one transaction holds: it holds the database's write lock, which other worker processes
wait for, until all of them have run."""


WAIT_LIMIT: Final = 30.0
"""Seconds a write may wait to be taken (behind a lock another process holds) before it fails unrun."""


@dataclass(slots=True)
class _Job:
    work: Callable[[sqlite3.Cursor], Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]
    caller: Caller = field(default_factory=Caller)
    queued: float = field(default_factory=time.monotonic)
    result: Any = None
    error: Exception | None = None


class GroupCommitWriter:
    """Runs `work(cursor)` in write transactions on `connect()`'s connection, in a thread of its own."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], *, name: str = "sqlite-writer") -> None:
        self._connect = connect
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    async def write(self, work: Callable[[sqlite3.Cursor], T]) -> T:
        """What `work` returned, once the transaction it ran in has committed; what it raised, if it failed
        (its changes rolled back)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        job = _Job(work, loop, future)
        self._queue.put(job)
        result: T = await job.caller.waiting_for(future)
        return result

    def close(self) -> None:
        """Runs the writes already queued, then stops the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MOST_PER_COMMIT:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stopping = True
                    break
                batch.append(job)
            live = _within_wait_limit(batch)
            if live:
                try:
                    # Opened here, not in the constructor: a file that cannot be opened fails the writes
                    # that need it (and the next batch tries again), where a dead thread would leave them
                    # waiting.
                    connection = connection or self._connect()
                    _commit(connection, live)
                except Exception as exc:
                    _fail_all(live, exc)
            _settle(batch)


def _within_wait_limit(batch: list[_Job]) -> list[_Job]:
    """The jobs that have not waited too long; the others fail unrun."""
    now = time.monotonic()
    live = []
    for job in batch:
        if now - job.queued > WAIT_LIMIT:
            job.error = TimeoutError(f"the write waited more than {WAIT_LIMIT:g} s for the database")
        else:
            live.append(job)
    return live


def _commit(connection: sqlite3.Connection, batch: list[_Job]) -> None:
    """Runs the batch's writes in one transaction; sets each job's result or error."""
    alone = len(batch) == 1
    try:
        connection.execute("BEGIN IMMEDIATE")
    except Exception as exc:
        _fail_all(batch, exc)
        return
    try:
        cursor = connection.cursor()
        for job in batch:
            if job.caller.gone:  # checked holding the write lock: the writes it could overwrite are done
                job.error = Abandoned()
                continue
            _run_job(connection, cursor, job, alone=alone)
        connection.execute("COMMIT")
    except Exception as exc:  # a write alone, a savepoint or the commit failed: nothing of the batch is kept
        _fail_all(batch, exc)
        if connection.in_transaction:
            connection.execute("ROLLBACK")  # if this fails too, `_run` fails the batch with its error


def _run_job(connection: sqlite3.Connection, cursor: sqlite3.Cursor, job: _Job, *, alone: bool) -> None:
    """One write; in a batch, inside a savepoint that is rolled back if it fails. A write alone fails the
    transaction instead (its caller's exception propagates to `_commit`)."""
    if alone:
        job.result = job.work(cursor)
        return
    connection.execute("SAVEPOINT write")
    try:
        job.result = job.work(cursor)
    except Exception as exc:
        connection.execute("ROLLBACK TO write")
        job.error = exc
    connection.execute("RELEASE write")


def _fail_all(batch: list[_Job], exc: Exception) -> None:
    for job in batch:
        job.error = exc


def _settle(batch: list[_Job]) -> None:
    """Hands every job's result or error to its event loop: one wake-up per loop, not one per write."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
    for job in batch:
        by_loop.setdefault(job.loop, []).append(job)
    for loop, jobs in by_loop.items():
        try:
            loop.call_soon_threadsafe(_resolve, jobs)
        except RuntimeError:  # the loop has closed: nobody is waiting
            continue


def _resolve(jobs: list[_Job]) -> None:
    for job in jobs:
        if job.future.done():  # the caller was cancelled (its write ran only if it had started)
            continue
        if job.error is not None:
            job.future.set_exception(job.error)
        else:
            job.future.set_result(job.result)

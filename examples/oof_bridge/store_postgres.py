"""The shared store: PostgreSQL, for several hosts serving one state (`--db postgresql://...`; needs
`psycopg`). A write transaction takes the user's presence row with `SELECT ... FOR UPDATE`, so two writes to
one user, from any host, run one after the other; the schema is created under an advisory lock, so workers
starting together do not race. Transactions run on threads, on connections from psycopg's connection pool:
reads on threads of their own, so that writes waiting for a locked row cannot hold up the reads of other
users; a lock is waited for at most `LOCK_SECONDS` (the write then fails)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from .abandon import Caller
from .store_sql import SCHEMA, Cursor, SqlStore

T = TypeVar("T")

THREADS: Final = 8
"""Threads (and connections) for writes."""
READERS: Final = 4
"""Threads (and connections) for reads."""
LOCK_SECONDS: Final = 30
"""How long a write waits for a row another transaction holds before it fails (as SQLite's busy timeout)."""
ATTEMPTS: Final = 3
"""How many times a transaction is tried on a connection the server has ended before it ran anything."""
SCHEMA_LOCK: Final = 0x0F0B_1D6E
"""The advisory lock key held while the schema is created."""


@functools.lru_cache(maxsize=256)
def _placeholders(sql: str) -> str:
    return sql.replace("?", "%s")


class _Cursor:
    """A psycopg cursor that takes the `?` placeholders the shared SQL is written with."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor
        self.executed = 0
        """Statements that ran: a transaction that failed before any can be run again."""

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> Any:
        done = self._cursor.execute(_placeholders(sql), parameters)
        self.executed += 1
        return done

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class PostgresStore(SqlStore):
    LOCK_SUFFIX = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        super().__init__()
        with psycopg.connect(url, autocommit=True) as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            for statement in SCHEMA:
                connection.execute(statement)
        # A connection per thread: each transaction takes one from the pool and gives it back.
        size = THREADS + READERS
        options = {"autocommit": True, "options": f"-c lock_timeout={LOCK_SECONDS * 1000}"}
        self._pool = ConnectionPool(url, min_size=size, max_size=size, kwargs=options, open=True)
        self._threads = ThreadPoolExecutor(THREADS, thread_name_prefix="postgres")
        self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="postgres-reader")

    def _transaction(self, work: Callable[[Cursor], T]) -> T:
        for attempt in range(ATTEMPTS):
            connection: psycopg.Connection[Any] | None = None
            cursor: _Cursor | None = None
            try:
                with (
                    self._pool.connection() as connection,
                    connection.transaction(),
                    connection.cursor() as raw,
                ):
                    cursor = _Cursor(raw)
                    return work(cursor)
            except psycopg.OperationalError:
                # A connection the server ended (a restart, `pg_terminate_backend`) fails its first
                # statement; so may every other pooled one. Nothing ran on it: check the pool, go again.
                ended = connection is not None and connection.broken
                if not ended or (cursor is not None and cursor.executed) or attempt + 1 == ATTEMPTS:
                    raise
                self._pool.check()
        raise AssertionError("unreachable")

    async def _read(self, work: Callable[[Cursor], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._readers, self._transaction, work)

    async def _write(self, work: Callable[[Cursor], T]) -> T:
        # The row lock (LOCK_SUFFIX), not the transaction, orders writes: a write whose caller is gone
        # once it holds it (at its end) is rolled back (`abandon`).
        caller = Caller()

        def checked(cursor: Cursor) -> T:
            result = work(cursor)
            caller.check()
            return result

        loop = asyncio.get_running_loop()
        done: T = await caller.waiting_for(loop.run_in_executor(self._threads, self._transaction, checked))
        return done

    async def close(self) -> None:
        self._threads.shutdown()
        self._readers.shutdown()
        self._pool.close()

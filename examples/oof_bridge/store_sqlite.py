"""The embedded store: one SQLite file, shared by every worker process on the host.

WAL journal, so that reads never wait for a write; each write transaction starts with `BEGIN IMMEDIATE`, so
it holds the file's write lock from its first read, and two workers' read-modify-writes of one presence can
only run one after the other. In a process, one writer thread runs the writes, the ones waiting together in
one transaction (`group_commit`; threads of one process would only queue on SQLite's lock, which polls), and
a few reader threads the reads, each with its own connection.
`synchronous=NORMAL`: a committed write survives the process being killed; a power cut may lose the last
few (set `SYNCHRONOUS = "FULL"` for those too, at the cost of an fsync per write)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final, TypeVar

from .group_commit import GroupCommitWriter
from .store_sql import SCHEMA, Cursor, SqlStore

T = TypeVar("T")

READERS: Final = 4
BUSY_SECONDS: Final = 30.0
"""How long a write waits for another process's write lock before it fails."""
SYNCHRONOUS: Final = "NORMAL"


class SqliteStore(SqlStore):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="sqlite-reader")
        with sqlite3.connect(path, timeout=BUSY_SECONDS) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            for statement in SCHEMA:
                connection.execute(statement)
        connection.close()
        self._writer = GroupCommitWriter(self._connection)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            # Transactions are begun and ended here, explicitly (isolation_level=None).
            connection = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            self._local.connection = connection
            with self._opened_lock:
                self._opened.append(connection)
        return connection

    def _read_transaction(self, work: Callable[[Cursor], T]) -> T:
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            result = work(connection.cursor())
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return result

    async def _read(self, work: Callable[[Cursor], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, self._read_transaction, work)

    async def _write(self, work: Callable[[Cursor], T]) -> T:
        return await self._writer.write(work)

    async def close(self) -> None:
        await asyncio.to_thread(self._writer.close)  # the writes already queued still run
        self._readers.shutdown()
        with self._opened_lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()

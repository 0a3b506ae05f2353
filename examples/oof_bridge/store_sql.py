"""The store's transactions in SQL both SQLite and PostgreSQL speak, on a DB-API cursor. A backend says how
a transaction is run off the event loop (`_read`, `_write`) and how the user's presence row is taken
(`LOCK_SUFFIX`); everything else is here."""

from __future__ import annotations

import abc
import datetime
import uuid
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol, TypeVar

from graph_presence import Presence
from graph_presence import codec as graph_codec

from .store import UM_SETTINGS, UMSettings

T = TypeVar("T")

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS presence (user_id TEXT PRIMARY KEY, document TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS session ("
    " user_id TEXT NOT NULL, session_id TEXT NOT NULL, availability TEXT NOT NULL, activity TEXT NOT NULL,"
    " expires TEXT NOT NULL, PRIMARY KEY (user_id, session_id))",
    "CREATE TABLE IF NOT EXISTS preferred (user_id TEXT PRIMARY KEY, availability TEXT NOT NULL,"
    " activity TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS um_settings (user_id TEXT PRIMARY KEY,"
    " missed_call_notifications INTEGER NOT NULL DEFAULT 1, dial_string TEXT, access_numbers TEXT,"
    " access_folder TEXT)",
    "CREATE TABLE IF NOT EXISTS um_call (call_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
    " state TEXT NOT NULL)",
)
TABLES = ("preferred", "presence", "session", "um_call", "um_settings")


class Cursor(Protocol):
    """What the transactions need of a DB-API cursor; parameters are written `?`."""

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    @property
    def rowcount(self) -> int: ...


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


class SqlStore(abc.ABC):
    LOCK_SUFFIX: ClassVar[str] = ""
    """Appended to the SELECT of the user's presence row in a write transaction (`FOR UPDATE`) where the
    transaction itself does not already hold the database's write lock."""

    def __init__(self) -> None:
        self._known_users: set[str] = set()

    @abc.abstractmethod
    async def _read(self, work: Callable[[Cursor], T]) -> T:
        """`work` in a read-only transaction (one snapshot), in a worker thread."""

    @abc.abstractmethod
    async def _write(self, work: Callable[[Cursor], T]) -> T:
        """`work` in a write transaction, in a worker thread; rolled back if it raises."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    def _presence_in(self, cursor: Cursor, user_id: str, *, lock: bool) -> Presence | None:
        """The user's presence; with `lock`, its row is held until the transaction ends."""
        suffix = self.LOCK_SUFFIX if lock else ""
        cursor.execute("SELECT document FROM presence WHERE user_id = ?" + suffix, (user_id,))
        row = cursor.fetchone()
        return graph_codec.decode(row[0], Presence) if row else None

    @staticmethod
    def _save(cursor: Cursor, presence: Presence) -> None:
        cursor.execute(
            "UPDATE presence SET document = ? WHERE user_id = ?",
            (graph_codec.encode(presence).decode(), presence.id),
        )

    # Presence

    async def ensure_user(self, user_id: str) -> None:
        if user_id in self._known_users:
            return
        fresh = Presence(id=user_id, availability="Available", activity="Available")
        document = graph_codec.encode(fresh).decode()

        def insert(cursor: Cursor) -> None:
            cursor.execute(
                "INSERT INTO presence VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING", (user_id, document)
            )

        await self._write(insert)
        self._known_users.add(user_id)

    async def presence(self, user_id: str) -> Presence | None:
        return await self._read(
            lambda cursor: self._shown(cursor, self._presence_in(cursor, user_id, lock=False))
        )

    async def presences(self, user_ids: list[str]) -> list[Presence]:
        if not user_ids:
            return []

        def select(cursor: Cursor) -> list[Presence]:
            marks = ", ".join("?" * len(user_ids))
            cursor.execute(f"SELECT user_id, document FROM presence WHERE user_id IN ({marks})", user_ids)
            found = {str(user_id): document for user_id, document in cursor.fetchall()}
            read = [graph_codec.decode(found[user], Presence) for user in user_ids if user in found]
            return [presence for presence in read if self._shown(cursor, presence) is not None]

        return await self._read(select)

    async def update_presence(self, user_id: str, change: Callable[[Presence], Presence]) -> Presence | None:
        def update(cursor: Cursor) -> Presence | None:
            presence = self._presence_in(cursor, user_id, lock=True)
            if presence is None:
                return None
            updated = change(presence)
            self._save(cursor, updated)
            return updated

        return await self._write(update)

    # setPresence sessions and the preferred presence

    @staticmethod
    def _state_in(cursor: Cursor, user_id: str) -> tuple[str, str]:
        """What the presence shows now: the preferred state, else the newest live session, else Available."""
        cursor.execute("SELECT availability, activity FROM preferred WHERE user_id = ?", (user_id,))
        state = cursor.fetchone()
        if state is None:
            cursor.execute(
                "SELECT availability, activity FROM session WHERE user_id = ? AND expires > ? "
                "ORDER BY expires DESC",
                (user_id, _now()),
            )
            state = cursor.fetchone()
        return (str(state[0]), str(state[1])) if state else ("Available", "Available")

    def _refreshed(self, cursor: Cursor, presence: Presence) -> None:
        """The presence saved with the state it shows now (`_state_in`)."""
        availability, activity = self._state_in(cursor, presence.id)
        if (presence.availability, presence.activity) != (availability, activity):
            presence.availability, presence.activity = availability, activity
            self._save(cursor, presence)

    def _shown(self, cursor: Cursor, presence: Presence | None) -> Presence | None:
        """The presence as a read shows it: a session that has expired since it was saved no longer counts
        (nothing is written when one expires)."""
        if presence is not None:
            presence.availability, presence.activity = self._state_in(cursor, presence.id)
        return presence

    async def add_session(
        self, user_id: str, session_id: str, availability: str, activity: str, lasts: datetime.timedelta
    ) -> bool:
        def add(cursor: Cursor) -> bool:
            presence = self._presence_in(cursor, user_id, lock=True)
            if presence is None:
                return False
            expires = (datetime.datetime.now(datetime.UTC) + lasts).isoformat()
            cursor.execute(
                "INSERT INTO session VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, session_id) DO UPDATE"
                " SET availability = excluded.availability, activity = excluded.activity,"
                " expires = excluded.expires",
                (user_id, session_id, availability, activity, expires),
            )
            self._refreshed(cursor, presence)
            return True

        return await self._write(add)

    async def remove_session(self, user_id: str, session_id: str) -> bool:
        def remove(cursor: Cursor) -> bool:
            presence = self._presence_in(cursor, user_id, lock=True)
            if presence is None:
                return False
            cursor.execute("DELETE FROM session WHERE user_id = ? AND session_id = ?", (user_id, session_id))
            if cursor.rowcount == 0:
                return False
            self._refreshed(cursor, presence)
            return True

        return await self._write(remove)

    async def set_preferred(self, user_id: str, availability: str | None, activity: str | None) -> bool:
        def set_or_clear(cursor: Cursor) -> bool:
            presence = self._presence_in(cursor, user_id, lock=True)
            if presence is None:
                return False
            if availability is None or activity is None:
                cursor.execute("DELETE FROM preferred WHERE user_id = ?", (user_id,))
            else:
                cursor.execute(
                    "INSERT INTO preferred VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
                    "availability = excluded.availability, activity = excluded.activity",
                    (user_id, availability, activity),
                )
            self._refreshed(cursor, presence)
            return True

        return await self._write(set_or_clear)

    # Unified Messaging

    async def um_settings(self, user_id: str) -> UMSettings:
        def select(cursor: Cursor) -> UMSettings:
            cursor.execute(f"SELECT {', '.join(UM_SETTINGS)} FROM um_settings WHERE user_id = ?", (user_id,))
            row = cursor.fetchone()
            return UMSettings(bool(row[0]), row[1], row[2], row[3]) if row else UMSettings()

        return await self._read(select)

    async def update_um_settings(self, user_id: str, **changes: object) -> None:
        unknown = set(changes) - set(UM_SETTINGS)
        if unknown:
            raise ValueError(f"not UM settings: {sorted(unknown)}")
        columns = sorted(changes)
        values = [int(bool(changes[c])) if c == "missed_call_notifications" else changes[c] for c in columns]
        statement = (
            f"INSERT INTO um_settings (user_id, {', '.join(columns)}) VALUES (?{', ?' * len(columns)}) "
            f"ON CONFLICT (user_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns)}"
        )

        def upsert(cursor: Cursor) -> None:
            cursor.execute(statement, (user_id, *values))

        await self._write(upsert)

    async def start_call(self, user_id: str) -> str:
        call_id = uuid.uuid4().hex

        def insert(cursor: Cursor) -> None:
            cursor.execute("INSERT INTO um_call VALUES (?, ?, ?)", (call_id, user_id, "Connected"))

        await self._write(insert)
        return call_id

    async def call_state(self, user_id: str, call_id: str) -> str | None:
        def select(cursor: Cursor) -> str | None:
            cursor.execute("SELECT state FROM um_call WHERE call_id = ? AND user_id = ?", (call_id, user_id))
            row = cursor.fetchone()
            return str(row[0]) if row else None

        return await self._read(select)

    async def end_call(self, user_id: str, call_id: str) -> bool:
        def update(cursor: Cursor) -> bool:
            cursor.execute(
                "UPDATE um_call SET state = 'Disconnected' WHERE call_id = ? AND user_id = ?",
                (call_id, user_id),
            )
            return bool(cursor.rowcount > 0)

        return await self._write(update)

    async def dump(self) -> list[tuple[object, ...]]:
        def select(cursor: Cursor) -> list[tuple[object, ...]]:
            rows: list[tuple[object, ...]] = []
            for table in TABLES:
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
                rows.extend((table, *row) for row in cursor.fetchall())
            return rows

        return await self._read(select)

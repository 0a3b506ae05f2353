"""The bridge's state in SQLite (stdlib): each user's Graph presence as its JSON document (the generated
codec keeps every field exact), setPresence sessions, UM settings and Play on Phone calls. Every change is one
transaction, so a failed request leaves nothing behind and a restart loses nothing."""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph_presence import Presence
from graph_presence import codec as graph_codec

SCHEMA = """
CREATE TABLE IF NOT EXISTS presence (user_id TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session (
    user_id TEXT NOT NULL, session_id TEXT NOT NULL, availability TEXT NOT NULL, activity TEXT NOT NULL,
    expires TEXT NOT NULL, PRIMARY KEY (user_id, session_id)
);
CREATE TABLE IF NOT EXISTS preferred (
    user_id TEXT PRIMARY KEY, availability TEXT NOT NULL, activity TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS um_settings (
    user_id TEXT PRIMARY KEY, missed_call_notifications INTEGER NOT NULL DEFAULT 1, dial_string TEXT,
    access_numbers TEXT, access_folder TEXT
);
CREATE TABLE IF NOT EXISTS um_call (call_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, state TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class UMSettings:
    missed_call_notifications: bool = True
    dial_string: str | None = None
    access_numbers: str | None = None
    access_folder: str | None = None


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        with self.transaction() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    # Presence

    def ensure_user(self, user_id: str) -> None:
        """A user who signs in has a presence (Available, as a fresh sign-in would show)."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM presence WHERE user_id = ?", (user_id,)).fetchone() is None:
                fresh = Presence(id=user_id, availability="Available", activity="Available")
                db.execute(
                    "INSERT INTO presence VALUES (?, ?)", (user_id, graph_codec.encode(fresh).decode())
                )

    def presence(self, user_id: str) -> Presence | None:
        with self.transaction() as db:
            row = db.execute("SELECT document FROM presence WHERE user_id = ?", (user_id,)).fetchone()
        return graph_codec.decode(row[0], Presence) if row else None

    def save_presence(self, presence: Presence) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO presence VALUES (?, ?)",
                (presence.id, graph_codec.encode(presence).decode()),
            )

    def presences(self, user_ids: list[str]) -> list[Presence]:
        found = [self.presence(user_id) for user_id in user_ids]
        return [presence for presence in found if presence is not None]

    # setPresence sessions and the preferred presence

    def add_session(
        self, user_id: str, session_id: str, availability: str, activity: str, lasts: datetime.timedelta
    ) -> None:
        expires = (datetime.datetime.now(datetime.UTC) + lasts).isoformat()
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO session VALUES (?, ?, ?, ?, ?)",
                (user_id, session_id, availability, activity, expires),
            )

    def remove_session(self, user_id: str, session_id: str) -> bool:
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM session WHERE user_id = ? AND session_id = ?", (user_id, session_id)
            )
            return cursor.rowcount > 0

    def current_state(self, user_id: str) -> tuple[str, str]:
        """The preferred presence, else the newest live session, else Available."""
        now = datetime.datetime.now(datetime.UTC).isoformat()
        with self.transaction() as db:
            preferred = db.execute(
                "SELECT availability, activity FROM preferred WHERE user_id = ?", (user_id,)
            ).fetchone()
            session = db.execute(
                "SELECT availability, activity FROM session WHERE user_id = ? AND expires > ? "
                "ORDER BY expires DESC",
                (user_id, now),
            ).fetchone()
        state = preferred or session
        return (str(state[0]), str(state[1])) if state else ("Available", "Available")

    def set_preferred(self, user_id: str, availability: str | None, activity: str | None) -> None:
        with self.transaction() as db:
            if availability is None or activity is None:
                db.execute("DELETE FROM preferred WHERE user_id = ?", (user_id,))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO preferred VALUES (?, ?, ?)", (user_id, availability, activity)
                )

    # Unified Messaging

    def um_settings(self, user_id: str) -> UMSettings:
        with self.transaction() as db:
            row = db.execute(
                "SELECT missed_call_notifications, dial_string, access_numbers, access_folder "
                "FROM um_settings WHERE user_id = ?",
                (user_id,),
            ).fetchone()
        return UMSettings(bool(row[0]), row[1], row[2], row[3]) if row else UMSettings()

    def update_um_settings(self, user_id: str, **changes: object) -> None:
        current = self.um_settings(user_id)
        values = {
            "missed_call_notifications": current.missed_call_notifications,
            "dial_string": current.dial_string,
            "access_numbers": current.access_numbers,
            "access_folder": current.access_folder,
            **changes,
        }
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO um_settings VALUES (?, ?, ?, ?, ?)",
                (
                    user_id,
                    int(bool(values["missed_call_notifications"])),
                    values["dial_string"],
                    values["access_numbers"],
                    values["access_folder"],
                ),
            )

    def start_call(self, user_id: str) -> str:
        call_id = uuid.uuid4().hex
        with self.transaction() as db:
            db.execute("INSERT INTO um_call VALUES (?, ?, ?)", (call_id, user_id, "Connected"))
        return call_id

    def call_state(self, user_id: str, call_id: str) -> str | None:
        with self.transaction() as db:
            row = db.execute(
                "SELECT state FROM um_call WHERE call_id = ? AND user_id = ?", (call_id, user_id)
            ).fetchone()
        return str(row[0]) if row else None

    def end_call(self, user_id: str, call_id: str) -> bool:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE um_call SET state = 'Disconnected' WHERE call_id = ? AND user_id = ?",
                (call_id, user_id),
            )
            return cursor.rowcount > 0

    def dump(self) -> list[tuple[object, ...]]:
        """Every row of every table, in a stable order: what a test compares to see that nothing changed."""
        rows: list[tuple[object, ...]] = []
        with self.transaction() as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                rows.extend((table, *row) for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2"))
        return rows

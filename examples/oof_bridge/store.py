"""The bridge's state, behind one interface with two implementations: SQLite (the embedded default, a file)
and PostgreSQL (several hosts sharing one database). Every state change is one transaction that takes the
user's presence row first, so concurrent changes to one user, from any number of workers or hosts, are
applied one after the other and none overwrites another. Store calls run in a thread pool, never on the
event loop."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from graph_presence import Presence


@dataclass(frozen=True, slots=True)
class UMSettings:
    missed_call_notifications: bool = True
    dial_string: str | None = None
    access_numbers: str | None = None
    access_folder: str | None = None


UM_SETTINGS = ("missed_call_notifications", "dial_string", "access_numbers", "access_folder")


class Store(Protocol):
    # Presence

    async def ensure_user(self, user_id: str) -> None:
        """A user who signs in has a presence (Available, as a fresh sign-in would show)."""

    async def presence(self, user_id: str) -> Presence | None: ...

    async def presences(self, user_ids: list[str]) -> list[Presence]:
        """The presences of those users that have one, in the order asked."""

    async def update_presence(self, user_id: str, change: Callable[[Presence], Presence]) -> Presence | None:
        """`change` applied to the user's presence and saved, in one transaction; None if there is none.
        `change` may raise to refuse the change: nothing is saved."""

    # setPresence sessions and the preferred presence, each refreshing the presence in the same transaction

    async def add_session(
        self, user_id: str, session_id: str, availability: str, activity: str, lasts: datetime.timedelta
    ) -> bool:
        """False if the user has no presence."""

    async def remove_session(self, user_id: str, session_id: str) -> bool:
        """False if there is no such session."""

    async def set_preferred(self, user_id: str, availability: str | None, activity: str | None) -> bool:
        """Sets (or with None, clears) the preferred presence; False if the user has no presence."""

    # Unified Messaging

    async def um_settings(self, user_id: str) -> UMSettings: ...

    async def update_um_settings(self, user_id: str, **changes: object) -> None:
        """Changes the given settings (names from `UM_SETTINGS`) and no others."""

    async def start_call(self, user_id: str) -> str: ...

    async def call_state(self, user_id: str, call_id: str) -> str | None: ...

    async def end_call(self, user_id: str, call_id: str) -> bool: ...

    # Housekeeping

    async def dump(self) -> list[tuple[object, ...]]:
        """Every row of every table, in a stable order: what a test compares to see that nothing changed."""

    async def close(self) -> None: ...


def open_store(target: str | Path) -> Store:
    """A PostgreSQL store for a `postgresql://` URL (needs psycopg), else a SQLite store in that file."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from .store_postgres import PostgresStore

        return PostgresStore(text)
    from .store_sqlite import SqliteStore

    return SqliteStore(Path(text.removeprefix("sqlite:///")))

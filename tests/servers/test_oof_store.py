"""The oof_bridge store (issue 14 item 1), the same tests on both implementations: SQLite (a file) and
PostgreSQL (a real server, where installed). Two store objects on one database stand for two worker
processes or two hosts; read-modify-writes racing through them must all be kept."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from examples.oof_bridge.packages import ensure_generated_packages

ensure_generated_packages()

from graph_presence import ItemBody, OutOfOfficeSettings, Presence, PresenceStatusMessage  # noqa: E402

from examples.oof_bridge.store import Store, UMSettings, open_store  # noqa: E402
from tests import postgres  # noqa: E402

USER = "u1"
Opener = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgresql"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens another store object on one fresh database."""
    if request.param == "sqlite":
        target = str(tmp_path / "bridge.sqlite")
    else:
        target = postgres.fresh_database(request.getfixturevalue("postgres_server"))
    yield lambda: open_store(target)


def _with_stores(count: int, opener: Opener, test: Callable[..., Awaitable[None]]) -> None:
    async def run() -> None:
        stores = [opener() for _ in range(count)]
        try:
            await stores[0].ensure_user(USER)
            await test(*stores)
        finally:
            for store in stores:
                await store.close()

    asyncio.run(run())


def _message(presence: Presence) -> str:
    message = presence.status_message
    assert message is not None and message.message is not None and message.message.content is not None
    return message.message.content


def _with_message(content: str) -> Callable[[Presence], Presence]:
    def change(presence: Presence) -> Presence:
        message = PresenceStatusMessage(message=ItemBody(content=content))
        return dataclasses.replace(presence, status_message=message)

    return change


def _with_oof(value: bool) -> Callable[[Presence], Presence]:
    def change(presence: Presence) -> Presence:
        settings = OutOfOfficeSettings(is_out_of_office=value)
        return dataclasses.replace(presence, out_of_office_settings=settings)

    return change


def _incremented(presence: Presence) -> Presence:
    time.sleep(0.0005)  # widen the window between the read and the write
    return _with_message(str(int(_message(presence)) + 1))(presence)


def test_concurrent_read_modify_writes_through_two_stores_are_all_kept(opener: Opener) -> None:
    async def test(first: Store, second: Store) -> None:
        await first.update_presence(USER, _with_message("0"))
        increments = [store.update_presence(USER, _incremented) for store in (first, second) * 50]
        await asyncio.gather(*increments)
        presence = await second.presence(USER)
        assert presence is not None and _message(presence) == "100"

    _with_stores(2, opener, test)


def test_writes_to_different_fields_of_one_presence_keep_each_other(opener: Opener) -> None:
    async def test(first: Store, second: Store) -> None:
        writes = []
        for i in range(40):
            writes.append(first.update_presence(USER, _with_message(f"m{i}")))
            writes.append(second.update_presence(USER, _with_oof(i % 2 == 1)))
        await asyncio.gather(*writes)
        presence = await first.presence(USER)
        assert presence is not None and _message(presence).startswith("m")
        assert presence.out_of_office_settings is not None
        # Each field holds one of its own writes, and neither write erased the other field.
        await first.update_presence(USER, _with_message("last"))
        await second.update_presence(USER, _with_oof(True))
        final = await first.presence(USER)
        assert final is not None and _message(final) == "last"
        assert final.out_of_office_settings == OutOfOfficeSettings(is_out_of_office=True)

    _with_stores(2, opener, test)


def test_um_settings_change_only_what_is_named(opener: Opener) -> None:
    async def test(first: Store, second: Store) -> None:
        await asyncio.gather(
            *(first.update_um_settings(USER, dial_string=f"+{i}") for i in range(20)),
            *(second.update_um_settings(USER, access_folder=f"folder{i}") for i in range(20)),
            second.update_um_settings(USER, missed_call_notifications=False),
        )
        await first.update_um_settings(USER, dial_string="+33 1")
        await second.update_um_settings(USER, access_folder="inbox")
        assert await first.um_settings(USER) == UMSettings(
            missed_call_notifications=False, dial_string="+33 1", access_folder="inbox"
        )
        assert await first.um_settings("nobody") == UMSettings()
        with pytest.raises(ValueError, match="not UM settings"):
            await first.update_um_settings(USER, colour="blue")

    _with_stores(2, opener, test)


def test_a_refused_change_saves_nothing(opener: Opener) -> None:
    async def test(store: Store) -> None:
        before = await store.dump()

        def refuse(presence: Presence) -> Presence:
            raise LookupError("no")

        with pytest.raises(LookupError):
            await store.update_presence(USER, refuse)
        assert await store.dump() == before
        assert await store.update_presence("nobody", _with_message("x")) is None
        assert await store.dump() == before

    _with_stores(1, opener, test)


def test_sessions_and_the_preferred_presence(opener: Opener) -> None:
    async def test(store: Store) -> None:
        hour = datetime.timedelta(hours=1)
        assert await store.add_session(USER, "s1", "Busy", "InACall", hour)
        assert await store.add_session(USER, "s2", "Away", "Away", hour * 2)
        presence = await store.presence(USER)
        assert presence is not None and (presence.availability, presence.activity) == ("Away", "Away")
        assert await store.set_preferred(USER, "DoNotDisturb", "Presenting")
        presence = await store.presence(USER)
        assert presence is not None and presence.availability == "DoNotDisturb"
        assert await store.set_preferred(USER, None, None)
        assert await store.remove_session(USER, "s2")
        assert not await store.remove_session(USER, "s2")
        presence = await store.presence(USER)
        assert presence is not None and (presence.availability, presence.activity) == ("Busy", "InACall")
        assert not await store.add_session("nobody", "s", "Busy", "Busy", hour)
        assert await store.presences(["nobody", USER, USER]) == [presence, presence]

    _with_stores(1, opener, test)


def test_a_session_that_has_expired_no_longer_shows(opener: Opener) -> None:
    """Nothing is written when a session expires: reads show the state of the live ones."""

    async def test(store: Store) -> None:
        assert await store.add_session(USER, "short", "Busy", "InACall", datetime.timedelta(seconds=0.3))
        presence = await store.presence(USER)
        assert presence is not None and presence.availability == "Busy"
        await asyncio.sleep(0.4)
        before = await store.dump()
        for shown in (await store.presence(USER), *await store.presences([USER])):
            assert shown is not None and (shown.availability, shown.activity) == ("Available", "Available")
        assert await store.dump() == before

    _with_stores(1, opener, test)


def test_postgres_reads_are_not_held_up_by_writes_waiting_for_a_locked_row(
    request: pytest.FixtureRequest,
) -> None:
    """Another session holds one user's row: writes to that user wait on every writer thread, and the
    reads of other users still run (they shared the threads, and waited for the lock too)."""
    import psycopg

    url = postgres.fresh_database(request.getfixturevalue("postgres_server"))

    async def test() -> None:
        store = open_store(url)
        try:
            for user in ("victim", "other"):
                await store.ensure_user(user)
            with psycopg.connect(url) as holder:
                holder.execute("SELECT * FROM presence WHERE user_id = 'victim' FOR UPDATE")
                writes = [
                    asyncio.ensure_future(store.update_presence("victim", _with_message(f"m{n}")))
                    for n in range(12)
                ]
                await asyncio.sleep(0.2)  # the writes are waiting for the row
                other = await asyncio.wait_for(store.presence("other"), 20)
                assert other is not None and not any(write.done() for write in writes)
                holder.commit()
            assert all(result is not None for result in await asyncio.gather(*writes))
        finally:
            await store.close()

    asyncio.run(test())


def test_a_write_whose_caller_went_away_while_it_waited_for_the_lock_does_not_land(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Another session holds the lock that orders this user's writes (SQLite's write lock, PostgreSQL's row
    lock); the caller gives up meanwhile. The write must not land once the lock is free: its client may
    have sent the next write already, and have it acknowledged."""
    for backend in ("sqlite", "postgresql"):
        if backend == "sqlite":
            target = str(tmp_path / "gone.sqlite")
        else:
            try:
                target = postgres.fresh_database(request.getfixturevalue("postgres_server"))
            except pytest.skip.Exception:
                continue

        async def test(target: str = target, backend: str = backend) -> None:
            store = open_store(target)
            try:
                await store.ensure_user(USER)
                holder = _lock_holder(backend, target)
                try:
                    waiting = asyncio.ensure_future(store.update_presence(USER, _with_message("given up")))
                    await asyncio.sleep(0.3)
                    waiting.cancel()
                    await asyncio.sleep(0.05)
                finally:
                    holder.commit()
                    holder.close()
                presence = await store.presence(USER)
                assert presence is not None and presence.status_message is None
                assert await store.update_presence(USER, _with_message("next")) is not None
            finally:
                await store.close()

        asyncio.run(test())


def _lock_holder(backend: str, target: str) -> Any:
    if backend == "sqlite":
        connection = sqlite3.connect(target, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        return _SqliteHolder(connection)
    import psycopg

    holder = psycopg.connect(target)
    holder.execute("SELECT * FROM presence WHERE user_id = %s FOR UPDATE", (USER,))
    return holder


class _SqliteHolder:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def test_calls(opener: Opener) -> None:
    async def test(store: Store) -> None:
        call = await store.start_call(USER)
        assert await store.call_state(USER, call) == "Connected"
        assert await store.call_state("someone else", call) is None
        assert await store.end_call(USER, call)
        assert await store.call_state(USER, call) == "Disconnected"
        assert not await store.end_call(USER, "no-such-call")

    _with_stores(1, opener, test)


def test_store_calls_leave_the_event_loop_free(opener: Opener) -> None:
    """A transaction blocked in the database does not block other requests' coroutines."""
    in_change, release = threading.Event(), threading.Event()

    def blocked(presence: Presence) -> Presence:
        in_change.set()
        assert release.wait(10), "the event loop did not run while a store call was blocked"
        return presence

    async def other_request() -> None:
        while not in_change.is_set():
            await asyncio.sleep(0.001)
        release.set()  # only reachable while `blocked` holds its thread: the loop is free

    async def test(store: Store) -> None:
        await asyncio.gather(store.update_presence(USER, blocked), other_request())

    _with_stores(1, opener, test)


# --- the verified-token cache ------------------------------------------------------------------------------


def test_a_remembered_token_is_refused_once_it_expires() -> None:
    import jwt

    from examples.oof_bridge import tokens

    token = tokens.issue("cached-user", "Presence.Read", hours=1.5 / 3600)
    header = f"Bearer {token}"
    assert tokens.verify(header) == ("cached-user", frozenset({"Presence.Read"}), False)
    assert tokens.verify(header)[0] == "cached-user"  # now from the cache
    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(header)


def test_a_token_is_remembered_only_for_its_own_key() -> None:
    from examples.oof_bridge import tokens

    first_key = "the first key, long enough for HS256"
    header = f"Bearer {tokens.issue('keyed-user', 'Presence.Read', key=first_key)}"
    assert tokens.verify(header, key=first_key)[0] == "keyed-user"
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(header, key="another key, also long enough for HS256")


def test_postgres_connections_killed_by_the_server_are_replaced_without_failing_a_request(
    request: pytest.FixtureRequest,
) -> None:
    """The server ends every connection of the pool (a restart, a failover, an administrator's
    `pg_terminate_backend`): the next requests each found a dead connection and failed, one per pooled
    connection, before the pool had replaced them."""
    import psycopg

    url = postgres.fresh_database(request.getfixturevalue("postgres_server"))

    async def test() -> None:
        store = open_store(url)
        try:
            await store.ensure_user(USER)
            for round_ in range(2):
                with psycopg.connect(url, autocommit=True) as admin:
                    ended = admin.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    ).fetchone()
                assert ended is not None and ended[0] >= 1
                for n in range(16):
                    message = f"round {round_} write {n}"
                    assert await store.update_presence(USER, _with_message(message)) is not None
                    presence = await store.presence(USER)
                    assert presence is not None and _message(presence) == message
        finally:
            await store.close()

    asyncio.run(test())

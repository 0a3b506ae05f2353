"""The writes part of the serving benchmark: how many state changes per second the oof_bridge example
acknowledges, on each store (SQLite; PostgreSQL where the tests can start one) with one worker and with two.

The load is writes only, half ``SetOofStatus`` over SOAP and half ``setStatusMessage`` over Graph, spread
over a few users so that writes to one user meet (each is one transaction holding that user's row).
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from benchmarks import serve_peers as peers
from benchmarks.load import Call, LoadResult, measure
from benchmarks.serve_soak import (
    SCOPES,
    set_oof_status_request,
    set_status_message_request,
    sign_in,
)
from benchmarks.server_process import HOST, ServerSpec, running

USERS: Final = 8
SQLITE: Final = "SQLite"
POSTGRESQL: Final = "PostgreSQL"


@dataclass(slots=True)
class WritesRow:
    store: str
    workers: int
    rounds: list[LoadResult] = field(default_factory=list)
    unavailable: str | None = None

    @property
    def median(self) -> LoadResult:
        """The round with the median rate."""
        ordered = sorted(self.rounds, key=lambda result: result.rps)
        return ordered[len(ordered) // 2]


def write_calls(tokens: dict[str, str]) -> tuple[Call, ...]:
    calls: list[Call] = []
    for number, token in enumerate(tokens.values()):
        calls.append(Call(set_oof_status_request(token, number % 2 == 0), 200))
        calls.append(Call(set_status_message_request(token, f"In a meeting ({number})"), 200))
    return tuple(calls)


@dataclass(frozen=True, slots=True)
class Database:
    store: str
    target: str | None
    """A SQLite file or a PostgreSQL URL; None when the store cannot be run here."""
    missing: str = ""


@contextlib.contextmanager
def databases() -> Iterator[list[Database]]:
    """A fresh database for each store: SQLite in a temporary folder, PostgreSQL on a server started for the
    run (tests/postgres.py, as the tests do) where one is installed."""
    from tests import postgres

    with tempfile.TemporaryDirectory(prefix="sodagen-bench-writes-") as work, contextlib.ExitStack() as stack:
        found = [Database(SQLITE, str(Path(work) / "oof.sqlite"))]
        reason = postgres.missing()
        if reason is None:
            server = stack.enter_context(postgres.postgres_server())
            found.append(Database(POSTGRESQL, postgres.fresh_database(server)))
        else:
            found.append(Database(POSTGRESQL, None, reason))
        yield found


def run_writes(
    *,
    workers: Sequence[int],
    connections: int,
    seconds: float,
    rounds: int,
    http: str,
    issue_token: Callable[[str, str], str],
) -> list[WritesRow]:
    """Each store with each number of workers: ``rounds`` measurements of ``seconds`` after a warm-up."""
    rows: list[WritesRow] = []
    with databases() as found:
        for database in found:
            for count in workers:
                row = WritesRow(database.store, count)
                rows.append(row)
                if database.target is None:
                    row.unavailable = database.missing
                    continue
                spec = ServerSpec(
                    f"oof_bridge {database.store} x{count}",
                    "benchmarks.serve_peers:oof_bridge",
                    workers=count,
                    env={peers.ENV_OOF_DB: database.target},
                    http=http,
                )
                with running([spec]) as servers:
                    load = _rounds(servers[spec.name].port, connections, seconds, rounds, issue_token)
                    row.rounds = asyncio.run(load)
    return rows


async def _rounds(
    port: int, connections: int, seconds: float, rounds: int, issue_token: Callable[[str, str], str]
) -> list[LoadResult]:
    # Users of their own per server: a PostgreSQL database is shared by the servers of one run.
    tokens = {
        f"writer-{port}-{number}": issue_token(f"writer-{port}-{number}", SCOPES) for number in range(USERS)
    }
    signed_in = LoadResult()
    await sign_in(HOST, port, tokens, signed_in)
    if signed_in.errors:
        return [signed_in]
    calls = write_calls(tokens)
    await measure(HOST, port, calls, connections=connections, seconds=min(seconds, 1.0))  # warm-up
    return [await measure(HOST, port, calls, connections=connections, seconds=seconds) for _ in range(rounds)]

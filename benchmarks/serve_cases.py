"""What the serving benchmark measures (:mod:`benchmarks.serve`): its parts and settings, the four cases and
their requests, the subjects and the apps that serve them, and the results each part keeps."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import orjson

from benchmarks import serve_peers as peers
from benchmarks.common import PROJECT
from benchmarks.documents import SET_OOF_STATUS_XML, SOAP11_NS, UM_NS
from benchmarks.load import Call, LoadResult, request_bytes
from benchmarks.slow_clients import SlowStats

PARTS: Final = ("serve", "writes", "soak", "slowloris")
SODAGEN: Final = "sodagen"
COMPILED: Final = "sodagen compiled"
"""The same stub on the compiled build of the package (mypyc: see the README's "Compiled build")."""
BARE: Final = "bare Starlette"
FASTAPI: Final = "FastAPI"
AT_LEAST_BARE: Final = 0.9
AT_LEAST_FASTAPI: Final = 1.5
WRITES_ONE_WORKER: Final = 2000.0
"""Writes/s the example must acknowledge on one worker with its default store, SQLite (a PostgreSQL server
runs on the same cores as the load here: its figure is shown without a target)."""
FLAT_MEMORY: Final = 0.10
"""Memory is flat when the server grows by at most this fraction from the middle of the soak to its end
(the first half includes warming up: caches, connections, the interpreter's free lists)."""
OPENAPI: Final = PROJECT / "generated" / "graph_presence" / "graph_presence" / "openapi.json"

Protocol = Literal["soap", "graph"]


@dataclass(frozen=True, slots=True)
class Settings:
    duration: float = 3.0
    """Seconds of one measurement (one subject, one case, one round)."""
    warmup: float = 1.0
    """Seconds of load each subject gets on each case before the first round (not counted)."""
    rounds: int = 5
    connections: int = 50
    writes_workers: tuple[int, ...] = (1, 2)
    soak_seconds: float = 30.0
    soak_clients: int = 50
    soak_workers: int = 2
    slow_clients: int = 200
    slow_interval: float = 0.5
    """Seconds between two bytes of a slow client."""
    body_timeout: float = 2.0
    """The stub's ``body_timeout`` in the slowloris part (its default is 30 s)."""
    http: str = "auto"
    parts: tuple[str, ...] = PARTS


QUICK: Final = Settings(
    duration=0.2,
    warmup=0.05,
    rounds=1,
    connections=8,
    soak_seconds=1.0,
    soak_clients=8,
    slow_clients=20,
    slow_interval=0.1,
    body_timeout=0.3,
)


# --- the requests ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    protocol: Protocol
    calls: tuple[Call, ...]


def _soap_call(operation: str, envelope: bytes) -> Call:
    headers = {"Content-Type": peers.SOAP_CONTENT_TYPE, "SOAPAction": f'"{UM_NS}/{operation}"'}
    return Call(request_bytes("POST", peers.SOAP_PATH, headers, envelope), 200)


GET_UM_PROPERTIES_XML: Final = (
    f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP11_NS}"><soap:Body>'
    f'<GetUMProperties xmlns="{UM_NS}"/></soap:Body></soap:Envelope>'
).encode()
SET_OOF_STATUS_FALSE_XML: Final = SET_OOF_STATUS_XML.replace(b"<status>true<", b"<status>false<")


def status_message(content: str) -> dict[str, Any]:
    return {
        "message": {"content": content, "contentType": "text"},
        "expiryDateTime": {"dateTime": "2022-10-18T17:05:33.207978", "timeZone": "Pacific Standard Time"},
    }


def set_status_message_call(user: str, content: str) -> Call:
    path = peers.STATUS_MESSAGE_PATH.format(user_id=user)
    body = orjson.dumps({"statusMessage": status_message(content)})
    return Call(request_bytes("POST", path, {"Content-Type": peers.JSON}, body), 200)


def get_presence_call(user: str) -> Call:
    return Call(request_bytes("GET", peers.PRESENCE_PATH.format(user_id=user)), 200)


def cases() -> tuple[Case, ...]:
    """The four cases, in table order."""
    return (
        Case(
            "SOAP SetOofStatus",
            "soap",
            tuple(_soap_call("SetOofStatus", xml) for xml in (SET_OOF_STATUS_XML, SET_OOF_STATUS_FALSE_XML)),
        ),
        Case("SOAP GetUMProperties", "soap", (_soap_call("GetUMProperties", GET_UM_PROPERTIES_XML),)),
        Case(
            "Graph setStatusMessage",
            "graph",
            tuple(set_status_message_call(user, f"Back at three ({user})") for user in peers.USERS),
        ),
        Case("Graph GET presence", "graph", tuple(get_presence_call(user) for user in peers.USERS)),
    )


# --- the subjects ----------------------------------------------------------------------------------------

FACTORIES: Final[dict[tuple[Protocol, str], str]] = {
    ("soap", SODAGEN): "benchmarks.serve_peers:sodagen_soap",
    ("soap", COMPILED): "benchmarks.serve_peers:sodagen_soap",
    ("soap", BARE): "benchmarks.serve_peers:bare_soap",
    ("graph", SODAGEN): "benchmarks.serve_peers:sodagen_graph",
    ("graph", COMPILED): "benchmarks.serve_peers:sodagen_graph",
    ("graph", BARE): "benchmarks.serve_peers:bare_graph",
    ("graph", FASTAPI): "benchmarks.serve_peers:fastapi_graph",
}
SUBJECTS: Final[dict[Protocol, tuple[str, ...]]] = {
    "soap": (SODAGEN, COMPILED, BARE),
    "graph": (SODAGEN, COMPILED, BARE, FASTAPI),
}
NO_PEER: Final = "no FastAPI peer for SOAP"
NO_PEER_WHY: Final = (
    "FastAPI validates JSON bodies against pydantic models; a SOAP service on it would be hand-written XML "
    "handling, which the bare Starlette ceiling already is"
)


def server_name(protocol: Protocol, subject: str) -> str:
    return f"{protocol}: {subject}"


@dataclass(slots=True)
class Row:
    """One subject on one case: every round's result, or why it was not measured."""

    case: str
    subject: str
    rounds: list[LoadResult] = field(default_factory=list)
    unavailable: str | None = None

    @property
    def rps(self) -> float:
        return statistics.median(result.rps for result in self.rounds)

    def over(self, other: Row) -> float:
        """This subject's req/s over `other`'s: the median of the rounds' ratios. Each round measures the
        subjects of a case back to back, so that the machine's drift from round to round (a fifth on this
        one) falls on both sides of each ratio."""
        return statistics.median(
            mine.rps / theirs.rps for mine, theirs in zip(self.rounds, other.rounds, strict=True)
        )

    @property
    def p50_ms(self) -> float:
        return statistics.median(result.p50_ms for result in self.rounds)

    @property
    def p99_ms(self) -> float:
        return statistics.median(result.p99_ms for result in self.rounds)

    @property
    def errors(self) -> int:
        return sum(result.errors for result in self.rounds)

    @property
    def measured(self) -> bool:
        return self.unavailable is None and bool(self.rounds)


@dataclass(slots=True)
class SlowlorisReport:
    without: LoadResult
    with_slow: LoadResult
    slow_headers: int
    slow_bodies: int
    stats: SlowStats

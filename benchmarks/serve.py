"""Serving benchmark: the generated stubs under uvicorn against the peers a user would otherwise serve with,
in the same run, alternating.

    python -m benchmarks.serve                      # everything, defaults (about 3.5 minutes on 2 cores)
    python -m benchmarks.serve --only serve          # one part: serve, soak or slowloris (repeatable)
    python -m benchmarks.serve --quick               # tiny durations: checks that every part runs

Parts, each printed as a markdown table:

* **serve**: requests/s, p50 and p99 of SOAP ``SetOofStatus`` and ``GetUMProperties`` and of Graph
  ``setStatusMessage`` and ``GET presence``, for the sodagen stubs (an in-memory service each), a bare
  Starlette app doing the least real work for the same requests (the ceiling), and, for Graph, FastAPI on
  the pydantic v2 models datamodel-code-generator writes from ``graph_presence/openapi.json`` (generated
  into a temporary folder at the start). There is no FastAPI peer for SOAP. Each subject is a uvicorn
  process of its own (one worker); the load client (:mod:`benchmarks.load`) runs here. Subjects are
  measured in turn, round after round (A, B, C, A, B, C, ...); each row gives the median of its rounds, and
  each ratio the median of the rounds' ratios (subjects measured back to back), so that the machine's drift
  falls on all alike. Before timing, every subject is checked to answer the
  same documents.
* **writes**: writes/s the oof_bridge example acknowledges (``SetOofStatus`` and ``setStatusMessage`` to a
  few users), on SQLite and on PostgreSQL (where one is installed), with one uvicorn worker and with two
  (:mod:`benchmarks.serve_writes`).
* **soak**: the oof_bridge example (SQLite) under uvicorn with several workers, many clients writing the
  same users over SOAP and Graph for a while; errors, stale reads, lost writes and the server's memory at
  the start, middle and end (:mod:`benchmarks.serve_soak`).
* **slowloris**: GET presence on the sodagen Graph stub with and without a crowd of connections that send
  their headers, or their body, a byte at a time (:mod:`benchmarks.slow_clients`).

The issue's targets close the output, each met or missed by how much.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib.util
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson
from lxml import etree

from benchmarks import serve_peers as peers
from benchmarks.common import BUILD_VARIABLE, COMPILED_VARIABLE, Unavailable, compiled_packages
from benchmarks.load import Answer, Call, LoadResult, call_once, measure
from benchmarks.serve_cases import (
    COMPILED,
    FACTORIES,
    FASTAPI,
    NO_PEER,
    NO_PEER_WHY,
    OPENAPI,
    PARTS,
    QUICK,
    SODAGEN,
    SUBJECTS,
    Case,
    Protocol,
    Row,
    Settings,
    SlowlorisReport,
    cases,
    get_presence_call,
    server_name,
    set_status_message_call,
    status_message,
)
from benchmarks.serve_report import (
    serve_errors,
    serve_table,
    serve_targets,
    slow_crowd_line,
    slowloris_table,
    slowloris_targets,
    soak_table,
    soak_targets,
    writes_table,
    writes_targets,
)
from benchmarks.serve_soak import SoakReport, soak
from benchmarks.serve_writes import WritesRow, run_writes
from benchmarks.server_process import HOST, ServerProcess, ServerSpec, running
from benchmarks.slow_clients import SlowStats, trickle
from examples.oof_bridge.header_deadline import TIMEOUT_VARIABLE


def generate_fastapi_models(folder: Path) -> None:
    """datamodel-code-generator's pydantic v2 models of ``openapi.json`` (request bodies included) as the
    package ``folder/graph_models``; :class:`Unavailable` when it is not installed or fails."""
    for module in ("fastapi", "datamodel_code_generator"):
        if importlib.util.find_spec(module) is None:
            raise Unavailable(f"{module} is not installed (pip install -e '.[bench]')")
    command = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(OPENAPI), "--input-file-type", "openapi",
        "--output", str(folder / peers.MODELS_PACKAGE),
        "--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11",
        "--snake-case-field", "--openapi-scopes", "schemas", "paths", "--use-operation-id-as-name",
        "--formatters", "builtin",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Unavailable(f"datamodel-codegen failed: {done.stderr.strip()[-400:]}")


def _soap_leaves(body: bytes) -> dict[str, str]:
    """Local name -> text of every element without children of a SOAP answer."""
    root = etree.fromstring(body)
    return {etree.QName(item).localname: item.text or "" for item in root.iter() if len(item) == 0}


async def _last_answer(port: int, calls: Sequence[Call]) -> Answer | str:
    """The answer to the last of ``calls``, sent in order, or why one of them failed."""
    answer: Answer | str = "no call"
    for call in calls:
        answer = await call_once(HOST, port, call.request)
        if answer.status != call.expect:
            return f"HTTP {answer.status}: {answer.body[:200]!r}"
    return answer


async def _disagreement_soap(port: int) -> str | None:
    """Why the SOAP subject at ``port`` does not answer as every subject must, or None."""
    answer = await _last_answer(port, (cases()[0].calls[0], cases()[1].calls[0]))
    if isinstance(answer, str):
        return answer
    got = _soap_leaves(answer.body)
    expected = {"OofStatus": "true", **peers.UM_PROPERTIES}
    return None if got == expected else f"GetUMProperties after SetOofStatus(true) answered {got}"


async def _disagreement_graph(port: int) -> str | None:
    """Why the Graph subject at ``port`` does not answer as every subject must, or None."""
    user = peers.USERS[0]
    answer = await _last_answer(
        port, (set_status_message_call(user, "agreement check"), get_presence_call(user))
    )
    if isinstance(answer, str):
        return answer
    got = orjson.loads(answer.body)
    expected = {**peers.seed_presence(user), "statusMessage": status_message("agreement check")}
    return None if got == expected else f"GET presence after setStatusMessage answered {got}"


# --- serve: measuring ------------------------------------------------------------------------------------


def _rotated(items: Sequence[str], by: int) -> list[str]:
    return [*items[by % len(items) :], *items[: by % len(items)]]


async def _measure_rounds(
    ports: dict[tuple[Protocol, str], int], rows: dict[tuple[str, str], Row], settings: Settings
) -> None:
    """Warm every subject up on every case, then measure them in turn, round after round."""
    measured = {key for key, row in rows.items() if row.unavailable is None}

    async def once(case: Case, subject: str, seconds: float) -> LoadResult:
        port = ports[case.protocol, subject]
        return await measure(HOST, port, case.calls, connections=settings.connections, seconds=seconds)

    for case in cases():
        for subject in SUBJECTS[case.protocol]:
            if (case.name, subject) in measured:
                await once(case, subject, settings.warmup)
    for number in range(settings.rounds):
        for case in cases():
            for subject in _rotated(SUBJECTS[case.protocol], number):
                if (case.name, subject) in measured:
                    rows[case.name, subject].rounds.append(await once(case, subject, settings.duration))
        _progress(f"serve: round {number + 1}/{settings.rounds} done")


def run_serve(settings: Settings) -> list[Row]:
    rows = {
        (case.name, subject): Row(case.name, subject)
        for case in cases()
        for subject in SUBJECTS[case.protocol]
    }
    with tempfile.TemporaryDirectory(prefix="sodagen-bench-serve-") as models:
        try:
            generate_fastapi_models(Path(models))
        except Unavailable as exc:
            _leave_out(rows, "graph", FASTAPI, str(exc))
        try:
            compiled_packages()
        except Unavailable as exc:
            for protocol in SUBJECTS:
                _leave_out(rows, protocol, COMPILED, str(exc))
        with running(_subject_specs(rows, settings, models)) as servers:
            ports = _ports_of(servers, rows)
            _check_agreement(ports, rows)
            asyncio.run(_measure_rounds(ports, rows, settings))
            for name, server in servers.items():
                if server.log_tail().strip():
                    _progress(f"{name} logged:\n{server.log_tail().strip()}")
    return list(rows.values())


def _subject_specs(rows: dict[tuple[str, str], Row], settings: Settings, models: str) -> list[ServerSpec]:
    """A server for each subject still in the running (FastAPI may fail to start: it is left out then)."""
    return [
        ServerSpec(
            server_name(protocol, subject),
            factory,
            http=settings.http,
            env={peers.ENV_MODELS: models, **_build_environment(subject)},
            required=subject not in (FASTAPI, COMPILED),
        )
        for (protocol, subject), factory in FACTORIES.items()
        if any(row.subject == subject and row.unavailable is None for row in _rows_of(rows, protocol))
    ]


def _build_environment(subject: str) -> dict[str, str]:
    """What makes a sodagen subject's server import the build it measures."""
    if subject != COMPILED:
        return {}
    return {BUILD_VARIABLE: "compiled", COMPILED_VARIABLE: str(compiled_packages())}


def _ports_of(
    servers: dict[str, ServerProcess], rows: dict[tuple[str, str], Row]
) -> dict[tuple[Protocol, str], int]:
    """The port of each subject whose server started; the others are left out of the rows."""
    ports: dict[tuple[Protocol, str], int] = {}
    for protocol, subject in FACTORIES:
        server = servers.get(server_name(protocol, subject))
        if server is not None and server.failure is not None:
            _leave_out(rows, protocol, subject, server.failure)
        elif server is not None:
            ports[protocol, subject] = server.port
    return ports


def _rows_of(rows: dict[tuple[str, str], Row], protocol: Protocol) -> list[Row]:
    return [row for row in rows.values() if _protocol_of(row.case) == protocol]


def _check_agreement(ports: dict[tuple[Protocol, str], int], rows: dict[tuple[str, str], Row]) -> None:
    """Leave out of the timing each subject that does not answer the check's documents as it must."""
    checks: dict[Protocol, Callable[[int], Any]] = {"soap": _disagreement_soap, "graph": _disagreement_graph}
    for (protocol, subject), port in ports.items():
        problem = asyncio.run(checks[protocol](port))
        if problem is not None:
            _leave_out(rows, protocol, subject, f"answers differ: {problem}")


def _leave_out(rows: dict[tuple[str, str], Row], protocol: Protocol, subject: str, why: str) -> None:
    """``subject`` is not measured on any ``protocol`` case, because ``why`` (one line in the table)."""
    for row in _rows_of(rows, protocol):
        if row.subject == subject:
            row.unavailable = " ".join(why.split())[:300]


def _protocol_of(case_name: str) -> Protocol:
    return next(case.protocol for case in cases() if case.name == case_name)


# --- soak and slowloris ----------------------------------------------------------------------------------


def run_soak(settings: Settings) -> SoakReport:
    from examples.oof_bridge.tokens import issue

    with tempfile.TemporaryDirectory(prefix="sodagen-bench-soak-") as work:
        spec = ServerSpec(
            "oof_bridge",
            "benchmarks.serve_peers:oof_bridge",
            workers=settings.soak_workers,
            env={peers.ENV_OOF_DB: str(Path(work) / "oof.sqlite")},
            http=settings.http,
        )
        with running([spec]) as servers:
            server = servers["oof_bridge"]
            report = asyncio.run(
                soak(
                    HOST,
                    server.port,
                    clients=settings.soak_clients,
                    seconds=settings.soak_seconds,
                    issue_token=issue,
                    rss_mb=server.rss_mb,
                )
            )
            tail = server.log_tail().strip()
            if tail:
                _progress(f"oof_bridge logged:\n{tail}")
    return report


def run_writes_part(settings: Settings) -> list[WritesRow]:
    from examples.oof_bridge.tokens import issue

    return run_writes(
        workers=settings.writes_workers,
        connections=settings.connections,
        seconds=settings.duration,
        rounds=settings.rounds,
        http=settings.http,
        issue_token=issue,
    )


async def _slowloris(port: int, settings: Settings) -> SlowlorisReport:
    calls = tuple(get_presence_call(user) for user in peers.USERS)
    without = await measure(HOST, port, calls, connections=settings.connections, seconds=settings.duration)
    stop = asyncio.Event()
    stats = SlowStats()
    slow_bodies = settings.slow_clients // 4
    slow_headers = settings.slow_clients - slow_bodies
    header_path = peers.PRESENCE_PATH.format(user_id=peers.USERS[0])
    body_path = peers.STATUS_MESSAGE_PATH.format(user_id=peers.USERS[0])
    crowd = [
        asyncio.create_task(trickle(HOST, port, "headers", header_path, settings.slow_interval, stop, stats))
        for _ in range(slow_headers)
    ] + [
        asyncio.create_task(trickle(HOST, port, "body", body_path, settings.slow_interval, stop, stats))
        for _ in range(slow_bodies)
    ]
    await asyncio.sleep(max(settings.slow_interval * 2, settings.warmup))  # the crowd connects
    with_slow = await measure(HOST, port, calls, connections=settings.connections, seconds=settings.duration)
    stop.set()
    await asyncio.gather(*crowd)
    return SlowlorisReport(without, with_slow, slow_headers, slow_bodies, stats)


HEADER_DEADLINE = "examples.oof_bridge.header_deadline:HeaderDeadline"
"""uvicorn's httptools protocol with a deadline on request headers (uvicorn has none): the example's."""


def _slowloris_http(settings: Settings) -> str:
    """The protocol the slowloris run serves with: the example's header deadline on httptools."""
    return HEADER_DEADLINE if _http_implementation(settings.http) == "httptools" else settings.http


def run_slowloris(settings: Settings) -> SlowlorisReport:
    spec = ServerSpec(
        "sodagen graph",
        FACTORIES["graph", SODAGEN],
        env={
            peers.ENV_BODY_TIMEOUT: str(settings.body_timeout),
            TIMEOUT_VARIABLE: str(settings.body_timeout),
        },
        http=_slowloris_http(settings),
    )
    with running([spec]) as servers:
        return asyncio.run(_slowloris(servers["sodagen graph"].port, settings))


# --- command line ----------------------------------------------------------------------------------------


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _http_implementation(choice: str) -> str:
    if choice != "auto":
        return choice
    return "httptools" if importlib.util.find_spec("httptools") else "h11"


def conditions(settings: Settings) -> str:
    return (
        f"Python {platform.python_version()}, uvicorn {metadata.version('uvicorn')} "
        f"(`--http {_http_implementation(settings.http)}`, asyncio loop), starlette "
        f"{metadata.version('starlette')}, {_version('fastapi')}, {_version('datamodel-code-generator')}"
    )


def _version(package: str) -> str:
    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} not installed"


def parse_settings(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny durations and few clients (a smoke run)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run this part only (repeatable)")
    parser.add_argument("--duration", type=float, help="seconds per measurement (default 3)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per subject and case (default 1)")
    parser.add_argument("--rounds", type=int, help="rounds of alternating measurements (default 5)")
    parser.add_argument("--connections", type=int, help="concurrent connections of the load (default 50)")
    parser.add_argument("--soak-seconds", type=float, help="length of the soak (default 30)")
    parser.add_argument("--soak-clients", type=int, help="concurrent writers in the soak (default 50)")
    parser.add_argument("--workers", type=int, dest="soak_workers", help="uvicorn workers in the soak (2)")
    parser.add_argument("--slow-clients", type=int, help="slow connections in the slowloris part (200)")
    parser.add_argument("--http", choices=("auto", "h11", "httptools"), help="uvicorn's --http (auto)")
    options = parser.parse_args(argv)
    settings = QUICK if options.quick else Settings()
    chosen = {
        name: value
        for name, value in vars(options).items()
        if name not in ("quick", "only") and value is not None
    }
    if options.only:
        chosen["parts"] = tuple(part for part in PARTS if part in options.only)
    return dataclasses.replace(settings, **chosen)


@contextmanager
def _section(title: str) -> Iterator[None]:
    _progress(f"{title}...")
    print(f"\n## {title}\n")
    yield
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(argv)
    print(f"Serving benchmark: {conditions(settings)}; {platform.machine()}, {os.cpu_count()} cores.")
    targets: list[str] = []
    if "serve" in settings.parts:
        title = (
            f"Serving: {settings.connections} connections, {settings.rounds} rounds of "
            f"{settings.duration:g} s per subject and case, alternating; median of the rounds "
            "(ratios: median of the rounds' ratios)"
        )
        with _section(title):
            rows = run_serve(settings)
            print(serve_table(rows))
            print(f"\nSOAP: {NO_PEER}: {NO_PEER_WHY}.")
            for line in serve_errors(rows):
                print(line)
            targets += serve_targets(rows)
    if "writes" in settings.parts:
        workers = " and ".join(str(count) for count in settings.writes_workers)
        title = (
            f"Writes: examples/oof_bridge, {workers} workers, {settings.connections} connections, "
            f"{settings.rounds} rounds of {settings.duration:g} s; the median round"
        )
        with _section(title):
            writes_rows = run_writes_part(settings)
            print(writes_table(writes_rows))
            for row in writes_rows:
                samples = [sample for result in row.rounds for sample in result.error_samples]
                if samples:
                    print(f"\nFirst errors of {row.store} x{row.workers}: " + "; ".join(samples)[:600])
            targets += writes_targets(writes_rows)
    if "soak" in settings.parts:
        title = (
            f"Soak: examples/oof_bridge, {settings.soak_workers} workers, {settings.soak_clients} "
            f"clients, {settings.soak_seconds:g} s"
        )
        with _section(title):
            soak_report = run_soak(settings)
            print(soak_table(soak_report, settings))
            targets += soak_targets(soak_report)
            if soak_report.load.error_samples:
                print("\nFirst errors: " + "; ".join(soak_report.load.error_samples))
    if "slowloris" in settings.parts:
        headers = "the same" if _slowloris_http(settings) == HEADER_DEADLINE else "none (h11)"
        title = (
            f"Slow clients: sodagen Graph stub (body_timeout {settings.body_timeout:g} s, header deadline "
            f"{headers}), "
            f"{settings.connections} connections of GET presence, {settings.duration:g} s per phase"
        )
        with _section(title):
            slow_report = run_slowloris(settings)
            print(slowloris_table(slow_report))
            print(f"\n{slow_crowd_line(slow_report)}")
            targets += slowloris_targets(slow_report)
    print("\n## Targets\n")
    print("\n".join(targets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

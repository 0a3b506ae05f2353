"""Codec benchmark: sodagen's generated codecs against the peers users would pick instead (issue 3, item 5).

Run from the project root::

    python -m benchmarks.codecs            # every peer, same run, same documents; prints one table
    python -m benchmarks.codecs --check    # no timing: every peer decodes the same values and round-trips
    python -m benchmarks.codecs -p 20 -o results.json   # any pyperf option passes through

Cases (documents in :mod:`benchmarks.documents`):

* Graph presence JSON, decode and encode: sodagen (``graph_presence.codec``), msgspec (typed Structs),
  pydantic v2 (aliased models), msgraph-sdk (Kiota's generated ``Presence`` and its JSON factories).
* UM SOAP 1.1 ``SetOofStatus`` request and ``GetUMPropertiesResponse`` response, decode and encode: sodagen
  (``um_service.codec``), xsdata's runtime on xsdata-generated bindings, raw lxml (the floor).

Decode times bytes -> the peer's own objects; encode times those objects -> bytes. Before timing, every peer
is checked as in ``--check``; a peer that cannot be imported or fails the check is left out of the timing
with a note, and its rows read ``n/a``. The defaults (6 worker processes x 3 values, 1 warmup, 0.1 s per
value) keep a whole run to about 2-3 minutes on 2 cores; ``-p``/``-n``/``--min-time``/``--rigorous`` change
them, ``-q`` hides pyperf's stability warnings.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

from . import peers_json, peers_xml
from .common import COMPILED_VARIABLE, Codec, Unavailable, compiled_packages
from .documents import (
    GET_UM_PROPERTIES_RESPONSE_VALUES,
    GET_UM_PROPERTIES_RESPONSE_XML,
    PRESENCE_JSON,
    SET_OOF_STATUS_VALUES,
    SET_OOF_STATUS_XML,
)

if TYPE_CHECKING:
    import pyperf  # type: ignore[import-untyped]

SODAGEN: Final = "sodagen"
COMPILED: Final = "sodagen compiled"
OPS: Final = ("decode", "encode")

DEFAULT_PROCESSES: Final = 6
DEFAULT_VALUES: Final = 3
DEFAULT_WARMUPS: Final = 1
DEFAULT_MIN_TIME: Final = 0.1


@dataclass(frozen=True, slots=True)
class Case:
    """One document and the peers that read and write it."""

    name: str
    kind: Literal["json", "xml"]
    document: bytes
    expected: Any
    """The values every peer's ``Codec.values(decode(document))`` must equal."""
    peers: dict[str, Callable[[], Codec]]


def cases() -> list[Case]:
    """The benchmark cases in table order."""
    xml = [
        Case(
            name=name,
            kind="xml",
            document=document,
            expected=expected,
            peers={peer: functools.partial(factory, name) for peer, factory in peers_xml.PEERS.items()},
        )
        for name, document, expected in (
            (peers_xml.SET_OOF_STATUS, SET_OOF_STATUS_XML, SET_OOF_STATUS_VALUES),
            (
                peers_xml.GET_UM_PROPERTIES_RESPONSE,
                GET_UM_PROPERTIES_RESPONSE_XML,
                GET_UM_PROPERTIES_RESPONSE_VALUES,
            ),
        )
    ]
    presence = Case(
        name="presence",
        kind="json",
        document=PRESENCE_JSON,
        expected=peers_json.json_values(PRESENCE_JSON, keep_null=False),
        peers=dict(peers_json.PEERS),
    )
    return [presence, *xml]


@dataclass(frozen=True, slots=True)
class Target:
    """An issue-3 target for sodagen against one peer: ``within`` F times the peer's time, or ``faster``
    than the peer by at least F."""

    kind: Literal["within", "faster"]
    factor: float

    def describe(self) -> str:
        if self.kind == "within":
            return f"sodagen within {self.factor:g}x"
        return "sodagen faster" if self.factor == 1 else f"sodagen >= {self.factor:g}x faster"

    def verdict(self, sodagen: float, peer: float) -> str:
        """``met`` or ``missed by <factor>``, with the measured ratio (sodagen/peer time for ``within``,
        peer/sodagen for ``faster``)."""
        if self.kind == "within":
            ratio = sodagen / peer
            met, missed_by = ratio <= self.factor, ratio / self.factor
        else:
            ratio = peer / sodagen
            met, missed_by = ratio >= self.factor, self.factor / ratio
        outcome = "met" if met else f"missed by {missed_by:.2f}x"
        return f"{self.describe()}: {outcome} ({ratio:.2f}x)"


TARGETS: Final[dict[tuple[str, str, str], Target]] = {
    ("json", "decode", "msgspec"): Target("within", 3),
    ("json", "encode", "msgspec"): Target("within", 3),
    ("json", "decode", "pydantic v2"): Target("faster", 1),
    ("json", "encode", "pydantic v2"): Target("faster", 1),
    ("xml", "decode", "lxml (floor)"): Target("within", 1.5),
    ("xml", "decode", "xsdata"): Target("faster", 3),
    ("xml", "encode", "xsdata"): Target("faster", 5),
}
"""(case kind, operation, peer) -> the issue's target for sodagen against that peer."""


# --- checking -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PeerStatus:
    """The outcome of checking one peer on one case."""

    case: str
    peer: str
    unavailable: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.unavailable is None and not self.problems


def _verify(case: Case, peer: str, codec: Codec, status: PeerStatus) -> None:
    obj = codec.decode(case.document)
    got = codec.values(obj)
    if got != case.expected:
        status.problems.append(
            f"decoded values differ:\n    got      {got!r}\n    expected {case.expected!r}"
        )
    data = codec.encode(obj)
    if not isinstance(data, bytes):
        status.problems.append(f"encode returned {type(data).__name__}, not bytes")
        return
    again = codec.values(codec.decode(data))
    if again != case.expected:
        status.problems.append(f"decode(encode(x)) differs: {again!r}")
    if case.kind == "xml":
        wire, original = peers_xml.xml_body_tree(data), peers_xml.xml_body_tree(case.document)
        if wire != original:
            status.problems.append(f"encoded body differs:\n    got      {wire!r}\n    expected {original!r}")
        return
    status.notes.extend(
        f"writes {path} as {got!r} (document: {want!r})"
        for path, got, want in _string_changes(json.loads(data), json.loads(case.document))
    )
    wire, original = (peers_json.json_values(d, keep_null=True) for d in (data, case.document))
    if wire == original:
        return
    loose_wire, loose_original = (peers_json.json_values(d, keep_null=False) for d in (data, case.document))
    if not peers_json.KEEPS_NULL.get(peer, True) and loose_wire == loose_original:
        status.notes.append(f"{peer} does not write an explicit null back (known Kiota behaviour)")
    else:
        status.problems.append(f"encoded JSON differs:\n    got      {wire!r}\n    expected {original!r}")


def _string_changes(got: Any, want: Any, path: str = "") -> Iterable[tuple[str, str, str]]:
    """Strings written differently from the document (same values after normalising, such as a date-time
    cut to microseconds): reported as notes, not failures."""
    if isinstance(got, dict) and isinstance(want, dict):
        for key in want.keys() & got.keys():
            yield from _string_changes(got[key], want[key], f"{path}.{key}" if path else key)
    elif isinstance(got, str) and isinstance(want, str) and got != want:
        yield path, got, want


def check_case(case: Case, peer: str) -> PeerStatus:
    """Set up ``peer`` on ``case`` and check it once (no timing)."""
    status = PeerStatus(case=case.name, peer=peer)
    try:
        codec = case.peers[peer]()
    except Unavailable as exc:
        status.unavailable = str(exc)
        return status
    except Exception as exc:  # a peer that breaks while being set up is reported, not fatal
        status.problems.append(f"setup failed: {type(exc).__name__}: {exc}")
        return status
    try:
        _verify(case, peer, codec, status)
    except Exception as exc:
        status.problems.append(f"{type(exc).__name__}: {exc}")
    return status


def check_all(selected: Iterable[Case] | None = None) -> list[PeerStatus]:
    """Check every peer of every case once."""
    return [check_case(case, peer) for case in (selected or cases()) for peer in case.peers]


def check_peers(required: Iterable[str] = ()) -> list[str]:
    """Run each peer once on each document, without timing, and assert that every peer decodes the same
    values and encodes a document that parses back to the same values (XML: same body element tree; JSON:
    same values, explicit ``null`` included except for peers known to drop it).

    Peers that cannot be imported are skipped with a note, unless named in ``required`` (for example
    ``{"sodagen"}``). Returns the notes; raises ``AssertionError`` listing every problem.
    """
    required = set(required)
    notes: list[str] = []
    problems: list[str] = []
    for status in check_all():
        where = f"{status.case} / {status.peer}"
        if status.unavailable is not None:
            (problems if status.peer in required else notes).append(f"{where}: skipped: {status.unavailable}")
        problems.extend(f"{where}: {problem}" for problem in status.problems)
        notes.extend(f"{where}: {note}" for note in status.notes)
    if problems:
        raise AssertionError("peer check failed:\n" + "\n".join(problems))
    return notes


# --- timing ---------------------------------------------------------------------------------------------


def _time_func(setup: Callable[[], Codec], op: str, document: bytes) -> Callable[[int], float]:
    """A pyperf time function for ``op`` of the peer ``setup`` builds. Set up lazily, outside the clock, so
    that a worker process only imports the peer it times; the first decode and encode are not timed."""
    call: list[tuple[Callable[[Any], Any], Any]] = []

    def time_func(loops: int) -> float:
        if not call:
            codec = setup()
            decoded = codec.decode(document)  # first calls outside the clock (lazy imports, caches)
            codec.encode(decoded)
            call.append((codec.decode, document) if op == "decode" else (codec.encode, decoded))
        function, argument = call[0]
        iterations = itertools.repeat(None, loops)
        start = time.perf_counter()
        for _ in iterations:
            function(argument)
        return time.perf_counter() - start

    return time_func


def _label(case: Case, op: str) -> str:
    return f"{case.kind.upper()} {op} {case.name}"


def _key(case: Case, peer: str) -> str:
    return f"{case.name}/{peer}"


def _format_table(rows: Sequence[tuple[str, str, str, Any]]) -> str:
    """The result table; ``rows`` are (case label, peer, "kind/op", pyperf.Benchmark or None). Each peer's
    time is compared with sodagen's pure-Python build and with its compiled build, each against the
    issue's target for that peer."""
    header = (
        "case",
        "peer",
        "mean us/op",
        "peer/sodagen",
        "peer/compiled",
        "target (pure build)",
        "target (compiled build)",
    )
    lines: list[tuple[str, ...]] = [header]
    by_label: dict[str, dict[str, Any]] = {}
    for label, peer, _, bench in rows:
        by_label.setdefault(label, {})[peer] = bench
    for label, peer, kind_op, bench in rows:
        mean = bench.mean() if bench is not None else None
        if mean is None:
            shown = "n/a"
        else:
            spread = f" +- {bench.stdev() * 1e6:.2f}" if bench.get_nvalue() > 1 else ""
            shown = f"{mean * 1e6:.2f}{spread}"
        kind, op = kind_op.split("/")
        target = TARGETS.get((kind, op, peer))
        cells: list[str] = [label, peer, shown]
        verdicts: list[str] = []
        for build in (SODAGEN, COMPILED):
            base_bench = by_label[label].get(build)
            base = base_bench.mean() if base_bench is not None else None
            cells.append(f"{mean / base:.2f}x" if mean is not None and base is not None else "n/a")
            if target is None:
                verdicts.append("")
            elif mean is None or base is None:
                verdicts.append(f"{target.describe()}: n/a")
            else:
                verdicts.append(target.verdict(base, mean))
        lines.append((*cells, *verdicts))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [
            cell.ljust(width) if i < 2 or i >= 5 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("-" * len(out[0]))
    return "\n".join(out)


def _forward_to_workers(cmd: list[str], args: argparse.Namespace) -> None:
    if args.compiled_packages:  # pyperf's workers do not inherit the environment
        cmd.extend(("--compiled-packages", args.compiled_packages))
    if args.xsdata_bindings:
        cmd.extend(("--xsdata-bindings", args.xsdata_bindings))
    for key in args.skip:
        cmd.extend(("--skip", key))


def _runner() -> pyperf.Runner:
    import pyperf

    runner = pyperf.Runner(
        processes=DEFAULT_PROCESSES,
        values=DEFAULT_VALUES,
        warmups=DEFAULT_WARMUPS,
        min_time=DEFAULT_MIN_TIME,
        program_args=("-m", "benchmarks.codecs"),
        add_cmdline_args=_forward_to_workers,
    )
    parser = runner.argparser
    parser.description = "Benchmark sodagen's generated codecs against their peers (pyperf options apply)."
    parser.add_argument(
        "--check", action="store_true", help="no timing: run every peer once and check the values agree"
    )
    parser.add_argument("--xsdata-bindings", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--compiled-packages", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--skip", action="append", default=[], help=argparse.SUPPRESS)
    return runner


def main(argv: Sequence[str] | None = None) -> int:
    runner = _runner()
    args = runner.parse_args(None if argv is None else list(argv))

    if args.check:
        try:
            notes = check_peers()
        except AssertionError as exc:
            print(exc, file=sys.stderr)
            return 1
        for note in notes:
            print(f"note: {note}")
        print(f"check passed: {len(cases())} documents, every available peer agrees")
        return 0

    all_cases = cases()
    if args.compiled_packages:
        os.environ[COMPILED_VARIABLE] = args.compiled_packages
    elif not args.worker:
        try:
            args.compiled_packages = str(compiled_packages())
        except Unavailable as exc:
            print(f"note: sodagen compiled: {exc}")
    if args.worker:
        with contextlib.suppress(Unavailable):  # then the parent skipped xsdata: no worker times it
            peers_xml.use_xsdata_bindings(args.xsdata_bindings)
    else:
        try:
            args.xsdata_bindings = peers_xml.use_xsdata_bindings(None)
        except Unavailable as exc:
            print(f"note: {exc}")
        for status in check_all(all_cases):
            where = f"{status.case} / {status.peer}"
            if status.unavailable is not None:
                print(f"note: {where}: skipped (n/a): {status.unavailable}")
            for problem in status.problems:
                print(f"note: {where}: skipped (n/a), check failed: {problem}")
            for note in status.notes:
                print(f"note: {where}: {note}")
            if not status.usable:
                args.skip.append(f"{status.case}/{status.peer}")

    skip = set(args.skip)
    rows: list[tuple[str, str, str, Any]] = []
    for case in all_cases:
        for op in OPS:
            for peer, setup in case.peers.items():
                bench = None
                if _key(case, peer) not in skip:
                    name = f"{_label(case, op)} [{peer}]"
                    bench = runner.bench_time_func(name, _time_func(setup, op, case.document))
                rows.append((_label(case, op), peer, f"{case.kind}/{op}", bench))

    if not args.worker:
        print()
        print(_format_table(rows))
        print()
        print(
            "mean us/op: pyperf mean +- standard deviation per operation; peer/sodagen > 1: sodagen faster. "
            f"Python {sys.version.split()[0]}, {args.processes} processes x {args.values} values."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

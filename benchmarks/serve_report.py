"""The serving benchmark's report (:mod:`benchmarks.serve`): a markdown table per part, and each of the
issue's targets met or missed by how much."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from benchmarks.load import LoadResult
from benchmarks.serve_cases import (
    AT_LEAST_BARE,
    AT_LEAST_FASTAPI,
    BARE,
    COMPILED,
    FASTAPI,
    FLAT_MEMORY,
    NO_PEER,
    SODAGEN,
    SUBJECTS,
    WRITES_ONE_WORKER,
    Row,
    Settings,
    SlowlorisReport,
    cases,
)
from benchmarks.serve_soak import SoakReport
from benchmarks.serve_writes import SQLITE, WritesRow

# --- the report ------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if flush else "---" for flush in right) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


SERVE_HEADER: Final = (
    "Case",
    "Subject",
    "req/s",
    "p50 (ms)",
    "p99 (ms)",
    "errors",
    "sodagen / subject (req/s; pure / compiled)",
)


def serve_table(rows: Sequence[Row]) -> str:
    by_key = {(row.case, row.subject): row for row in rows}
    lines: list[list[str]] = []
    for case in cases():
        subjects = SUBJECTS[case.protocol] if case.protocol == "graph" else (*SUBJECTS["soap"], FASTAPI)
        for index, subject in enumerate(subjects):
            label = case.name if index == 0 else ""
            row = by_key.get((case.name, subject))
            if row is None:
                lines.append([label, subject, "—", "—", "—", "—", NO_PEER])
            elif not row.measured:
                lines.append([label, subject, "n/a", "n/a", "n/a", "n/a", f"not measured: {row.unavailable}"])
            else:
                measured = [_number(row.rps), _ms(row.p50_ms), _ms(row.p99_ms), str(row.errors)]
                lines.append([label, subject, *measured, _ratio_cell(by_key, case.name, subject)])
    return table(SERVE_HEADER, lines, (False, False, True, True, True, True, True))


def serve_errors(rows: Sequence[Row]) -> list[str]:
    """The first errors of each row that had any."""
    return [
        f"First errors of {row.subject} on {row.case}: "
        + "; ".join(sample for result in row.rounds for sample in result.error_samples)[:600]
        for row in rows
        if row.errors
    ]


def _ratio_cell(by_key: dict[tuple[str, str], Row], case: str, subject: str) -> str:
    """sodagen's req/s over the subject's, for the pure build and (where measured) the compiled one."""
    if subject in (SODAGEN, COMPILED) or not by_key[case, subject].measured:
        return ""
    ratios = [
        f"{by_key[case, build].over(by_key[case, subject]):.2f}x"
        for build in (SODAGEN, COMPILED)
        if by_key[case, build].measured
    ]
    return " / ".join(ratios)


def soak_table(report: SoakReport, settings: Settings) -> str:
    memory = " / ".join(f"{report.rss_mb[when]:.0f}" for when in ("start", "middle", "end"))
    cells = {
        "Clients": str(report.clients),
        "Workers": str(settings.soak_workers),
        "Users": str(report.users),
        "Seconds": f"{report.seconds:.1f}",
        "Requests": _number(report.load.requests),
        "req/s": _number(report.load.rps),
        "p99 (ms)": _ms(report.load.p99_ms),
        "errors": str(report.load.errors),
        "writes acknowledged": _number(report.writes_acked),
        "stale reads": str(report.stale_reads),
        "lost writes": f"{report.lost_writes} of {report.fields_checked}",
        "server RSS start / middle / end (MB)": memory,
    }
    return table(tuple(cells), [list(cells.values())], (True,) * (len(cells) - 1) + (False,))


def writes_table(rows: Sequence[WritesRow]) -> str:
    header = ("Store", "Workers", "writes/s", "p50 (ms)", "p99 (ms)", "errors", "/ one worker")
    lines = []
    for row in rows:
        if row.unavailable is not None:
            lines.append(
                [row.store, str(row.workers), "n/a", "n/a", "n/a", "n/a", f"not run: {row.unavailable}"]
            )
            continue
        one = next(other for other in rows if other.store == row.store and other.workers == 1)
        gain = f"{row.median.rps / one.median.rps:.2f}x" if one.rounds and row.workers != 1 else ""
        errors = str(sum(result.errors for result in row.rounds))
        lines.append([row.store, str(row.workers), *_load_cells(row.median)[:3], errors, gain])
    return table(header, lines, (False, True, True, True, True, True, True))


def slowloris_table(report: SlowlorisReport) -> str:
    header = ("Phase", "slow connections", "req/s", "p50 (ms)", "p99 (ms)", "errors")
    total = report.slow_headers + report.slow_bodies
    crowd = f"{total} ({report.slow_headers} headers, {report.slow_bodies} bodies)"
    rows = [
        ["GET presence alone", "0", *_load_cells(report.without)],
        ["GET presence among slow clients", crowd, *_load_cells(report.with_slow)],
    ]
    return table(header, rows, (False, False, True, True, True, True))


def _load_cells(result: LoadResult) -> list[str]:
    return [_number(result.rps), _ms(result.p50_ms), _ms(result.p99_ms), str(result.errors)]


def slow_crowd_line(report: SlowlorisReport) -> str:
    stats = report.stats
    answers = ", ".join(f"{count} x {status}" for status, count in sorted(stats.answered.items())) or "none"
    return (
        f"Slow connections opened {stats.connections} (reopened when the server let go); ended by the "
        f"server {stats.closed_by_server}; answers to them: {answers}; refused {stats.refused}."
    )


# --- targets ---------------------------------------------------------------------------------------------


def at_least(label: str, ratio: float, target: float) -> str:
    if ratio >= target:
        return f"- {label} ≥ {target:g}x: met ({ratio:.2f}x)"
    return f"- {label} ≥ {target:g}x: **missed** by {target / ratio:.2f}x ({ratio:.2f}x)"


def zero(label: str, count: int) -> str:
    return f"- {label}: zero: met" if count == 0 else f"- {label}: zero: **missed**, {count}"


def serve_targets(rows: Sequence[Row]) -> list[str]:
    by_key = {(row.case, row.subject): row for row in rows}
    lines = []
    for case, build in ((case, build) for case in cases() for build in (SODAGEN, COMPILED)):
        sodagen = by_key[case.name, build]
        for peer, target in ((BARE, AT_LEAST_BARE), (FASTAPI, AT_LEAST_FASTAPI)):
            label = f"{case.name}, {build} / {peer} req/s"
            other = by_key.get((case.name, peer))
            if other is None:
                continue
            if not (sodagen.measured and other.measured):
                lines.append(
                    f"- {label} ≥ {target:g}x: not measured ({sodagen.unavailable or other.unavailable})"
                )
            else:
                lines.append(at_least(label, sodagen.over(other), target))
    lines.append(zero("serve: errors (every subject)", sum(row.errors for row in rows)))
    return lines


def soak_targets(report: SoakReport) -> list[str]:
    start, middle, end = (report.rss_mb[when] for when in ("start", "middle", "end"))
    growth = end / middle - 1 if middle else 0.0
    flat = "met" if growth <= FLAT_MEMORY else "**missed**"
    return [
        zero("soak: errors", report.load.errors),
        zero("soak: lost writes", report.lost_writes),
        f"- soak: flat memory (middle to end within +{FLAT_MEMORY:.0%}): {flat} "
        f"({start:.0f} / {middle:.0f} / {end:.0f} MB, {growth:+.1%} from the middle)",
        f"- soak: stale reads (no target; a read after an acknowledged write): {report.stale_reads}",
    ]


def writes_targets(rows: Sequence[WritesRow]) -> list[str]:
    lines = []
    for row in rows:
        if row.unavailable is not None:
            continue
        errors = sum(result.errors for result in row.rounds)
        lines.append(zero(f"writes: errors, {row.store} x{row.workers}", errors))
        if row.workers == 1 and row.store != SQLITE:
            lines.append(
                f"- writes: {row.store}, one worker (no target; it shares the cores): {row.median.rps:,.0f}/s"
            )
        elif row.workers == 1:
            rate = row.median.rps
            verdict = "met" if rate >= WRITES_ONE_WORKER else f"**missed** by {WRITES_ONE_WORKER / rate:.2f}x"
            lines.append(
                f"- writes: {row.store}, one worker ≥ {WRITES_ONE_WORKER:,.0f}/s: {verdict} ({rate:,.0f}/s)"
            )
        else:
            one = next(other for other in rows if other.store == row.store and other.workers == 1)
            gain = row.median.rps / one.median.rps
            verdict = "met" if gain > 1 else "**missed**"
            lines.append(
                f"- writes: {row.store}, {row.workers} workers more than one: {verdict} ({gain:.2f}x)"
            )
    return lines


def slowloris_targets(report: SlowlorisReport) -> list[str]:
    served = report.with_slow.rps / report.without.rps if report.without.rps else 0.0
    return [
        zero("slowloris: errors of normal requests among slow clients", report.with_slow.errors),
        f"- slowloris: normal requests still served: {'met' if report.with_slow.rps > 0 else '**missed**'} "
        f"({served:.2f}x the req/s without slow clients)",
    ]

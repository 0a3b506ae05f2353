"""The serving benchmark runs whole in its quick mode (`python -m benchmarks.serve --quick`, a few seconds):
every table row is there, measured (PostgreSQL where it is installed), and without errors. Speed itself
is measured by the benchmark, never asserted in tests. And the soak's account of lost writes counts what
it should."""

from __future__ import annotations

import importlib.util
import re

import pytest

from benchmarks import serve, serve_cases
from benchmarks.serve_soak import Field, Ledger, count_lost_writes
from tests import postgres
from tests.compiled_build import cannot_compile

PEERS = ("fastapi", "datamodel_code_generator", "jwt", "uvicorn")


def sections(output: str) -> dict[str, str]:
    """The text under each `## ` heading, by the heading's first word."""
    found: dict[str, str] = {}
    for block in output.split("\n## ")[1:]:
        title, _, body = block.partition("\n")
        found[title.split()[0].rstrip(":")] = body
    return found


def table_rows(text: str) -> list[dict[str, str]]:
    """The markdown table in `text` as rows of {column: cell}, empty cells filled from the row above."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows: list[dict[str, str]] = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        row = dict(zip(header, cells, strict=True))
        if rows and not row[header[0]]:
            row[header[0]] = rows[-1][header[0]]
        rows.append(row)
    return rows


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in PEERS),
    reason="the serving benchmark's peers are not installed: pip install -e '.[bench,examples]'",
)
def test_the_quick_run_measures_every_row_without_errors(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    compiles = cannot_compile() is None
    if compiles:
        request.getfixturevalue("compiled_packages")  # built once for the session
    assert serve.main(["--quick"]) == 0
    output = capsys.readouterr().out
    parts = sections(output)
    assert set(parts) == {"Serving", "Writes", "Soak", "Slow", "Targets"}, output

    serving = {(row["Case"], row["Subject"]): row for row in table_rows(parts["Serving"])}
    names = [case.name for case in serve_cases.cases()]
    subjects = ("sodagen", "sodagen compiled", "bare Starlette", "FastAPI")
    assert set(serving) == {(case, subject) for case in names for subject in subjects}
    ratio = "sodagen / subject (req/s; pure / compiled)"
    for (case, subject), row in serving.items():
        if case.startswith("SOAP") and subject == "FastAPI":
            assert row[ratio].startswith("no FastAPI peer for SOAP")
            continue
        if subject == "sodagen compiled" and not compiles:
            assert row[ratio].startswith("not measured: "), row
            continue
        assert row["req/s"] != "n/a", row  # left out: the row says why
        assert number(row["req/s"]) > 0 and number(row["p99 (ms)"]) > 0, row
        assert row["errors"] == "0", row
        if not subject.startswith("sodagen"):
            assert re.fullmatch(r"[0-9.]+x( / [0-9.]+x)?" if compiles else r"[0-9.]+x", row[ratio]), row

    writes = table_rows(parts["Writes"])
    assert [(row["Store"], row["Workers"]) for row in writes] == [
        (store, workers) for store in ("SQLite", "PostgreSQL") for workers in ("1", "2")
    ]
    postgres_runs = postgres.missing() is None
    for row in writes:
        if row["Store"] == "PostgreSQL" and not postgres_runs:
            assert row["/ one worker"].startswith("not run: "), row
            continue
        assert row["errors"] == "0" and number(row["writes/s"]) > 0, row

    (soak,) = table_rows(parts["Soak"])
    assert soak["errors"] == "0" and number(soak["Requests"]) > 0, soak
    lost = re.fullmatch(r"(\d+) of (\d+)", soak["lost writes"])
    assert lost is not None and int(lost[2]) == serve_cases.QUICK.soak_clients, (
        soak
    )  # every writer was acknowledged
    memory = [number(value) for value in soak["server RSS start / middle / end (MB)"].split(" / ")]
    assert len(memory) == 3 and all(value > 0 for value in memory), soak

    slow = table_rows(parts["Slow"])
    assert [row["Phase"] for row in slow] == ["GET presence alone", "GET presence among slow clients"]
    assert all(row["errors"] == "0" and number(row["req/s"]) > 0 for row in slow), slow
    assert "Slow connections opened" in parts["Slow"]

    targets = [line for line in parts["Targets"].splitlines() if line.startswith("- ")]
    writes_targets = 8 if postgres_runs else 4  # errors and rate, per store and number of workers
    ratios = 2 * 6  # each build against bare (4 cases) and FastAPI (the 2 Graph cases)
    assert len(targets) == ratios + 1 + writes_targets + 4 + 2, targets  # serve errors, soak, slowloris
    assert compiles == ("not measured" not in output), output
    assert all(re.search(r": (met|\*\*missed\*\*)|no target", line) for line in targets), targets
    assert all(": met" in line for line in targets if "errors" in line), targets


def test_a_lost_write_is_a_final_value_that_is_not_the_last_acknowledged() -> None:
    kept, lost, unsure, never = Ledger(), Ledger(), Ledger(), Ledger()
    for ledger in (kept, lost, unsure):
        ledger.ack("first")
        ledger.ack("second")
    unsure.unsure.append("third")  # written, but its answer was an error: it may have happened
    ledgers: dict[tuple[str, Field], Ledger] = {
        ("u1", "statusMessage"): kept,
        ("u1", "isOutOfOffice"): never,  # never acknowledged: not checked
        ("u2", "statusMessage"): lost,
        ("u3", "statusMessage"): unsure,
        ("u4", "statusMessage"): kept,  # its user's presence could not be read at the end
    }
    documents = {
        "u1": {"statusMessage": {"message": {"content": "second"}}},
        "u2": {"statusMessage": {"message": {"content": "first"}}},
        "u3": {"statusMessage": {"message": {"content": "third"}}},
    }
    assert count_lost_writes(ledgers, documents) == (2, 4)

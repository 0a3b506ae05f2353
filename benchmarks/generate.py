"""Generation at real scale, sodagen and xsdata in the same run on the same files (issue 13 item 6).

    python -m benchmarks.generate                  # every case whose schema is in ../shared
    python -m benchmarks.generate ews ipxact       # some cases
    python -m benchmarks.generate --list

Per case: sodagen *cold* (an empty formatting cache and output folder), the same with `--formatter ruff`
(into another folder), sodagen *warm* (`sodagen check` on the unchanged tree, which its record of the
cold run answers), sodagen after *one type's documentation changed* (a copy of the schemas with one
documentation text edited, `generate` into the warm tree; the cell says how many files that wrote), and, for
XSD and WSDL, xsdata (`xsdata generate --structure-style single-package`, models only) on the same files.
Each run is a fresh process, timed by wall clock, its peak memory the largest resident set of it and its
children (sodagen's formatting workers). Third-party schemas are read from ../shared, never copied into the
project: the edited copy lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import PROJECT

REFERENCE = PROJECT.parent / "shared" / "reference"

# Runs a command, then reports its wall time and the largest resident set among its processes.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
report = {"seconds": seconds, "peak_kb": peak, "returncode": done.returncode, "stderr": done.stderr[-800:]}
report["stdout"] = done.stdout[-800:]
print(json.dumps(report))
"""


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    title: str
    folder: Path
    """The folder holding the schema files (copied whole for the edited run)."""
    spec: str
    """The spec, relative to `folder`."""
    roots: tuple[str, ...] = ()
    xsdata: bool = True
    edit: Callable[[Path], None] = field(default=lambda folder: None)
    """Changes one type's documentation in a copy of `folder`."""

    @property
    def present(self) -> bool:
        return (self.folder / self.spec).is_file()


def _edit_xsd_documentation(folder: Path) -> None:
    """The first `xs:documentation` of the schemas, in path order, gets a word more."""
    for path in sorted(folder.rglob("*.xsd")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"<(\w+:)?documentation[^>]*>", text)
        if found:
            path.write_text(text[: found.end()] + "Changed. " + text[found.end() :], encoding="utf-8")
            return
    raise RuntimeError(f"no xs:documentation under {folder}")


def _edit_csdl_description(folder: Path) -> None:
    """Entity type `user` gets a Core.Description annotation (the real metadata carries few)."""
    for path in sorted(folder.glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r'<EntityType Name="user"[^>]*[^/]>', text)
        if found:
            note = '<Annotation Term="Org.OData.Core.V1.Description" String="Changed."/>'
            path.write_text(text[: found.end()] + note + text[found.end() :], encoding="utf-8")
            return
    raise RuntimeError(f"no EntityType user under {folder}")


CASES = (
    Case(
        "ews",
        "Exchange Online `services.wsdl`",
        REFERENCE / "ews" / "exchange-online-V2018_01_08",
        "services.wsdl",
        edit=_edit_xsd_documentation,
    ),
    Case(
        "ipxact",
        "IP-XACT `index.xsd`",
        REFERENCE / "xsd-corpus" / "ipxact" / "schemas",
        "index.xsd",
        edit=_edit_xsd_documentation,
    ),
    Case(
        "graph-root",
        "Graph v1.0, root `microsoft.graph.user`",
        REFERENCE / "graph",
        "cleanMetadata-v1.0.xml",
        roots=("microsoft.graph.user",),
        xsdata=False,
        edit=_edit_csdl_description,
    ),
    Case(
        "graph-full",
        "Graph v1.0 `cleanMetadata-v1.0.xml`, no roots",
        REFERENCE / "graph",
        "cleanMetadata-v1.0.xml",
        xsdata=False,
        edit=_edit_csdl_description,
    ),
)


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""
    written: int | None = None
    """How many files sodagen's `generate` wrote or removed (its summary line)."""

    def cell(self) -> str:
        text = f"{self.seconds:.1f} s, {self.peak_mb:.0f} MB"
        if not self.ok:
            return f"{text} (failed: {self.note})"
        return text if self.written is None else f"{text} ({self.written} written)"


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> Measure:
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(cwd), *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    note = " ".join(str(report["stderr"]).split())[-200:]
    counts = re.findall(r"(\d+) written or removed", str(report["stdout"]))
    written = sum(int(count) for count in counts) if counts else None
    return Measure(report["seconds"], report["peak_kb"] / 1024, report["returncode"] == 0, note, written)


def _sodagen(command: str, spec: Path, out: Path, case: Case, *extra: str) -> list[str]:
    roots = [part for root in case.roots for part in ("--root", root)]
    options = ["--spec", str(spec), "--package", "bench", "--out", str(out), *roots, *extra]
    return [sys.executable, "-m", "generator", command, *options]


def _lines(out: Path) -> int:
    return sum(len(path.read_text(encoding="utf-8").splitlines()) for path in out.rglob("*.py"))


def run_case(case: Case, work: Path) -> dict[str, str]:
    cache = work / "cache"
    env = {**os.environ, "SODAGEN_CACHE_DIR": str(cache), "PYTHONPATH": str(PROJECT)}
    spec = case.folder / case.spec
    out = work / "out"
    row = {"case": case.title}
    cold = measure(_sodagen("generate", spec, out, case), PROJECT, env)
    row["cold"] = cold.cell()
    row["lines"] = f"{_lines(out):,}" if cold.ok else "n/a"
    ruff = measure(_sodagen("generate", spec, work / "out-ruff", case, "--formatter", "ruff"), PROJECT, env)
    row["ruff"] = ruff.cell()
    row["warm"] = measure(_sodagen("check", spec, out, case), PROJECT, env).cell()
    edited = work / "edited"
    shutil.copytree(case.folder, edited)
    case.edit(edited)
    row["edit"] = measure(_sodagen("generate", edited / case.spec, out, case), PROJECT, env).cell()
    if case.xsdata:
        target = work / "xsdata"
        target.mkdir()
        # One package, as sodagen makes (xsdata's default layout refuses IP-XACT's circular imports).
        command = [sys.executable, "-m", "xsdata", "generate", str(spec), "--package", "bench"]
        command += ["--structure-style", "single-package"]
        xsdata = measure(command, target, env)
        row["xsdata"] = xsdata.cell()
        ratios = [
            f"{run.seconds / xsdata.seconds:.1f}x" if run.ok and xsdata.ok else "n/a" for run in (cold, ruff)
        ]
        row["ratio"] = " / ".join(ratios)
    else:
        row["xsdata"] = "—"
        row["ratio"] = "—"
    return row


HEADER = (
    "Case",
    "sodagen cold",
    "lines",
    "sodagen cold, `--formatter ruff`",
    "sodagen check (warm)",
    "one type's doc changed",
    "xsdata",
    "cold / xsdata (black / ruff)",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", nargs="*", help="case names (default: every case whose schema is present)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    options = parser.parse_args(argv)
    if options.list:
        for case in CASES:
            print(f"{case.name:12} {case.title}{'' if case.present else ' (absent: ../shared)'}")
        return 0
    unknown = set(options.cases) - {case.name for case in CASES}
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    chosen = [case for case in CASES if not options.cases or case.name in options.cases]
    rows = []
    for case in chosen:
        if not case.present:
            print(f"skipped {case.name}: {case.folder / case.spec} is absent (../shared)", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix=f"sodagen-bench-{case.name}-") as work:
            row = run_case(case, Path(work))
        print(" | ".join(row.values()), file=sys.stderr, flush=True)
        rows.append(row)
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "|".join("---" for _ in HEADER) + "|")
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m tests.runtime_coverage [pytest arguments]`: the branch coverage of the runtime modules.

The runtime (`generator/runtime/*.py`) runs as verbatim copies inside the generated packages (`generated/`,
and the per-feature codec suite's `sodagen_features/`), so coverage sees each copy as a file of its own.
This runs the tests that use them under coverage (by default tests/runtime, tests/codecs and the stub and
driver tests), maps every copy back to its source module by file name, and prints one line per runtime
module with the lines and branches no test reached."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import coverage

from tests.paths import ROOT

RUNTIME = ROOT / "generator" / "runtime"
DEFAULT_TESTS = [
    "tests/runtime",
    "tests/codecs",
    "tests/servers/test_soap_server.py",
    "tests/servers/test_graph_server.py",
    "tests/servers/test_hostile_inputs.py",
    "tests/servers/test_drivers.py",
    "tests/servers/test_header_deadline.py",
    "tests/servers/test_empty_request.py",
    "tests/servers/test_rpc_style.py",
]


def _source_of(path: str) -> Path | None:
    """The runtime module a measured file is (a copy of), or None."""
    name = Path(path).name
    if name == "__init__.py" or not (RUNTIME / name).is_file():
        return None
    source = RUNTIME / name
    copied = Path(path).resolve()
    return source if copied == source or copied.read_bytes() == source.read_bytes() else None


def main(arguments: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        data_file = Path(folder) / ".coverage"
        command = [sys.executable, "-m", "coverage", "run", f"--data-file={data_file}", "-m", "pytest", "-q"]
        result = subprocess.run([*command, *(arguments or DEFAULT_TESTS)], cwd=ROOT, check=False)
        measured = coverage.CoverageData(basename=str(data_file))
        measured.read()
        merged = coverage.CoverageData(basename=str(Path(folder) / ".merged"))
        for path in measured.measured_files():
            source = _source_of(path)
            if source is not None:
                merged.add_arcs({str(source): list(measured.arcs(path) or ())})
                merged.touch_file(str(source))
        merged.write()
        report = coverage.Coverage(
            data_file=str(Path(folder) / ".merged"), config_file=str(ROOT / "pyproject.toml")
        )
        report.load()
        total = report.report(
            include=[str(RUNTIME / "*.py")],
            omit=[str(RUNTIME / "__init__.py")],
            show_missing=True,
            file=sys.stdout,
        )
        print(f"runtime branch coverage: {total:.1f}%")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The formatters generated Python can go through: black (the default, in this process or its workers)
and `ruff format` (the `formatter = "ruff"` option: the `ruff` executable, on a folder of modules at once).
Both use the same style: 100 columns, Python 3.11, double quotes."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100
BLACK = "black"
RUFF = "ruff"
FORMATTERS = (BLACK, RUFF)


class FormatProblem(Exception):
    """The formatter could not parse a module: what it said, and the line (0 when it did not say)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@lru_cache(maxsize=1)
def black_mode() -> black.Mode:
    import black  # imported when black formats: a run whose modules all come from the cache never does
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)


def identity(formatter: str) -> str:
    """What the formatter's output depends on (name, version and mode): part of every cache key."""
    if formatter == RUFF:
        return f"ruff {_ruff_version()} line-length {LINE_LENGTH} py311"
    return f"black {version('black')} {black_mode().get_cache_key()}"


def format_black(source: str) -> str:
    import black
    from black.parsing import InvalidInput

    # black's syntax tree links every node to its parent: the cyclic collector keeps walking the growing
    # tree while black builds it (half of black's time). Collected once, after the module, instead.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return black.format_str(source, mode=black_mode())
    except InvalidInput as exc:
        raise FormatProblem(str(exc), _black_line(exc)) from None
    finally:
        if collecting:
            gc.enable()
            gc.collect(1)


def format_ruff(sources: dict[str, str]) -> dict[str, str | FormatProblem]:
    """Each module through one `ruff format` run over a temporary folder (ruff formats files in parallel);
    ruff's own configuration files are ignored, so the style is sodagen's wherever it runs."""
    executable = ruff_executable()
    results: dict[str, str | FormatProblem] = {}
    with tempfile.TemporaryDirectory(prefix="sodagen-ruff-") as folder:
        names = {path: Path(folder) / f"m{number}.py" for number, path in enumerate(sources)}
        for path, name in names.items():
            name.write_text(sources[path], encoding="utf-8", newline="")
        command = [executable, "format", "--isolated", f"--line-length={LINE_LENGTH}"]
        command += ["--target-version=py311", folder]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        failed = _ruff_failures(done.stderr + done.stdout)
        for path, name in names.items():
            if name.name in failed:
                results[path] = failed[name.name]
            else:
                results[path] = name.read_text(encoding="utf-8")
        if done.returncode != 0 and not failed:
            raise RuntimeError(f"ruff format failed: {done.stderr.strip() or done.stdout.strip()}")
    return results


def ruff_executable() -> str:
    """The `ruff` executable: the one the `ruff` package installed beside this Python, else on PATH."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if found is None:
        raise FileNotFoundError("no ruff executable is installed: pip install 'sodagen[ruff]'")
    return found


@lru_cache(maxsize=1)
def _ruff_version() -> str:
    try:
        return version("ruff")
    except PackageNotFoundError:
        done = subprocess.run([ruff_executable(), "--version"], capture_output=True, text=True, check=True)
        return done.stdout.strip().split()[-1]


_RUFF_FAILURE = re.compile(r"(m\d+\.py):(\d+):\d+: (.*)")


def _ruff_failures(output: str) -> dict[str, FormatProblem]:
    """ruff's `error: Failed to parse <folder>/m3.py:2:5: <what>` lines, by file name."""
    failures: dict[str, FormatProblem] = {}
    for line in output.splitlines():
        found = _RUFF_FAILURE.search(line)
        if found and found.group(1) not in failures:
            failures[found.group(1)] = FormatProblem(found.group(3), int(found.group(2)))
    return failures


def _black_line(exc: Exception) -> int:
    """black reports `Cannot parse ...: <line>:<column>: <source>`."""
    parts = str(exc).split(":")
    for part in parts[1:]:
        if part.strip().isdigit():
            return int(part.strip())
    return 0

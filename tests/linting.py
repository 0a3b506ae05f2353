"""The checks every generated package must pass, as subprocesses outside the project's own configuration:
the project's ruff rules, `mypy --strict`, and byte-compiling every module (not only those an import
reaches)."""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

RUFF_RULES = ["--isolated", "--line-length", "110", "--select", "E,F,W,I,B,UP,SIM,RUF"]


def ruff(package: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", "check", *RUFF_RULES, str(package)]
    command += sorted(map(str, package.parent.glob("*.py")))
    return subprocess.run(command, capture_output=True, text=True, check=False)


def mypy(package: Path) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` on the package folder and the project files beside it (setup.py, build_backend.py),
    run from the folder above it (as its users import it)."""
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null"]
    command += ["--python-version", "3.11", str(package), *sorted(map(str, package.parent.glob("*.py")))]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=package.parent)


def byte_compiles(package: Path) -> bool:
    return bool(compileall.compile_dir(str(package), quiet=1, force=True))

"""The one error a bad schema, config or template raises, reported as `path:line: message` with exit code 2,
and how files are named in such messages: relative to the working folder when below it."""

from __future__ import annotations

import warnings
from pathlib import Path

from generator.ir import Location


class SchemaError(Exception):
    def __init__(self, location: Location | str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


class SchemaWarning(UserWarning):
    """Something in a schema sodagen reads around (an undeclared type read as xsdata reads it, a default
    that is not a value of its type): generation goes on, and the command line shows it on one line."""


def warn(location: Location | str, message: str) -> None:
    warnings.warn(f"{location}: {message}", SchemaWarning, stacklevel=2)


def shown_path(path: Path) -> Path:
    """`path` relative to the working folder when below it, so messages never carry machine paths."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path

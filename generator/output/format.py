"""Formats generated Python with black, in process; identical sources are formatted once."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.errors import SchemaError
from generator.ir import Location

MODE = black.Mode(target_versions={TargetVersion.PY311}, line_length=100)


@lru_cache(maxsize=1024)
def format_python(source: str) -> str:
    return black.format_str(source, mode=MODE)


def format_files(files: dict[str, str], progress: Callable[[str], None] | None = None) -> dict[str, str]:
    """`files` formatted; a file the templates made invalid Python is an error naming it and the line."""
    formatted: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            formatted[path] = text
            continue
        if progress is not None:
            progress(path)
        try:
            formatted[path] = format_python(text)
        except InvalidInput as exc:
            message = f"the templates rendered invalid Python: {exc}"
            raise SchemaError(Location(path, _line(exc)), message) from None
    return formatted


def _line(exc: Exception) -> int:
    """black reports `Cannot parse ...: <line>:<column>: <source>`."""
    parts = str(exc).split(":")
    for part in parts[1:]:
        if part.strip().isdigit():
            return int(part.strip())
    return 0

"""How files are named in messages and output: relative to the working folder when below it."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path) -> Path:
    """`path` relative to the working folder when below it, so messages never carry machine paths."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path

"""Compares rendered files with what is on disk, and writes only what changed, one atomic replace per file."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

ADDED = "added"
CHANGED = "changed"
REMOVED = "removed"

ARTIFACT_DIRS = frozenset({"__pycache__", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
MAX_DIFF_LINES = 40


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    """Relative to the output root, with `/` separators."""
    kind: str
    """`added`, `changed` or `removed`."""
    diff: tuple[str, ...] = ()
    """Unified diff lines (no line ends) for `changed` files."""


def is_artifact(name: str) -> bool:
    return name in ARTIFACT_DIRS or name.endswith(".egg-info")


def on_disk(root: Path) -> list[str]:
    """Every file under `root` but build artifacts, by relative path with `/` separators."""
    found: list[str] = []
    if not root.is_dir():
        return found
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not is_artifact(name))
        relative = Path(folder).relative_to(root)
        found.extend((relative / name).as_posix() for name in names)
    return found


def _diff(path: str, old: str, new: str) -> tuple[str, ...]:
    """The unified diff (3 lines of context), over the span between the lines both texts start and end
    with: difflib on a whole 300,000-line file with one changed line takes minutes."""
    before, after = old.splitlines(), new.splitlines()
    prefix = 0
    for first, second in zip(before, after, strict=False):
        if first != second:
            break
        prefix += 1
    suffix = 0
    limit = min(len(before), len(after)) - prefix
    while suffix < limit and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    start = max(prefix - _CONTEXT, 0)
    kept = max(suffix - _CONTEXT, 0)
    lines = difflib.unified_diff(
        before[start : len(before) - kept],
        after[start : len(after) - kept],
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (generated now)",
        lineterm="",
        n=_CONTEXT,
    )
    return tuple(_HUNK.sub(lambda found: _shifted(found, start), line) for line in lines)


_CONTEXT = 3
_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _shifted(found: re.Match[str], offset: int) -> str:
    old_start, old_count, new_start, new_count = found.groups()
    return f"@@ -{int(old_start) + offset}{old_count or ''} +{int(new_start) + offset}{new_count or ''} @@"


def compare(root: Path, files: dict[str, str], *, diffs: bool = True) -> list[Change]:
    """What `apply` would do to make `root` hold exactly `files` (build artifacts aside), sorted by path;
    changed files carry their diff when `diffs` (what `check` shows; `generate` does not need it)."""
    changes: list[Change] = []
    for path, text in files.items():
        target = root / path
        if not target.is_file():
            changes.append(Change(path, ADDED))
            continue
        data = target.read_bytes()
        try:
            old = data.decode("utf-8")
        except UnicodeDecodeError:
            changes.append(Change(path, CHANGED, (f"{path}: binary or not UTF-8 on disk",)))
            continue
        if data != text.encode("utf-8"):
            changes.append(Change(path, CHANGED, _diff(path, old, text) if diffs else ()))
    changes.extend(Change(path, REMOVED) for path in on_disk(root) if path not in files)
    return sorted(changes, key=lambda change: change.path)


def _write_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.is_file() else 0o644
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _remove_empty_folders(root: Path) -> None:
    for folder, _dirs, _names in os.walk(root, topdown=False):
        current = Path(folder)
        if current == root or any(is_artifact(part) for part in current.relative_to(root).parts):
            continue
        if not any(current.iterdir()):
            current.rmdir()


def apply(root: Path, files: dict[str, str], changes: list[Change]) -> None:
    """Carries out `changes` (from `compare(root, files)`): untouched files keep their modification time."""
    root.mkdir(parents=True, exist_ok=True)
    for change in changes:
        target = root / change.path
        if change.kind in (ADDED, CHANGED):
            _write_atomic(target, files[change.path])
        elif change.kind == REMOVED:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        else:
            raise ValueError(f"unknown change kind {change.kind!r} for {change.path}")
    _remove_empty_folders(root)


def summary(changes: list[Change]) -> str:
    """One line per change, then the start of the diffs (at most `MAX_DIFF_LINES` lines)."""
    if not changes:
        return "no changes"
    lines = [f"{change.kind:<8} {change.path}" for change in changes]
    diff = [line for change in changes for line in change.diff]
    if diff:
        lines.append("")
        lines.extend(diff[:MAX_DIFF_LINES])
        if len(diff) > MAX_DIFF_LINES:
            lines.append(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
    return "\n".join(lines)

"""Compares rendered files with what is on disk, and writes a package's folder in one step: the new folder is
built beside the old one (files that did not change are hard links to the old ones, so they keep their
modification time), then the two are exchanged by one atomic rename. A generator killed at any moment
leaves the folder entirely old or entirely new; what it left beside it is removed by the next `apply`."""

from __future__ import annotations

import ctypes
import difflib
import errno
import functools
import os
import re
import shutil
import signal
import sys
from collections.abc import Callable
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


def apply(root: Path, files: dict[str, str], changes: list[Change]) -> None:
    """Makes `root` hold exactly `files` (build artifacts aside) when `changes` (from `compare(root, files)`)
    are not none: files that did not change keep their modification time. A `root` that is a symbolic
    link stays one: the folder it points to is written. An operation that fails raises its `OSError`."""
    root = _followed(root)
    repair(root)
    if not changes and root.is_dir():
        return
    staging = _beside(root, NEW)
    _build(staging, root, files, {change.path for change in changes if change.kind in (ADDED, CHANGED)})
    if root.is_dir():
        _exchange(staging, root)
        _remove_tree(staging)  # the old folder, now
    else:
        _operation()
        os.rename(staging, root)


NEW, OLD, READY = "new", "old", "ready"


def _beside(root: Path, role: str) -> Path:
    """Where `apply` keeps its work for `root`, in the same folder (so that renames stay atomic)."""
    return root.parent / f".{root.name}.sodagen-{role}"


def _followed(root: Path) -> Path:
    """The folder `root` links to, if it is a symbolic link (exchanging it would move the link instead)."""
    return root.resolve() if root.is_symlink() else root


def repair(root: Path) -> None:
    """Finishes or undoes what a killed `apply` left: a package folder missing between two renames (where
    the file system cannot exchange two folders at once) comes back, new if the new one was complete;
    the work left beside it is removed."""
    root = _followed(root)
    staging, old, ready = _beside(root, NEW), _beside(root, OLD), _beside(root, READY)
    if not root.exists():
        if staging.is_dir() and ready.exists():
            _operation()
            os.rename(staging, root)
        elif old.is_dir():
            _operation()
            os.rename(old, root)
    for leftover in (staging, old):
        if leftover.exists():
            _remove_tree(leftover)
    if ready.exists():
        _operation()
        ready.unlink()


def _build(staging: Path, root: Path, files: dict[str, str], written: set[str]) -> None:
    """The new folder: `written` files from `files`, the others linked to the old folder's, and the build
    artifacts of the old folder (`__pycache__`, `build`, `*.egg-info`...) linked as they are."""
    if staging.exists():
        _remove_tree(staging)
    _operation()
    staging.mkdir(parents=True)
    for path in sorted(files):
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = root / path
        if path in written or not previous.is_file():
            _operation()
            target.write_bytes(files[path].encode("utf-8"))
            if previous.is_file():  # a changed file keeps its permissions (an executable stays one)
                os.chmod(target, previous.stat().st_mode & 0o7777)
        else:
            _link(previous, target)
    folders, artifacts = _artifacts(root)
    for folder in folders:
        (staging / folder).mkdir(parents=True, exist_ok=True)
    for path in artifacts:
        _link(root / path, staging / path)


def _artifacts(root: Path) -> tuple[list[str], list[str]]:
    """The folders and files of the build artifacts under `root`, by relative path."""
    folders: list[str] = []
    files: list[str] = []
    if not root.is_dir():
        return folders, files
    for folder, dirs, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        if any(is_artifact(part) for part in relative.parts):
            folders.append(relative.as_posix())
            files.extend((relative / name).as_posix() for name in names)
        dirs.sort()
    return folders, sorted(files)


def _link(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (same file, same modification time), or a copy where the file
    system has no hard links."""
    _operation()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _exchange(staging: Path, root: Path) -> None:
    """Puts `staging` in `root`'s place and `root`'s in `staging`'s: one atomic rename on Linux
    (`renameat2` with `RENAME_EXCHANGE`); elsewhere two, with a marker that lets `repair` finish them."""
    _operation()
    if _rename_exchange(staging, root):
        return
    ready, old = _beside(root, READY), _beside(root, OLD)
    ready.touch()
    _operation()
    os.rename(root, old)
    _operation()
    os.rename(staging, root)
    _operation()
    os.rename(old, staging)
    _operation()
    ready.unlink()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[..., int] = libc.renameat2
    except (OSError, AttributeError):
        return None
    return function


def _rename_exchange(first: Path, second: Path) -> bool:
    """Exchanges two paths atomically; False where the system cannot (not Linux, an old kernel or libc,
    a file system without it)."""
    function = _renameat2()
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def _remove_tree(folder: Path) -> None:
    """Removes `folder` (a link to one: the link), or raises why it cannot (left behind, the next run's
    new folder would collide with it)."""
    _operation()
    if folder.is_symlink():
        folder.unlink()
    else:
        shutil.rmtree(folder)


_KILL_AFTER = "SODAGEN_TEST_KILL_AFTER"
_operations = 0


def _operation() -> None:
    """Counts the file operations of `apply`; with `SODAGEN_TEST_KILL_AFTER=N` in the environment, the
    process kills itself (SIGKILL: nothing runs after it) before the (N+1)th, so that tests can stop the
    generator between any two file operations."""
    global _operations
    limit = os.environ.get(_KILL_AFTER)
    if limit is not None and _operations >= int(limit):
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)  # where there is no SIGKILL: no cleanup runs either
    _operations += 1


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

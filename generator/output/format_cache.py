"""A persistent, content-addressed cache of formatted modules, shared by every run on the machine: a module
whose source text, formatter (name, version and mode) and Python version were seen before is never formatted
or compiled again, so `sodagen check` and `--watch` pay black only for what changed.

Entries live under `SODAGEN_CACHE_DIR` when set (an empty value turns the cache off), else the user cache
folder (`~/.cache/sodagen` on Linux), as `format/<key[:2]>/<key>.py`. Each is written to a temporary file and
renamed into place, so a run killed midway leaves no half-written entry; an entry that cannot be read is a
miss. Nothing in an entry depends on the machine: the same key always holds the same text.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import platformdirs

CACHE_ENVIRONMENT = "SODAGEN_CACHE_DIR"


def cache_root() -> Path | None:
    """Where sodagen keeps what it caches; None when `SODAGEN_CACHE_DIR` is set empty."""
    configured = os.environ.get(CACHE_ENVIRONMENT)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    return Path(platformdirs.user_cache_dir("sodagen"))


def cache_folder() -> Path | None:
    """Where formatted modules are kept; None when `SODAGEN_CACHE_DIR` is set empty."""
    root = cache_root()
    return None if root is None else root / "format"


class FormatCache:
    """Formatted text by the key of its source; `folder` None keeps nothing."""

    def __init__(self, folder: Path | None, formatter: str) -> None:
        self.folder = folder
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        # Compiling is part of what an entry vouches for, and what compiles depends on the Python version.
        self._salt = f"{formatter}\0python {python}\0".encode()

    def key(self, source: str, kind: str = "module") -> str:
        """A `module` entry vouches that its text compiles; a `piece` of a module only that it is
        formatted."""
        material = self._salt + kind.encode() + b"\0" + source.encode("utf-8", "surrogatepass")
        return hashlib.sha256(material).hexdigest()

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.py"

    def get(self, key: str) -> str | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, text: str) -> None:
        path = self._path(key)
        if path is not None:
            keep(path, text)


def keep(path: Path, text: str) -> None:
    """Writes `text` to `path` through a temporary file and a rename; a cache that cannot be written
    (read-only, full) is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return

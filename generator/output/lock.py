"""One `generate` at a time per output folder: two at once shared the work folders beside each package (one
run's repair removed the other's half-built package, which that run then finished from what was left and
put in place). `check` reads under a shared lock, so it never compares a package mid-exchange.

The lock is an advisory `flock` on the folder holding the output folder (it exists, and leaves no file
behind); where there is no `fcntl` (Windows), runs are not serialised.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Held while `generate` repairs, plans and writes the packages under `out`."""
    with _locked(out, exclusive=True):
        yield


@contextlib.contextmanager
def shared(out: Path) -> Iterator[None]:
    """Held while `check` reads the packages under `out`."""
    with _locked(out, exclusive=False):
        yield


@contextlib.contextmanager
def _locked(out: Path, *, exclusive: bool) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    folder = out.absolute().parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock

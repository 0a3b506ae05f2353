"""What the peer modules share: the codec triple every peer provides, and the generated packages' path."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Final, Literal

PROJECT = Path(__file__).resolve().parent.parent
"""The project root (the folder holding ``generated/``)."""


class Unavailable(Exception):
    """A peer cannot run here (not installed, or not importable yet); the message says why."""


@dataclass(frozen=True, slots=True)
class Codec:
    """One peer's codec for one document.

    ``decode`` turns the document bytes into whatever the peer natively returns, ``encode`` turns that back
    into bytes, and ``values`` normalises a decoded object to plain values comparable across peers.
    """

    decode: Callable[[bytes], Any]
    encode: Callable[[Any], bytes]
    values: Callable[[Any], Any]


Build = Literal["pure", "compiled"]
COMPILED_VARIABLE: Final = "SODAGEN_BENCH_COMPILED"
"""The folder holding the compiled build of both packages (`<folder>/<package>/<package>`), built by
:func:`compiled_packages` and passed on to pyperf's worker processes through the environment."""
BUILD_VARIABLE: Final = "SODAGEN_BENCH_BUILD"
"""`compiled`: :func:`use_generated_packages` puts the compiled build first (the serving benchmark's
servers of the compiled stubs)."""
PACKAGES: Final = ("graph_presence", "um_service")

_imported: dict[tuple[str, Build], dict[str, ModuleType]] = {}


def compiled_packages() -> Path:
    """The folder of the compiled build of both committed packages (`pip wheel -C compile=1`, mypyc), built
    now (tests/compiled_build.py) unless the environment names one; :class:`Unavailable` when it cannot
    be built here."""
    named = os.environ.get(COMPILED_VARIABLE)
    if named:
        return Path(named)
    from tests import compiled_build

    reason = compiled_build.cannot_compile()
    if reason is not None:
        raise Unavailable(reason)
    work = Path(tempfile.mkdtemp(prefix="sodagen-bench-compiled-"))
    # Removed when the process that built it exits (its workers, given the folder, have ended by then).
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    try:
        folder = compiled_build.build_compiled(work)
    except RuntimeError as exc:
        raise Unavailable(f"the compiled build failed: {str(exc)[-300:]}") from None
    os.environ[COMPILED_VARIABLE] = str(folder)
    return folder


def _modules_of(name: str) -> dict[str, ModuleType]:
    return {
        module: value
        for module, value in sys.modules.items()
        if module == name or module.startswith(f"{name}.")
    }


@contextlib.contextmanager
def package_build(name: str, build: Build) -> Iterator[None]:
    """Within the block, importing `name` gives that build of it: the committed package (`pure`) or its
    compiled build (`compiled`, see :func:`compiled_packages`). Each build is imported once per process;
    its modules are in ``sys.modules`` while the block runs, and whatever was there before is put back
    after it (what the block imported keeps working: it holds its modules)."""
    folder = str(PROJECT / "generated" / name if build == "pure" else compiled_packages() / name)
    before = _modules_of(name)
    for module in before:
        del sys.modules[module]
    sys.modules.update(_imported.get((name, build), {}))
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        sys.path.remove(folder)
        _imported[name, build] = _modules_of(name)
        for module in _imported[name, build]:
            del sys.modules[module]
        sys.modules.update(before)


def use_generated_packages() -> None:
    """Put ``generated/um_service`` and ``generated/graph_presence`` first on ``sys.path`` (no install), or
    their compiled build where ``$SODAGEN_BENCH_BUILD`` is ``compiled``."""
    compiled = os.environ.get(BUILD_VARIABLE) == "compiled"
    for name in PACKAGES:
        folder = str(compiled_packages() / name if compiled else PROJECT / "generated" / name)
        if folder not in sys.path:
            sys.path.insert(0, folder)


def unavailable(peer: str, exc: BaseException) -> Unavailable:
    """An :class:`Unavailable` for ``peer`` naming the original error in one line."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return Unavailable(f"{peer}: {type(exc).__name__}: {text}".rstrip(": "))

"""What the peer modules share: the codec triple every peer provides, and the generated packages' path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def use_generated_packages() -> None:
    """Put ``generated/um_service`` and ``generated/graph_presence`` first on ``sys.path`` (no install)."""
    for name in ("graph_presence", "um_service"):
        folder = str(PROJECT / "generated" / name)
        if folder not in sys.path:
            sys.path.insert(0, folder)


def unavailable(peer: str, exc: BaseException) -> Unavailable:
    """An :class:`Unavailable` for ``peer`` naming the original error in one line."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return Unavailable(f"{peer}: {type(exc).__name__}: {text}".rstrip(": "))

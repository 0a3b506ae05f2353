"""The runtime of generated packages: plain modules copied verbatim into every package that needs them (the
codec runtimes, the server drivers, the errors), so a generated package never depends on sodagen. They are
ordinary Python here: linted, type-checked and unit-tested as source. Their relative imports (`from .errors
import DecodeError`) hold in both places, because each keeps its file name in the package.

`_version.py` stamps the runtime: a package's `_version.RUNTIME` tells which runtime it carries.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def runtime_source(name: str) -> str:
    """The text of runtime module `name` (`_xml.py`), as it is copied into a package."""
    return (FOLDER / name).read_text(encoding="utf-8")


@cache
def _sources() -> frozenset[str]:
    return frozenset(runtime_source(path.name) for path in FOLDER.glob("*.py") if path.name != "__init__.py")


def is_runtime_source(text: str) -> bool:
    """`text` is a runtime module as it is copied: black's text already (a test checks that), so the
    formatter has nothing to do with it."""
    return text in _sources()

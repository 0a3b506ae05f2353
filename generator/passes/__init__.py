"""The passes, in the order they run: each rewrites the IR (`Package -> Package`) with what the package's
configuration asks for, in a file of its own with a test of its own."""

from __future__ import annotations

from collections.abc import Callable

from generator.config import PackageConfig
from generator.ir import Package
from generator.passes import collections, imports, modules, naming, permissions, select

Pass = Callable[[Package, PackageConfig], Package]

PASSES: tuple[tuple[str, Pass], ...] = (
    ("bases", modules.check_bases),
    ("select", select.run),
    ("collections", collections.run),
    ("naming", naming.run),
    ("permissions", permissions.run),
    ("modules", modules.run),
    ("imports", imports.run),
)


def run_passes(package: Package, config: PackageConfig) -> Package:
    for _name, step in PASSES:
        package = step(package, config)
    return package

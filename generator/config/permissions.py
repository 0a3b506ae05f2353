"""Reads a permissions file (see specs/graph/permissions.toml): for each operation and for GETs of an entity
type, the permissions it needs (any one of them), and the success status of operations without a result.

What it names is checked against the package by the permissions pass; here only its form is checked."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import SchemaError, shown_path
from generator.ir import Location


@dataclass(frozen=True, slots=True)
class Permissions:
    path: str
    """The file, as messages name it."""
    reads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Entity type qualified name -> permissions a GET of it needs."""
    operations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Operation qualified name (without binding) -> permissions it needs."""
    statuses: Mapping[str, int] = field(default_factory=dict)
    """Operation qualified name -> the HTTP status of a success without a result."""

    @property
    def location(self) -> Location:
        return Location(self.path, 0)


def read_permissions(path: Path) -> Permissions:
    shown = str(shown_path(path))
    where = Location(shown, 0)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SchemaError(where, f"cannot read the permissions: {exc}") from None
    unknown = sorted(set(data) - {"read", "operations"})
    if unknown:
        raise SchemaError(where, f"unknown table(s): {', '.join(unknown)} (use [read] and [operations])")
    reads, _ = _table(data.get("read", {}), where, "read")
    operations, statuses = _table(data.get("operations", {}), where, "operations")
    return Permissions(shown, reads, operations, statuses)


def _table(value: object, where: Location, name: str) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    if not isinstance(value, Mapping):
        raise SchemaError(where, f"[{name}] must be a table")
    scopes: dict[str, tuple[str, ...]] = {}
    statuses: dict[str, int] = {}
    for key, entry in value.items():
        if not isinstance(entry, Mapping) or set(entry) - {"delegated", "application", "status"}:
            raise SchemaError(
                where, f"[{name}] '{key}' must be {{ delegated = [...], application = [...], status = 200 }}"
            )
        status = entry.get("status")
        if status is not None:
            if not isinstance(status, int) or isinstance(status, bool) or status not in (200, 202, 204):
                raise SchemaError(where, f"[{name}] '{key}': status must be 200, 202 or 204")
            statuses[str(key)] = status
        found: list[str] = []
        for kind in ("delegated", "application"):
            items = entry.get(kind, [])
            if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
                raise SchemaError(where, f"[{name}] '{key}': '{kind}' must be a list of permission names")
            found.extend(items)
        scopes[str(key)] = tuple(dict.fromkeys(found))
    return scopes, statuses

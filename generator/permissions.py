"""Reads the permissions a service's operations require (`permissions = "..."` of a package in
`[tool.sodagen]`) into the IR: `Operation.scopes`, `Model.read_scopes` for GETs of an entity type, and the
documented success status of operations without a result (`Operation.status`)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from generator.errors import SchemaError
from generator.ir import Location, Package
from generator.paths import shown_path


def apply_permissions(package: Package, path: Path) -> Package:
    where = Location(str(shown_path(path)), 0)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SchemaError(where, f"cannot read the permissions: {exc}") from None
    unknown = sorted(set(data) - {"read", "operations"})
    if unknown:
        raise SchemaError(where, f"unknown table(s): {', '.join(unknown)} (use [read] and [operations])")
    reads, _ = _table(data.get("read", {}), where, "read")
    operations, statuses = _table(data.get("operations", {}), where, "operations")
    models = {model.qname for model in package.models}
    for qname in reads:
        if qname not in models:
            raise SchemaError(where, f"[read] names '{qname}', which is not a type of the package")
    short_names = {op.qname.partition("(")[0] for service in package.services for op in service.operations}
    for qname in operations:
        if qname not in short_names:
            raise SchemaError(
                where, f"[operations] names '{qname}', which is not an operation of the package"
            )
    return replace(
        package,
        models=tuple(replace(model, read_scopes=reads.get(model.qname, ())) for model in package.models),
        services=tuple(
            replace(
                service,
                operations=tuple(
                    replace(
                        op,
                        scopes=operations.get(op.qname.partition("(")[0], ()),
                        status=statuses.get(op.qname.partition("(")[0]),
                    )
                    for op in service.operations
                ),
            )
            for service in package.services
        ),
    )


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

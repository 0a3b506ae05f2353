"""Reads `[tool.sodagen]` from pyproject.toml, or builds the same settings from command-line options."""

from __future__ import annotations

import keyword
import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.config.permissions import Permissions, read_permissions
from generator.errors import SchemaError
from generator.ir import Location
from generator.output.formatters import BLACK, FORMATTERS


@dataclass(frozen=True, slots=True)
class PackageConfig:
    name: str
    spec: tuple[Path, ...]
    """What the package is generated from: files, folders (searched recursively) and globs, one package."""
    roots: tuple[str, ...] = ()
    version: str = "0.1.0"
    service: str | None = None
    """Python name of the (first) service, instead of the WSDL's service name: `UMService`."""
    permissions: Permissions | None = None
    """What a permissions file (see specs/graph/permissions.toml) says each operation needs."""
    skipped: tuple[Path, ...] = ()
    """Folders a folder or glob of `spec` never reads from: the output folder, whose packages hold copies of
    their WSDLs (a file named on its own is read wherever it is)."""


@dataclass(frozen=True, slots=True)
class Config:
    out: Path
    packages: tuple[PackageConfig, ...]
    templates: Path | None = None
    base_dir: Path = Path(".")
    """The folder the paths in the config are relative to."""
    formatter: str = BLACK
    """What formats the generated Python: `black` (the default) or `ruff` (`ruff format`, much faster)."""


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be a generated package's name, or None: it must be an importable top-level
    package name (an identifier that is not a keyword: no `..`, no dashes) that hides no standard-library
    module (a package `numbers` would be imported in place of the standard one, by setuptools too)."""
    if not name.isidentifier() or keyword.iskeyword(name):
        return "is not a valid Python package name"
    if name in sys.stdlib_module_names:
        return "is the name of a standard-library module, which the package would hide"
    return None


def load_config(pyproject: Path) -> Config:
    where = Location(str(pyproject), 0)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaError(where, "no such file; pass --spec, --package and --out instead") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        at = Location(where.path, int(line.group(1))) if line else where
        raise SchemaError(at, f"not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("sodagen")
    if not isinstance(table, Mapping):
        raise SchemaError(where, "has no [tool.sodagen] table")
    unknown = sorted(set(table) - {"out", "packages", "templates", "formatter"})
    if unknown:  # a misspelled key was ignored silently
        raise SchemaError(where, f"unknown key(s) in [tool.sodagen]: {', '.join(unknown)}")
    base = pyproject.parent
    packages = table.get("packages", [])
    if not isinstance(packages, list) or not packages:
        raise SchemaError(where, "[tool.sodagen] needs at least one [[tool.sodagen.packages]] entry")
    out = _path(base, _text(table, "out", where, "generated"))
    entries = tuple(replace(_package(entry, base, where), skipped=(out,)) for entry in packages)
    names = [entry.name for entry in entries]
    for name in names:
        if names.count(name) > 1:
            raise SchemaError(where, f"package name '{name}' is used twice")
    return Config(
        out=out,
        packages=entries,
        templates=_path(base, table["templates"]) if "templates" in table else None,
        base_dir=base,
        formatter=_formatter(_text(table, "formatter", where, BLACK), where),
    )


def _formatter(name: str, where: Location) -> str:
    if name not in FORMATTERS:
        raise SchemaError(where, f"[tool.sodagen] key 'formatter' must be one of {', '.join(FORMATTERS)}")
    return name


def _package(entry: object, base: Path, where: Location) -> PackageConfig:
    if not isinstance(entry, Mapping):
        raise SchemaError(where, "each [[tool.sodagen.packages]] entry must be a table")
    unknown = sorted(set(entry) - {"name", "spec", "roots", "version", "service", "permissions"})
    if unknown:
        raise SchemaError(where, f"unknown key(s) in [[tool.sodagen.packages]]: {', '.join(unknown)}")
    roots = entry.get("roots", [])
    if not isinstance(roots, list) or not all(isinstance(root, str) for root in roots):
        raise SchemaError(where, "'roots' must be a list of strings")
    name = _text(entry, "name", where)
    problem = package_name_problem(name)
    if problem is not None:
        raise SchemaError(where, f"package name '{name}' {problem}")
    return PackageConfig(
        name=name,
        spec=_spec(entry.get("spec"), base, where),
        roots=tuple(roots),
        version=_text(entry, "version", where, "0.1.0"),
        service=_service_name(entry, where),
        permissions=(
            read_permissions(_path(base, _text(entry, "permissions", where)))
            if "permissions" in entry
            else None
        ),
    )


def _service_name(entry: Mapping[str, object], where: Location) -> str | None:
    if "service" not in entry:
        return None
    name = _text(entry, "service", where)
    if not name.isidentifier() or keyword.iskeyword(name):
        raise SchemaError(where, f"service name '{name}' is not a valid Python class name")
    return name


def _spec(value: object, base: Path, where: Location) -> tuple[Path, ...]:
    entries = value if isinstance(value, list) else [value]
    if not entries or not all(isinstance(entry, str) and entry for entry in entries):
        raise SchemaError(
            where, "[tool.sodagen] key 'spec' must be a file, folder or glob, or a non-empty list of them"
        )
    return tuple(_path(base, entry) for entry in entries)


def _text(table: Mapping[str, object], key: str, where: Location, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise SchemaError(where, f"[tool.sodagen] key '{key}' must be a non-empty string")
    return value


def _path(base: Path, value: object) -> Path:
    path = Path(str(value))
    return path if path.is_absolute() else base / path


def config_from_options(
    spec: Sequence[Path],
    package: str,
    out: Path,
    roots: Sequence[str],
    templates: Path | None,
    *,
    service: str | None = None,
    permissions: Path | None = None,
) -> Config:
    entry = PackageConfig(
        name=package,
        spec=tuple(spec),
        roots=tuple(roots),
        service=service,
        permissions=read_permissions(permissions) if permissions is not None else None,
        skipped=(out,),
    )
    return Config(out=out, packages=(entry,), templates=templates)

"""What the built-in templates offer to customise (their names and blocks), `eject` (copy one out for editing)
and the check that a user's template overrides only blocks its parent has."""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError, nodes

from generator.errors import SchemaError, shown_path
from generator.ir import Location
from generator.render.environment import BUILTIN_TEMPLATES

BUILTIN_PREFIX = "sodagen/"


def builtin_names() -> list[str]:
    return sorted(
        path.relative_to(BUILTIN_TEMPLATES).as_posix() for path in BUILTIN_TEMPLATES.rglob("*.jinja")
    )


def _parse(environment: Environment, path: Path) -> nodes.Template:
    try:
        return environment.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except TemplateSyntaxError as exc:
        raise SchemaError(
            Location(str(shown_path(path)), exc.lineno), exc.message or "template syntax error"
        ) from None


def blocks(path: Path) -> list[str]:
    """The block names of a template file, in the order they appear."""
    environment = Environment(loader=FileSystemLoader(str(path.parent)))
    return list(dict.fromkeys(block.name for block in _parse(environment, path).find_all(nodes.Block)))


def macros(path: Path) -> list[str]:
    """The macro names of a template file, in the order they are defined."""
    environment = Environment(loader=FileSystemLoader(str(path.parent)))
    return [macro.name for macro in _parse(environment, path).find_all(nodes.Macro)]


def catalog() -> list[tuple[str, list[str]]]:
    """Every built-in template with its blocks."""
    return [(name, blocks(BUILTIN_TEMPLATES / name)) for name in builtin_names()]


def eject(name: str, folder: Path, *, force: bool = False) -> Path:
    """Copies built-in template `name` to `folder/name` for editing; an existing copy stays unless `force`."""
    source = BUILTIN_TEMPLATES / name
    if name not in builtin_names():
        known = ", ".join(builtin_names())
        raise SchemaError(Location(name, 0), f"no built-in template of that name (one of: {known})")
    target = folder / name
    if target.exists() and not force:
        raise SchemaError(Location(str(shown_path(target)), 0), "already exists (use --force to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def check_user_templates(folder: Path) -> None:
    """Every block a user template overrides must exist in the built-in template it extends."""
    environment = Environment(loader=FileSystemLoader(str(folder)))
    for path in sorted(folder.rglob("*.jinja")):
        tree = _parse(environment, path)
        parent = tree.find(nodes.Extends)
        if parent is None or not isinstance(parent.template, nodes.Const):
            continue
        parent_name = str(parent.template.value)
        if not parent_name.startswith(BUILTIN_PREFIX):
            continue
        builtin = BUILTIN_TEMPLATES / parent_name.removeprefix(BUILTIN_PREFIX)
        if not builtin.is_file():
            where = Location(str(shown_path(path)), parent.lineno)
            raise SchemaError(where, f"extends '{parent_name}', which is not a built-in template")
        known = blocks(builtin)
        for block in tree.find_all(nodes.Block):
            if block.name not in known:
                where = Location(str(shown_path(path)), block.lineno)
                raise SchemaError(
                    where,
                    f"block '{block.name}' is not a block of {parent_name} (its blocks: {', '.join(known)})",
                )

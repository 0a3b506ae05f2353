"""The Jinja environment every target renders with: the user's template folder first, then the built-in
`templates/`, with sodagen's filters. A user template may replace a built-in one by name, or extend it
(`{% extends "sodagen/models/module.py.jinja" %}`) and override only the blocks it names.

Errors in templates (syntax, an unknown variable, a failing filter) are `SchemaError`s at the template's
file and line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket

from generator.errors import SchemaError, shown_path
from generator.ir import Location, Package
from generator.output.format_cache import cache_root
from generator.render.filters import FILTERS
from generator.render.layout import lay_out, lay_out_class, lay_out_def, lay_out_statement

_HERE = Path(__file__).resolve().parent.parent
# From a source checkout the templates sit beside generator/; an installed wheel carries them inside it.
BUILTIN_TEMPLATES = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"


class _CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled by an earlier run, beside the formatting cache (Jinja checks each against its
    source); a cache folder that cannot be written is only slower."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> _CompiledTemplates | None:
    root = cache_root()
    if root is None:
        return None
    try:
        (root / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(root / "templates"))


def make_environment(user_templates: Path | None) -> Environment:
    builtin = FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    environment = Environment(
        loader=ChoiceLoader([*loaders, PrefixLoader({"sodagen": builtin}), builtin]),
        bytecode_cache=_compiled_templates(),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.filters.update(FILTERS)
    environment.filters["lay_out"] = lay_out
    environment.filters["lay_out_def"] = lay_out_def
    environment.filters["lay_out_statement"] = lay_out_statement
    environment.filters["lay_out_class"] = lay_out_class
    return environment


class Templates:
    """Renders templates by name for one package: every template sees `package` and `index`."""

    def __init__(self, environment: Environment, package: Package) -> None:
        self.environment = environment
        self.package = package

    def render(self, name: str, **context: object) -> str:
        return render(
            self.environment, name, {"package": self.package, "index": self.package.index, **context}
        )


def render(environment: Environment, name: str, context: Mapping[str, object]) -> str:
    try:
        return environment.get_template(name).render(context)
    except TemplateSyntaxError as exc:
        raise SchemaError(
            Location(str(shown_path(Path(exc.filename or name))), exc.lineno),
            exc.message or "template syntax error",
        ) from None
    except (TemplateError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # Filters and user templates fail with plain Python errors too; all are reported at the template line.
        raise SchemaError(_template_location(exc, name), f"template error: {exc}") from None


def _template_location(exc: BaseException, name: str) -> Location:
    """The innermost template frame of a render-time error (Jinja maps compiled lines back to templates)."""
    location = Location(name, 0)
    traceback = exc.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".jinja"):
            location = Location(str(shown_path(Path(filename))), _template_line(traceback))
        traceback = traceback.tb_next
    return location


def _template_line(traceback: TracebackType) -> int:
    debug_info = traceback.tb_frame.f_globals.get("__jinja_template__")
    if debug_info is not None:
        return int(debug_info.get_corresponding_lineno(traceback.tb_lineno))
    return traceback.tb_lineno

"""Renders a package's files from Jinja templates: the user's folder first, then the built-in `templates/`.

A user template may replace a built-in one by name, or extend it
(`{% extends "sodagen/models/module.py.jinja" %}`) and override only the blocks it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)

from generator.codecs import plan_codec
from generator.errors import SchemaError
from generator.filters import FILTERS, PackageIndex
from generator.ir import Location, Module, Package, SourceKind
from generator.odata_routes import read_routes
from generator.paths import shown_path

_HERE = Path(__file__).resolve().parent
# From a source checkout the templates sit beside generator/; an installed wheel carries them inside it.
BUILTIN_TEMPLATES = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"

PACKAGE_FILES = {
    "pyproject.toml": "package/pyproject.toml.jinja",
    "README.md": "package/README.md.jinja",
    "{package}/__init__.py": "package/__init__.py.jinja",
}
CODEC_FILES = {
    SourceKind.XSD: {
        "{package}/errors.py": "codec/errors.py.jinja",
        "{package}/_xml.py": "codec/xml_runtime.py.jinja",
        "{package}/codec.py": "codec/xml.py.jinja",
    },
    SourceKind.CSDL: {
        "{package}/errors.py": "codec/errors.py.jinja",
        "{package}/_json.py": "codec/json_runtime.py.jinja",
        "{package}/codec.py": "codec/json.py.jinja",
    },
}
SOAP_SERVER = "server/soap.py.jinja"
ODATA_SERVER = "server/odata.py.jinja"
MODULE_TEMPLATES = {
    "enums": "enums/module.py.jinja",
    "models": "models/module.py.jinja",
    "messages": "models/module.py.jinja",
}


def make_environment(user_templates: Path | None) -> Environment:
    builtin = FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    environment = Environment(
        loader=ChoiceLoader([*loaders, PrefixLoader({"sodagen": builtin}), builtin]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.filters.update(FILTERS)
    return environment


def render_package(package: Package, environment: Environment) -> dict[str, str]:
    """Every file of the generated project, keyed by its path relative to the project folder."""
    index = PackageIndex(package)
    context: dict[str, object] = {"package": package, "index": index}
    files: dict[str, str] = {}
    for target, template in PACKAGE_FILES.items():
        files[target.format(package=package.name)] = _render(environment, template, context)
    for module in package.modules:
        files[f"{package.name}/{module.name}.py"] = _render(
            environment, MODULE_TEMPLATES[module.name], {**context, **_module_context(module, index)}
        )
    codec_context = {**context, "plan": plan_codec(package)}
    for target, template in CODEC_FILES[package.source].items():
        files[target.format(package=package.name)] = _render(environment, template, codec_context)
    if package.source is SourceKind.XSD and any(service.soap for service in package.services):
        files[f"{package.name}/server.py"] = _render(environment, SOAP_SERVER, context)
    if package.source is SourceKind.CSDL and any(service.odata for service in package.services):
        routes = read_routes(package)
        files[f"{package.name}/server.py"] = _render(environment, ODATA_SERVER, {**context, "routes": routes})
    files[f"{package.name}/py.typed"] = ""
    return files


def _module_context(module: Module, index: PackageIndex) -> Mapping[str, object]:
    return {
        "module": module,
        "models": [index.models[qname] for qname in module.models],
        "enums": [index.enums[qname] for qname in module.enums],
    }


def _render(environment: Environment, name: str, context: Mapping[str, object]) -> str:
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

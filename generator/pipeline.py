"""The pipeline: spec -> front end -> IR -> passes -> templates -> black, for each configured package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment

from generator.config import Config, PackageConfig
from generator.format import format_files
from generator.frontends import read_spec
from generator.ir import Package, SourceKind
from generator.openapi import openapi_json
from generator.passes.collections import add_collection_responses
from generator.passes.imports import assign_imports
from generator.passes.modules import assign_modules
from generator.passes.naming import assign_names
from generator.passes.select import select_roots
from generator.paths import shown_path
from generator.permissions import apply_permissions
from generator.render import make_environment, render_package
from generator.template_catalog import check_user_templates
from generator.wsdl_bundle import bundle_wsdl


def build_ir(spec: PackageConfig, *, report_path: Path | None = None) -> Package:
    """The IR for one package, all passes applied. `report_path` is how errors name the spec file."""
    package = read_spec(report_path or spec.spec, package=spec.name)
    package = add_collection_responses(select_roots(package, spec.roots))
    package = assign_names(replace(package, version=spec.version))
    if spec.permissions is not None:
        package = apply_permissions(package, spec.permissions)
    if spec.service is not None and package.services:
        first, *others = package.services
        package = replace(package, services=(replace(first, py_name=spec.service), *others))
    package = assign_modules(package)
    return assign_imports(package)


Progress = Callable[[str], None]
"""Told what the pipeline is doing (`um_service: formatting models.py`), for a progress display."""


def _quiet(step: str) -> None:
    return None


def _formatting(progress: Progress, package: str) -> Callable[[str], None]:
    def report(path: str) -> None:
        progress(f"{package}: formatting {path}")

    return report


def generate_files(config: Config, progress: Progress = _quiet) -> dict[Path, dict[str, str]]:
    """Every file of every configured package, keyed by the package's output folder; nothing is written."""
    if config.templates is not None:
        check_user_templates(config.templates)
    environment: Environment = make_environment(config.templates)
    outputs: dict[Path, dict[str, str]] = {}
    for spec in config.packages:
        progress(f"{spec.name}: reading {shown_path(spec.spec)}")
        package = build_ir(spec, report_path=shown_path(spec.spec))
        progress(f"{spec.name}: rendering templates")
        files = render_package(package, environment)
        if f"{spec.name}/server.py" in files and spec.spec.suffix.lower() == ".wsdl":
            files[f"{spec.name}/service.wsdl"] = bundle_wsdl(spec.spec)
        if package.source is SourceKind.CSDL and any(service.odata for service in package.services):
            files[f"{spec.name}/openapi.json"] = openapi_json(package)
        outputs[config.out / spec.name] = format_files(files, _formatting(progress, spec.name))
    return outputs

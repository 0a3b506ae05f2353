"""The pipeline, the one module that knows every stage: for each configured package,
spec -> front end -> IR -> passes -> targets (templates) -> formatted files. Nothing is written here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment

from generator.config import Config, PackageConfig
from generator.errors import SchemaError, shown_path
from generator.frontends import read_spec
from generator.ir import Location, Package
from generator.output.format import format_files
from generator.passes import run_passes
from generator.render.catalog import check_user_templates
from generator.render.environment import Templates, make_environment
from generator.targets import TARGETS, Built, build

Progress = Callable[[str], None]
"""Told what the pipeline is doing (`um_service: formatting models.py`), for a progress display."""


def _quiet(step: str) -> None:
    return None


def build_ir(spec: PackageConfig) -> Package:
    """The IR for one package, all passes applied."""
    package = read_spec(spec.spec, package=spec.name)
    return run_passes(replace(package, version=spec.version), spec)


def render_package(package: Package, environment: Environment) -> dict[str, str]:
    """Every file the targets that apply give, by path within the project folder; not formatted yet."""
    templates = Templates(environment, package)
    built: list[Built] = []
    for target in TARGETS:
        if target.applies(package):
            built.append(build(target, package, built, templates))
    files: dict[str, str] = {}
    owner: dict[str, str] = {}
    for item in built:
        for path, text in {**item.files, **item.artifacts}.items():
            if path in files:
                raise SchemaError(
                    Location(package.name, 0), f"targets {owner[path]} and {item.target} both write {path}"
                )
            files[path], owner[path] = text, item.target
    return files


def generate_files(config: Config, progress: Progress = _quiet) -> dict[Path, dict[str, str]]:
    """Every file of every configured package, keyed by the package's output folder; nothing is written."""
    if config.templates is not None:
        check_user_templates(config.templates)
    environment = make_environment(config.templates)
    outputs: dict[Path, dict[str, str]] = {}
    for spec in config.packages:
        progress(f"{spec.name}: reading {', '.join(str(shown_path(path)) for path in spec.spec)}")
        package = build_ir(spec)
        progress(f"{spec.name}: rendering templates")
        files = render_package(package, environment)
        formatting = _formatting(progress, spec.name)
        outputs[config.out / spec.name] = format_files(files, formatting, formatter=config.formatter)
    return outputs


def _formatting(progress: Progress, package: str) -> Callable[[str], None]:
    def report(path: str) -> None:
        progress(f"{package}: formatting {path}")

    return report

"""The pipeline, the one module that knows every stage: for each configured package,
spec -> front end -> IR -> passes -> targets (templates) -> formatted files. Nothing is written here."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment

from generator.config import Config, PackageConfig
from generator.errors import SchemaError, SchemaWarning, shown_path
from generator.frontends import read_spec
from generator.ir import Location, Package
from generator.output.format import format_files
from generator.output.record import recall, remember
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
    package = read_spec(spec.spec, package=spec.name, roots=spec.roots, skipped=spec.skipped)
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


@dataclass(frozen=True, slots=True)
class Output:
    """One package's files; `files` is None when its record shows the folder holds them already."""

    folder: Path
    files: dict[str, str] | None
    count: int


def generate_files(config: Config, progress: Progress = _quiet) -> dict[Path, dict[str, str]]:
    """Every file of every configured package, keyed by the package's output folder; nothing is written."""
    return {
        output.folder: output.files
        for output in generate_outputs(config, progress, reuse=False)
        if output.files is not None
    }


def generate_outputs(config: Config, progress: Progress = _quiet, *, reuse: bool = True) -> list[Output]:
    """Each configured package's files. With `reuse`, a package whose record (see `output.record`) shows
    that its folder holds what it would give now is not generated again: its warnings are shown again."""
    environment: Environment | None = None
    outputs: list[Output] = []
    for spec in config.packages:
        folder = config.out / spec.name
        record = recall(config, spec) if reuse else None
        if record is not None and record.holds(folder):
            progress(f"{spec.name}: unchanged since it was generated")
            for message in record.warnings:
                warnings.warn(message, SchemaWarning, stacklevel=2)
            outputs.append(Output(folder, None, len(record.outputs)))
            continue
        if environment is None:
            if config.templates is not None:
                check_user_templates(config.templates)
            environment = make_environment(config.templates)
        files = _generate_package(config, spec, environment, progress)
        outputs.append(Output(folder, files, len(files)))
    return outputs


def _generate_package(
    config: Config, spec: PackageConfig, environment: Environment, progress: Progress
) -> dict[str, str]:
    """One package's formatted files; what it read, gave and warned of is recorded for later runs."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SchemaWarning)
        progress(f"{spec.name}: reading {', '.join(str(shown_path(path)) for path in spec.spec)}")
        package = build_ir(spec)
        progress(f"{spec.name}: rendering templates")
        files = render_package(package, environment)
        formatting = _formatting(progress, spec.name)
        files = format_files(files, formatting, formatter=config.formatter)
    told = [str(item.message) for item in caught if issubclass(item.category, SchemaWarning)]
    remember(config, spec, package.files_read, files, told)
    for item in caught:
        warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return files


def _formatting(progress: Progress, package: str) -> Callable[[str], None]:
    def report(path: str) -> None:
        progress(f"{package}: formatting {path}")

    return report

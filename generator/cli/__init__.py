"""The `sodagen` command: generate and check packages from the config in pyproject.toml or from options."""

from __future__ import annotations

import contextlib
import functools
import keyword
import sys
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import click

from generator.cli.progress import ProgressDisplay
from generator.cli.watch import watch as watch_paths
from generator.cli.watch import watched_paths
from generator.config import Config, config_from_options, load_config, package_name_problem
from generator.errors import SchemaError, SchemaWarning
from generator.output import lock
from generator.output.formatters import FORMATTERS
from generator.output.write import Change, apply, compare, repair, summary
from generator.pipeline import Output, Progress, generate_outputs
from generator.render.catalog import catalog, eject, macros
from generator.render.environment import BUILTIN_TEMPLATES

F = TypeVar("F", bound=Callable[..., object])
T = TypeVar("T")


def _options(command: F) -> F:
    decorators = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path),
            default=Path("pyproject.toml"),
            show_default=True,
            help="pyproject.toml holding [tool.sodagen].",
        ),
        click.option(
            "--spec",
            "specs",
            type=click.Path(path_type=Path),
            multiple=True,
            help="A WSDL, XSD, DTD or CSDL file, a folder (searched recursively) or a glob, instead of the "
            "config; repeatable, one package from all of them.",
        ),
        click.option("--package", "package_name", help="Python package name to generate (with --spec)."),
        click.option(
            "--out",
            type=click.Path(path_type=Path),
            help="Output folder (default: the config's `out`, or generated).",
        ),
        click.option(
            "--root",
            "roots",
            multiple=True,
            metavar="QNAME",
            help="Keep only what this type, operation or container path reaches (repeatable).",
        ),
        click.option(
            "--templates",
            type=click.Path(path_type=Path, file_okay=False),
            help="A folder of templates that override the built-in ones.",
        ),
        click.option("--service", "service_name", help="Name of the service class (with --spec)."),
        click.option(
            "--permissions",
            type=click.Path(path_type=Path, dir_okay=False),
            help="A TOML file of the permissions each operation needs (with --spec).",
        ),
        click.option(
            "--formatter",
            type=click.Choice(FORMATTERS),
            help="What formats the generated Python (default: the config's `formatter`, or black).",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _resolve(
    config_path: Path,
    specs: tuple[Path, ...],
    package_name: str | None,
    out: Path | None,
    roots: tuple[str, ...],
    templates: Path | None,
    service_name: str | None = None,
    permissions: Path | None = None,
    formatter: str | None = None,
) -> Config:
    if not specs:
        if package_name or roots or service_name or permissions:
            raise click.UsageError("--package, --root, --service and --permissions go with --spec")
        config = load_config(config_path)
        if templates is not None:
            config = replace(config, templates=templates)
        if out is not None:
            config = replace(config, out=out)
    else:
        if not package_name:
            raise click.UsageError("--spec needs --package NAME")
        problem = package_name_problem(package_name)
        if problem is not None:
            raise click.UsageError(f"--package {package_name!r} {problem}")
        if service_name is not None and not (
            service_name.isidentifier() and not keyword.iskeyword(service_name)
        ):
            raise click.UsageError(f"--service {service_name!r} is not a valid Python class name")
        config = config_from_options(
            specs,
            package_name,
            out or Path("generated"),
            roots,
            templates,
            service=service_name,
            permissions=permissions,
        )
    return config if formatter is None else replace(config, formatter=formatter)


def _plan(
    config: Config, progress: Progress | None = None, *, diffs: bool = False
) -> list[tuple[Output, list[Change]]]:
    """Each package's output and what writing it would change (nothing, when its record stands); with
    `diffs`, each changed file's diff (what `check` shows)."""
    outputs = generate_outputs(config, progress) if progress is not None else generate_outputs(config)
    return [
        (output, [] if output.files is None else compare(output.folder, output.files, diffs=diffs))
        for output in outputs
    ]


def _run(step: Callable[[], T]) -> T:
    """Run `step`; a bad schema, config or template is one line on stderr and exit code 2. What the
    schemas warn of (see `SchemaWarning`) is shown after a step that succeeds, one line each."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SchemaWarning)
            result = step()
    except SchemaError as exc:
        # One line, whatever the message holds (a formatter's error quotes the code it could not parse).
        click.echo(" ".join(line.strip() for line in str(exc).splitlines() if line.strip()), err=True)
        sys.exit(2)
    for item in caught:
        if issubclass(item.category, SchemaWarning):
            click.echo(f"warning: {item.message}", err=True)
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return result


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """sodagen: typed Python packages from SOAP (WSDL/XSD) and OData (CSDL) schemas.

    Without --spec, the packages come from [tool.sodagen] in pyproject.toml. Both commands take
    --config, --spec, --package, --out, --root (repeatable), --templates, --service, --permissions and
    --formatter;
    see `sodagen generate --help`.
    """


@main.command()
@_options
@click.option(
    "--watch", is_flag=True, help="Keep running: regenerate when a spec, template or the config changes."
)
def generate(watch: bool, **options: object) -> None:
    """Generate the packages; only files whose content changed are written."""
    config = _run(lambda: _resolve(**options))  # type: ignore[arg-type]
    _generate(config)
    if watch:
        config_path = options.get("config_path")
        config_file = config_path if isinstance(config_path, Path) and not options.get("specs") else None
        paths = watched_paths(config, config_file)
        click.echo(f"watching {', '.join(str(path) for path in paths)} (Ctrl-C stops)")

        def again() -> None:
            try:
                _generate(_resolve(**options))  # type: ignore[arg-type]
            except SchemaError as exc:
                click.echo(str(exc), err=True)

        with contextlib.suppress(KeyboardInterrupt):
            watch_paths(paths, again, ignore=config.out)


def _generate(config: Config) -> None:
    with lock.exclusive(config.out):  # one run at a time per output folder (see `output.lock`)
        for spec in config.packages:
            # What a killed run left (see `output.write`): before anything else, even if nothing is to change.
            _writing(config.out / spec.name, repair)
        with ProgressDisplay() as progress:
            plan = _run(lambda: _plan(config, progress))
        for output, changes in plan:
            if output.files is not None:
                _writing(output.folder, functools.partial(apply, files=output.files, changes=changes))
            click.echo(f"{output.folder}: {output.count} files, {len(changes)} written or removed")


def _writing(folder: Path, write: Callable[[Path], None]) -> None:
    """`write(folder)`; a file system that refuses it (permissions, a file where a folder goes) is one
    line on stderr and exit code 1: the package folder is left as it was, old or new, never mixed."""
    try:
        write(folder)
    except OSError as exc:
        detail = f": {exc.filename}" if exc.filename else ""
        click.echo(f"{folder}: cannot write the package: {exc.strerror or exc}{detail}", err=True)
        sys.exit(1)


@main.command()
@_options
def check(**options: object) -> None:
    """Exit 0 when the output equals what the specs and templates give now, 1 (with a summary) when not."""
    config = _run(lambda: _resolve(**options))  # type: ignore[arg-type]
    with lock.shared(config.out):
        plan = _run(lambda: _plan(config, diffs=True))
    stale = [(output.folder, changes) for output, changes in plan if changes]
    if not stale:
        click.echo("generated code is up to date")
        return
    for folder, changes in stale:
        click.echo(f"{folder}: {len(changes)} file(s) differ from what the specs generate now", err=True)
        click.echo(summary(changes), err=True)
    click.echo("run `sodagen generate` to update them", err=True)
    sys.exit(1)


@main.group()
def templates() -> None:
    """The built-in templates: list them with their blocks, or eject one to customise it."""


@templates.command("list")
def list_templates() -> None:
    """Every built-in template and the blocks a user template can override (macros for macro files)."""
    for name, blocks in _run(catalog):
        defined = macros(BUILTIN_TEMPLATES / name)
        if blocks or not defined:
            click.echo(f"{name}: {', '.join(blocks) if blocks else '(no blocks)'}")
        else:
            click.echo(f"{name}: macros {', '.join(defined)}")


@templates.command("eject")
@click.argument("name")
@click.option(
    "--to",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to copy it into (default: the config's `templates`, else ./templates).",
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=Path("pyproject.toml"))
@click.option("--force", is_flag=True, help="Replace a copy that already exists.")
def eject_template(name: str, folder: Path | None, config_path: Path, force: bool) -> None:
    """Copy the built-in template NAME (as `templates list` shows it) into your folder for editing."""
    if folder is None:
        configured = _run(lambda: load_config(config_path)).templates if config_path.is_file() else None
        folder = configured or Path("templates")
    target = _run(lambda: eject(name, folder, force=force))
    click.echo(
        f"{target}: copied from the built-in {name}; sodagen now uses your copy for --templates {folder}"
    )

"""Every document of the OData corpus (`../shared/reference/odata-corpus`: CSDL 1.0-4.0 from the OData .NET
libraries and OpenAPI.NET.OData, see its README) generates a package that imports, byte-compiles, and passes
the project's ruff rules and `mypy --strict` (issue 12 item 6). graph.beta.xml is generated from a root
(`microsoft.graph.user`), the whole of it only with `SODAGEN_ALL_REAL_SCHEMAS=1`. Skipped when the corpus is
absent (a fresh clone); its files are read where they are, never copied."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import py_compile
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.config import PackageConfig
from generator.frontends.csdl import read_csdl
from generator.output.format import format_files
from generator.output.write import apply, compare
from generator.passes import run_passes
from generator.pipeline import render_package
from generator.render.environment import make_environment
from tests.linting import RUFF_RULES
from tests.packages.test_real_schemas import ALL
from tests.paths import REFERENCE

CORPUS = REFERENCE / "odata-corpus"
ROOTS = {"graph.beta.xml": () if ALL else ("microsoft.graph.user",)}
DOCUMENTS = sorted(
    path for path in CORPUS.glob("*/*") if path.suffix in (".xml", ".csdl", ".edmx") and path.is_file()
)
MYPY_STRICT = ["--strict", "--no-incremental", "--config-file", "/dev/null"]
ABSENT = f"the OData corpus is absent at {CORPUS} (fresh clone): nothing to generate"


def _name(path: Path) -> str:
    return "corpus_" + re.sub(r"[^0-9a-z]+", "_", path.stem.lower()).strip("_")


def _generate(path: Path) -> dict[str, str] | str:
    """The formatted files of `path`'s package, or the error that stopped it."""
    name = _name(path)
    config = PackageConfig(name=name, spec=(path,), roots=ROOTS.get(path.name, ()))
    try:
        package = run_passes(read_csdl(path, package=name), config)
        return format_files(render_package(package, make_environment(None)))
    except Exception as exc:  # reported per document by the tests
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """Every corpus document generated into one folder: (folder, package name -> the error, if any).
    Documents are generated two at a time (black on the larger codecs takes most of the time)."""
    out = tmp_path_factory.mktemp("odata-corpus")
    failures: dict[str, str] = {}
    workers = min(2, os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for path, result in zip(DOCUMENTS, pool.map(_generate, DOCUMENTS), strict=True):
            name = _name(path)
            if isinstance(result, str):
                failures[name] = result
                continue
            apply(out / name, result, compare(out / name, result))
    sys.path.insert(0, str(out))
    yield out, failures
    sys.path.remove(str(out))


@pytest.mark.skipif(not DOCUMENTS, reason=ABSENT)
@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_a_corpus_document_generates_a_package_that_imports(
    path: Path, generated: tuple[Path, dict[str, str]]
) -> None:
    out, failures = generated
    name = _name(path)
    assert name not in failures, failures.get(name)
    folder = out / name / name
    for module in sorted(folder.glob("*.py")):
        py_compile.compile(str(module), doraise=True)
    sys.path.insert(0, str(out / name))
    try:
        for module in ("", ".codec", ".server"):
            if module == "" or (folder / f"{module[1:]}.py").is_file():
                importlib.import_module(f"{name}{module}")
    finally:
        sys.path.remove(str(out / name))


@pytest.mark.skipif(not DOCUMENTS, reason=ABSENT)
def test_every_corpus_package_passes_ruff_and_mypy_strict(generated: tuple[Path, dict[str, str]]) -> None:
    out, failures = generated
    packages = [str(out / _name(path) / _name(path)) for path in DOCUMENTS if _name(path) not in failures]
    assert packages
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *RUFF_RULES, *packages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    typing = subprocess.run(
        [sys.executable, "-m", "mypy", *MYPY_STRICT, *packages],
        capture_output=True,
        text=True,
        check=False,
        cwd=out,
    )
    assert typing.returncode == 0, typing.stdout


@pytest.mark.skipif(not (CORPUS / "odata.net" / "Northwind.csdl").is_file(), reason=ABSENT)
def test_northwind_csdl_1_reads_as_csdl_4_would_say_it() -> None:
    package = read_csdl(CORPUS / "odata.net" / "Northwind.csdl", package="northwind")
    employees = {item.name: item for item in package.index.models["NorthwindModel.Employees"].fields}
    assert employees["Employees1"].collection and not employees["Employees2"].collection  # self-association
    assert employees["BirthDate"].type.wire == "Edm.DateTimeOffset"
    assert employees["Territories"].collection  # many-to-many
    (service,) = package.services
    assert service.odata is not None and service.name == "NorthwindContext"
    (orders,) = [item for item in service.odata.entity_sets if item.name == "Orders"]
    targets = {binding.path[-1].name: binding.target for binding in orders.bindings}
    assert targets["Customers"] == "Customers" and targets["Order_Details"] == "Order_Details"

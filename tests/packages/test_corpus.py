"""xsdata's own sample suites (../shared/reference/xsd-corpus) through sodagen: generated, imported, lint- and
mypy-clean, every instance document decoded and its value surviving a re-encode; and sodagen's exact round
trips against xsdata's on the same documents. CI runs the short suites (`tests.corpus.SHORT`); every suite
runs with `SODAGEN_ALL_REAL_SCHEMAS=1`, and `python -m tests.corpus` prints the whole table."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from generator.frontends.sources import spec_files
from generator.frontends.xsd import read_xsd
from tests.corpus import SHORT, SUITES, XSD_CORPUS, Row, Suite, canonical, importable, run_sodagen, run_xsdata

ALL = os.environ.get("SODAGEN_ALL_REAL_SCHEMAS") == "1"
CHOSEN = [suite for suite in SUITES if ALL or suite.name in SHORT]

pytestmark = pytest.mark.skipif(not XSD_CORPUS.is_dir(), reason=f"{XSD_CORPUS} is absent (../shared)")


@pytest.fixture(scope="module", params=CHOSEN, ids=[suite.name for suite in CHOSEN])
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Suite, Row, Path]:
    suite: Suite = request.param
    work = tmp_path_factory.mktemp(f"sodagen_{suite.name}")
    return suite, run_sodagen(suite, work, lint=True), work


def test_the_suite_generates_imports_compiles_and_is_lint_and_mypy_clean(
    generated: tuple[Suite, Row, Path],
) -> None:
    _suite, row, _work = generated
    assert row.generated == "yes", row.errors
    assert row.classes > 0
    assert row.lint == "yes / yes / yes / yes"


def test_every_document_decodes_and_its_value_survives_a_re_encode(
    generated: tuple[Suite, Row, Path],
) -> None:
    suite, row, work = generated
    assert row.documents == len(suite.document_paths()) > 0
    assert row.decoded == row.documents, row.errors
    name = f"corpus_{suite.name}"
    with importable(work / name):
        codec = importlib.import_module(f"{name}.codec")
    for path in suite.document_paths():
        value = codec.decode(path.read_bytes(), xsi_types="declared")
        written = codec.encode(value, envelope=False)
        # Wildcard content is lxml elements, which compare by identity (and carry every namespace in scope
        # when written): compare the data the two writes hold.
        again = codec.encode(codec.decode(written, xsi_types="declared"), envelope=False)
        assert _data(again) == _data(written), path.name


def _data(document: bytes) -> str:
    return canonical(document, comments=False, locations=False, prefixes=False)


def test_at_least_as_many_exact_round_trips_as_xsdata(
    generated: tuple[Suite, Row, Path], tmp_path: Path
) -> None:
    suite, row, _work = generated
    peer = run_xsdata(suite, tmp_path)
    assert row.identical >= peer.identical
    # Every document comes back as it was but for its comments and schema locations.
    assert row.modulo == row.documents, row.differences


@pytest.mark.filterwarnings("ignore::generator.errors.SchemaWarning")  # undeclared types some suites have
@pytest.mark.parametrize("suite", SUITES, ids=[suite.name for suite in SUITES])
def test_the_front_end_reads_every_suite(suite: Suite) -> None:
    """Every suite, even in CI: reading the schemas takes seconds where generating takes minutes, and a
    check of the front end that refuses valid input (a local type taken for a cycle) shows here first."""
    files = [source.path for source in spec_files([suite.folder / entry for entry in suite.entries])]
    package = read_xsd(files, package=f"corpus_{suite.name}")
    assert package.models

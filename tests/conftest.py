"""Fixtures every test folder may use: `features`, the packages the per-feature suites generate from inline
schemas, in one folder per session named `sodagen_features` (see tests/codecs/features.py). Every session
formats into a cache of its own (`SODAGEN_CACHE_DIR`), never the user's, unless one is set already; and
`postgres_server`, a real PostgreSQL server where one is installed.

`SODAGEN_TEST_PACKAGES=DIR` runs the tests on another build of the committed packages: `DIR/um_service` and
`DIR/graph_presence` (each a project folder holding its package, as in generated/) are imported instead of
generated/'s, for instance their compiled build (tests/packages/test_compiled.py does this)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.common import COMPILED_VARIABLE
from generator.output.format_cache import CACHE_ENVIRONMENT
from tests import compiled_build, postgres
from tests.codecs.features import Features
from tests.paths import ROOT

PACKAGES_VARIABLE = "SODAGEN_TEST_PACKAGES"
if os.environ.get(PACKAGES_VARIABLE):
    for _name in ("um_service", "graph_presence"):
        # generated/ goes on the path too, behind, so that the test modules (which put it first when it is
        # missing) leave the order alone.
        for _folder in (ROOT / "generated" / _name, Path(os.environ[PACKAGES_VARIABLE]) / _name):
            if str(_folder) in sys.path:
                sys.path.remove(str(_folder))
            sys.path.insert(0, str(_folder))


@pytest.fixture(scope="session", autouse=True)
def format_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    if CACHE_ENVIRONMENT in os.environ:
        yield
        return
    os.environ[CACHE_ENVIRONMENT] = str(tmp_path_factory.mktemp("format_cache"))
    try:
        yield
    finally:
        del os.environ[CACHE_ENVIRONMENT]


@pytest.fixture(scope="session")
def features(tmp_path_factory: pytest.TempPathFactory) -> Features:
    return Features(tmp_path_factory.mktemp("run") / "sodagen_features")


@pytest.fixture(scope="session")
def compiled_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The compiled build of both committed packages (tests/compiled_build.py), built once per session and
    named to the codec benchmark's peers (`SODAGEN_BENCH_COMPILED`); a skip saying why where it cannot be."""
    reason = compiled_build.cannot_compile()
    if reason is not None:
        pytest.skip(reason)
    folder = compiled_build.build_compiled(tmp_path_factory.mktemp("compiled"))
    os.environ[COMPILED_VARIABLE] = str(folder)
    try:
        yield folder
    finally:
        del os.environ[COMPILED_VARIABLE]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this session (tests/postgres.py); a skip saying why where
    none can be."""
    reason = postgres.missing()
    if reason is not None:
        pytest.skip(reason)
    with postgres.postgres_server() as url:
        yield url

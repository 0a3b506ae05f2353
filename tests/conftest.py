"""Fixtures every test folder may use: `features`, the packages the per-feature suites generate from inline
schemas, in one folder per session named `sodagen_features` (see tests/codecs/features.py). Every session
formats into a cache of its own (`SODAGEN_CACHE_DIR`), never the user's, unless one is set already; and
`postgres_server`, a real PostgreSQL server where one is installed."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from generator.output.format_cache import CACHE_ENVIRONMENT
from tests import postgres
from tests.codecs.features import Features


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
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this session (tests/postgres.py); a skip saying why where
    none can be."""
    reason = postgres.missing()
    if reason is not None:
        pytest.skip(reason)
    with postgres.postgres_server() as url:
        yield url

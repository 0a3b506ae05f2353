"""Fixtures every test folder may use: `features`, the packages the per-feature suites generate from inline
schemas, in one folder per session named `sodagen_features` (see tests/codecs/features.py)."""

from __future__ import annotations

import pytest

from tests.codecs.features import Features


@pytest.fixture(scope="session")
def features(tmp_path_factory: pytest.TempPathFactory) -> Features:
    return Features(tmp_path_factory.mktemp("run") / "sodagen_features")

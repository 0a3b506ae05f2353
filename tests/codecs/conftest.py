"""The feature packages of one test session share a folder named `sodagen_features` (see features.py)."""

from __future__ import annotations

import pytest

from tests.codecs.features import Features


@pytest.fixture(scope="session")
def features(tmp_path_factory: pytest.TempPathFactory) -> Features:
    return Features(tmp_path_factory.mktemp("run") / "sodagen_features")

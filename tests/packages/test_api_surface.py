"""The public API of the generated packages is a committed snapshot (tests/api/): a generator change that
changes what consumers import or call shows up as a diff there. After an intended change, regenerate it with
`python -m tests.api_surface` and review the diff."""

from __future__ import annotations

import pytest

from tests.api_surface import PACKAGES, SNAPSHOTS, surface


@pytest.mark.parametrize("package", PACKAGES)
def test_the_public_api_matches_its_snapshot(package: str) -> None:
    expected = (SNAPSHOTS / f"{package}.txt").read_text(encoding="utf-8")
    assert (
        surface(package) == expected
    ), f"the public API of {package} changed: run `python -m tests.api_surface`"

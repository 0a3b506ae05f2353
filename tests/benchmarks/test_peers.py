"""The codec benchmark compares like with like: every peer decodes the benchmark's documents to the same
values and writes documents that read back the same (`python -m benchmarks.codecs --check`, without timing),
sodagen's compiled build included where it can be built.
Speed itself is measured by the benchmark, never asserted in tests."""

from __future__ import annotations

import importlib.util

import pytest

from benchmarks.codecs import check_peers
from tests.compiled_build import cannot_compile

PEERS = ("pyperf", "msgspec", "pydantic", "msgraph", "kiota_serialization_json")


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in PEERS),
    reason="the benchmark peers are not installed: pip install -e '.[bench]'",
)
def test_every_peer_agrees_on_the_benchmark_documents(request: pytest.FixtureRequest) -> None:
    required = {"sodagen", "msgspec", "pydantic v2", "msgraph-sdk", "xsdata", "lxml (floor)"}
    if cannot_compile() is None:
        request.getfixturevalue("compiled_packages")  # built once for the session, named to the peers
        required.add("sodagen compiled")
    notes = check_peers(required=required)
    assert all("skipped" not in note for note in notes if "sodagen compiled" not in note), notes

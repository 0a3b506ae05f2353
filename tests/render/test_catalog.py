"""docs/templates.md is the template contract: it must name every built-in template, every block of each and
every filter, so that adding one without documenting it fails here."""

from __future__ import annotations

from generator.render.catalog import catalog
from generator.render.filters import FILTERS
from tests.paths import ROOT

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")


def test_every_template_and_block_is_documented() -> None:
    rows = {
        line.split("|")[1].strip().strip("`"): line for line in DOC.splitlines() if line.startswith("| `")
    }
    for name, blocks in catalog():
        assert name in rows, f"docs/templates.md does not list {name}"
        for block in blocks:
            assert f"`{block}`" in rows[name], f"docs/templates.md does not list block {block} of {name}"


def test_every_filter_is_documented() -> None:
    for name in FILTERS:
        assert f"| `{name}" in DOC, f"docs/templates.md does not document the filter {name}"

"""With roots, the CSDL front end builds only what they can reach (issue 13 item 4); the select pass then
gives exactly the package it gives from every type, on real metadata and on roots of every kind."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from generator.frontends.csdl import read_csdl
from generator.ir import Package
from generator.passes.select import select_roots
from tests.paths import ROOT, SHARED

GRAPH = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"
CORPUS = SHARED / "reference" / "odata-corpus"
DOCUMENTS = [
    ROOT / "specs" / "graph" / "presence.xml",
    CORPUS / "OpenAPI.NET.OData" / "TripService.OData.xml",
    CORPUS / "odata.net" / "TripPin.csdl",
    CORPUS / "odata.net" / "Northwind.csdl",
    CORPUS / "odata.net" / "AdventureWorksPlus.csdl",
]
GRAPH_ROOTS = [
    ("microsoft.graph.user",),
    ("microsoft.graph.presence",),
    ("users/presence",),
    ("communications/presences",),
    ("me/calendar/events",),
    ("microsoft.graph.setPresence",),
    ("microsoft.graph.identitySet", "microsoft.graph.driveItem"),
    ("microsoft.graph.getSchedule(microsoft.graph.calendar)",),
]


@cache
def _everything(path: Path) -> Package:
    return read_csdl(path, package="p")


def _same_selection(path: Path, roots: tuple[str, ...]) -> int:
    """How many models the roots keep; fails unless reading only what they reach gives the same package."""
    whole = select_roots(_everything(path), roots)
    reached = read_csdl(path, package="p", roots=roots)
    assert len(reached.models) <= len(_everything(path).models)
    assert select_roots(reached, roots) == whole, roots
    return len(whole.models)


def _sample_roots(package: Package) -> list[tuple[str, ...]]:
    """Roots of every kind the document has: types, operations, entity sets and one-step paths."""
    types = [model.qname for model in package.models if model.origin is None]
    roots: list[tuple[str, ...]] = [(qname,) for qname in types[:: max(1, len(types) // 6)]]
    operations = sorted({op.qname for service in package.services for op in service.operations})
    roots += [(qname,) for qname in operations[:3]]
    sets = [
        entity_set
        for service in package.services
        if service.odata
        for entity_set in service.odata.entity_sets
    ]
    for entity_set in sets[:3]:
        roots.append((entity_set.name,))
        model = next((model for model in package.models if model.qname == entity_set.type), None)
        navigation = next((field for field in model.fields if field.is_navigation), None) if model else None
        if navigation is not None:
            roots.append((f"{entity_set.name}/{navigation.name}",))
    roots.append(tuple(types[:2]))
    return roots


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_reading_what_the_roots_reach_selects_the_same_package(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not found (../shared absent)")
    roots = _sample_roots(_everything(path))
    assert len(roots) >= 4
    kept = [_same_selection(path, root) for root in roots]
    assert any(kept)


@pytest.mark.skipif(not GRAPH.is_file(), reason=f"shared Graph metadata not found at {GRAPH}")
@pytest.mark.parametrize("roots", GRAPH_ROOTS, ids=lambda roots: ",".join(roots))
def test_graph_roots_read_a_fraction_and_select_the_same(roots: tuple[str, ...]) -> None:
    assert _same_selection(GRAPH, roots) > 0
    reached = read_csdl(GRAPH, package="p", roots=roots)
    assert len(reached.models) < len(_everything(GRAPH).models) / 2


def test_an_unknown_root_is_still_the_select_pass_error() -> None:
    path = ROOT / "specs" / "graph" / "presence.xml"
    reached = read_csdl(path, package="p", roots=("microsoft.graph.nothing",))
    with pytest.raises(Exception, match=r"root 'microsoft.graph.nothing' names no type"):
        select_roots(reached, ("microsoft.graph.nothing",))

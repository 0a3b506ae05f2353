"""The committed Microsoft Graph subset `specs/graph/presence.xml` against the real v1.0 metadata.

The subset is what selecting the root `microsoft.graph.presence` needs, so selecting that root from the
subset and from the real file (`../shared/reference/graph/cleanMetadata-v1.0.xml`, when present) must give
the same IR.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from generator.frontends.csdl import read_csdl
from generator.ir import Package, TypeKind
from generator.passes.select import select_roots
from tests.paths import ROOT, SHARED

SPEC = ROOT / "specs" / "graph" / "presence.xml"
REAL = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"
ROOTS = ["microsoft.graph.presence"]
NS = "microsoft.graph"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"

needs_real = pytest.mark.skipif(
    not REAL.is_file(),
    reason=f"the real Graph metadata is not available at {REAL} (shared reference checkout)",
)

# name -> (wire type, collection, nullable) as in the real v1.0 metadata
TYPES: dict[str, dict[str, tuple[str, bool, bool]]] = {
    "entity": {"id": ("Edm.String", False, False)},
    "presence": {
        "activity": ("Edm.String", False, True),
        "availability": ("Edm.String", False, True),
        "outOfOfficeSettings": (f"{NS}.outOfOfficeSettings", False, True),
        "sequenceNumber": ("Edm.String", False, True),
        "statusMessage": (f"{NS}.presenceStatusMessage", False, True),
        "workLocation": (f"{NS}.userWorkLocation", False, True),
    },
    "presenceStatusMessage": {
        "expiryDateTime": (f"{NS}.dateTimeTimeZone", False, True),
        "message": (f"{NS}.itemBody", False, True),
        "publishedDateTime": ("Edm.DateTimeOffset", False, True),
    },
    "outOfOfficeSettings": {
        "isOutOfOffice": ("Edm.Boolean", False, True),
        "message": ("Edm.String", False, True),
    },
    "itemBody": {
        "content": ("Edm.String", False, True),
        "contentType": (f"{NS}.bodyType", False, True),
    },
    "dateTimeTimeZone": {
        "dateTime": ("Edm.String", False, False),
        "timeZone": ("Edm.String", False, True),
    },
    "userWorkLocation": {
        "placeId": ("Edm.String", False, True),
        "source": (f"{NS}.workLocationSource", False, False),
        "workLocationType": (f"{NS}.workLocationType", False, False),
    },
}
ENUMS = {
    "bodyType": ("text", "html"),
    "workLocationSource": ("none", "manual", "scheduled", "automatic", "unknownFutureValue"),
    "workLocationType": ("unspecified", "office", "remote", "timeOff", "unknownFutureValue"),
}
PRESENCE_ACTIONS = {
    "clearAutomaticLocation": (),
    "clearLocation": (),
    "clearPresence": ("sessionId",),
    "clearUserPreferredPresence": (),
    "setAutomaticLocation": ("workLocationType", "placeId"),
    "setManualLocation": ("workLocationType", "placeId"),
    "setPresence": ("sessionId", "availability", "activity", "expirationDuration"),
    "setStatusMessage": ("statusMessage",),
    "setUserPreferredPresence": ("availability", "activity", "expirationDuration"),
}
GET_BY_IDS = f"{NS}.getPresencesByUserId({NS}.cloudCommunications)"


@pytest.fixture(scope="module")
def spec() -> Package:
    return read_csdl(SPEC, package="graph")


@pytest.fixture(scope="module")
def selected(spec: Package) -> Package:
    return select_roots(spec, ROOTS)


@needs_real
def test_subset_equals_the_real_metadata_selection(selected: Package) -> None:
    real = select_roots(read_csdl(REAL, package="graph"), ROOTS)
    assert [model.qname for model in selected.models] == [model.qname for model in real.models]
    assert [enum.qname for enum in selected.enums] == [enum.qname for enum in real.enums]
    for ours, theirs in zip(selected.models, real.models, strict=True):
        assert ours == theirs, ours.qname
    assert selected == real


def test_subset_is_its_own_selection(spec: Package, selected: Package) -> None:
    assert selected == spec
    assert select_roots(selected, ROOTS) == selected


def test_subset_types(selected: Package) -> None:
    whole = {f"{NS}.{name}" for name in TYPES}
    stubs = {f"{NS}.user", f"{NS}.directoryObject", f"{NS}.cloudCommunications"}
    types = {model.qname for model in selected.models if "/" not in model.qname}
    assert types == whole | stubs
    for name, properties in TYPES.items():
        model = selected.index.models[f"{NS}.{name}"]
        found = {
            field.name: (field.type.wire, field.collection, field.nullable)
            for field in model.fields
            if not field.is_navigation
        }
        assert found == properties, name
        for field in model.fields:
            assert field.required is not field.nullable, f"{name}.{field.name}"
    presence = selected.index.models[f"{NS}.presence"]
    assert presence.base == f"{NS}.entity" and presence.odata is not None and presence.odata.entity
    assert selected.index.models[f"{NS}.entity"].odata is not None
    assert selected.index.models[f"{NS}.entity"].odata.keys == ("id",)  # type: ignore[union-attr]
    assert [f.name for f in presence.fields if f.name == "sequenceNumber" and f.read_only] == [
        "sequenceNumber"
    ]
    # no enums for availability and activity: they are plain strings
    assert {enum.qname for enum in selected.enums} == {f"{NS}.{name}" for name in ENUMS}
    for name, members in ENUMS.items():
        assert tuple(member.name for member in selected.index.enums[f"{NS}.{name}"].members) == members
    user = selected.index.models[f"{NS}.user"]
    assert [
        (f.name, f.is_navigation, f.type.name, f.odata and f.odata.contains_target) for f in user.fields
    ] == [("presence", True, f"{NS}.presence", True)]
    assert user.base == f"{NS}.directoryObject"
    assert selected.index.models[f"{NS}.directoryObject"].fields == ()
    communications = selected.index.models[f"{NS}.cloudCommunications"]
    assert [(f.name, f.collection, f.odata and f.odata.contains_target) for f in communications.fields] == [
        ("presences", True, True)
    ]


def test_subset_operations(selected: Package) -> None:
    operations = {op.qname: op for service in selected.services for op in service.operations}
    expected = {f"{NS}.{name}({NS}.presence)" for name in PRESENCE_ACTIONS} | {GET_BY_IDS}
    assert set(operations) == expected
    for name, parameters in PRESENCE_ACTIONS.items():
        op = operations[f"{NS}.{name}({NS}.presence)"]
        assert op.odata is not None
        assert op.odata.kind == "action" and op.odata.bound_to == f"{NS}.presence"
        assert op.odata.returns is None and op.output is None
        if parameters:
            assert op.input == f"{op.qname}/Request"
            assert tuple(field.name for field in selected.index.models[op.input].fields) == parameters
        else:
            assert op.input is None
    by_ids = operations[GET_BY_IDS]
    assert by_ids.odata is not None
    assert by_ids.odata.bound_to == f"{NS}.cloudCommunications" and not by_ids.odata.bound_collection
    assert by_ids.odata.returns is not None and by_ids.odata.returns.name == f"{NS}.presence"
    assert by_ids.odata.returns_collection
    assert by_ids.input is not None
    (ids,) = selected.index.models[by_ids.input].fields
    assert (ids.name, ids.type.kind, ids.collection, ids.nullable) == ("ids", TypeKind.PRIMITIVE, True, False)


def test_subset_container_paths(selected: Package) -> None:
    (service,) = selected.services
    assert service.odata is not None
    assert [(s.name, s.type, s.singleton) for s in service.odata.entity_sets] == [
        ("users", f"{NS}.user", False),
        ("communications", f"{NS}.cloudCommunications", True),
        ("me", f"{NS}.user", True),
    ]
    assert all(entity_set.bindings == () for entity_set in service.odata.entity_sets)


def _declarations(path: Path) -> dict[str, etree._Element]:
    tree = etree.parse(str(path), etree.XMLParser(remove_comments=True, huge_tree=True))
    found: dict[str, etree._Element] = {}
    for schema in tree.iter(f"{EDM}Schema"):
        if schema.get("Namespace") != NS:
            continue
        for element in schema:
            name = element.get("Name")
            if name is not None and element.tag in (
                f"{EDM}EntityType",
                f"{EDM}ComplexType",
                f"{EDM}EnumType",
            ):
                found.setdefault(name, element)
    return found


def _shape(element: etree._Element) -> list[tuple[str, dict[str, str]]]:
    """The element and its descendants: local names and attributes, in document order."""
    return [
        (str(etree.QName(item).localname), {str(key): str(value) for key, value in item.attrib.items()})
        for item in element.iter()
    ]


@needs_real
def test_subset_declarations_are_verbatim_from_the_real_metadata() -> None:
    ours, theirs = _declarations(SPEC), _declarations(REAL)
    for name in [*TYPES, *ENUMS]:
        assert name in theirs, name
        assert _shape(ours[name]) == _shape(theirs[name]), name

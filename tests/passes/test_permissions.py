"""`apply_permissions` on hand-built OData IR: what a permissions file says lands on `ODataOperation.scopes`
and `.status` (every operation of a qualified name) and on `ODataType.read_scopes`; a name the package does
not have is an error at the file; without a permissions file the pass changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import PackageConfig
from generator.config.permissions import Permissions
from generator.errors import SchemaError
from generator.ir import MessageKind, Operation, Package
from generator.passes import permissions as permissions_pass
from generator.passes.permissions import apply_permissions
from generator.targets.odata.routes import read_routes
from tests.irfactory import entity, entity_set, message, odata_package, operation, prop

FILE = "specs/t/permissions.toml"
OPERATIONS = (
    operation("act", "t.thing"),
    operation("act", "t.thing", collection=True),
    operation("act", "t.part"),
    operation("find", "t.thing", returns="t.thing", request=True, signature="t.thing,Edm.String"),
    operation("find", "t.thing", returns="t.thing", signature="t.thing"),
    operation("other", "t.thing"),
    operation("top", None),
)
MODELS = (
    entity("t.thing", prop("id", required=True), keys=("id",)),
    entity("t.part", prop("id", required=True), keys=("id",)),
    message("t.find(t.thing,Edm.String)", MessageKind.REQUEST, prop("x"), name="findRequest"),
)
PACKAGE = odata_package(
    MODELS,
    operations=OPERATIONS,
    entity_sets=(entity_set("things", "t.thing"), entity_set("parts", "t.part")),
)
PERMISSIONS = Permissions(
    FILE,
    reads={"t.thing": ("Thing.Read", "Thing.Read.All")},
    operations={"t.act": ("Thing.ReadWrite", "Thing.ReadWrite.All"), "t.find": ("Thing.Read",), "t.top": ()},
    statuses={"t.act": 202, "t.top": 200},
)


def operations_of(package: Package) -> dict[str, Operation]:
    return {op.qname: op for service in package.services for op in service.operations}


def test_operation_scopes_and_status_land_on_every_binding_and_overload() -> None:
    result = operations_of(apply_permissions(PACKAGE, PERMISSIONS))
    expected = {
        "t.act(t.thing)": (("Thing.ReadWrite", "Thing.ReadWrite.All"), 202),
        "t.act(Collection(t.thing))": (("Thing.ReadWrite", "Thing.ReadWrite.All"), 202),
        "t.act(t.part)": (("Thing.ReadWrite", "Thing.ReadWrite.All"), 202),
        "t.find(t.thing,Edm.String)": (("Thing.Read",), None),
        "t.find(t.thing)": (("Thing.Read",), None),
        "t.other(t.thing)": ((), None),
        "t.top": ((), 200),
    }
    assert set(result) == set(expected)
    for qname, (scopes, status) in expected.items():
        odata = result[qname].odata
        assert odata is not None
        assert (odata.scopes, odata.status) == (scopes, status), qname


def test_nothing_else_of_an_operation_changes() -> None:
    before = operations_of(PACKAGE)
    for qname, op in operations_of(apply_permissions(PACKAGE, PERMISSIONS)).items():
        assert op.odata is not None
        assert replace(op, odata=replace(op.odata, scopes=(), status=None)) == before[qname]


def test_read_scopes_land_on_the_type() -> None:
    result = apply_permissions(PACKAGE, PERMISSIONS).index.models
    thing, part = result["t.thing"].odata, result["t.part"].odata
    assert thing is not None and part is not None
    assert thing.read_scopes == ("Thing.Read", "Thing.Read.All")
    assert part.read_scopes == ()
    assert replace(thing, read_scopes=()) == MODELS[0].odata  # the rest of the binding is kept


def test_the_permissions_reach_the_routes() -> None:
    routes = {
        (route.method, route.path): route for route in read_routes(apply_permissions(PACKAGE, PERMISSIONS))
    }
    assert routes["GET", "/things/{thing-id}"].scopes == ("Thing.Read", "Thing.Read.All")
    assert routes["GET", "/parts"].scopes == ()
    assert routes["POST", "/things/act"].scopes == ("Thing.ReadWrite", "Thing.ReadWrite.All")
    assert routes["POST", "/things/act"].empty_status == 202
    assert routes["POST", "/things/{thing-id}/other"].empty_status == 204


@pytest.mark.parametrize(
    ("reads", "operations", "named"),
    [
        ({"t.nothing": ("X",)}, {}, "t.nothing"),
        ({"t.act": ("X",)}, {}, "t.act"),  # an operation is no type
        ({}, {"t.nothing": ("X",)}, "t.nothing"),
        ({}, {"t.thing": ("X",)}, "t.thing"),  # a type is no operation
        ({}, {"t.act(t.thing)": ("X",)}, "t.act(t.thing)"),  # operations are named without their binding
        ({}, {"act": ("X",)}, "act"),
    ],
)
def test_unknown_names_are_an_error_at_the_file(
    reads: dict[str, tuple[str, ...]], operations: dict[str, tuple[str, ...]], named: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        apply_permissions(PACKAGE, Permissions(FILE, reads=reads, operations=operations))
    assert str(caught.value).startswith(f"{FILE}:")
    assert f"'{named}'" in str(caught.value)


def test_a_status_without_permissions() -> None:
    result = apply_permissions(
        PACKAGE, Permissions(FILE, operations={"t.other": ()}, statuses={"t.other": 200})
    )
    odata = operations_of(result)["t.other(t.thing)"].odata
    assert odata is not None and odata.status == 200 and odata.scopes == ()


def test_run_without_permissions_leaves_the_package_unchanged() -> None:
    package = apply_permissions(PACKAGE, PERMISSIONS)  # permissions already there must stay
    result = permissions_pass.run(package, PackageConfig(name="t", spec=(Path("t.xml"),)))
    assert result == package
    assert operations_of(result)["t.act(t.thing)"].odata == operations_of(package)["t.act(t.thing)"].odata
    assert result.index.models["t.thing"].odata == package.index.models["t.thing"].odata


def test_run_with_permissions_applies_them() -> None:
    config = PackageConfig(name="t", spec=(Path("t.xml"),), permissions=PERMISSIONS)
    assert permissions_pass.run(PACKAGE, config) == apply_permissions(PACKAGE, PERMISSIONS)
    assert permissions_pass.run(PACKAGE, config) != PACKAGE

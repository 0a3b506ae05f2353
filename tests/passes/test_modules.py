"""`assign_modules`: the package split into `enums`, `models` and `messages`, bases first."""

from __future__ import annotations

import pytest

from generator.errors import SchemaError
from generator.ir import ModelRole, Module
from generator.passes.modules import assign_modules
from tests.passes.modules_helpers import enum, model, package, ref


def test_empty_package_has_no_modules() -> None:
    assert assign_modules(package([])).modules == ()


def test_modules_split_and_sorted() -> None:
    pkg = package(
        [
            model("Zeta"),
            model("Alpha"),
            model("GetRequest", ref("item", "ns.Alpha"), role=ModelRole.MESSAGE),
            model("GetResponse", role=ModelRole.MESSAGE),
        ],
        [enum("Color"), enum("Bool")],
    )
    assert assign_modules(pkg).modules == (
        Module("enums", enums=("ns.Bool", "ns.Color")),
        Module("models", models=("ns.Alpha", "ns.Zeta")),
        Module("messages", models=("ns.GetRequest", "ns.GetResponse")),
    )


def test_messages_referenced_by_types_move_to_models_transitively() -> None:
    pkg = package(
        [
            model("Holder", ref("x", "ns.Inner")),
            model("Inner", ref("y", "ns.Deep"), role=ModelRole.MESSAGE),
            model("Deep", role=ModelRole.MESSAGE),
            model("Request", ref("h", "ns.Holder"), role=ModelRole.MESSAGE),
            model("Derived", base="ns.Parent"),
            model("Parent", role=ModelRole.MESSAGE),
        ]
    )
    modules = assign_modules(pkg).modules
    assert [m.name for m in modules] == ["models", "messages"]
    assert set(modules[0].models) == {"ns.Holder", "ns.Inner", "ns.Deep", "ns.Derived", "ns.Parent"}
    assert modules[1].models == ("ns.Request",)


def test_only_messages() -> None:
    modules = assign_modules(package([model("Ping", role=ModelRole.MESSAGE)])).modules
    assert modules == (Module("messages", models=("ns.Ping",)),)


def test_bases_come_before_derived() -> None:
    pkg = package(
        [
            model("Apple", base="ns.Middle"),
            model("Middle", base="ns.Zoo"),
            model("Zoo"),
            model("Banana"),
            model("Cherry", base="ns.Banana"),
        ]
    )
    (module,) = assign_modules(pkg).modules
    assert module.models == ("ns.Banana", "ns.Cherry", "ns.Zoo", "ns.Middle", "ns.Apple")


def test_ordering_is_deterministic() -> None:
    models = [model("B", base="ns.A"), model("A"), model("C"), model("D", base="ns.C")]
    first = assign_modules(package(models)).modules
    assert assign_modules(package(list(reversed(models)))).modules == first


def test_circular_bases_are_an_error() -> None:
    with pytest.raises(SchemaError, match="circular"):
        assign_modules(package([model("A", base="ns.B"), model("B", base="ns.A")]))

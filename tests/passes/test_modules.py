"""`assign_modules`: the package split into `enums`, `models` and `messages`, bases first."""

from __future__ import annotations

import pytest

from generator.errors import SchemaError
from generator.ir import Model, ModelRole, Module
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


def _forest(count: int) -> list[Model]:
    """`count` models in trees of four (a root and a chain of three derived), each root referring to a
    model of another tree."""
    models = []
    for number in range(count):
        fields = (ref("other", f"ns.M{(number + count // 2) % count // 4 * 4}"),) if number % 4 == 0 else ()
        base = f"ns.M{number - 1}" if number % 4 else None
        models.append(model(f"M{number}", *fields, base=base))
    return models


def test_a_large_module_is_split_into_parts_holding_whole_subtrees() -> None:
    modules = assign_modules(package(_forest(900))).modules
    assert [module.name for module in modules] == [f"_models_{number}" for number in range(1, 6)]
    assert all(module.part_of == "models" for module in modules)
    assert [len(module.models) for module in modules] == [200, 200, 200, 200, 100]
    part_of = {qname: number for number, module in enumerate(modules) for qname in module.models}
    assert len(part_of) == 900
    for qname, number in part_of.items():
        index = int(qname.removeprefix("ns.M"))
        if index % 4:
            assert part_of[f"ns.M{index - 1}"] <= number  # a base is in the same part or an earlier one
    first = modules[0].models
    assert first[:5] == ("ns.M0", "ns.M1", "ns.M2", "ns.M3", "ns.M100")  # a tree, then the next by name


def test_a_module_at_the_limit_is_not_split() -> None:
    modules = assign_modules(package(_forest(400))).modules
    assert [(module.name, module.part_of) for module in modules] == [("models", None)]

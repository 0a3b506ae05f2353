"""`assign_imports`: each module's standard-library and sibling-module imports."""

from __future__ import annotations

from generator.ir import Import, ModelRole, Primitive, TypeKind
from generator.passes.imports import assign_imports
from generator.passes.modules import assign_modules
from tests.passes.modules_helpers import enum, model, package, prim, ref


def test_imports() -> None:
    pkg = package(
        [
            model(
                "Event",
                prim("when", Primitive.DATETIME),
                prim("day", Primitive.DATE),
                prim("price", Primitive.DECIMAL),
                ref("color", "ns.Color", TypeKind.ENUM),
                ref("status", "ns.STATUS", TypeKind.ENUM),
                ref("abc", "ns.abc", TypeKind.ENUM),
            ),
            model("Base"),
            model(
                "CreateEvent",
                ref("event", "ns.Event"),
                ref("other", "ns.UpdateEvent"),
                prim("id", Primitive.GUID),
                role=ModelRole.MESSAGE,
                base="ns.Base",
            ),
            model("UpdateEvent", ref("color", "ns.Color", TypeKind.ENUM), role=ModelRole.MESSAGE),
        ],
        [enum("Color"), enum("STATUS"), enum("abc")],
    )
    modules = {m.name: m for m in assign_imports(assign_modules(pkg)).modules}
    assert modules["enums"].imports == (Import("enum", ()),)
    assert modules["models"].imports == (
        Import("dataclasses", ()),
        Import("datetime", ()),
        Import("decimal", ()),
        Import(".enums", ("STATUS", "Color", "abc")),
    )
    assert modules["messages"].imports == (
        Import("dataclasses", ()),
        Import("uuid", ()),
        Import(".enums", ("Color",)),
        Import(".models", ("Base", "Event")),
    )


def test_imports_within_same_module_are_not_imported() -> None:
    pkg = package([model("A", ref("b", "ns.B"), base="ns.C"), model("B"), model("C")])
    (module,) = assign_imports(assign_modules(pkg)).modules
    assert module.imports == (Import("dataclasses", ()),)


def test_time_and_duration_need_datetime_once() -> None:
    pkg = package([model("A", prim("t", Primitive.TIME), prim("d", Primitive.DURATION))])
    (module,) = assign_imports(assign_modules(pkg)).modules
    assert module.imports == (Import("dataclasses", ()), Import("datetime", ()))


def test_parts_import_bases_at_run_time_and_the_rest_for_type_checkers_only() -> None:
    models = [model(f"Root{number}") for number in range(400)]
    models += [
        model("Derived", ref("peer", "ns.Root99"), ref("color", "ns.Color", TypeKind.ENUM), base="ns.Root0"),
        model("Request", ref("item", "ns.Derived"), role=ModelRole.MESSAGE),
    ]
    modules = {m.name: m for m in assign_imports(assign_modules(package(models, [enum("Color")]))).modules}
    assert [name for name in modules if name.startswith("_models_")] == [
        "_models_1",
        "_models_2",
        "_models_3",
    ]
    holder = next(module for module in modules.values() if "ns.Derived" in module.models)
    base_part = next(module.name for module in modules.values() if "ns.Root0" in module.models)
    peer_part = next(module.name for module in modules.values() if "ns.Root99" in module.models)
    assert holder.name == base_part  # depth first: a derived model follows its base
    assert peer_part != holder.name
    assert holder.imports == (
        Import("dataclasses", ()),
        Import(".enums", ("Color",)),
        Import("typing", ("TYPE_CHECKING",)),
        Import(f".{peer_part}", ("Root99",), typing_only=True),
    )
    # The messages module is not a part: what it takes from a part is for type checkers only.
    assert modules["messages"].imports[-1] == Import(f".{holder.name}", ("Derived",), typing_only=True)

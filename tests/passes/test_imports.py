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

from __future__ import annotations

from collections.abc import Sequence

import pytest

from generator.errors import SchemaError
from generator.ir import (
    EnumMember,
    EnumType,
    Field,
    Import,
    Model,
    ModelRole,
    Module,
    Package,
    Primitive,
    TypeKind,
    TypeRef,
)
from generator.passes.imports import assign_imports
from generator.passes.modules import assign_modules


def prim(name: str, primitive: Primitive) -> Field:
    return Field(name, TypeRef(TypeKind.PRIMITIVE, primitive.value, primitive.value))


def ref(name: str, qname: str, kind: TypeKind = TypeKind.MODEL) -> Field:
    return Field(name, TypeRef(kind, qname, qname))


def model(py_name: str, *fields: Field, role: ModelRole = ModelRole.TYPE, base: str | None = None) -> Model:
    return Model(f"ns.{py_name}", py_name, tuple(fields), role=role, base=base, py_name=py_name)


def enum(py_name: str) -> EnumType:
    return EnumType(f"ns.{py_name}", py_name, (EnumMember("a", "a", py_name="A"),), py_name=py_name)


def package(models: Sequence[Model], enums: Sequence[EnumType] = ()) -> Package:
    return Package("pkg", "urn:test", tuple(models), tuple(enums))


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

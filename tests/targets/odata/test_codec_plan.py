"""The JSON codec's plan on small hand-built OData IR: field kinds and the runtime functions (and arguments)
that convert values, nullability of collections, polymorphism and `@odata.type`."""

from __future__ import annotations

from dataclasses import replace

from generator.ir import EnumMember, Package, Primitive, TypeKind
from generator.passes.naming import assign_names
from generator.render.filters import Symbol
from generator.targets.odata.codec_plan import FieldKind, JsonFieldPlan, JsonPlan, plan_json
from tests.irfactory import complex_type, element, entity, model, odata_enum, odata_package, prop, ref


def _plan(raw: Package) -> JsonPlan:
    return plan_json(assign_names(raw))


def _fields(plan: JsonPlan, py_name: str) -> dict[str, JsonFieldPlan]:
    found = next(item for item in plan.models if item.py_name == py_name)
    return {item.py_name: item for item in found.fields}


def test_each_property_gets_its_kind_and_converters() -> None:
    color = odata_enum("t.color", "red", "green")
    access = replace(odata_enum("t.access", "read", "write"), flags=True)
    closed = replace(odata_enum("t.size", "s", "m"), open=False)
    thing = complex_type(
        "t.thing",
        prop("name"),
        prop("flag", Primitive.BOOLEAN),
        prop("count", Primitive.INT),
        prop("ratio", Primitive.FLOAT),
        prop("when", Primitive.DATETIME),
        prop("blob", Primitive.ANY),
        ref("color", color.qname, TypeKind.ENUM),
        ref("access", access.qname, TypeKind.ENUM),
        ref("size", closed.qname, TypeKind.ENUM),
        ref("child", "t.child"),
    )
    single = replace(
        prop("single", Primitive.FLOAT), type=replace(prop("x", Primitive.FLOAT).type, wire="Edm.Single")
    )
    plan = _plan(
        odata_package(
            [replace(thing, fields=(*thing.fields, single)), complex_type("t.child")], [color, access, closed]
        )
    )
    fields = _fields(plan, "Thing")
    assert {name: field.kind for name, field in fields.items()} == {
        "name": FieldKind.STRING,
        "flag": FieldKind.BOOLEAN,
        "count": FieldKind.VALUE,
        "ratio": FieldKind.VALUE,
        "when": FieldKind.VALUE,
        "blob": FieldKind.ANY,
        "color": FieldKind.OPEN_ENUM,
        "access": FieldKind.VALUE,
        "size": FieldKind.VALUE,
        "child": FieldKind.MODEL,
        "single": FieldKind.VALUE,
    }
    assert (fields["name"].expected, fields["color"].expected) == ("a string", "a color string")
    assert fields["color"].table == Symbol("_COLOR_VALUES")
    count, ratio, when = fields["count"].value, fields["ratio"].value, fields["when"].value
    assert count is not None and count.reader == "integer" and count.writer is None
    # prop() names integers Edm.int: an unknown width reads as Edm.Int64, the widest.
    assert count.reader_arguments == ("Edm.int", -(2**63), 2**63 - 1)
    assert ratio is not None and (ratio.reader, ratio.reader_arguments, ratio.writer) == (
        "double",
        (),
        "double_json",
    )
    single_value = fields["single"].value
    assert single_value is not None and single_value.reader_arguments == ("Edm.Single",)
    assert when is not None and (when.reader, when.writer) == ("date_time_offset", "date_time_text")
    flags, sized = fields["access"].value, fields["size"].value
    assert flags is not None and (flags.reader, flags.writer) == ("flags", "flags_text")
    assert flags.reader_arguments == (Symbol("_ACCESS_VALUES"), "access") and flags.writer_arguments == (
        Symbol("_ACCESS_VALUES"),
    )
    assert sized is not None and (sized.reader, sized.writer) == ("closed_enum", "enum_text")
    assert (fields["child"].reader, fields["child"].writer) == ("_read_Child", "_write_Child")
    written = {name for name, field in fields.items() if field.written_as_is}
    assert written == {"name", "flag", "count", "blob"}
    assert plan.stdlib_modules == ("datetime",)


def test_optional_collections_may_be_null_and_required_ones_may_not() -> None:
    listing = complex_type(
        "t.listing",
        replace(ref("tags", "t.tag", collection=True), nullable=False),
        replace(ref("kept", "t.tag", collection=True), required=True, nullable=False),
        replace(prop("label", required=True), nullable=True),
    )
    plan = _plan(odata_package([listing, complex_type("t.tag")]))
    fields = _fields(plan, "Listing")
    assert (fields["tags"].nullable, fields["tags"].required) == (True, False)
    assert (fields["kept"].nullable, fields["kept"].required) == (False, True)
    model_plan = next(item for item in plan.models if item.py_name == "Listing")
    assert model_plan.reads_nulls and model_plan.writes_nulls
    strict = _plan(odata_package([complex_type("t.strict", prop("id", required=True))]))
    assert not strict.models[0].reads_nulls and not strict.models[0].writes_nulls


def test_polymorphism_and_type_names() -> None:
    shape = complex_type("t.shape", prop("id"), abstract=True)
    circle = complex_type("t.circle", prop("radius", Primitive.FLOAT), base="t.shape")
    person = entity("t.person", prop("id", required=True), keys=("id",))
    employee = entity("t.employee", prop("salary", Primitive.DECIMAL), base="t.person")
    holder = complex_type("t.drawing", ref("main", "t.shape"))
    plan = _plan(odata_package([shape, circle, person, employee, holder]))
    by_name = {item.py_name: item for item in plan.models}
    assert (by_name["Shape"].polymorphic, by_name["Shape"].reader) == (True, "_read_any_Shape")
    assert (by_name["Circle"].polymorphic, by_name["Circle"].derived) == (False, True)
    assert (
        by_name["Circle"].concrete_base is False
    )  # its base is abstract: a reader of Shape must dispatch anyway
    assert by_name["Employee"].concrete_base is True
    assert [item.py_name for item in plan.needing_type] == ["Employee"]
    assert [item.py_name for item in plan.polymorphic] == ["Person", "Shape"]
    assert {item.py_name: item.odata_type for item in plan.typed}["Circle"] == "#t.circle"
    main = _fields(plan, "Drawing")["main"]
    assert (main.reader, main.writer) == ("_read_any_Shape", "_write_any_Shape")


def test_only_odata_bound_models_are_planned() -> None:
    xml_only = model("Item", element("name"))
    mixed = replace(
        odata_package([complex_type("t.thing", prop("x"))]), models=(xml_only, complex_type("t.thing"))
    )
    assert [item.py_name for item in _plan(mixed).models] == ["Thing"]
    assert _plan(odata_package([complex_type("t.thing")])).enums == ()
    colors = odata_enum("t.color", "red")
    assert _plan(odata_package([], [replace(colors, members=(EnumMember("red", "0"),))])).enums[
        0
    ].table == Symbol("_COLOR_VALUES")

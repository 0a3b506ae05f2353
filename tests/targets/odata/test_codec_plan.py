"""The JSON codec's plan on small hand-built OData IR: field kinds and the runtime functions (and arguments)
that convert values, nullability of collections, polymorphism and `@odata.type`."""

from __future__ import annotations

from dataclasses import replace

from generator.ir import EnumMember, Package, Primitive, TypeKind
from generator.passes.naming import assign_names
from generator.render.filters import Symbol, python_literal
from generator.targets.odata.codec_plan import Absent, FieldKind, JsonFieldPlan, JsonPlan, plan_json
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
    converters = {
        name: (str(field.value.read), str(field.value.write))
        for name, field in fields.items()
        if field.value is not None
    }
    assert converters == {
        # prop() names integers Edm.int: an unknown width reads as Edm.Int64, the widest.
        "count": ("_READ_EDM_INT", "None"),
        "ratio": ("_j.double", "_j.double_json"),
        "when": ("_j.date_time_offset", "_j.date_time_text"),
        "access": ("_READ_ACCESS", "_WRITE_ACCESS"),
        "size": ("_READ_SIZE", "_j.enum_text"),
        "single": ("_READ_EDM_SINGLE", "_j.double_json"),
    }
    made = {str(name): python_literal(call) for name, call in plan.made}
    assert made == {
        "_READ_ACCESS": '_f.flags_reader(_ACCESS_VALUES, "access")',
        "_READ_EDM_INT": f'_f.integer_reader("Edm.int", {-(2**63)}, {2**63 - 1})',
        "_READ_EDM_SINGLE": '_f.double_reader("Edm.Single")',
        "_READ_SIZE": '_f.closed_enum_reader(_SIZE_VALUES, "size")',
        "_WRITE_ACCESS": "_f.flags_writer(_ACCESS_VALUES)",
    }
    assert (fields["child"].reader, fields["child"].writer) == ("_read_Child", "_write_Child")
    reads = {name: python_literal(field.read) for name, field in fields.items()}
    assert reads["name"] == '_f.string(d, "name", path, found)'
    assert reads["color"] == '_f.open_enum(d, "color", path, found, _COLOR_VALUES, "a color string")'
    assert reads["when"] == '_f.value(d, "when", path, found, _j.date_time_offset)'
    # A model's value is read by the runtime, the model by its reader, called by name.
    assert reads["child"] == '_f.present(d, "child", path, found)'
    model_reads = {name: field.model_read for name, field in fields.items() if field.model_read}
    assert {name: python_literal(call) for name, call in model_reads.items()} == {
        "child": '_read_Child(raw, (path, "child"))'
    }
    assert reads["blob"] == '_f.untyped(d, "blob", path, found)'
    writes = {name: python_literal(field.write) for name, field in fields.items()}
    assert writes["name"] == "value"
    assert writes["color"] == "_j.enum_text(value)"
    assert writes["when"] == "_j.date_time_text(value)"
    assert writes["child"] == '_write_Child(value, (path, "child"))'
    assert {field.absent for field in fields.values()} == {Absent.LEFT_OUT}


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
    assert python_literal(fields["tags"].write) == '_f.written_models(value, path, "tags", _write_Tag)'
    assert [fields[name].absent for name in ("tags", "kept", "label")] == [
        Absent.LEFT_OUT,
        Absent.REFUSED,
        Absent.NULL,
    ]
    reads = {name: python_literal(field.read) for name, field in fields.items()}
    assert reads == {
        "tags": '_f.models(d, "tags", path, found, _read_Tag)',
        "kept": '_f.models(d, "kept", path, found, _read_Tag, required=True, nullable=False)',
        "label": '_f.string(d, "label", path, found, required=True)',
    }
    model_plan = next(item for item in plan.models if item.py_name == "Listing")
    # The table: wire and Python names, what must be present, what may not be null.
    assert python_literal(model_plan.properties_call) == (
        '_f.Properties(Listing, {"tags": "tags", "kept": "kept", "label": "label"}, '
        'required=("kept", "label"), not_null=("kept",))'
    )


def test_a_model_whose_properties_begin_with_its_bases_reads_and_writes_them_through_the_bases() -> None:
    person = entity("t.person", prop("id", required=True), prop("name"), keys=("id",))
    employee = entity("t.employee", prop("salary", Primitive.DECIMAL), base="t.person")
    manager = entity("t.manager", prop("reports", Primitive.INT), base="t.employee")
    plan = _plan(odata_package([person, employee, manager]))
    by_name = {item.py_name: item for item in plan.models}
    assert by_name["Person"].shares and by_name["Employee"].base is by_name["Person"]
    assert [field.py_name for field in by_name["Manager"].own] == ["reports"]
    assert python_literal(by_name["Employee"].properties_call) == (
        '_P_Person.extended(Employee, {"salary": "salary"})'
    )
    order = [item.py_name for item in plan.tables]
    assert order.index("Person") < order.index("Employee") < order.index("Manager")


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
    colors = replace(odata_enum("t.color", "red"), members=(EnumMember("red", "0"),))
    # Only the tables of enumerations some property reads are written.
    assert _plan(odata_package([], [colors])).enums == ()
    painted = complex_type("t.painted", ref("color", colors.qname, TypeKind.ENUM))
    assert _plan(odata_package([painted], [colors])).enums[0].table == Symbol("_COLOR_VALUES")

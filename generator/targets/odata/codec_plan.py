"""The OData JSON codec of a package, planned: per model, the wire name and read/write expression of each
property, and the `@odata.type` names of the derived types."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import EnumType, Field, Model, Package, PackageIndex, Primitive, TypeKind
from generator.python import snake_case
from generator.targets.soap.codec_plan import local_variable

# EDM integer types -> bounds.
INTEGER_BOUNDS: dict[str, tuple[int, int]] = {
    "Edm.Byte": (0, 255),
    "Edm.SByte": (-128, 127),
    "Edm.Int16": (-(2**15), 2**15 - 1),
    "Edm.Int32": (-(2**31), 2**31 - 1),
    "Edm.Int64": (-(2**63), 2**63 - 1),
}

# Primitive -> (runtime reader, runtime writer); `_j` is the package's `_json` runtime module.
_CONVERTERS: dict[Primitive, tuple[str, str]] = {
    Primitive.DECIMAL: ("_j.decimal_value", "{v}"),
    Primitive.FLOAT: ("_j.double", "_j.double_json({v})"),
    Primitive.DATE: ("_j.date", "{v}.isoformat()"),
    Primitive.DATETIME: ("_j.date_time_offset", "_j.date_time_text({v})"),
    Primitive.TIME: ("_j.time_of_day", "_j.time_text({v})"),
    Primitive.DURATION: ("_j.duration", "_j.duration_text({v})"),
    Primitive.GUID: ("_j.guid", "str({v})"),
    Primitive.BINARY: ("_j.binary", "_j.binary_text({v})"),
}


@dataclass(frozen=True, slots=True)
class JsonField:
    py_name: str
    name: str
    required: bool
    """Must be present."""
    nullable: bool
    """May be an explicit null (optional collections may always be)."""
    collection: bool
    read: str
    """Expression turning `raw` (one JSON value, not null) into the value; `path` is the owner's path and
    `{name}` stands for the property name as a Python expression (a list item's adds its index)."""
    write: str
    """Expression turning the value `{v}` into a JSON value."""
    source: Field
    var: str
    """The local variable holding the value in the reader and writer."""
    is_model: bool = False
    polymorphic: bool = False
    model_function: str = ""


@dataclass(frozen=True, slots=True)
class JsonModel:
    model: Model
    py_name: str
    function: str
    odata_type: str | None
    fields: tuple[JsonField, ...]
    derived: tuple[str, ...]
    """Python names of the models derived from this one, nearest first."""
    concrete_base: bool
    """Some base class is not abstract: a reader expecting it needs `@odata.type` to tell them apart."""


@dataclass(frozen=True, slots=True)
class JsonPlan:
    models: tuple[JsonModel, ...]
    enums: tuple[tuple[EnumType, str], ...]
    """Each enum with the name of its value table."""


def plan_json(package: Package) -> JsonPlan:
    hierarchy = package.index
    enum_tables = {enum.qname: f"_{snake_case(enum.py_name).upper()}_VALUES" for enum in package.enums}
    enums = {enum.qname: enum for enum in package.enums}
    models = []
    for model in sorted(package.models, key=lambda item: item.py_name):
        derived = hierarchy.derived(model.qname)
        models.append(
            JsonModel(
                model=model,
                py_name=model.py_name,
                function=model.py_name,
                odata_type=model.odata.odata_type if model.odata else None,
                fields=tuple(
                    _field(item, index, hierarchy, enums, enum_tables)
                    for index, item in enumerate(hierarchy.all_fields(model))
                ),
                derived=tuple(item.py_name for item in derived),
                concrete_base=any(not base.abstract for base in hierarchy.ancestors(model)[1:]),
            )
        )
    return JsonPlan(
        models=tuple(models),
        enums=tuple(
            (enum, enum_tables[enum.qname]) for enum in sorted(package.enums, key=lambda e: e.py_name)
        ),
    )


def _field(
    item: Field, index: int, hierarchy: PackageIndex, enums: dict[str, EnumType], tables: dict[str, str]
) -> JsonField:
    name = "{name}"
    is_model, polymorphic, function = False, False, ""
    if item.type.kind is TypeKind.MODEL:
        target = hierarchy.models[item.type.name]
        function = target.py_name
        polymorphic = bool(hierarchy.derived(target.qname))
        kind = "any_" if polymorphic else ""
        read = f"_read_{kind}{function}(raw, _j.child(path, {name}))"
        write = f"_write_{kind}{function}({{v}}, _j.child(path, {item.name!r}))"
        is_model = True
    elif item.type.kind is TypeKind.ENUM:
        enum = enums[item.type.name]
        table = tables[enum.qname]
        if enum.open and not enum.flags:
            # Inlined: enums are on the hot path of reading, and open ones keep unknown values as strings.
            wrong = f"_j.wrong(raw, path, {name}, 'a {enum.name} string')"
            read = f"{table}.get(raw, raw) if type(raw) is str else {wrong}"
        else:
            reader = "_j.flags" if enum.flags else "_j.closed_enum"
            read = f"{reader}({table}, raw, path, {name}, {enum.name!r})"
        write = f"_j.flags_text({table}, {{v}})" if enum.flags else "_j.enum_text({v})"
    else:
        read, write = _primitive(item, name)
    return JsonField(
        py_name=item.py_name,
        name=item.name,
        required=item.required,
        nullable=not item.required if item.collection else item.nullable,
        collection=item.collection,
        read=read,
        write=write,
        source=item,
        var=local_variable(item, index),
        is_model=is_model,
        polymorphic=polymorphic,
        model_function=function,
    )


def _primitive(item: Field, name: str) -> tuple[str, str]:
    primitive = Primitive(item.type.name)
    wire = item.type.wire
    if primitive is Primitive.STRING:
        return f"raw if type(raw) is str else _j.wrong(raw, path, {name}, 'a string')", "{v}"
    if primitive is Primitive.BOOLEAN:
        return f"raw if type(raw) is bool else _j.wrong(raw, path, {name}, 'a boolean')", "{v}"
    if primitive is Primitive.INT:
        low, high = INTEGER_BOUNDS.get(wire, INTEGER_BOUNDS["Edm.Int64"])
        return f"_j.integer(raw, path, {name}, {wire!r}, {low!r}, {high!r})", "{v}"
    if primitive is Primitive.ANY:
        return "raw", "{v}"
    reader, writer = _CONVERTERS[primitive]
    return f"{reader}(raw, path, {name})", writer

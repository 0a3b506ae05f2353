"""The OData JSON codec of a package, planned: per model, each property's wire name and how its values are
read and written, as typed records the templates lay out (`templates/codec/json.py.jinja` has a macro per
field kind); and the `@odata.type` names of the types. Nothing here is a Python expression to take apart: a
value names the runtime functions that convert it (`_json.duration` / `_json.duration_text`) and their
extra arguments."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from generator.ir import EnumType, Field, Model, Package, PackageIndex, Primitive, TypeKind
from generator.python import enum_table_name, local_variable, stdlib_modules
from generator.render.filters import Symbol, py_type_of

# EDM integer types -> bounds.
INTEGER_BOUNDS: dict[str, tuple[int, int]] = {
    "Edm.Byte": (0, 255),
    "Edm.SByte": (-128, 127),
    "Edm.Int16": (-(2**15), 2**15 - 1),
    "Edm.Int32": (-(2**31), 2**31 - 1),
    "Edm.Int64": (-(2**63), 2**63 - 1),
}

# Primitive -> (runtime reader, runtime writer); None: the JSON value is the Python value.
_CONVERTERS: dict[Primitive, tuple[str, str | None]] = {
    Primitive.DECIMAL: ("decimal_value", None),
    Primitive.FLOAT: ("double", "double_json"),
    Primitive.DATE: ("date", "date_text"),
    Primitive.DATETIME: ("date_time_offset", "date_time_text"),
    Primitive.TIME: ("time_of_day", "time_text"),
    Primitive.DURATION: ("duration", "duration_text"),
    Primitive.GUID: ("guid", "guid_text"),
    Primitive.BINARY: ("binary", "binary_text"),
}


class FieldKind(StrEnum):
    """How a property's values are read and written; each kind has its macros in the template."""

    STRING = "string"
    """A JSON string, checked inline (the commonest case, on the hot path of reading)."""
    BOOLEAN = "boolean"
    OPEN_ENUM = "open_enum"
    """A string looked up in the enum's table; a value the schema does not list stays a string."""
    MODEL = "model"
    VALUE = "value"
    """Converted by runtime functions (`_json.<reader>` / `_json.<writer>`)."""
    ANY = "any"
    """Kept as parsed (`Edm.Untyped`, spatial types, streams)."""


@dataclass(frozen=True, slots=True)
class JsonValue:
    reader: str
    """`_json.<reader>(raw, path, name, *reader_arguments)` reads one value."""
    reader_arguments: tuple[object, ...] = ()
    writer: str | None = None
    """`_json.<writer>(*writer_arguments, value)` writes one value; None: the value is written as it is."""
    writer_arguments: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class JsonFieldPlan:
    py_name: str
    name: str
    """The wire name."""
    kind: FieldKind
    required: bool
    """Must be present."""
    nullable: bool
    """May be an explicit null (optional collections may always be)."""
    collection: bool
    var: str
    """The local variable holding the value in the reader and writer."""
    annotation: str
    """The Python annotation of the local variable (the field's type)."""
    value: JsonValue | None = None
    """For `value` fields."""
    table: Symbol | None = None
    """For `open_enum` fields: the table of the enum's values."""
    expected: str = ""
    """What a value of the wrong JSON type is said not to be: `a string`, `a bodyType string`."""
    reader: str = ""
    """For `model` fields: the reader (`_read_X`, `_read_any_X` when derived types may come) and writer."""
    writer: str = ""

    @property
    def written_as_is(self) -> bool:
        """A value is its own JSON value: nothing converts it on the way out."""
        if self.kind is FieldKind.VALUE:
            return self.value is None or self.value.writer is None
        return self.kind in (FieldKind.STRING, FieldKind.BOOLEAN, FieldKind.ANY)


@dataclass(frozen=True, slots=True)
class JsonModelPlan:
    model: Model
    py_name: str
    function: str
    keys: Symbol
    """The constant holding the wire names of the model's properties."""
    odata_type: str | None
    fields: tuple[JsonFieldPlan, ...]
    polymorphic: bool
    """Models derive from this one: its reader dispatches on `@odata.type`."""
    concrete_base: bool
    """Some base class is not abstract: a reader expecting it needs `@odata.type` to tell them apart."""
    derived: bool
    """The model has a base: an `@odata.type` naming its own class is dropped on read (written again
    where it is needed)."""

    @property
    def reads_nulls(self) -> bool:
        """Some property may be an explicit null: the reader records which are."""
        return any(item.nullable for item in self.fields)

    @property
    def writes_nulls(self) -> bool:
        """Some optional property may be an explicit null: the writer looks them up."""
        return any(item.nullable and not item.required for item in self.fields)

    @property
    def reader(self) -> str:
        """The reader other models and `decode` use."""
        return f"_read_any_{self.function}" if self.polymorphic else f"_read_{self.function}"


@dataclass(frozen=True, slots=True)
class JsonEnumPlan:
    enum: EnumType
    table: Symbol


@dataclass(frozen=True, slots=True)
class JsonPlan:
    models: tuple[JsonModelPlan, ...]
    enums: tuple[JsonEnumPlan, ...]
    stdlib_modules: tuple[str, ...]
    """Standard-library modules the readers' local annotations name."""

    @property
    def polymorphic(self) -> tuple[JsonModelPlan, ...]:
        return tuple(item for item in self.models if item.polymorphic)

    @property
    def typed(self) -> tuple[JsonModelPlan, ...]:
        """The models of schema types, which have an `@odata.type`."""
        return tuple(item for item in self.models if item.odata_type)

    @property
    def needing_type(self) -> tuple[JsonModelPlan, ...]:
        return tuple(item for item in self.models if item.concrete_base)


def plan_json(package: Package) -> JsonPlan:
    index = package.index
    models = []
    for model in sorted(
        (item for item in package.models if item.odata is not None), key=lambda item: item.py_name
    ):
        models.append(
            JsonModelPlan(
                model=model,
                py_name=model.py_name,
                function=model.py_name,
                keys=Symbol(f"_KEYS_{model.py_name}"),
                odata_type=model.odata.odata_type if model.odata else None,
                fields=tuple(
                    _field(item, number, index) for number, item in enumerate(index.all_fields(model))
                ),
                polymorphic=bool(index.derived(model.qname)),
                concrete_base=any(not base.abstract for base in index.ancestors(model)[1:]),
                derived=model.base is not None,
            )
        )
    return JsonPlan(
        models=tuple(models),
        enums=tuple(
            JsonEnumPlan(enum, Symbol(enum_table_name(enum)))
            for enum in sorted(package.enums, key=lambda e: e.py_name)
        ),
        stdlib_modules=stdlib_modules(item for model in package.models for item in model.fields),
    )


def _field(item: Field, number: int, index: PackageIndex) -> JsonFieldPlan:
    plan = JsonFieldPlan(
        py_name=item.py_name,
        name=item.name,
        kind=FieldKind.ANY,
        required=item.required,
        nullable=not item.required if item.collection else item.nullable,
        collection=item.collection,
        var=local_variable(item, number),
        annotation=py_type_of(index, item),
    )
    if item.type.kind is TypeKind.MODEL:
        target = index.models[item.type.name]
        polymorphic = bool(index.derived(target.qname))
        prefix = "any_" if polymorphic else ""
        return replace(
            plan,
            kind=FieldKind.MODEL,
            reader=f"_read_{prefix}{target.py_name}",
            writer=f"_write_{prefix}{target.py_name}",
        )
    if item.type.kind is TypeKind.ENUM:
        enum = index.enums[item.type.name]
        table = Symbol(enum_table_name(enum))
        if enum.open and not enum.flags:
            return replace(plan, kind=FieldKind.OPEN_ENUM, table=table, expected=f"a {enum.name} string")
        if enum.flags:
            value = JsonValue("flags", (table, enum.name), "flags_text", (table,))
        else:
            value = JsonValue("closed_enum", (table, enum.name), "enum_text")
        return replace(plan, kind=FieldKind.VALUE, value=value)
    primitive = Primitive(item.type.name)
    if primitive is Primitive.STRING:
        return replace(plan, kind=FieldKind.STRING, expected="a string")
    if primitive is Primitive.BOOLEAN:
        return replace(plan, kind=FieldKind.BOOLEAN, expected="a boolean")
    if primitive is Primitive.INT:
        wire = item.type.wire
        low, high = INTEGER_BOUNDS.get(wire, INTEGER_BOUNDS["Edm.Int64"])
        return replace(plan, kind=FieldKind.VALUE, value=JsonValue("integer", (wire, low, high)))
    if primitive is Primitive.ANY:
        return plan
    reader, writer = _CONVERTERS[primitive]
    # Edm.Single shares the Edm.Double reader, which names the type it reads in its errors.
    arguments = (item.type.wire,) if item.type.wire == "Edm.Single" else ()
    return replace(plan, kind=FieldKind.VALUE, value=JsonValue(reader, arguments, writer=writer))

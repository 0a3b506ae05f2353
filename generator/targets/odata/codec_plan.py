"""The OData JSON codec of a package, planned: per model, each property's wire name and how its values are
read and written, as typed records the templates lay out (`templates/codec/json.py.jinja` has a macro per
field kind); and the `@odata.type` names of the types. Nothing here is a Python expression to take apart: a
value names the runtime functions that convert it (`_json.duration` / `_json.duration_text`) and their
extra arguments."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from generator.ir import EnumType, Field, Model, Package, PackageIndex, Primitive, TypeKind
from generator.python import enum_table_name, snake_case
from generator.render.filters import Call, Symbol
from generator.targets.inheritance import base_first, sharing_bases

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
    Primitive.DECIMAL: ("_j.decimal_value", None),
    Primitive.FLOAT: ("_j.double", "_j.double_json"),
    Primitive.DATE: ("_j.date", "_j.date_text"),
    Primitive.DATETIME: ("_j.date_time_offset", "_j.date_time_text"),
    Primitive.TIME: ("_j.time_of_day", "_j.time_text"),
    Primitive.DURATION: ("_j.duration", "_j.duration_text"),
    Primitive.GUID: ("_j.guid", "_j.guid_text"),
    Primitive.BINARY: ("_j.binary", "_j.binary_text"),
}


class Absent(StrEnum):
    """What a writer does with a field that is None (and not an explicit null the value kept)."""

    LEFT_OUT = "left_out"
    NULL = "null"
    """Required and nullable: written as `null`."""
    REFUSED = "refused"
    """Required and not nullable: an EncodeError."""


class FieldKind(StrEnum):
    """How a property's values are read and written; each kind has its runtime functions."""

    STRING = "string"
    BOOLEAN = "boolean"
    OPEN_ENUM = "open_enum"
    """A string looked up in the enum's table; a value the schema does not list stays a string."""
    MODEL = "model"
    VALUE = "value"
    """Converted by runtime functions (`_json.<reader>` / `_json.<writer>`, or readers the runtime made)."""
    ANY = "any"
    """Kept as parsed (`Edm.Untyped`, spatial types, streams)."""


@dataclass(frozen=True, slots=True)
class JsonValue:
    read: Symbol
    """What reads one value, `(raw, path, name) -> value`: a runtime function (`_j.duration`) or a
    constant of the codec module a runtime factory made (`_READ_EDM_INT32`, see `JsonPlan.made`)."""
    write: Symbol | None = None
    """What writes one value, `value -> JSON value`; None: the value is written as it is."""


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
    read: Call
    """The one runtime call that reads the property from `d`, the decoded object (for a model, its value:
    see `model_read`)."""
    write: Call | Symbol
    """What the field's value, `value` (not None), is written as: `value` itself, or the call that converts
    it (`_j.enum_text(value)`, `_write_Child(value, (path, "child"))`, `_f.written_list(value, ...)`)."""
    absent: Absent
    """What None is written as."""
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
    def model_read(self) -> Call | None:
        """For a model (not a list of them): what reads it from `raw`, the value `read` gave when not None.
        The reader is called by name, not passed to the runtime: a compiled build calls it directly."""
        if self.kind is FieldKind.MODEL and not self.collection:
            return Call(self.reader, (RAW, (PATH, self.name)))
        return None


@dataclass(frozen=True, slots=True)
class JsonModelPlan:
    model: Model
    py_name: str
    function: str
    properties: Symbol
    """The constant holding the model's `_f.Properties` (wire and Python names, required, not nullable)."""
    properties_call: Call
    """What makes it (or extends its base's: `_P_Base.extended(Model, ...)`)."""
    odata_type: str | None
    fields: tuple[JsonFieldPlan, ...]
    polymorphic: bool
    """Models derive from this one: its reader dispatches on `@odata.type`."""
    concrete_base: bool
    """Some base class is not abstract: a reader expecting it needs `@odata.type` to tell them apart."""
    derived: bool
    """The model has a base: an `@odata.type` naming its own class is dropped on read (written again
    where it is needed)."""
    shares: bool = False
    """Models derived from this one read and write its properties by its functions: `_fields_<function>`
    (sets them, read, on the object being made) and `_properties_<function>` (its properties, written)."""
    base: JsonModelPlan | None = None
    """The ancestor whose shared functions read and write the first of `fields` (`base.fields`)."""

    @property
    def shared(self) -> JsonModelPlan | None:
        """Whose shared functions read and write this model's first properties: its own where it defines
        them (`shares`, with properties), else its base's; None when it reads and writes all of its own."""
        return self if self.shares and self.fields else self.base

    @property
    def own(self) -> tuple[JsonFieldPlan, ...]:
        """The properties read and written here, the base's shared functions aside."""
        return self.fields[len(self.base.fields) :] if self.base is not None else self.fields

    @property
    def reader(self) -> str:
        """The reader other models and `decode` use."""
        return f"_read_any_{self.function}" if self.polymorphic else f"_read_{self.function}"

    @property
    def read_derived_call(self) -> Call:
        """What `_read_any_<function>` returns: the class `@odata.type` names, read."""
        return Call(
            "_CODEC.read_derived",
            (Symbol("data"), PATH, Symbol(self.py_name), Symbol(f"_read_{self.function}")),
        )

    @property
    def object_call(self) -> Call:
        return Call("_f.object_of", (Symbol("data"), PATH, self.py_name))

    @property
    def new_call(self) -> Call:
        """What makes the object the reader sets the fields on (`Properties.new`)."""
        return Call(f"{self.properties}.new", ())

    @property
    def complete_call(self) -> Call:
        """What the writer returns for a value that kept properties the schema does not declare or explicit
        nulls (`Properties.complete`): its `out` with those put in their places."""
        return Call(f"{self.properties}.complete", (OBJ, OUT, PATH))

    @property
    def built_call(self) -> Call:
        """What finishes the model (`Properties.built`): `additional_data` (what the object holds that the
        schema does not declare), `explicit_nulls`, and the constructor where the class needs it."""
        return Call(f"{self.properties}.built", (MADE, DATA, PATH, FOUND, CODEC))


@dataclass(frozen=True, slots=True)
class JsonEnumPlan:
    enum: EnumType
    table: Symbol

    @property
    def table_call(self) -> Call:
        return Call("_j.enum_table", (Symbol(self.enum.py_name),))


@dataclass(frozen=True, slots=True)
class JsonPlan:
    models: tuple[JsonModelPlan, ...]
    enums: tuple[JsonEnumPlan, ...]
    imported: tuple[str, ...]
    """The qualified names of the models and enumerations the module names."""
    made: tuple[tuple[Symbol, Call], ...]
    """The readers and writers the runtime makes for values that need more than the value (the bounds
    of an integer type, the members of an enumeration), each a constant the fields' calls name."""

    @property
    def model_classes(self) -> tuple[Symbol, ...]:
        return tuple(Symbol(item.py_name) for item in self.models)

    @property
    def codec_call(self) -> Call:
        """What makes `_CODEC`: the tables of the readers, writers and `@odata.type` names, and the models
        a reader of one of their bases could not tell apart without `@odata.type`."""
        strict = (("strict", True),)

        def pairs(first: object, values: tuple[object, ...]) -> Call:
            return Call("dict", (Call("zip", (first, values), strict),))

        typed = self.typed
        return Call(
            "_j.JsonCodec",
            keywords=(
                ("readers", pairs(MODELS, tuple(Symbol(f"_read_{m.function}") for m in self.models))),
                ("writers", pairs(MODELS, tuple(Symbol(f"_write_{m.function}") for m in self.models))),
                (
                    "type_names",
                    pairs(tuple(Symbol(m.py_name) for m in typed), tuple(m.odata_type for m in typed)),
                ),
                ("needs_type", Call("frozenset", (tuple(Symbol(m.py_name) for m in self.needing_type),))),
            ),
        )

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

    @property
    def shares(self) -> bool:
        return any(item.shares for item in self.models)

    @property
    def tables(self) -> tuple[JsonModelPlan, ...]:
        """The models in the order their `Properties` are made: a base's before those that extend it."""
        bases = {item.model.qname: item.base.model.qname for item in self.models if item.base is not None}
        return base_first(self.models, bases)


PATH, DATA, OUT, VALUE = Symbol("path"), Symbol("d"), Symbol("out"), Symbol("value")
OBJ, RAW = Symbol("obj"), Symbol("raw")
MADE, CODEC = Symbol("made"), Symbol("_CODEC")
FOUND = Symbol("found")
"""What a reader's field readers found (`_f.Found`: the properties there and not null, the explicit nulls),
for `Properties.built`."""
MODELS = Symbol("_MODELS")


def plan_json(package: Package) -> JsonPlan:
    index = package.index
    made: dict[Symbol, Call] = {}
    models = []
    for model in sorted(
        (item for item in package.models if item.odata is not None), key=lambda item: item.py_name
    ):
        fields = tuple(_field(item, index, made) for item in index.all_fields(model))
        models.append(
            JsonModelPlan(
                model=model,
                py_name=model.py_name,
                function=model.py_name,
                properties=Symbol(f"_P_{model.py_name}"),
                properties_call=_properties(model.py_name, fields, derived=model.base is not None),
                odata_type=model.odata.odata_type if model.odata else None,
                fields=fields,
                polymorphic=bool(index.derived(model.qname)),
                concrete_base=any(not base.abstract for base in index.ancestors(model)[1:]),
                derived=model.base is not None,
            )
        )
    # Only the tables of the enumerations some property reads are written.
    tables = {field.table for model in models for field in model.fields if field.table is not None}
    enums = tuple(
        JsonEnumPlan(enum, Symbol(enum_table_name(enum)))
        for enum in sorted(package.enums, key=lambda e: e.py_name)
        if Symbol(enum_table_name(enum)) in tables
    )
    return JsonPlan(
        models=_shared(index, tuple(models)),
        enums=enums,
        imported=tuple(model.model.qname for model in models) + tuple(item.enum.qname for item in enums),
        made=tuple(sorted(made.items(), key=lambda entry: entry[0].name)),
    )


def _properties(
    cls: str, fields: tuple[JsonFieldPlan, ...], *, derived: bool, extends: Symbol | None = None
) -> Call:
    """The `Properties` of the class `cls`, of `fields`: their wire and Python names, which are required and
    which may not be `null`."""
    keywords: list[tuple[str, object]] = []
    required = tuple(item.name for item in fields if item.required)
    not_null = tuple(item.name for item in fields if not item.nullable)
    if required:
        keywords.append(("required", required))
    if not_null:
        keywords.append(("not_null", not_null))
    if derived and extends is None:
        keywords.append(("derived", True))
    names = {item.name: item.py_name for item in fields}
    function = f"{extends}.extended" if extends is not None else "_f.Properties"
    arguments = (Symbol(cls), names) if fields or extends is None else (Symbol(cls),)
    return Call(function, arguments, tuple(keywords))


def _shared(index: PackageIndex, models: tuple[JsonModelPlan, ...]) -> tuple[JsonModelPlan, ...]:
    """Each model whose properties begin with all of an ancestor's reads and writes those through that
    ancestor's functions (`generator.targets.inheritance`), and its table extends the ancestor's."""
    plans = {plan.model.qname: plan for plan in models}
    bases = sharing_bases(index, models)
    sharing = set(bases.values())
    done: dict[str, JsonModelPlan] = {}

    def finished(qname: str) -> JsonModelPlan:
        if qname not in done:
            plan = plans[qname]
            base = finished(bases[qname]) if qname in bases else None
            table = plan.properties_call
            if base is not None:
                own = plan.fields[len(base.fields) :]
                table = _properties(plan.py_name, own, derived=True, extends=base.properties)
            done[qname] = replace(plan, shares=qname in sharing, base=base, properties_call=table)
        return done[qname]

    return tuple(finished(plan.model.qname) for plan in models)


def _field(item: Field, index: PackageIndex, made: dict[Symbol, Call]) -> JsonFieldPlan:
    nullable = not item.required if item.collection else item.nullable
    kind, value, table, expected, reader, writer = FieldKind.ANY, None, None, "", "", ""
    if item.type.kind is TypeKind.MODEL:
        target = index.models[item.type.name]
        prefix = "any_" if index.derived(target.qname) else ""
        kind = FieldKind.MODEL
        reader, writer = f"_read_{prefix}{target.py_name}", f"_write_{prefix}{target.py_name}"
    elif item.type.kind is TypeKind.ENUM:
        enum = index.enums[item.type.name]
        table = Symbol(enum_table_name(enum))
        if enum.open and not enum.flags:
            kind, expected = FieldKind.OPEN_ENUM, f"a {enum.name} string"
        else:
            kind = FieldKind.VALUE
            name = snake_case(enum.py_name).upper()
            if enum.flags:
                read = _made(made, f"_READ_{name}", Call("_f.flags_reader", (table, enum.name)))
                write = _made(made, f"_WRITE_{name}", Call("_f.flags_writer", (table,)))
                value = JsonValue(read, write)
            else:
                read = _made(made, f"_READ_{name}", Call("_f.closed_enum_reader", (table, enum.name)))
                value = JsonValue(read, Symbol("_j.enum_text"))
    else:
        primitive = Primitive(item.type.name)
        wire = item.type.wire
        if primitive is Primitive.STRING:
            kind, expected = FieldKind.STRING, "a string"
        elif primitive is Primitive.BOOLEAN:
            kind, expected = FieldKind.BOOLEAN, "a boolean"
        elif primitive is Primitive.INT:
            low, high = INTEGER_BOUNDS.get(wire, INTEGER_BOUNDS["Edm.Int64"])
            name = f"_READ_{snake_case(wire.replace('.', '_')).upper()}"
            read = _made(made, name, Call("_f.integer_reader", (wire, low, high)))
            kind, value = FieldKind.VALUE, JsonValue(read)
        elif primitive is not Primitive.ANY:
            reader_name, writer_name = _CONVERTERS[primitive]
            if wire == "Edm.Single":
                # Edm.Single shares the Edm.Double reader, which names the type it reads in its errors.
                read = _made(made, "_READ_EDM_SINGLE", Call("_f.double_reader", (wire,)))
            else:
                read = Symbol(reader_name)
            kind, value = FieldKind.VALUE, JsonValue(read, Symbol(writer_name) if writer_name else None)
    null_items = item.null_items and kind is not FieldKind.ANY  # untyped items hold a null as they are
    if null_items and kind is not FieldKind.MODEL:
        value = _null_items_value(kind, value, table, expected, made)
        kind = FieldKind.VALUE
    spec = _Spec(
        item.name,
        item.py_name,
        kind,
        item.required,
        nullable,
        item.collection,
        value,
        table,
        expected,
        reader,
        writer,
        null_items,
    )
    return JsonFieldPlan(
        py_name=item.py_name,
        name=item.name,
        kind=kind,
        required=item.required,
        nullable=nullable,
        collection=item.collection,
        read=spec.read(),
        write=spec.write(),
        absent=spec.absent(),
        value=value,
        table=table,
        expected=expected,
        reader=reader,
        writer=writer,
    )


def _null_items_value(
    kind: FieldKind, value: JsonValue | None, table: Symbol | None, expected: str, made: dict[Symbol, Call]
) -> JsonValue:
    """How the items of a collection that may hold nulls are read and written: as values whose reader
    takes a null (None) besides what the item type's takes."""
    if kind is FieldKind.STRING:
        return JsonValue(Symbol("_f.string_or_null"))
    if kind is FieldKind.BOOLEAN:
        return JsonValue(Symbol("_f.boolean_or_null"))
    if kind is FieldKind.OPEN_ENUM:
        assert table is not None
        name = f"_READ{table.name.removesuffix('_VALUES')}_OR_NULL"
        read = Call("_f.open_enum_or_null_reader", (table, expected))
        return JsonValue(_made(made, name, read), Symbol("_j.enum_text"))
    assert value is not None
    base = value.read.name  # `_READ_EDM_INT32` (made), or `_j.duration` (a runtime function)
    name = f"{base if base.startswith('_READ_') else '_READ_' + base.rpartition('.')[2].upper()}_OR_NULL"
    return JsonValue(_made(made, name, Call("_f.or_null", (value.read,))), value.write)


def _made(made: dict[Symbol, Call], name: str, call: Call) -> Symbol:
    symbol = Symbol(name)
    known = made.setdefault(symbol, call)
    if known != call:  # two types whose names make one constant
        symbol = Symbol(f"{name}_{len(made)}")
        made[symbol] = call
    return symbol


@dataclass(frozen=True, slots=True)
class _Spec:
    """What decides a property's runtime calls."""

    name: str
    py_name: str
    kind: FieldKind
    required: bool
    nullable: bool
    collection: bool
    value: JsonValue | None
    table: Symbol | None
    expected: str
    reader: str
    writer: str
    null_items: bool
    """The collection's items may be null: a model field's calls read and write None items."""

    def read(self) -> Call:
        keywords: list[tuple[str, object]] = []
        if self.required:
            keywords.append(("required", True))
        if not self.nullable:
            keywords.append(("nullable", False))
        arguments: tuple[object, ...] = (DATA, self.name, PATH, FOUND)
        many = self.collection
        if self.kind is FieldKind.STRING:
            function = "_f.strings" if many else "_f.string"
        elif self.kind is FieldKind.BOOLEAN:
            function = "_f.booleans" if many else "_f.boolean"
        elif self.kind is FieldKind.OPEN_ENUM:
            function = "_f.open_enums" if many else "_f.open_enum"
            arguments += (self.table, self.expected)
        elif self.kind is FieldKind.MODEL:
            function = ("_f.models_or_null" if self.null_items else "_f.models") if many else "_f.present"
            if many:
                arguments += (Symbol(self.reader),)
        elif self.kind is FieldKind.VALUE:
            assert self.value is not None
            function = "_f.values" if many else "_f.value"
            arguments += (self.value.read,)
        else:
            function = "_f.untyped_list" if many else "_f.untyped"
        return Call(function, arguments, tuple(keywords))

    def write(self) -> Call | Symbol:
        if self.kind is FieldKind.MODEL:
            writer = Symbol(self.writer)
            if self.collection:
                function = "_f.written_models_or_null" if self.null_items else "_f.written_models"
                return Call(function, (VALUE, PATH, self.name, writer))
            return Call(self.writer, (VALUE, (PATH, self.name)))
        write: Symbol | None = None
        if self.kind is FieldKind.OPEN_ENUM:
            write = Symbol("_j.enum_text")
        elif self.kind is FieldKind.VALUE and self.value is not None:
            write = self.value.write
        if self.collection:
            if write is None:
                return Call("list", (VALUE,))
            return Call("_f.written_or_null" if self.null_items else "_f.written_list", (VALUE, write))
        return VALUE if write is None else Call(write.name, (VALUE,))

    def absent(self) -> Absent:
        if not self.required:
            return Absent.LEFT_OUT
        return Absent.NULL if self.nullable else Absent.REFUSED

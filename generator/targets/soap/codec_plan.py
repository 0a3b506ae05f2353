"""The SOAP XML codec of a package, planned: per model, the tag of each field and how its values are read
and written, as typed records the templates lay out (`templates/codec/xml.py.jinja` has a macro per field
kind). Nothing here is a Python expression to take apart: a value names the runtime functions that convert
it (`_xml.boolean` / `_xml.boolean_text`) and their extra arguments.

Namespaces are fixed when generating, so every tag the encoder writes is a constant: the package's main
namespace is the default namespace of each document and every other namespace gets a prefix declared on the
document element. A schema with unqualified local elements cannot use a default namespace (`xmlns=""` would
cut its qualified descendants off), so then every namespace is prefixed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from generator.errors import SchemaError
from generator.ir import (
    EnumType,
    Field,
    Location,
    Model,
    Package,
    PackageIndex,
    Primitive,
    TypeKind,
    XmlNode,
)
from generator.python import enum_table_name, snake_case, stdlib_modules
from generator.render.filters import Call, Symbol, field_default
from generator.render.layout import Concatenated
from generator.targets.inheritance import base_first, sharing_bases

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# The names the readers and writers the calls go into give their arguments.
NODE, PATH, OUT, VALUE = Symbol("node"), Symbol("path"), Symbol("out"), Symbol("value")
MODELS = Symbol("_MODELS")

# Bounds of the built-in integer types derived from xs:integer.
INTEGER_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "xs:integer": (None, None),
    "xs:long": (-(2**63), 2**63 - 1),
    "xs:int": (-(2**31), 2**31 - 1),
    "xs:short": (-(2**15), 2**15 - 1),
    "xs:byte": (-(2**7), 2**7 - 1),
    "xs:nonNegativeInteger": (0, None),
    "xs:positiveInteger": (1, None),
    "xs:nonPositiveInteger": (None, 0),
    "xs:negativeInteger": (None, -1),
    "xs:unsignedLong": (0, 2**64 - 1),
    "xs:unsignedInt": (0, 2**32 - 1),
    "xs:unsignedShort": (0, 2**16 - 1),
    "xs:unsignedByte": (0, 2**8 - 1),
}


@dataclass(frozen=True, slots=True)
class XmlValue:
    """How the text of a simple value becomes a Python value and back, with the runtime's functions."""

    kind: str
    """What the value is (`boolean`, `integer`, `enum`, `string`...), for templates that treat kinds apart."""
    read: Symbol
    """What reads it, `(text, path, name) -> value`: a runtime function (`_x.boolean`) or a constant of the
    codec module that a runtime factory made (`_READ_XS_INT`, see `XmlPlan.value_readers`)."""
    write: Symbol | None
    """What gives its text, escaped where it can hold markup (`_x.boolean_text`, `_f.enum_xml`); None: the
    value is a string, escaped as it is written."""
    attribute_write: Symbol | None
    """The same for attribute values, which the runtime escapes for attributes: the unescaped text."""


class FieldKind(StrEnum):
    """The shape of a field in a document, which picks the runtime functions that read and write it."""

    ATTRIBUTE = "attribute"
    ELEMENT_VALUE = "element_value"
    """An element holding a simple value."""
    ELEMENT_TOKENS = "element_tokens"
    """An element of an `xs:list` type: whitespace-separated simple values."""
    ELEMENT_MODEL = "element_model"
    """An element holding a model, read and written by that model's functions."""
    ELEMENT_NODE = "element_node"
    """An `xs:anyType` element, kept as an lxml element."""
    ANY_ELEMENT = "any_element"
    ANY_ATTRIBUTE = "any_attribute"
    TEXT = "text"


_ELEMENT_KINDS = (
    FieldKind.ELEMENT_VALUE,
    FieldKind.ELEMENT_TOKENS,
    FieldKind.ELEMENT_MODEL,
    FieldKind.ELEMENT_NODE,
    FieldKind.ANY_ELEMENT,
)


@dataclass(frozen=True, slots=True)
class XmlFieldPlan:
    py_name: str
    name: str
    """The wire name as errors show it: `status`, `@id` for attributes."""
    kind: FieldKind
    tag: Symbol | None
    """The constant holding the field's Clark name (elements and attributes)."""
    written: str
    """The name as written: `local`, `prefix:local`."""
    required: bool
    nullable: bool
    collection: bool
    read: Call
    """The one runtime call that reads the field: from its slot (`e[3]`) of the model's element, from the
    element itself for attributes and simple content."""
    write: Call
    """The one runtime call that writes it from `obj`: onto `out`, or (attributes) the text `extra` gets."""
    write_item: Call
    """The call that writes one of its values, held in `value` (writing in a document's order)."""
    value: XmlValue | None = None
    """Simple values (attributes, value elements, text)."""
    reader: str = ""
    """The function reading an element model (`_read_X`, `_read_any_X` when derived types may come)."""
    writer: str = ""
    polymorphic: bool = False
    """An element model whose value may be of a derived type (written with `xsi:type`)."""
    default: str | None = None
    """The schema default's lexical form: what an empty element or an absent attribute holds."""
    default_literal: str | None = None
    """The default as a Python literal, for an attribute the document leaves out."""
    mixed: bool = False
    """A mixed-content wildcard: text pieces (`str`) and elements, in document order."""

    @property
    def is_element(self) -> bool:
        return self.kind in _ELEMENT_KINDS

    @property
    def wire(self) -> str:
        """The schema's (local) name, as `absent_attributes` holds it."""
        return self.name.removeprefix("@")

    @property
    def tag_and_wire(self) -> tuple[Symbol | None, str]:
        return self.tag, self.wire


class Reading(StrEnum):
    """How a model's reader takes its element apart before reading the fields."""

    CHILDREN = "children"
    """Its children into the slots of its shape (`_f.children`), attributes checked."""
    ORDERED = "ordered"
    """The same, keeping the order of the children (`_f.ordered_children`): `element_order`."""
    EMPTY = "empty"
    """No child elements may come (`_f.empty`), attributes checked."""
    TEXT = "text"
    """Simple content: attributes checked, the text read by the text field."""


@dataclass(frozen=True, slots=True)
class XmlModelPlan:
    model: Model
    py_name: str
    function: str
    """Suffix of `_read_<function>` / `_write_<function>`."""
    element: Symbol | None
    """The constant holding the Clark name of the global element the model stands for, if any."""
    type_tag: Symbol | None
    """The constant holding the Clark name of the named complex type, for `xsi:type`."""
    type_written: str | None
    """`prefix:Name` of the named complex type, as `xsi:type` writes it."""
    fields: tuple[XmlFieldPlan, ...]
    abstract: bool
    polymorphic: bool
    """Derived types of this model exist, or it is abstract: readers and writers dispatch on the class."""
    shape: Symbol
    """The constant holding the model's `_f.Shape`."""
    shape_call: Call | Symbol
    """What makes it: the tags of the element fields (a slot each, `None` for a wildcard) and attributes;
    or the shape of its base it extends (`_S_Base.extended(...)`), or is when it adds nothing."""
    reading: Reading
    absent_attributes: bool = False
    """The model records which defaulted attributes a document left out (`absent_attributes`)."""
    element_order: bool = False
    """The model records the order of a document's child elements where the schema lets it vary
    (`element_order`): readers keep each child's slot, writers follow them back."""
    shares: bool = False
    """Models derived from this one read and write its fields by its functions: `_fields_<function>`
    (the constructor's arguments of its fields, read), `_attributes_<function>` and `_elements_<function>`
    (its start tag's fields and its content, written)."""
    base: XmlModelPlan | None = None
    """The ancestor whose shared functions read and write the first of `fields` (`base.fields`)."""

    def position(self, field: XmlFieldPlan) -> int:
        """The number `element_order` gives an element field: its slot, its place among `elements`."""
        return self.elements.index(field)

    @property
    def own(self) -> tuple[XmlFieldPlan, ...]:
        """The fields read and written here, the base's shared functions aside."""
        return self.fields[len(self.base.fields) :] if self.base is not None else self.fields

    @property
    def own_start_tag(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.start_tag if item in self.own)

    @property
    def own_content(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.content if item in self.own)

    @property
    def defaulted(self) -> tuple[XmlFieldPlan, ...]:
        """The attributes whose absence the model records."""
        return tuple(item for item in self.attributes if item.default_literal is not None)

    @property
    def reading_call(self) -> Call:
        """What takes the element apart before the fields are read (see `Reading`)."""
        function = {
            Reading.CHILDREN: "_f.children",
            Reading.ORDERED: "_f.ordered_children",
            Reading.EMPTY: "_f.empty",
            Reading.TEXT: "_f.declared_attributes",
        }[self.reading]
        return Call(function, (NODE, PATH, self.shape))

    @property
    def reading_target(self) -> str:
        """What `reading_call` gives is assigned to: `e = `, `e, order = `, or nothing."""
        return {Reading.CHILDREN: "e = ", Reading.ORDERED: "e, order = "}.get(self.reading, "")

    @property
    def abstract_call(self) -> Call:
        return Call("_x.abstract", (NODE, PATH, self.py_name))

    @property
    def read_derived_call(self) -> Call:
        """What `_read_any_<function>`, the reader of an element of a polymorphic model, returns: the type
        its `xsi:type` names, read."""
        return Call(
            "_CODEC.read_derived", (NODE, PATH, Symbol(self.py_name), Symbol(f"_read_{self.function}"))
        )

    @property
    def write_declared_call(self) -> Call:
        """How `_write_any_<function>` writes a value of the model itself (with the foreign type it was
        read from, if any)."""
        extra = Symbol("extra + _CODEC.foreign_type(obj)")
        return Call(f"_write_{self.function}", (Symbol("obj"), OUT, Symbol("tag"), extra, PATH))

    @property
    def write_derived_call(self) -> Call:
        """How `_write_any_<function>` writes a value of a derived class: with the `xsi:type` naming it."""
        return Call("_CODEC.write_derived", (Symbol("obj"), OUT, Symbol("tag"), PATH))

    @property
    def absent_call(self) -> Call:
        """What reads `absent_attributes`: the names of the defaulted attributes the element leaves out."""
        return Call("_f.absent", (NODE, tuple(item.tag_and_wire for item in self.defaulted)))

    @property
    def elements(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.fields if item.is_element)

    @property
    def attributes(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.fields if item.kind is FieldKind.ATTRIBUTE)

    @property
    def text(self) -> XmlFieldPlan | None:
        return next((item for item in self.fields if item.kind is FieldKind.TEXT), None)

    @property
    def any_attribute(self) -> XmlFieldPlan | None:
        return next((item for item in self.fields if item.kind is FieldKind.ANY_ATTRIBUTE), None)

    @property
    def start_tag(self) -> tuple[XmlFieldPlan, ...]:
        """The fields written onto the start tag: attributes, then an `xs:anyAttribute`'s."""
        return self.attributes + ((self.any_attribute,) if self.any_attribute is not None else ())

    @property
    def content(self) -> tuple[XmlFieldPlan, ...]:
        """The fields written between the start and end tags: elements, then simple content."""
        return self.elements + ((self.text,) if self.text is not None else ())


@dataclass(frozen=True, slots=True)
class XmlConstant:
    name: str
    namespace: Symbol | None
    """The constant holding the namespace (`{uri}`, as Clark names begin); None for names in no namespace."""
    local: str


@dataclass(frozen=True, slots=True)
class XmlEnumPlan:
    enum: EnumType
    table: Symbol
    """The constant holding `{value: member}`."""

    @property
    def table_call(self) -> Call:
        return Call("_x.enum_table", (Symbol(self.enum.py_name),))


@dataclass(frozen=True, slots=True)
class XmlPlan:
    main_namespace: str
    default_namespace: str | None
    prefixes: tuple[tuple[str, str], ...]
    """(prefix, namespace) declared on every document element."""
    models: tuple[XmlModelPlan, ...]
    enums: tuple[XmlEnumPlan, ...]
    uses_xsi: bool
    namespaces: tuple[tuple[str, str], ...]
    """(constant name, namespace) of every namespace an element or attribute of the package is in."""
    constants: tuple[XmlConstant, ...]
    """The Clark name of every element, attribute and type, as module constants."""
    defaults: tuple[tuple[Symbol, str], ...]
    """Attribute defaults too long to write in a call (a Python literal each), as module constants."""
    value_readers: tuple[tuple[Symbol, Call], ...]
    """The readers the runtime makes for simple values that need more than their text (the bounds of an
    integer type, the members of an enumeration), each a constant the fields' `read` calls name."""
    stdlib_modules: tuple[str, ...]
    """Standard-library modules the attributes' default values name."""
    imported: tuple[str, ...] = ()
    """The qualified names of the models and enumerations the module names."""

    @property
    def declarations(self) -> list[str]:
        """The namespace declarations of a document element, as written (one string each)."""
        parts = [f' xmlns="{self.default_namespace}"'] if self.default_namespace else []
        parts.extend(f' xmlns:{prefix}="{namespace}"' for prefix, namespace in self.prefixes)
        if self.uses_xsi:
            parts.append(f' xmlns:xsi="{XSI}"')
        return parts

    @property
    def declarations_value(self) -> object:
        """`DECLARATIONS`, as the `lay_out` filter writes it."""
        parts = tuple(self.declarations)
        return Concatenated(parts) if len(parts) > 1 else parts[0] if parts else ""

    @property
    def model_classes(self) -> tuple[Symbol, ...]:
        return tuple(Symbol(item.py_name) for item in self.models)

    @property
    def codec_call(self) -> Call:
        """What makes `_CODEC`: the tables of the readers, writers, global elements and named types."""

        def pairs(keys: tuple[object, ...], values: tuple[object, ...], first: object | None = None) -> Call:
            strict = (("strict", True),)
            return Call("dict", (Call("zip", (first or keys, values), strict),))

        documents, named = self.documents, self.named_types
        return Call(
            "_x.XmlCodec",
            keywords=(
                ("readers", pairs((), tuple(Symbol(f"_read_{m.function}") for m in self.models), MODELS)),
                ("writers", pairs((), tuple(Symbol(f"_write_{m.function}") for m in self.models), MODELS)),
                (
                    "elements",
                    pairs(tuple(Symbol(m.py_name) for m in documents), tuple(m.element for m in documents)),
                ),
                (
                    "types",
                    pairs(
                        tuple(Symbol(m.py_name) for m in named),
                        tuple((m.type_tag, m.type_written) for m in named),
                    ),
                ),
                ("declarations", Symbol("DECLARATIONS")),
                ("prefixes", Symbol("PREFIXES")),
                ("default_namespace", self.default_namespace),
            ),
        )

    @property
    def polymorphic(self) -> tuple[XmlModelPlan, ...]:
        return tuple(item for item in self.models if item.polymorphic)

    @property
    def shares(self) -> bool:
        """Some model's fields are read and written by the functions of a model it derives from."""
        return any(item.shares for item in self.models)

    @property
    def shapes(self) -> tuple[XmlModelPlan, ...]:
        """The models in the order their shapes are made: a base's before the shapes that extend it."""
        bases = {item.model.qname: item.base.model.qname for item in self.models if item.base is not None}
        return base_first(self.models, bases)

    @property
    def documents(self) -> tuple[XmlModelPlan, ...]:
        """The models of global elements: what `encode` writes as a document and `decode` reads."""
        return tuple(item for item in self.models if item.element is not None)

    @property
    def named_types(self) -> tuple[XmlModelPlan, ...]:
        """The named types `xsi:type` can name: those of models with a base or with derived types."""
        return tuple(
            item
            for item in self.models
            if item.type_tag is not None and (item.polymorphic or item.model.base is not None)
        )


def plan_xml(package: Package) -> XmlPlan:
    index = package.index
    main = package.namespace
    unqualified = any(
        item.xml is not None and item.xml.node is XmlNode.ELEMENT and item.xml.namespace is None
        for model in package.models
        for item in model.fields
    )
    default = None if unqualified or not main else main
    others = sorted(_namespaces(package) - {main})
    prefixed = ([main] if default is None and main else []) + others
    prefixes = {namespace: f"ns{number}" for number, namespace in enumerate(prefixed)}
    tags = _tag_names(package)
    builder = _Builder(index, default, prefixes, tags)
    bound = [model for model in package.models if model.xml is not None]
    models = _shared(index, tuple(builder.model(model) for model in sorted(bound, key=lambda m: m.py_name)))
    uses_xsi = any(item.nullable or item.polymorphic for model in models for item in model.fields)
    # Only what the codec uses is written: the tags of fields, of global elements, and of the named types
    # `xsi:type` can name; the tables of the enumerations fields read.
    hierarchy = {item.type_tag for item in models if item.polymorphic or item.model.base is not None}
    needed = {field.tag for model in models for field in model.fields} | hierarchy
    needed |= {model.element for model in models}
    tags = {key: symbol for key, symbol in tags.items() if symbol in needed}
    tables = {argument for call in builder.value_readers.values() for argument in call.arguments}
    used = sorted({namespace for namespace, _local in tags if namespace})
    namespaces = {namespace: f"_NS{number}" for number, namespace in enumerate(used)}
    return XmlPlan(
        main_namespace=main,
        default_namespace=default,
        prefixes=tuple((prefix, namespace) for namespace, prefix in prefixes.items()),
        models=models,
        enums=tuple(
            XmlEnumPlan(enum, Symbol(enum_table_name(enum)))
            for enum in sorted(package.enums, key=lambda e: e.py_name)
            if Symbol(enum_table_name(enum)) in tables
        ),
        imported=tuple(model.qname for model in bound)
        + tuple(
            enum.qname
            for enum in package.enums
            if Symbol(enum_table_name(enum)) in tables or enum.qname in builder.named_enums
        ),
        uses_xsi=uses_xsi,
        namespaces=tuple((name, namespace) for namespace, name in namespaces.items()),
        constants=tuple(
            XmlConstant(symbol.name, Symbol(namespaces[namespace]) if namespace else None, local)
            for (namespace, local), symbol in sorted(tags.items(), key=lambda entry: entry[1].name)
        ),
        defaults=tuple(builder.defaults.items()),
        value_readers=tuple(sorted(builder.value_readers.items(), key=lambda entry: entry[0].name)),
        # Defaulted attributes' defaults are written out (`absent=datetime.date(...)`).
        stdlib_modules=stdlib_modules(
            item
            for model in bound
            for item in index.all_fields(model)
            if item.xml is not None and item.xml.node is XmlNode.ATTRIBUTE and item.default is not None
        ),
    )


def _shared(index: PackageIndex, models: tuple[XmlModelPlan, ...]) -> tuple[XmlModelPlan, ...]:
    """Each model whose fields begin with all of an ancestor's reads and writes those through that
    ancestor's functions (`generator.targets.inheritance`), and its shape extends the ancestor's."""
    plans = {plan.model.qname: plan for plan in models}
    bases = sharing_bases(index, models)
    sharing = set(bases.values())
    done: dict[str, XmlModelPlan] = {}

    def finished(qname: str) -> XmlModelPlan:
        if qname not in done:
            plan = plans[qname]
            base = finished(bases[qname]) if qname in bases else None
            shape_call: Call | Symbol = plan.shape_call
            if base is not None:
                # The base's element and attribute tags come first: the shape extends the base's.
                own = plan.fields[len(base.fields) :]
                tags = tuple(item.tag for item in own if item.is_element)
                attributes = tuple(item.tag for item in own if item.kind is FieldKind.ATTRIBUTE)
                arguments: tuple[object, ...] = (tags, attributes) if attributes else (tags,) if tags else ()
                keywords = _keywords(plan.shape_call)
                if not arguments and keywords == _keywords(plans[bases[qname]].shape_call):
                    shape_call = base.shape
                else:
                    shape_call = Call(f"{base.shape}.extended", arguments, keywords)
            done[qname] = replace(plan, shares=qname in sharing, base=base, shape_call=shape_call)
        return done[qname]

    return tuple(finished(plan.model.qname) for plan in models)


def _keywords(call: Call | Symbol) -> tuple[tuple[str, object], ...]:
    return call.keywords if isinstance(call, Call) else ()


MAX_CONSTANT = 60


def _tag_names(package: Package) -> dict[tuple[str | None, str], Symbol]:
    """A module constant for the Clark name of every element, attribute and named type: `_T_STATUS`,
    numbered in Clark-name order where two local names give the same constant."""
    keys: set[tuple[str | None, str]] = set()
    for model in package.models:
        if model.xml is not None:
            keys.update(
                (model.xml.namespace, name) for name in (model.xml.element, model.xml.type_name) if name
            )
        for item in model.fields:
            if item.xml is not None and item.xml.node in (XmlNode.ELEMENT, XmlNode.ATTRIBUTE):
                keys.add((item.xml.namespace, item.name))
    names: dict[tuple[str | None, str], Symbol] = {}
    taken: set[str] = set()
    for key in sorted(keys, key=lambda entry: f"{{{entry[0]}}}{entry[1]}" if entry[0] else entry[1]):
        # Capped like class names (see passes/naming.py), so that no line is one black cannot wrap.
        base = "_T_" + snake_case(key[1]).upper().lstrip("_")[:MAX_CONSTANT].rstrip("_")
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}_{number}"
        taken.add(name)
        names[key] = Symbol(name)
    return names


def _namespaces(package: Package) -> set[str]:
    found: set[str] = set()
    for model in package.models:
        if model.xml is not None and model.xml.namespace:
            found.add(model.xml.namespace)
        found.update(
            item.xml.namespace
            for item in model.fields
            if item.xml is not None and item.xml.namespace and item.xml.namespace != XML_NS
        )
    return found


_PRIMITIVES: dict[Primitive, tuple[str, str | None]] = {
    # Primitive -> (runtime reader, runtime writer); strings are read as they are and escaped on writing.
    Primitive.STRING: ("_f.string", None),
    Primitive.ANY: ("_f.string", "_x.any_text"),
    Primitive.BOOLEAN: ("_x.boolean", "_x.boolean_text"),
    Primitive.INT: ("_x.integer", "_x.integer_text"),
    Primitive.DECIMAL: ("_x.decimal_value", "_x.decimal_text"),
    Primitive.FLOAT: ("_x.double", "_x.double_text"),
    Primitive.DATE: ("_x.date", "_x.date_text"),
    Primitive.DATETIME: ("_x.date_time", "_x.date_time_text"),
    Primitive.TIME: ("_x.time", "_x.time_text"),
    Primitive.DURATION: ("_x.duration", "_x.duration_text"),
    Primitive.GUID: ("_x.guid", "_x.guid_text"),
    Primitive.BINARY: ("_x.base64_binary", "_x.base64_text"),
}
_ESCAPED: dict[str, str] = {"_x.any_text": "_f.any_xml"}
"""Writers of text that can hold markup -> their escaping forms, for element content."""

_LONG_LITERAL = 40


class _Builder:
    def __init__(
        self,
        index: PackageIndex,
        default: str | None,
        prefixes: dict[str, str],
        tags: dict[tuple[str | None, str], Symbol],
    ) -> None:
        self.index = index
        self.default = default
        self.prefixes = prefixes
        self.tags = tags
        self.value_readers: dict[Symbol, Call] = {}
        self.defaults: dict[Symbol, str] = {}
        self.named_enums: set[str] = set()
        """Enumerations whose members the defaults name."""

    def tag(self, namespace: str | None, local: str) -> Symbol:
        return self.tags[(namespace, local)]

    def written(self, namespace: str | None, local: str) -> str:
        if namespace == XML_NS:
            return f"xml:{local}"
        if namespace is None or namespace == self.default:
            return local
        return f"{self.prefixes[namespace]}:{local}"

    def polymorphic(self, model: Model) -> bool:
        return model.abstract or bool(self.index.derived(model.qname))

    def model(self, model: Model) -> XmlModelPlan:
        xml = model.xml
        namespace = xml.namespace if xml else None
        element = self.tag(namespace, xml.element) if xml and xml.element else None
        type_name = xml.type_name if xml else None
        items = self.index.all_fields(model)
        kinds = [self.kind(item) for item in items]
        element_items = [item for item, kind in zip(items, kinds, strict=True) if kind in _ELEMENT_KINDS]
        slots = {item.name: number for number, item in enumerate(element_items)}
        fields = tuple(
            self.field(model, item, kind, slots.get(item.name, -1), FieldKind.TEXT in kinds)
            for item, kind in zip(items, kinds, strict=True)
        )
        elements = [item for item in fields if item.is_element]
        attributes = [item for item in fields if item.kind is FieldKind.ATTRIBUTE]
        any_attribute = any(item.kind is FieldKind.ANY_ATTRIBUTE for item in fields)
        keywords: list[tuple[str, object]] = []
        if any(item.mixed for item in elements):
            keywords.append(("mixed", True))
        if any_attribute:
            keywords.append(("any_attribute", True))
        shape_arguments: tuple[tuple[Symbol | None, ...], ...] = (
            tuple(item.tag for item in elements),
            tuple(item.tag for item in attributes),
        )
        while shape_arguments and not shape_arguments[-1]:
            shape_arguments = shape_arguments[:-1]
        shape_call = Call("_f.Shape", shape_arguments, tuple(keywords))
        keeps_order = self.index.keeps_element_order(model)
        if elements:
            # Elements (a wildcard beside simple content, in SDMX) are read from their slots in any case.
            reading = Reading.ORDERED if keeps_order else Reading.CHILDREN
        elif any(item.kind is FieldKind.TEXT for item in fields):
            reading = Reading.TEXT
        else:
            reading = Reading.EMPTY
        return XmlModelPlan(
            model=model,
            py_name=model.py_name,
            function=model.py_name,
            element=element,
            type_tag=self.tag(namespace, type_name) if type_name else None,
            type_written=self.written(namespace, type_name) if type_name else None,
            fields=fields,
            abstract=model.abstract,
            polymorphic=self.polymorphic(model),
            shape=Symbol(f"_S_{model.py_name}"),
            shape_call=shape_call,
            reading=reading,
            absent_attributes=bool(self.index.defaulted_attributes(model)),
            element_order=keeps_order,
        )

    def field(self, model: Model, item: Field, kind: FieldKind, slot: int, simple: bool) -> XmlFieldPlan:
        """`simple`: the model has simple content (which the text is, not pieces of a mixed wildcard)."""
        namespace = item.xml.namespace if item.xml is not None else None
        named = kind not in (FieldKind.ANY_ELEMENT, FieldKind.ANY_ATTRIBUTE, FieldKind.TEXT)
        name = f"@{item.name}" if kind is FieldKind.ATTRIBUTE else item.name
        written = self.written(namespace, item.name) if named else ""
        tag = self.tag(namespace, item.name) if named else None
        reader = writer = ""
        polymorphic = False
        value: XmlValue | None = None
        literal: str | None = None
        if kind is FieldKind.ELEMENT_MODEL:
            target = self.index.models[item.type.name]
            polymorphic = self.polymorphic(target)
            prefix = "any_" if polymorphic else ""
            reader, writer = f"_read_{prefix}{target.py_name}", f"_write_{prefix}{target.py_name}"
        elif kind in (FieldKind.ATTRIBUTE, FieldKind.ELEMENT_VALUE, FieldKind.ELEMENT_TOKENS, FieldKind.TEXT):
            self.check_default(model, item)
            value = self.value(item)
            if item.default is not None and kind is FieldKind.ATTRIBUTE and not item.required:
                literal = field_default(self.index, item)
                if item.type.kind is TypeKind.ENUM and literal.startswith(
                    f"{self.index.py_name(item.type.name)}."
                ):
                    self.named_enums.add(item.type.name)
        mixed = item.xml is not None and item.xml.mixed and not simple
        spec = _FieldSpec(
            kind=kind,
            name=name,
            written=written,
            tag=tag,
            required=item.required,
            nullable=item.nullable,
            collection=item.collection,
            null_items=item.null_items,
            value=value,
            reader=reader,
            writer=writer,
            default=item.default,
            literal=None if literal is None else self.literal(literal),
            mixed=mixed,
            slot=Symbol(f"e[{slot}]"),
            attribute=Symbol(f"obj.{item.py_name}"),
            shape=Symbol(f"_S_{model.py_name}"),
        )
        return XmlFieldPlan(
            py_name=item.py_name,
            name=name,
            kind=kind,
            tag=tag,
            written=written,
            required=item.required,
            nullable=item.nullable,
            collection=item.collection,
            read=spec.read(),
            write=spec.write(spec.attribute, collection=item.collection),
            write_item=spec.write(VALUE, collection=kind is FieldKind.ELEMENT_TOKENS),
            value=value,
            reader=reader,
            writer=writer,
            polymorphic=polymorphic,
            default=item.default,
            default_literal=literal,
            mixed=mixed,
        )

    def kind(self, item: Field) -> FieldKind:
        node = item.xml.node if item.xml is not None else XmlNode.ELEMENT
        if node is XmlNode.ATTRIBUTE:
            return FieldKind.ATTRIBUTE
        if node is XmlNode.TEXT:
            return FieldKind.TEXT
        if node is XmlNode.ANY_ELEMENT:
            return FieldKind.ANY_ELEMENT
        if node is XmlNode.ANY_ATTRIBUTE:
            return FieldKind.ANY_ATTRIBUTE
        if item.type.kind is TypeKind.MODEL:
            return FieldKind.ELEMENT_MODEL
        if item.type.primitive is Primitive.ANY and item.type.wire == "xs:anyType":
            return FieldKind.ELEMENT_NODE
        if item.xml is not None and item.xml.tokens:
            return FieldKind.ELEMENT_TOKENS
        return FieldKind.ELEMENT_VALUE

    def value(self, item: Field) -> XmlValue:
        if item.type.kind is TypeKind.ENUM:
            enum = self.index.enums[item.type.name]
            read = self.value_reader(
                f"_READ_{snake_case(enum.py_name).upper()}",
                Call("_f.enum_reader", (Symbol(enum_table_name(enum)), enum.name)),
            )
            return XmlValue("enum", read, Symbol("_f.enum_xml"), Symbol("_x.enum_text"))
        primitive = Primitive(item.type.name)
        wire = item.type.wire
        if primitive is Primitive.INT:
            low, high = INTEGER_BOUNDS.get(wire, (None, None))
            read = self.value_reader(
                f"_READ_{snake_case(wire.replace(':', '_')).upper()}",
                Call("_f.integer_reader", (wire, low, high)),
            )
            integer_text = Symbol("_x.integer_text")
            return XmlValue("integer", read, integer_text, integer_text)
        if primitive is Primitive.BINARY and wire == "xs:hexBinary":
            hex_text = Symbol("_x.hex_text")
            return XmlValue("hex_binary", Symbol("_x.hex_binary"), hex_text, hex_text)
        if primitive is Primitive.STRING:
            return XmlValue("string", Symbol("_f.string"), None, None)
        reader, writer = _PRIMITIVES[primitive]
        escaped = _ESCAPED.get(writer, writer) if writer else None
        return XmlValue(
            primitive.value,
            Symbol(reader),
            Symbol(escaped) if escaped else None,
            Symbol(writer) if writer else None,
        )

    def literal(self, literal: str) -> Symbol:
        """A default value as the calls write it: itself, or a constant when it is long (an enum member
        of long names would make a line no formatter can wrap)."""
        if len(literal) <= _LONG_LITERAL:
            return Symbol(literal)
        for symbol, known in self.defaults.items():
            if known == literal:
                return symbol
        symbol = Symbol(f"_DEFAULT_{len(self.defaults) + 1}")
        self.defaults[symbol] = literal
        return symbol

    def value_reader(self, name: str, call: Call) -> Symbol:
        symbol = Symbol(name)
        known = self.value_readers.setdefault(symbol, call)
        if known != call:  # two enums or integer types whose names make one constant
            symbol = Symbol(f"{name}_{len(self.value_readers)}")
            self.value_readers[symbol] = call
        return symbol

    def check_default(self, model: Model, item: Field) -> None:
        if item.default is not None and item.type.kind is TypeKind.ENUM:
            enum = self.index.enums[item.type.name]
            if item.default not in {member.value for member in enum.members}:
                where = item.location or model.location or Location("<schema>", 0)
                raise SchemaError(
                    where, f"field '{item.name}': default {item.default!r} is not an {enum.name}"
                )


@dataclass(frozen=True, slots=True)
class _FieldSpec:
    """What decides a field's runtime calls."""

    kind: FieldKind
    name: str
    written: str
    tag: Symbol | None
    required: bool
    nullable: bool
    collection: bool
    null_items: bool
    """Its items may be `xsi:nil` (a nillable repeated element): read as None, None written so."""
    value: XmlValue | None
    reader: str
    writer: str
    default: str | None
    literal: Symbol | None
    mixed: bool
    slot: Symbol
    attribute: Symbol
    shape: Symbol

    def read(self) -> Call:
        kind, value = self.kind, self.value
        if kind is FieldKind.ANY_ATTRIBUTE:
            return Call("_f.other_attributes", (NODE, self.shape))
        if kind is FieldKind.ANY_ELEMENT:
            if self.collection:
                return Call("_f.anys_of", (self.slot,))
            return Call("_f.any_of", (self.slot, PATH))
        default = (("default", self.default),) if self.default is not None else ()
        if kind is FieldKind.TEXT:
            assert value is not None
            function = "_f.content_list" if self.collection else "_f.content"
            return Call(function, (NODE, PATH, self.name, value.read), default)
        if kind is FieldKind.ATTRIBUTE:
            assert value is not None and self.tag is not None
            arguments = (NODE, self.tag, PATH, self.name, value.read)
            if self.collection:
                return Call("_f.attribute_list", arguments, default)
            keywords: tuple[tuple[str, object], ...] = ()
            if self.literal is not None:
                keywords = (("absent", self.literal),)
            elif self.required:
                keywords = (("required", True),)
            return Call("_f.attribute", arguments, keywords + default)
        required = (("required", True),) if self.required else ()
        if self.collection:
            flags = required + ((("nillable", True),) if self.null_items else ())
        else:
            flags = required + ((("nil", True),) if self.nullable else ())
        if kind is FieldKind.ELEMENT_TOKENS:
            assert value is not None
            nil = (("nil", True),) if self.nullable else ()
            return Call("_f.tokens_of", (self.slot, PATH, self.name, value.read), required + nil + default)
        if kind is FieldKind.ELEMENT_MODEL:
            function = "_f.models_of" if self.collection else "_f.model_of"
            nillable = flags if self.collection else required
            return Call(function, (self.slot, PATH, self.name, Symbol(self.reader)), nillable)
        if kind is FieldKind.ELEMENT_NODE:
            function = "_f.nodes_of" if self.collection else "_f.node_of"
            return Call(function, (self.slot, PATH, self.name), flags if self.collection else required)
        assert value is not None
        if value.write is None:  # a string
            function = "_f.texts_of" if self.collection else "_f.text_of"
            return Call(function, (self.slot, PATH, self.name), flags + default)
        function = "_f.values_of" if self.collection else "_f.value_of"
        return Call(function, (self.slot, PATH, self.name, value.read), flags + default)

    def write(self, source: Symbol, *, collection: bool) -> Call:
        """The call writing `source` (the field of `obj`, or one of its values) as one value or, with
        `collection`, as the list it is."""
        kind, value, written = self.kind, self.value, self.written
        if kind is FieldKind.ANY_ATTRIBUTE:
            return Call("_f.other_attributes_text", (source, PATH, Symbol("PREFIXES")))
        if kind is FieldKind.ANY_ELEMENT:
            if collection or self.mixed:
                values: object = source if collection else (source,)
                return Call("_f.put_anys", (OUT, values, PATH), (("mixed", True),) if self.mixed else ())
            return Call("_f.put_any", (OUT, source, PATH))
        if kind is FieldKind.TEXT:
            assert value is not None
            write = value.write or Symbol("_x.escape")
            if collection:
                return Call("_f.put_content_list", (OUT, source, write))
            required = (("required", True),) if self.required else ()
            return Call("_f.put_content", (OUT, source, PATH, write), required)
        if kind is FieldKind.ATTRIBUTE:
            assert value is not None
            write_attribute = (value.attribute_write,) if value.attribute_write else ()
            if collection:
                return Call("_f.attribute_list_text", (source, written, *write_attribute))
            keywords: tuple[tuple[str, object], ...] = ()
            if self.literal is not None:
                keywords = (("default", self.literal), ("absent", Symbol("obj.absent_attributes")))
            elif self.required:
                keywords = (("required", True),)
            return Call("_f.attribute_text", (source, written, PATH, *write_attribute), keywords)
        if kind is FieldKind.ELEMENT_TOKENS:
            assert value is not None
            required = (("required", True),) if self.required else ()
            return Call("_f.put_tokens", (OUT, source, written, value.write or Symbol("_x.escape")), required)
        if (self.nullable and self.required) or self.null_items:  # an item of a list: written in its place
            flags: tuple[tuple[str, object], ...] = (("nil", True),)
        elif self.required:
            flags = (("required", True),)
        else:
            flags = ()
        nil_items: tuple[tuple[str, object], ...] = (("nil", True),) if self.null_items else ()
        if kind is FieldKind.ELEMENT_MODEL:
            if collection:
                return Call("_f.put_models", (OUT, source, written, PATH, Symbol(self.writer)), nil_items)
            return Call("_f.put_model", (OUT, source, written, PATH, Symbol(self.writer)), flags)
        if kind is FieldKind.ELEMENT_NODE:
            if collection:
                return Call("_f.put_nodes", (OUT, source, PATH))
            return Call("_f.put_node", (OUT, source, written, PATH), flags)
        assert value is not None
        if value.write is None:
            if collection:
                return Call("_f.put_texts", (OUT, source, written), nil_items)
            return Call("_f.put_text", (OUT, source, written, PATH), flags)
        if collection:
            return Call("_f.put_values", (OUT, source, written, value.write), nil_items)
        return Call("_f.put_value", (OUT, source, written, PATH, value.write), flags)

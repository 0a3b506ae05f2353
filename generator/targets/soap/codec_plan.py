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
from generator.python import enum_table_name, local_variable, snake_case, stdlib_modules
from generator.render.filters import Symbol, field_default, value_type

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

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
    reader: str | None
    """`_xml.<reader>(text, path, name, *arguments)` reads it; None: the text is the value."""
    writer: str | None
    """`_xml.<writer>(value)` gives its text; None: the value is text already."""
    arguments: tuple[object, ...] = ()
    """Extra reader arguments: literals, or `Symbol`s naming a table of the codec module."""
    escape: bool = False
    """The written text can hold markup characters: escape it."""


class FieldKind(StrEnum):
    """The shape of a field in a document, which picks the template macros that read and write it."""

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
    var: str
    """The local variable holding the value in the reader and writer."""
    item_type: str
    """The Python annotation of one value."""
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
    default_test: str = "=="
    """How a value is compared with the default: `is` for booleans and enum members, else `==`."""
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

    @property
    def wire_path(self) -> str:
        """The path suffix of the field's value in errors: `/status`."""
        return f"/{self.name}"


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
    absent_attributes: bool = False
    """The model records which defaulted attributes a document left out (`absent_attributes`)."""
    element_order: bool = False
    """The model records the order of a document's child elements where the schema lets it vary
    (`element_order`): readers number each child by `position`, writers follow the numbers back."""

    def position(self, field: XmlFieldPlan) -> int:
        """The number `element_order` gives an element field: its place among `elements`."""
        return self.elements.index(field)

    @property
    def defaulted(self) -> tuple[XmlFieldPlan, ...]:
        """The attributes whose absence the model records."""
        return tuple(item for item in self.attributes if item.default_literal is not None)

    @property
    def elements(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.fields if item.is_element)

    @property
    def named_elements(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.elements if item.kind is not FieldKind.ANY_ELEMENT)

    @property
    def attributes(self) -> tuple[XmlFieldPlan, ...]:
        return tuple(item for item in self.fields if item.kind is FieldKind.ATTRIBUTE)

    @property
    def text(self) -> XmlFieldPlan | None:
        return next((item for item in self.fields if item.kind is FieldKind.TEXT), None)

    @property
    def any_element(self) -> XmlFieldPlan | None:
        return next((item for item in self.fields if item.kind is FieldKind.ANY_ELEMENT), None)

    @property
    def any_attribute(self) -> XmlFieldPlan | None:
        return next((item for item in self.fields if item.kind is FieldKind.ANY_ATTRIBUTE), None)


@dataclass(frozen=True, slots=True)
class XmlConstant:
    name: str
    namespace: Symbol | None
    """The constant holding the namespace; None for names in no namespace."""
    local: str

    @property
    def chunks(self) -> tuple[str, ...]:
        """`local` in pieces black can put on lines of their own (one piece when it is short)."""
        return tuple(self.local[start : start + _CHUNK] for start in range(0, len(self.local), _CHUNK))


@dataclass(frozen=True, slots=True)
class XmlEnumPlan:
    enum: EnumType
    table: Symbol
    """The constant holding `{value: member}`."""


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
    stdlib_modules: tuple[str, ...]
    """Standard-library modules the readers' local annotations name."""

    @property
    def declarations(self) -> list[str]:
        """The namespace declarations of a document element, as written (one string each)."""
        parts = [f' xmlns="{self.default_namespace}"'] if self.default_namespace else []
        parts.extend(f' xmlns:{prefix}="{namespace}"' for prefix, namespace in self.prefixes)
        if self.uses_xsi:
            parts.append(f' xmlns:xsi="{XSI}"')
        return parts

    @property
    def polymorphic(self) -> tuple[XmlModelPlan, ...]:
        return tuple(item for item in self.models if item.polymorphic)

    @property
    def documents(self) -> tuple[XmlModelPlan, ...]:
        """The models of global elements: what `encode` writes as a document and `decode` reads."""
        return tuple(item for item in self.models if item.element is not None)

    @property
    def named_types(self) -> tuple[XmlModelPlan, ...]:
        return tuple(item for item in self.models if item.type_tag is not None)


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
    models = tuple(builder.model(model) for model in sorted(bound, key=lambda m: m.py_name))
    uses_xsi = any(item.nullable or item.polymorphic for model in models for item in model.fields)
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
        ),
        uses_xsi=uses_xsi,
        namespaces=tuple((name, namespace) for namespace, name in namespaces.items()),
        constants=tuple(
            XmlConstant(symbol.name, Symbol(namespaces[namespace]) if namespace else None, local)
            for (namespace, local), symbol in sorted(tags.items(), key=lambda entry: entry[1].name)
        ),
        # The readers' element variables are annotated; defaulted attributes' defaults are written out.
        stdlib_modules=stdlib_modules(
            item
            for model in bound
            for item in index.all_fields(model)
            if item.xml is not None
            and (
                item.xml.node is XmlNode.ELEMENT
                or (item.xml.node is XmlNode.ATTRIBUTE and item.default is not None)
            )
        ),
    )


MAX_CONSTANT = 60
_CHUNK = 60


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


_PRIMITIVES: dict[Primitive, tuple[str | None, str | None, bool]] = {
    # Primitive -> (runtime reader, runtime writer, escape the written text)
    Primitive.STRING: (None, None, True),
    Primitive.ANY: (None, "any_text", True),
    Primitive.BOOLEAN: ("boolean", "boolean_text", False),
    Primitive.INT: ("integer", "integer_text", False),
    Primitive.DECIMAL: ("decimal_value", "decimal_text", False),
    Primitive.FLOAT: ("double", "double_text", False),
    Primitive.DATE: ("date", "date_text", False),
    Primitive.DATETIME: ("date_time", "date_time_text", False),
    Primitive.TIME: ("time", "time_text", False),
    Primitive.DURATION: ("duration", "duration_text", False),
    Primitive.GUID: ("guid", "guid_text", False),
    Primitive.BINARY: ("base64_binary", "base64_text", False),
}


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
        return XmlModelPlan(
            model=model,
            py_name=model.py_name,
            function=model.py_name,
            element=element,
            type_tag=self.tag(namespace, type_name) if type_name else None,
            type_written=self.written(namespace, type_name) if type_name else None,
            fields=tuple(
                self.field(model, item, number) for number, item in enumerate(self.index.all_fields(model))
            ),
            abstract=model.abstract,
            polymorphic=self.polymorphic(model),
            absent_attributes=bool(self.index.defaulted_attributes(model)),
            element_order=self.index.keeps_element_order(model),
        )

    def field(self, model: Model, item: Field, number: int) -> XmlFieldPlan:
        node = item.xml.node if item.xml is not None else XmlNode.ELEMENT
        namespace = item.xml.namespace if item.xml is not None else None
        kind = self.kind(item, node)
        named = kind not in (FieldKind.ANY_ELEMENT, FieldKind.ANY_ATTRIBUTE, FieldKind.TEXT)
        plan = XmlFieldPlan(
            py_name=item.py_name,
            name=f"@{item.name}" if kind is FieldKind.ATTRIBUTE else item.name,
            kind=kind,
            tag=self.tag(namespace, item.name) if named else None,
            written=self.written(namespace, item.name) if named else "",
            required=item.required,
            nullable=item.nullable,
            collection=item.collection,
            var=local_variable(item, number),
            item_type=value_type(self.index, item.type),
            mixed=item.xml is not None and item.xml.mixed,
        )
        if kind is FieldKind.ELEMENT_MODEL:
            target = self.index.models[item.type.name]
            polymorphic = self.polymorphic(target)
            prefix = "any_" if polymorphic else ""
            reader, writer = f"_read_{prefix}{target.py_name}", f"_write_{prefix}{target.py_name}"
            return replace(plan, reader=reader, writer=writer, polymorphic=polymorphic)
        if kind in (FieldKind.ATTRIBUTE, FieldKind.ELEMENT_VALUE, FieldKind.ELEMENT_TOKENS, FieldKind.TEXT):
            self.check_default(model, item)
            literal = None
            if item.default is not None and kind is FieldKind.ATTRIBUTE and not item.required:
                literal = field_default(self.index, item)
            identity = item.type.kind is TypeKind.ENUM or item.type.primitive is Primitive.BOOLEAN
            return replace(
                plan,
                value=self.value(item),
                default=item.default,
                default_literal=literal,
                default_test="is" if identity else "==",
            )
        return plan

    @staticmethod
    def kind(item: Field, node: XmlNode) -> FieldKind:
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
            return XmlValue(
                "enum", "enum_value", "enum_text", (Symbol(enum_table_name(enum)), enum.name), escape=True
            )
        primitive = Primitive(item.type.name)
        wire = item.type.wire
        if primitive is Primitive.INT:
            return XmlValue(
                "integer", "integer", "integer_text", (wire, *INTEGER_BOUNDS.get(wire, (None, None)))
            )
        if primitive is Primitive.BINARY and wire == "xs:hexBinary":
            return XmlValue("hex_binary", "hex_binary", "hex_text")
        reader, writer, escape = _PRIMITIVES[primitive]
        return XmlValue(primitive.value, reader, writer, escape=escape)

    def check_default(self, model: Model, item: Field) -> None:
        if item.default is not None and item.type.kind is TypeKind.ENUM:
            enum = self.index.enums[item.type.name]
            if item.default not in {member.value for member in enum.members}:
                where = item.location or model.location or Location("<schema>", 0)
                raise SchemaError(
                    where, f"field '{item.name}': default {item.default!r} is not an {enum.name}"
                )

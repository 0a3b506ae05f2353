"""The SOAP XML codec of a package, planned: per model, the tag and the read/write expression of each field.

Namespaces are fixed when generating, so every tag the encoder writes is a constant: the package's main
namespace is the default namespace of each document and every other namespace gets a prefix declared on the
document element. A schema with unqualified local elements cannot use a default namespace (`xmlns=""` would
cut its qualified descendants off), so then every namespace is prefixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import SchemaError
from generator.ir import EnumType, Field, Location, Model, Package, PackageIndex, Primitive, TypeKind, XmlNode
from generator.python import STDLIB_MODULE_OF, snake_case

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

# Primitive -> (runtime reader, runtime writer); `_x` is the package's `_xml` runtime module.
_CONVERTERS: dict[Primitive, tuple[str, str]] = {
    Primitive.BOOLEAN: ("_x.boolean", "_x.boolean_text"),
    Primitive.DECIMAL: ("_x.decimal_value", "_x.decimal_text"),
    Primitive.FLOAT: ("_x.double", "_x.double_text"),
    Primitive.DATE: ("_x.date", "_x.date_text"),
    Primitive.DATETIME: ("_x.date_time", "_x.date_time_text"),
    Primitive.TIME: ("_x.time", "_x.time_text"),
    Primitive.DURATION: ("_x.duration", "_x.duration_text"),
    Primitive.GUID: ("_x.guid", "str"),
}


@dataclass(frozen=True, slots=True)
class XmlField:
    py_name: str
    name: str
    """The wire name (local name, `@name` for attributes in messages)."""
    kind: str
    """`element`, `attribute`, `text`, `any_element` (xs:any, anyType: kept as lxml elements) or
    `any_attribute` (kept as a dict of Clark names to values)."""
    clark: str
    tag: str
    """The name as written: `local`, `prefix:local`."""
    required: bool
    nullable: bool
    collection: bool
    read: str
    """Expression turning the text `{t}` (leaves) into the value, or the reader function of a model;
    `path` is the owner's path."""
    write: str
    """Expression turning the value `{v}` into escaped text, or the writer function of a model."""
    source: Field
    var: str
    """The local variable holding the value in the reader and writer."""
    is_model: bool = False
    polymorphic: bool = False


@dataclass(frozen=True, slots=True)
class XmlModel:
    model: Model
    py_name: str
    function: str
    """Suffix of `_read_<function>` / `_write_<function>`."""
    clark: str | None
    """The global element the model stands for, if any."""
    type_clark: str | None
    type_tag: str | None
    """`prefix:Name` of the named complex type, for `xsi:type`."""
    fields: tuple[XmlField, ...]
    abstract: bool
    derived: tuple[str, ...]
    """Python names of the models derived from this one."""

    @property
    def elements(self) -> tuple[XmlField, ...]:
        return tuple(item for item in self.fields if item.kind in ("element", "any_element"))

    @property
    def attributes(self) -> tuple[XmlField, ...]:
        return tuple(item for item in self.fields if item.kind == "attribute")

    @property
    def text(self) -> XmlField | None:
        return next((item for item in self.fields if item.kind == "text"), None)

    @property
    def any_element(self) -> XmlField | None:
        return next((item for item in self.fields if item.kind == "any_element"), None)

    @property
    def any_attribute(self) -> XmlField | None:
        return next((item for item in self.fields if item.kind == "any_attribute"), None)


@dataclass(frozen=True, slots=True)
class XmlPlan:
    main_namespace: str
    default_namespace: str | None
    prefixes: tuple[tuple[str, str], ...]
    """(prefix, namespace) declared on every document element."""
    models: tuple[XmlModel, ...]
    enums: tuple[tuple[EnumType, str], ...]
    """Each enum with the name of its value table."""
    uses_xsi: bool
    namespace_names: tuple[tuple[str, str], ...]
    """(constant name, namespace) of every namespace an element or attribute of the package is in."""
    tag_names: dict[str, str]
    """Clark name -> the constant holding it, so generated lines stay short and comparisons cheap."""

    def const(self, clark: str) -> str:
        return self.tag_names[clark]

    @property
    def declarations(self) -> list[str]:
        """The namespace declarations of a document element, as written (one string each)."""
        parts = [f' xmlns="{self.default_namespace}"'] if self.default_namespace else []
        parts.extend(f' xmlns:{prefix}="{namespace}"' for prefix, namespace in self.prefixes)
        if self.uses_xsi:
            parts.append(f' xmlns:xsi="{XSI}"')
        return parts

    @property
    def stdlib_modules(self) -> list[str]:
        """Standard-library modules the readers' local annotations name."""
        return sorted(
            {
                STDLIB_MODULE_OF[Primitive(item.source.type.name)]
                for model in self.models
                for item in model.fields
                if item.source.type.kind is TypeKind.PRIMITIVE
                and Primitive(item.source.type.name) in STDLIB_MODULE_OF
            }
        )

    def model(self, py_name: str) -> XmlModel:
        return next(item for item in self.models if item.py_name == py_name)


def plan_xml(package: Package) -> XmlPlan:
    hierarchy = package.index
    namespaces = sorted(_namespaces(package) - {package.namespace})
    unqualified = any(
        item.xml is not None and item.xml.node is XmlNode.ELEMENT and item.xml.namespace is None
        for model in package.models
        for item in model.fields
    )
    main = package.namespace
    default = None if unqualified or not main else main
    prefixed = ([main] if default is None and main else []) + namespaces
    prefixes = {namespace: _prefix(index) for index, namespace in enumerate(prefixed)}
    enum_tables = {enum.qname: f"_{snake_case(enum.py_name).upper()}_VALUES" for enum in package.enums}
    builder = _Builder(package, hierarchy, default, prefixes, enum_tables)
    models = tuple(builder.model(model) for model in sorted(package.models, key=lambda m: m.py_name))
    uses_xsi = any(item.polymorphic or item.nullable for model in models for item in model.fields)
    tag_names = _tag_names(models)
    used = {clark[1:].partition("}")[0] for clark in tag_names if clark.startswith("{")}
    namespace_names = {namespace: f"_NS{index}" for index, namespace in enumerate(sorted(used))}
    return XmlPlan(
        main_namespace=main,
        default_namespace=default,
        prefixes=tuple((prefix, namespace) for namespace, prefix in prefixes.items()),
        models=models,
        enums=tuple(
            (enum, enum_tables[enum.qname]) for enum in sorted(package.enums, key=lambda e: e.py_name)
        ),
        uses_xsi=uses_xsi,
        namespace_names=tuple((name, namespace) for namespace, name in namespace_names.items()),
        tag_names=tag_names,
    )


def _tag_names(models: tuple[XmlModel, ...]) -> dict[str, str]:
    clarks = {
        item.clark for model in models for item in model.fields if item.kind in ("element", "attribute")
    }
    clarks.update(model.clark for model in models if model.clark)
    clarks.update(model.type_clark for model in models if model.type_clark)
    names: dict[str, str] = {}
    taken: set[str] = set()
    for clark in sorted(clarks):
        local = clark.rpartition("}")[2]
        base = "_T_" + snake_case(local).upper().lstrip("_")
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}_{number}"
        taken.add(name)
        names[clark] = name
    return names


def _prefix(index: int) -> str:
    return f"ns{index}"


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


class _Builder:
    def __init__(
        self,
        package: Package,
        hierarchy: PackageIndex,
        default: str | None,
        prefixes: dict[str, str],
        enum_tables: dict[str, str],
    ) -> None:
        self.package = package
        self.hierarchy = hierarchy
        self.default = default
        self.prefixes = prefixes
        self.enums = {enum.qname: enum for enum in package.enums}
        self.enum_tables = enum_tables

    def tag(self, namespace: str | None, local: str) -> str:
        if namespace == XML_NS:
            return f"xml:{local}"
        if namespace is None or namespace == self.default:
            return local
        return f"{self.prefixes[namespace]}:{local}"

    def model(self, model: Model) -> XmlModel:
        xml = model.xml
        namespace = xml.namespace if xml else None
        clark = _clark(namespace, xml.element) if xml and xml.element else None
        type_clark = _clark(namespace, xml.type_name) if xml and xml.type_name else None
        derived = tuple(sorted(item.py_name for item in self.hierarchy.derived(model.qname)))
        return XmlModel(
            model=model,
            py_name=model.py_name,
            function=model.py_name,
            clark=clark,
            type_clark=type_clark,
            type_tag=self.tag(namespace, xml.type_name) if xml and xml.type_name else None,
            fields=tuple(
                self.field(model, item, index) for index, item in enumerate(self.hierarchy.all_fields(model))
            ),
            abstract=model.abstract,
            derived=derived,
        )

    def field(self, model: Model, item: Field, index: int) -> XmlField:
        kind = self.kind(item)
        read, write, is_model, polymorphic = "child", "", False, False
        if kind in ("element", "attribute", "text") and item.type.kind is TypeKind.MODEL:
            target = self.hierarchy.models[item.type.name]
            function = target.py_name
            read, write, is_model = f"_read_{function}", f"_write_{function}", True
            polymorphic = bool(self.hierarchy.derived(target.qname)) or target.abstract
        elif kind == "element" and item.type.name == Primitive.ANY:
            read, write = "child", "_x.any_element({v}, path)"
        elif kind in ("element", "attribute", "text"):
            read, write = self.converters(model, item)
        return XmlField(
            py_name=item.py_name,
            name=item.name if kind != "attribute" else f"@{item.name}",
            kind=kind,
            clark=_clark(_namespace(item), item.name),
            tag=self.tag(_namespace(item), item.name),
            required=item.required,
            nullable=item.nullable,
            collection=item.collection,
            read=read,
            write=write,
            source=item,
            var=local_variable(item, index),
            is_model=is_model,
            polymorphic=polymorphic,
        )

    @staticmethod
    def kind(item: Field) -> str:
        return str(item.xml.node) if item.xml is not None else "element"

    def converters(self, model: Model, item: Field) -> tuple[str, str]:
        """(read, write) expressions over the text `{t}` and the value `{v}`; `path` and `name` name the
        field in errors."""
        attribute = item.xml is not None and item.xml.node is XmlNode.ATTRIBUTE
        name = repr(item.name if not attribute else f"@{item.name}")
        text = "{t}"
        if item.default is not None:
            self.check_default(model, item)
            text = f"({text} or {item.default!r})"
        if item.type.kind is TypeKind.ENUM:
            enum = self.enums[item.type.name]
            table = self.enum_tables[enum.qname]
            return f"_x.enum_value({table}, {text}, path, {name}, {enum.name!r})", "_x.escape({v}.value)"
        primitive = Primitive(item.type.name)
        wire = item.type.wire
        if primitive is Primitive.STRING:
            return text, "_x.escape({v})"
        if primitive is Primitive.ANY:
            return text, "_x.escape(str({v}))"
        if primitive is Primitive.INT:
            low, high = INTEGER_BOUNDS.get(wire, (None, None))
            return f"_x.integer({text}, path, {name}, {wire!r}, {low!r}, {high!r})", "str({v})"
        if primitive is Primitive.BINARY:
            if wire == "xs:hexBinary":
                return f"_x.hex_binary({text}, path, {name})", "{v}.hex().upper()"
            return f"_x.base64_binary({text}, path, {name})", "_x.base64_text({v})"
        reader, writer = _CONVERTERS[primitive]
        return f"{reader}({text}, path, {name})", f"{writer}({{v}})"

    def check_default(self, model: Model, item: Field) -> None:
        if item.type.kind is TypeKind.ENUM:
            enum = self.enums[item.type.name]
            if item.default not in {member.value for member in enum.members}:
                where = item.location or model.location or Location("<schema>", 0)
                raise SchemaError(
                    where, f"field '{item.name}': default {item.default!r} is not an {enum.name}"
                )


def local_variable(item: Field, index: int) -> str:
    """`v_<name>`; numbered when long, so that `name=v_name` still fits a line."""
    return f"v_{item.py_name}" if len(item.py_name) <= 40 else f"v{index}"


def _namespace(item: Field) -> str | None:
    return item.xml.namespace if item.xml is not None else None


def _clark(namespace: str | None, local: str) -> str:
    return f"{{{namespace}}}{local}" if namespace else local

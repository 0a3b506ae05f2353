"""Jinja filters: the decisions templates need (Python types, defaults, docstrings), kept out of templates."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jinja2 import pass_context
from jinja2.runtime import Context

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
    TypeRef,
    XmlNode,
)
from generator.output.formatters import LINE_LENGTH
from generator.python import PYTHON_TYPE_OF
from generator.render.literals import LiteralError, enum_literal, primitive_literal, quoted
from generator.render.sorting import dunder_all_order, import_order, module_order

DOC_WIDTH = 100

# Typographic punctuation in schema docs that ruff flags as confusable (RUF001/RUF002) -> ASCII.
_TYPOGRAPHIC = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)


def _index(context: Context) -> PackageIndex:
    index = context["index"]
    assert isinstance(index, PackageIndex)
    return index


def _absent_collections(field: Field) -> bool:
    """In JSON an optional collection may be absent, empty or null, so it is `list | None`; in XML zero
    occurrences is the empty list."""
    return field.odata is not None


def value_type(index: PackageIndex, ref: TypeRef) -> str:
    if ref.kind is TypeKind.PRIMITIVE:
        return PYTHON_TYPE_OF[Primitive(ref.name)]
    py_name = index.py_name(ref.name)
    if ref.kind is TypeKind.ENUM and index.enums[ref.name].open:
        return f"{py_name} | str"
    return py_name


@pass_context
def py_type(context: Context, field: Field) -> str:
    """A field's annotation: `str | None`, `list[Presence] | None`, `BodyType | str`."""
    return py_type_of(_index(context), field)


def py_type_of(index: PackageIndex, field: Field) -> str:
    text = value_type(index, field.type)
    if field.null_items:
        text = f"{text} | None"
    if field.collection:
        return f"list[{text}]" if field.required or not _absent_collections(field) else f"list[{text}] | None"
    if field.nullable or not field.required:
        return f"{text} | None"
    return text


@pass_context
def py_default(context: Context, field: Field) -> str:
    """The ` = ...` part of a dataclass field, or "" for a field the constructor requires.

    XSD element defaults apply only to an element present and empty, so they are not constructor defaults.
    """
    if field.collection:
        if field.required:
            return ""
        return " = None" if _absent_collections(field) else " = dataclasses.field(default_factory=list)"
    if _has_default(field):
        return f" = {field_default(_index(context), field)}"
    return "" if field.required else " = None"


def _has_default(field: Field) -> bool:
    return field.default is not None and not (field.xml is not None and field.xml.node is XmlNode.ELEMENT)


@pass_context
def py_comment(context: Context, field: Field, model: Model) -> str:
    """The end-of-line comment a field of `model` needs, or "": `# type: ignore[assignment]` where it
    redeclares an inherited field with a type mypy does not take as narrower (an XSD restriction narrowing
    a list's item type: lists are invariant), `# noqa: RUF009` for a UUID default (immutable, but linters
    do not know it)."""
    index = _index(context)
    comments = []
    inherited = next((item for item in index.inherited_fields(model) if item.py_name == field.py_name), None)
    if inherited is not None and not _narrows(index, inherited, field):
        comments.append("type: ignore[assignment]")
    if _has_default(field) and field.type.primitive is Primitive.GUID:
        comments.append("noqa: RUF009")
    return "".join(f"  # {comment}" for comment in comments)


# Python types of primitives mypy takes as narrower than another (subclasses, and int for float).
_NARROWER = {("bool", "int"), ("bool", "float"), ("int", "float"), ("datetime.datetime", "datetime.date")}


def _narrows(index: PackageIndex, base: Field, field: Field) -> bool:
    """Whether mypy accepts `field` redeclaring `base`: the same type, or a narrower one outside lists."""
    written, inherited = py_type_of(index, field), py_type_of(index, base)
    if written == inherited:
        return True
    if field.collection or base.collection:
        return False
    if written.endswith(" | None") and not inherited.endswith(" | None"):
        return False
    value, base_value = value_type(index, field.type), value_type(index, base.type)
    if value == base_value or (value, base_value) in _NARROWER:
        return True
    if field.type.kind is TypeKind.MODEL and base.type.kind is TypeKind.MODEL:
        return base.type.name in {model.qname for model in index.chain(field.type.name)}
    return False


def field_default(index: PackageIndex, field: Field) -> str:
    """The schema default of `field` as a Python literal of its type: `True`, `BodyType.TEXT`."""
    assert field.default is not None
    try:
        if field.type.kind is TypeKind.ENUM:
            return enum_literal(index.enums[field.type.name], field.default)
        return primitive_literal(Primitive(field.type.name), field.type.wire, field.default)
    except LiteralError as exc:
        raise SchemaError(field.location or Location("<schema>", 0), f"field '{field.name}': {exc}") from None


def enum_value(enum: EnumType, index: int) -> str:
    member = enum.members[index]
    # A member line is `    <NAME (at most 34)> = <value>`: values past 60 characters are split.
    return member.value if enum.flags else python_literal(member.name, long=60)


def docstring(text: str, indent: int = 0) -> str:
    """A triple-quoted docstring, wrapped to the line width, safe whatever the schema text holds.

    Paragraphs are refilled; a block whose later lines are indented (`Attributes:`) keeps its layout.
    """
    safe = text.translate(_TYPOGRAPHIC).replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    safe = "".join(_escaped(char) for char in safe)
    pad = " " * indent
    paragraphs = []
    for block in safe.split("\n\n"):
        lines = block.split("\n")
        if any(line.startswith(" ") for line in lines[1:]):
            paragraphs.append(block)
        else:
            # 3 for the opening quotes on the first line.
            paragraphs.append(textwrap.fill(" ".join(block.split()), DOC_WIDTH - indent - 3))
    body = "\n\n".join(paragraphs).replace("\n", "\n" + pad)
    body = "\n".join(line.rstrip() for line in body.split("\n"))
    if body.endswith('"'):
        body = body[:-1] + '\\"'  # a quote right before the closing quotes would end the string early
    if "\n" in body:
        return f'"""{body}\n{pad}"""'
    # One line keeps its closing quotes, however long, as black keeps them (the text is wrapped to fit).
    return f'"""{body}"""'


def _escaped(char: str) -> str:
    """Non-ASCII punctuation, symbols, spaces and format characters as `\\uXXXX` escapes (no spaces, so
    wrapping never splits one): linters take them for look-alikes of ASCII ones (ruff's RUF002, for the
    small tilde in Travelport's docs). Letters and marks stay as they are."""
    if char.isascii() or unicodedata.category(char)[0] not in "PSZC":
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def model_doc(model: Model) -> str:
    """The class docstring: the schema's documentation (or what the type is) and its fields."""
    summary = model.doc or _describe(model)
    lines = [summary]
    documented = [item for item in model.fields if item.doc or _facts(item)]
    if documented:
        entries = []
        for item in documented:
            text = " ".join(part for part in (item.doc, _facts(item)) if part)
            entry = textwrap.fill(f"{item.py_name}: {text}", DOC_WIDTH - 12, subsequent_indent="    ")
            entries.append(textwrap.indent(entry, "    "))
        lines.append("Attributes:\n" + "\n".join(entries))
    return "\n\n".join(lines)


def _describe(model: Model) -> str:
    if model.odata is not None and model.odata.odata_type is not None:
        kind = "Entity type" if model.odata.entity else "Complex type"
        return f"{'Abstract ' + kind.lower() if model.abstract else kind} ``{model.qname}``."
    if model.xml is not None and model.xml.element:
        return f"The ``{model.xml.element}`` element."
    return f"The ``{model.name}`` type."


def _facts(item: Field) -> str:
    facts = []
    if item.read_only:
        facts.append("Read-only.")
    if item.odata is not None and item.odata.navigation:
        facts.append("Navigation property" + (" (contained)." if item.odata.contains_target else "."))
    if item.xml is not None and item.xml.node is XmlNode.ATTRIBUTE:
        facts.append("XML attribute.")
    if item.facets.max_length is not None:
        facts.append(f"At most {item.facets.max_length} characters.")
    return " ".join(facts)


@pass_context
def py_name_of(context: Context, qname: str) -> str:
    return _index(context).py_name(qname)


def sort_all(names: Iterable[str]) -> list[str]:
    """Names in the order ruff wants `__all__` in."""
    return sorted(names, key=dunder_all_order)


def sort_imports(names: Iterable[str]) -> list[str]:
    """Names in the order isort wants `from module import ...` in."""
    return sorted(names, key=import_order)


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name of the generated module (a constant, a function) where a plan holds values: the `py` filter
    writes it as the name, not as a string."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a runtime function (or a name of the generated module) with its arguments, which are
    literals, `Symbol`s or calls: what the `py` filter writes as `function(argument, ..., key=value)`."""

    function: str
    arguments: tuple[object, ...] = ()
    keywords: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return python_literal(self)


LONG_STRING = 94
"""Strings longer than this are written as pieces black can put on lines of their own."""


def python_literal(value: object, long: int = LONG_STRING) -> str:
    """`value` as Python source (strings, numbers, tuples, None, `Symbol`s, `Call`s): the templates'
    constants."""
    if isinstance(value, Symbol):
        return value.name
    if isinstance(value, Call):
        parts = [python_literal(item) for item in value.arguments]
        parts.extend(f"{key}={python_literal(item)}" for key, item in value.keywords)
        return f"{value.function}({', '.join(parts)})"
    if isinstance(value, tuple):
        items = [python_literal(item) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{python_literal(key)}: {python_literal(item)}" for key, item in value.items())
            + "}"
        )
    if isinstance(value, str) and len(value) > long:
        # Black never splits a string: a string longer than `long` becomes pieces (implicitly concatenated,
        # so it stays one literal wherever a literal goes) black can put on lines of their own. The
        # committed packages' longest, a 93-character SOAP action, stays whole.
        return " ".join(string_pieces(value))
    return _string(value) if isinstance(value, str) else repr(value)


def string_pieces(value: str) -> list[str]:
    """A long string as the literals of its pieces, written one after the other."""
    return [_string(value[start : start + _PIECE]) for start in range(0, len(value), _PIECE)]


def _string(value: str) -> str:
    """A string literal with look-alike characters escaped (ruff's RUF001), its value unchanged; quoted as
    black quotes it (so that black has nothing to change)."""
    return "".join(_escaped(char) for char in quoted(value))


_PIECE = 60


def relative_imports_of(
    package: Package, qnames: Iterable[str], extra: Mapping[str, Iterable[str]] | None = None
) -> list[str]:
    """`from .module import ...` lines for the models and enums named by qualified name, and `extra` ones
    (`{"_odata_server": ["Route"]}`), in isort's order."""
    index = package.index
    names: dict[str, set[str]] = {module: set(items) for module, items in (extra or {}).items()}
    for qname in qnames:
        names.setdefault(index.module_of(qname), set()).add(index.py_name(qname))
    return [
        import_from(f".{module}", sort_imports(names[module])) for module in sorted(names, key=module_order)
    ]


def import_from(module: str, names: Iterable[str], indent: int = 0) -> str:
    """`from module import a, b` as black writes it at column `indent`: on one line, or a name a line when
    too long (without the first line's indentation, which the template writes)."""
    listed = list(names)
    line = f"from {module} import {', '.join(listed)}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    margin = " " * indent
    inner = [f"{margin}    {name}," for name in listed]
    return "\n".join([f"from {module} import (", *inner, f"{margin})"])


def dunder_all(names: Iterable[str]) -> str:
    """`__all__` as black writes a list with a trailing comma: a name a line, in ruff's order."""
    return "\n".join(["__all__ = [", *(f'    "{name}",' for name in sort_all(names)), "]"])


def url_path(address: str) -> str:
    """The path of an address: `https://host/EWS/UM2007Legacy.asmx` -> `/EWS/UM2007Legacy.asmx`."""
    path = urlsplit(address).path
    return path if path.startswith("/") else ""


def relative_imports(package: Package, extra: Mapping[str, Iterable[str]]) -> list[str]:
    """`from .module import ...` lines for the package's modules and `extra` ones, in isort's order."""
    names: dict[str, set[str]] = {module: set(items) for module, items in extra.items()}
    index = package.index
    for module in package.modules:
        names.setdefault(module.name, set()).update(index.py_name(q) for q in module.enums + module.models)
    return [
        import_from(f".{module}", sort_imports(names[module])) for module in sorted(names, key=module_order)
    ]


FILTERS: Mapping[str, Callable[..., Any]] = {
    "py": python_literal,
    "tuple": tuple,
    "relative_imports": relative_imports,
    "relative_imports_of": relative_imports_of,
    "url_path": url_path,
    "sort_all": sort_all,
    "sort_imports": sort_imports,
    "import_from": import_from,
    "dunder_all": dunder_all,
    "py_name_of": py_name_of,
    "py_type": py_type,
    "py_default": py_default,
    "py_comment": py_comment,
    "docstring": docstring,
    "model_doc": model_doc,
    "enum_value": enum_value,
}

"""How schema names and types are spelled in Python: case conversions, the names a generated field may not
take, the Python type of each primitive and the standard-library module it needs. Shared by the naming and
imports passes and by the targets."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable

from generator.ir import EnumType, Field, Primitive

# Names the generated annotations use (modules imported whole, builtin types): inside a class body a field
# of that name would shadow them for the fields after it (Graph's `list` entity has a field `list`).
RESERVED_FIELD_NAMES = frozenset(
    {"dataclasses", "datetime", "decimal", "enum", "typing", "uuid"}
    | {"bool", "bytes", "float", "int", "list", "object", "str"}
    # The JSON codec's own fields on every OData model.
    | {"additional_data", "explicit_nulls"}
    # The XML codec's record of the defaulted attributes a document left out.
    | {"absent_attributes"}
    # ... and of the order of a document's child elements, where the schema lets it vary.
    | {"element_order"}
    # ... and of an `xsi:type` naming a type outside the package.
    | {"foreign_type"}
    # pycodestyle's ambiguous names (E741): `l` reads as `1`.
    | {"l"}
)

# Names the generated modules import or define beside the models (typing, Starlette, the runtime's public
# classes): a type of one of these names would shadow them, so it takes the suffix `Type`, as a type that
# shares its name with an element does.
RESERVED_TYPE_NAMES = frozenset(
    {"Any", "Awaitable", "Callable", "Final", "Request", "Starlette"}
    | {"DecodeError", "EncodeError", "Envelope", "SoapFault"}
    | {"Operation", "OperationNotImplemented", "RequestContext", "Unauthorized"}
    | {"GraphContext", "GraphError", "Principal", "Route", "RouteNotImplemented"}
    # pycodestyle's ambiguous class names (E742): XHTML's `i` element would be class `I`.
    | {"I", "O"}
)

HARD_KEYWORDS = frozenset(keyword.kwlist)
_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z])")
_WORD_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]+")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-zA-Z]+")


def snake_case(name: str) -> str:
    text = _ACRONYM_BOUNDARY.sub(r"\1_\2", name)
    text = _WORD_BOUNDARY.sub(r"\1_\2", text)
    text = _NOT_IDENTIFIER.sub("_", text).strip("_").lower()
    text = re.sub(r"_+", "_", text) or "value"
    return f"_{text}" if text[0].isdigit() else text


def pascal_case(name: str) -> str:
    parts = [part for part in _NOT_ALPHANUMERIC.split(name) if part]
    text = "".join(part[0].upper() + part[1:] for part in parts) or "Value"
    return f"_{text}" if text[0].isdigit() else text


def constant_case(name: str) -> str:
    text = snake_case(name).upper()
    return f"VALUE{text}" if text.startswith("_") else text


def field_name(name: str) -> str:
    text = snake_case(name)
    # keyword.kwlist, not iskeyword/issoftkeyword: their answers change between Python versions.
    if text in HARD_KEYWORDS or text in RESERVED_FIELD_NAMES:
        return f"{text}_"
    return text


PYTHON_TYPE_OF = {
    Primitive.STRING: "str",
    Primitive.BOOLEAN: "bool",
    Primitive.INT: "int",
    Primitive.DECIMAL: "decimal.Decimal",
    Primitive.FLOAT: "float",
    Primitive.DATE: "datetime.date",
    Primitive.DATETIME: "datetime.datetime",
    Primitive.TIME: "datetime.time",
    Primitive.DURATION: "datetime.timedelta",
    Primitive.GUID: "uuid.UUID",
    Primitive.BINARY: "bytes",
    Primitive.ANY: "object",
}

STDLIB_MODULE_OF: dict[Primitive, str] = {
    Primitive.DATE: "datetime",
    Primitive.DATETIME: "datetime",
    Primitive.TIME: "datetime",
    Primitive.DURATION: "datetime",
    Primitive.DECIMAL: "decimal",
    Primitive.GUID: "uuid",
}


def stdlib_modules(fields: Iterable[Field]) -> tuple[str, ...]:
    """The standard-library modules annotations of these fields' values name, sorted."""
    return tuple(
        sorted(
            {
                STDLIB_MODULE_OF[primitive]
                for item in fields
                if (primitive := item.type.primitive) is not None and primitive in STDLIB_MODULE_OF
            }
        )
    )


def local_variable(item: Field, number: int) -> str:
    """A codec's local variable for a field: `v_<name>`, numbered when long (so `name=v_name` fits a line)."""
    return f"v_{item.py_name}" if len(item.py_name) <= 40 else f"v{number}"


def enum_table_name(enum: EnumType) -> str:
    """The codecs' constant holding an enum's `{value: member}` table: `_BODY_TYPE_VALUES`."""
    return f"_{snake_case(enum.py_name).upper()}_VALUES"

"""The fields of a generated SOAP codec's models, read and written one call each: a model's reader sorts
its element's children into the slots of the model's `Shape` (`children`), then reads each field from its
slot (`text_of`, `value_of`, `model_of`, ... and `attribute` for attributes); its writer appends each field
to the output (`put_text`, `put_value`, `put_model`, ... and `attribute_text` for attributes). The lexical
forms these call (`date_time`, `date_time_text`...) are `_xml`'s.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal, NoReturn, TypeVar, cast, overload

from lxml import etree

from ._exact import IntOrExact
from ._xml import (
    XSI_PREFIX,
    any_attributes,
    any_element,
    attributes,
    check_attributes,
    describe,
    enum_value,
    escape,
    escape_attribute,
    integer,
    mixed_item,
    unexpected,
    where,
)
from .errors import DecodeError, EncodeError

__all__ = ["Shape"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
Slot = etree._Element | list[Any] | None
"""What a slot of `children` holds: nothing, the one child of its name, or all of them (for a wildcard of
mixed content, the text between them too)."""
TextReader = Callable[[str, str, str], T]
"""A simple value's reader: `(text, path, name) -> value`."""
Reader = Callable[[etree._Element, str], T]
"""A model's reader: `(element, path) -> model`."""
TextWriter = Callable[[T], str]
"""A simple value's writer: `value -> text` (escaped where the value can hold markup)."""
Writer = Callable[[T, list[str], str, str, str], None]
"""A model's writer: `(model, out, tag as written, extra attributes, path)`."""


class Shape:
    """What a model's element may hold: the Clark names of its child elements, a slot each in field order
    (None marks the slot of a wildcard, which takes every other child), and its declared attributes.
    Without `any_attribute`, an attribute in no namespace that is not declared is an error; with `mixed`,
    the wildcard's slot also holds the text around the children it takes."""

    __slots__ = ("attributes", "check", "known", "mixed", "size", "slots", "tags", "wildcard")

    def __init__(
        self,
        tags: tuple[str | None, ...] = (),
        attributes: tuple[str, ...] = (),
        *,
        mixed: bool = False,
        any_attribute: bool = False,
    ) -> None:
        self.tags = tags
        self.slots = {tag: number for number, tag in enumerate(tags) if tag is not None}
        self.known = tuple(tag for tag in tags if tag is not None)
        self.wildcard = tags.index(None) if None in tags else -1
        self.size = len(tags)
        self.attributes = frozenset(attributes)
        self.check = not any_attribute
        self.mixed = mixed

    def extended(
        self,
        tags: tuple[str | None, ...] = (),
        attributes: tuple[str, ...] = (),
        *,
        mixed: bool = False,
        any_attribute: bool = False,
    ) -> Shape:
        """The shape of a type that extends this one's: its tags and attributes after these."""
        return Shape(
            self.tags + tags,
            (*self.attributes, *attributes),
            mixed=mixed,
            any_attribute=any_attribute,
        )


# Reading


def children(node: etree._Element, path: str, shape: Shape) -> list[Slot]:
    """The children of `node` in the slots of `shape`; an undeclared attribute or a child no slot takes
    is an error."""
    if shape.check and node.keys():
        check_attributes(node, path, shape.attributes)
    found: list[Slot] = [None] * shape.size
    if shape.mixed:
        found[shape.wildcard] = [node.text] if node.text else []
    slots = shape.slots
    for child in node:
        slot = slots.get(child.tag)
        if slot is None:
            slot = shape.wildcard
            if slot < 0:
                unexpected(child, path, shape.known)
            if shape.mixed:
                pieces: list[Any] = found[slot]  # type: ignore[assignment]
                pieces.append(child)
                if child.tail:
                    pieces.append(child.tail)
                continue
        held = found[slot]
        if held is None:
            found[slot] = child
        elif type(held) is list:
            held.append(child)
        else:
            found[slot] = [held, child]
    return found


def ordered_children(
    node: etree._Element, path: str, shape: Shape
) -> tuple[list[Slot], tuple[int, ...]]:
    """`children`, and the slot of each child in document order, where that is not the slots' own order
    (what a model whose elements can interleave keeps in `element_order`)."""
    found = children(node, path, shape)
    slots = shape.slots
    order = [slots.get(child.tag, shape.wildcard) for child in node]
    for number in range(1, len(order)):
        if order[number] < order[number - 1]:
            return found, tuple(order)
    return found, ()


def declared_attributes(node: etree._Element, path: str, shape: Shape) -> None:
    """A model of simple content: only declared attributes (its text is read by `content`)."""
    if shape.check and node.keys():
        check_attributes(node, path, shape.attributes)


def empty(node: etree._Element, path: str, shape: Shape) -> None:
    """A model without elements: no child element, and only declared attributes."""
    if shape.check and node.keys():
        check_attributes(node, path, shape.attributes)
    if len(node):
        unexpected(node[0], path, ())


def missing(path: str, name: str) -> NoReturn:
    kind = "attribute" if name.startswith("@") else "element"
    raise DecodeError(path, f"required {kind} '{name.lstrip('@')}' is missing")


def repeated(path: str, name: str) -> NoReturn:
    raise DecodeError(where(path, name), "appears more than once")


def is_nil(node: etree._Element, path: str, name: str) -> bool:
    """Whether a nillable element is `xsi:nil`; one that also holds content is an error (XSD: a nil
    element is empty, and reading it as None would drop what it holds)."""
    if not _says_nil(node):
        return False
    if len(node) or (node.text and not node.text.isspace()):
        raise DecodeError(where(path, name), "is xsi:nil but not empty")
    return True


def _says_nil(node: etree._Element) -> bool:
    value = node.get(XSI_NIL)
    return value is not None and value.strip() in ("true", "1")


XSI_NIL: Final = XSI_PREFIX + "nil"


NO_ATTRIBUTES: Final[frozenset[str]] = frozenset()


def text(node: etree._Element, path: str, name: str) -> str:
    """The text of an element of simple content; a child element inside it is an error."""
    if len(node):
        child = node[0]
        tag = child.tag if isinstance(child.tag, str) else "node"
        raise DecodeError(
            where(path, name), f"unexpected element {describe(tag)} inside a simple value"
        )
    return node.text or ""


def simple_text(node: etree._Element, path: str, name: str) -> str:
    """The text of a simple-typed element: as `text`, and an attribute in no namespace is an error (a simple
    type declares none; namespaced ones are left alone, as on every element), as is an `xsi:nil` here.
    """
    if node.keys():
        check_attributes(node, where(path, name), NO_ATTRIBUTES)
        if _says_nil(node):  # readers of a nillable element have taken a nil one already
            raise DecodeError(where(path, name), "is xsi:nil but the element is not nillable")
    return text(node, path, name)


def string(text: str, path: str, name: str) -> str:
    """The reader of string values: the text is the value."""
    return text


def integer_reader(wire: str, low: int | None, high: int | None) -> TextReader[IntOrExact]:
    """The reader of an integer type's values, within its bounds."""

    def read(text: str, path: str, name: str) -> IntOrExact:
        return integer(text, path, name, wire, low, high)

    return read


def enum_reader(table: Mapping[str, E], type_name: str) -> TextReader[E]:
    """The reader of an enumeration's values (`table`: value -> member)."""

    def read(text: str, path: str, name: str) -> E:
        return enum_value(text, path, name, table, type_name)

    return read


def _one(held: Slot, path: str, name: str, required: bool) -> etree._Element | None:
    if held is None:
        if required:
            missing(path, name)
        return None
    if type(held) is list:
        repeated(path, name)
    return held  # type: ignore[return-value]


def _all(held: Slot, path: str, name: str, required: bool) -> list[etree._Element]:
    items = anys_of(held)
    if not items and required:
        missing(path, name)
    return items


@overload
def text_of(
    held: Slot,
    path: str,
    name: str,
    *,
    required: Literal[True],
    nil: Literal[False] = ...,
    default: str | None = ...,
) -> str: ...
@overload
def text_of(
    held: Slot,
    path: str,
    name: str,
    *,
    required: bool = ...,
    nil: bool = ...,
    default: str | None = ...,
) -> str | None: ...
def text_of(
    held: Slot,
    path: str,
    name: str,
    *,
    required: bool = False,
    nil: bool = False,
    default: str | None = None,
) -> str | None:
    """A string element (`nil`: `xsi:nil` reads as None; `default`: what an empty element holds)."""
    # `_one` and `text` written out: this is the commonest field of all.
    if held is None:
        if required:
            missing(path, name)
        return None
    if isinstance(held, list):
        repeated(path, name)
    if nil and is_nil(held, path, name):
        return None
    if len(held) or held.keys():
        simple_text(held, path, name)
    return held.text or default or ""


@overload
def value_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: Literal[True],
    nil: Literal[False] = ...,
    default: str | None = ...,
) -> T: ...
@overload
def value_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = ...,
    nil: bool = ...,
    default: str | None = ...,
) -> T | None: ...
def value_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = False,
    nil: bool = False,
    default: str | None = None,
) -> T | None:
    """An element of a simple type, read by `read`."""
    if held is None:
        if required:
            missing(path, name)
        return None
    if isinstance(held, list):
        repeated(path, name)
    if nil and is_nil(held, path, name):
        return None
    if len(held) or held.keys():
        simple_text(held, path, name)
    return read(held.text or default or "", path, name)


@overload
def values_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = ...,
    nillable: Literal[False] = ...,
    default: str | None = ...,
) -> list[T]: ...
@overload
def values_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = ...,
    nillable: Literal[True],
    default: str | None = ...,
) -> list[T | None]: ...
def values_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = False,
    nillable: bool = False,
    default: str | None = None,
) -> list[T] | list[T | None]:
    """The repeated elements of a simple type (`nillable`: an `xsi:nil` one reads as None)."""
    items = _all(held, path, name, required)
    if nillable:
        return [
            (
                None
                if is_nil(item, path, name)
                else read(simple_text(item, path, name) or default or "", path, name)
            )
            for item in items
        ]
    return [read(simple_text(item, path, name) or default or "", path, name) for item in items]


@overload
def texts_of(
    held: Slot,
    path: str,
    name: str,
    *,
    required: bool = ...,
    nillable: Literal[False] = ...,
    default: str | None = ...,
) -> list[str]: ...
@overload
def texts_of(
    held: Slot,
    path: str,
    name: str,
    *,
    required: bool = ...,
    nillable: Literal[True],
    default: str | None = ...,
) -> list[str | None]: ...
def texts_of(
    held: Slot,
    path: str,
    name: str,
    *,
    required: bool = False,
    nillable: bool = False,
    default: str | None = None,
) -> list[str] | list[str | None]:
    items = _all(held, path, name, required)
    if nillable:
        return [
            None if is_nil(item, path, name) else simple_text(item, path, name) or default or ""
            for item in items
        ]
    return [simple_text(item, path, name) or default or "" for item in items]


def tokens_of(
    held: Slot,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = False,
    nil: bool = False,
    default: str | None = None,
) -> list[T]:
    """An element of an `xs:list` type: its whitespace-separated values (`nil`: it is nillable, and a
    nil one holds none)."""
    node = _one(held, path, name, required)
    if node is None or (nil and is_nil(node, path, name)):
        return []
    tokens = (simple_text(node, path, name) or default or "").split()
    return [read(token, path, name) for token in tokens]


@overload
def model_of(
    held: Slot, path: str, name: str, read: Reader[T], *, required: Literal[True]
) -> T: ...
@overload
def model_of(
    held: Slot, path: str, name: str, read: Reader[T], *, required: bool = ...
) -> T | None: ...
def model_of(
    held: Slot, path: str, name: str, read: Reader[T], *, required: bool = False
) -> T | None:
    node = _one(held, path, name, required)
    return None if node is None else read(node, where(path, name))


@overload
def models_of(
    held: Slot,
    path: str,
    name: str,
    read: Reader[T],
    *,
    required: bool = ...,
    nillable: Literal[False] = ...,
) -> list[T]: ...
@overload
def models_of(
    held: Slot,
    path: str,
    name: str,
    read: Reader[T],
    *,
    required: bool = ...,
    nillable: Literal[True],
) -> list[T | None]: ...
def models_of(
    held: Slot,
    path: str,
    name: str,
    read: Reader[T],
    *,
    required: bool = False,
    nillable: bool = False,
) -> list[T] | list[T | None]:
    """Repeated elements of a complex type (`nillable`: an `xsi:nil` one reads as None)."""
    child_path = where(path, name)
    items = _all(held, path, name, required)
    if nillable:
        return [None if is_nil(item, path, name) else read(item, child_path) for item in items]
    return [read(item, child_path) for item in items]


@overload
def node_of(held: Slot, path: str, name: str, *, required: Literal[True]) -> etree._Element: ...
@overload
def node_of(held: Slot, path: str, name: str, *, required: bool = ...) -> etree._Element | None: ...
def node_of(held: Slot, path: str, name: str, *, required: bool = False) -> etree._Element | None:
    """An `xs:anyType` element, kept as it is."""
    return _one(held, path, name, required)


def nodes_of(
    held: Slot, path: str, name: str, *, required: bool = False, nillable: bool = False
) -> list[Any]:
    """Repeated `xs:anyType` elements (`list[Any]`: the field is a `list[object]`, which a
    `list[etree._Element]` is not). An `xsi:nil` one is kept as the element it is (`nillable` takes
    nothing more)."""
    return _all(held, path, name, required)


def any_of(held: Slot, path: str) -> etree._Element | None:
    """The one element a single wildcard takes."""
    return _one(held, path, "any", False)


def anys_of(held: Slot) -> list[Any]:
    """What a repeated wildcard takes: elements (and, in mixed content, the text around them)."""
    return [] if held is None else held if type(held) is list else [held]


@overload
def attribute(
    node: etree._Element,
    tag: str,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: Literal[True],
    default: str | None = ...,
) -> T: ...
@overload
def attribute(
    node: etree._Element,
    tag: str,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    absent: T,
    default: str | None = ...,
) -> T: ...
@overload
def attribute(
    node: etree._Element,
    tag: str,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = ...,
    default: str | None = ...,
) -> T | None: ...
def attribute(
    node: etree._Element,
    tag: str,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    required: bool = False,
    absent: T | None = None,
    default: str | None = None,
) -> T | None:
    """An attribute (`name` is `@local`): `absent` is the value of one the element leaves out (its
    schema default), `default` the text an empty one holds."""
    value = node.get(tag)
    if value is None:
        if required:
            missing(path, name)
        return absent
    return read(value or default or "", path, name)


def attribute_list(
    node: etree._Element,
    tag: str,
    path: str,
    name: str,
    read: TextReader[T],
    *,
    default: str | None = None,
) -> list[T]:
    """An attribute of an `xs:list` type."""
    value = node.get(tag)
    if value is None:
        return []
    return [read(token, path, name) for token in (value or default or "").split()]


def absent(node: etree._Element, defaulted: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The names of the defaulted attributes (`(tag, name)` pairs) the element leaves out."""
    return frozenset(name for tag, name in defaulted if node.get(tag) is None)


def other_attributes(node: etree._Element, shape: Shape) -> dict[str, str]:
    """The attributes an `xs:anyAttribute` takes: those not declared, `xsi:*` aside."""
    declared = shape.attributes
    return {
        key: value
        for key, value in attributes(node)
        if key not in declared and not key.startswith(XSI_PREFIX)
    }


def content(
    node: etree._Element, path: str, name: str, read: TextReader[T], *, default: str | None = None
) -> T:
    """The simple content of a model's element (`name`: the text field's, for errors of its value)."""
    return read(text(node, path, "text()") or default or "", path, name)


def content_list(
    node: etree._Element, path: str, name: str, read: TextReader[T], *, default: str | None = None
) -> list[T]:
    """Simple content of an `xs:list` type."""
    tokens = (text(node, path, "text()") or default or "").split()
    return [read(token, path, name) for token in tokens]


# Writing


def enum_xml(value: enum.Enum) -> str:
    """An enumeration member as element text."""
    return escape(cast(str, value._value_))  # `_value_`: see `_xml.enum_text`


def any_xml(value: object) -> str:
    """An `xs:anySimpleType` value as element text."""
    return escape(str(value))


def required(path: str, name: str) -> NoReturn:
    """A required field is None; `name` as written (`ns1:Status`, `@Id`)."""
    raise EncodeError(where(path, name.rpartition(":")[2]), "is required but is None")


def _none(out: list[str], name: str, path: str, required_: bool, nil: bool) -> None:
    if nil:
        out.append(f'<{name} xsi:nil="true"/>')
    elif required_:
        required(path, name)


def put_text(
    out: list[str],
    value: str | None,
    name: str,
    path: str,
    *,
    required: bool = False,
    nil: bool = False,
) -> None:
    """A string element (`nil`: a None is written `xsi:nil`; `required`: a None is an error)."""
    if value is None:
        _none(out, name, path, required, nil)
    else:
        out.append(f"<{name}>{escape(value)}</{name}>")


def put_value(
    out: list[str],
    value: T | None,
    name: str,
    path: str,
    write: TextWriter[T],
    *,
    required: bool = False,
    nil: bool = False,
) -> None:
    if value is None:
        _none(out, name, path, required, nil)
    else:
        out.append(f"<{name}>{write(value)}</{name}>")


def put_texts(
    out: list[str], values: Sequence[str | None], name: str, *, nil: bool = False
) -> None:
    """Repeated string elements (`nil`: the element is nillable, and a None item is written `xsi:nil`)."""
    for value in values:
        if value is None and nil:
            out.append(f'<{name} xsi:nil="true"/>')
        else:
            out.append(f"<{name}>{escape(cast(str, value))}</{name}>")


def put_values(
    out: list[str],
    values: Sequence[T | None],
    name: str,
    write: TextWriter[T],
    *,
    nil: bool = False,
) -> None:
    for value in values:
        if value is None and nil:
            out.append(f'<{name} xsi:nil="true"/>')
        else:
            out.append(f"<{name}>{write(cast(T, value))}</{name}>")


def put_tokens(
    out: list[str], values: Sequence[T], name: str, write: TextWriter[T], *, required: bool = False
) -> None:
    """An element of an `xs:list` type; an empty list is left out unless the element is required."""
    if values or required:
        out.append(f"<{name}>{' '.join(write(value) for value in values)}</{name}>")


def put_model(
    out: list[str],
    value: T | None,
    name: str,
    path: str,
    write: Writer[T],
    *,
    required: bool = False,
    nil: bool = False,
) -> None:
    if value is None:
        _none(out, name, path, required, nil)
    else:
        write(value, out, name, "", where(path, name.rpartition(":")[2]))


def put_models(
    out: list[str],
    values: Sequence[T | None],
    name: str,
    path: str,
    write: Writer[T],
    *,
    nil: bool = False,
) -> None:
    child_path = where(path, name.rpartition(":")[2])
    for value in values:
        if value is None and nil:
            out.append(f'<{name} xsi:nil="true"/>')
        else:
            write(cast(T, value), out, name, "", child_path)


def put_node(
    out: list[str],
    value: object,
    name: str,
    path: str,
    *,
    required: bool = False,
    nil: bool = False,
) -> None:
    """An `xs:anyType` element: the element kept on reading (or XML text), as it is."""
    if value is None:
        _none(out, name, path, required, nil)
    else:
        out.append(any_element(value, path))


def put_nodes(out: list[str], values: Sequence[object], path: str) -> None:
    for value in values:
        out.append(any_element(value, path))


def put_any(out: list[str], value: object, path: str) -> None:
    if value is not None:
        out.append(any_element(value, path))


def put_anys(out: list[str], values: Sequence[object], path: str, *, mixed: bool = False) -> None:
    for value in values:
        out.append(mixed_item(value, path) if mixed else any_element(value, path))


def put_content(
    out: list[str], value: T | None, path: str, write: TextWriter[T], *, required: bool = False
) -> None:
    """A model's simple content."""
    if value is None:
        if required:
            raise EncodeError(where(path, "text()"), "is required but is None")
    else:
        out.append(write(value))


def put_content_list(out: list[str], values: Sequence[T], write: TextWriter[T]) -> None:
    out.append(" ".join(write(value) for value in values))


def attribute_text(
    value: T | None,
    name: str,
    path: str,
    write: TextWriter[T] | None = None,
    *,
    required: bool = False,
    default: object = None,
    absent: frozenset[str] = frozenset(),
) -> str:
    """An attribute as written on a start tag (` name="value"`), or nothing for None. A value equal to
    its `default` is left out when the decoded element left it out (its name is in `absent`)."""
    if value is None:
        if required:
            raise EncodeError(where(path, "@" + name.rpartition(":")[2]), "is required but is None")
        return ""
    if default is not None and value == default and name.rpartition(":")[2] in absent:
        return ""
    return f' {name}="{escape_attribute(value if write is None else write(value))}"'  # type: ignore[arg-type]


def attribute_list_text(values: Sequence[T], name: str, write: TextWriter[T] | None = None) -> str:
    if not values:
        return ""
    text = " ".join(str(value) if write is None else write(value) for value in values)
    return f' {name}="{escape_attribute(text)}"'


def other_attributes_text(value: object, path: str, prefixes: Mapping[str, str]) -> str:
    """The attributes an `xs:anyAttribute` kept (see `_xml.any_attributes`), or nothing for None."""
    return "" if value is None else any_attributes(value, path, prefixes)

"""The properties of a generated OData codec's models: a model's reader reads each property from the
decoded object by one call (`string`, `value`, `model`, ... and their lists); its writer puts them into
the object it writes itself, calling here only for lists (`written_list`, `written_models`). A model's
`Properties` table knows its wire and Python names: it gives what the document held that the schema does
not declare and which properties were an explicit `null`, and puts those back when writing (`complete`).
The EDM forms these call (`date_time_offset`, `date_time_text`...) are `_json`'s.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Collection, Sequence
from types import SimpleNamespace
from typing import Any, Final, Generic, Literal, TypeVar, cast, overload

from . import _json
from ._json import (
    NO_NULLS,
    JsonCodec,
    Path,
    annotations_first,
    child,
    closed_enum,
    double,
    every_digit,
    flags,
    flags_text,
    integer,
    missing,
    not_object,
    other_properties,
    path_text,
    wrong,
)
from .errors import DecodeError

__all__ = ["Found", "Properties"]

T = TypeVar("T")
D = TypeVar("D")
E = TypeVar("E", bound=enum.Enum)
F = TypeVar("F", bound=enum.Flag)
ValueReader = Callable[[object, Path, str | int], T]
"""A value's reader: `(JSON value, path, property name) -> value`."""
Reader = Callable[[object, Path], T]
"""A model's reader: `(JSON value, path) -> model`."""
ValueWriter = Callable[[T], object]
"""A value's writer: `value -> JSON value`."""
Writer = Callable[[T, Path], dict[str, object]]
"""A model's writer: `(model, path) -> JSON object`."""


class Properties(Generic[T]):
    """A model's properties: `cls`, the model's class; `names` maps each wire name to its field's Python
    name; `required` are those that must be present, `not_null` those that may not be `null`; `derived`:
    the model has a base (an `@odata.type` naming it is dropped on reading, the writer gives it back where
    needed). The readers and writers check required properties in place; the table keeps them for the
    types derived from it. The class is the table's: in a compiled build, a constant of the module is read
    from a C variable, a class imported by name from the module's dictionary.
    """

    __slots__ = ("cls", "derived", "direct", "names", "nullable", "required")

    def __init__(
        self,
        cls: type[T],
        names: dict[str, str],
        *,
        required: tuple[str, ...] = (),
        not_null: tuple[str, ...] = (),
        derived: bool = False,
    ) -> None:
        self.cls = cls
        self.names = names
        self.required = required
        self.nullable = {python: key for key, python in names.items() if key not in not_null}
        self.derived = derived
        self.direct: bool | None = None
        """Whether `new` makes `cls` without its constructor; None until it first makes one."""

    def extended(
        self,
        cls: type[D],
        names: dict[str, str] | None = None,
        *,
        required: tuple[str, ...] = (),
        not_null: tuple[str, ...] = (),
    ) -> Properties[D]:
        """The properties of `cls`, a type derived from this one's: these, then `names`."""
        known_not_null = tuple(key for key in self.names if key not in self.nullable.values())
        return Properties(
            cls,
            {**self.names, **(names or {})},
            required=(*self.required, *required),
            not_null=(*known_not_null, *not_null),
            derived=True,
        )

    def new(self) -> Any:
        """What a reader sets the fields of a `cls` on: a `cls` made without its constructor where that
        would only store them (see `builds_directly`), else a namespace whose fields `built` passes to the
        constructor."""
        direct = self.direct
        if direct is None:
            direct = self.direct = builds_directly(self.cls, self.names.values())
        return _new(self.cls) if direct else _NAMESPACE()

    def built(
        self, made: Any, data: dict[str, Any], path: Path, found: Found, codec: JsonCodec
    ) -> T:
        """The `cls` whose properties a reader has set on `made` (see `new`), given what `data` holds that
        the schema does not declare (an `@odata.type` checked by `codec`) and its explicit nulls (readers
        have refused a `null` where it is not allowed). When what the readers `found` is all of `data`'s
        keys, it holds nothing undeclared, and its keys need no second look.
        """
        nulls = found.nulls
        if nulls is None:
            if found.count == len(data):
                made.additional_data = {}
                made.explicit_nulls = NO_NULLS
            else:
                self._undeclared_and_nulls(made, data, path, codec)
        elif (
            found.count + len(nulls) == len(data) and (fields := self._fields_of(nulls)) is not None
        ):
            made.additional_data = {}
            made.explicit_nulls = fields
        else:
            self._undeclared_and_nulls(made, data, path, codec)
        if type(made) is _NAMESPACE:
            return self.cls(**vars(made))
        return cast(T, made)

    def _fields_of(self, keys: list[str]) -> frozenset[str] | None:
        """The Python names of the properties `keys` names; None if one is not declared. (A loop: interpreted,
        a comprehension or a generator would cost a call of its own.)"""
        names = self.names
        fields: list[str] = []
        for key in keys:
            python = names.get(key)
            if python is None:
                return None
            fields.append(python)
        return frozenset(fields)

    def _undeclared_and_nulls(
        self, made: Any, data: dict[str, Any], path: Path, codec: JsonCodec
    ) -> None:
        """Sets `made.additional_data` (what `data` holds that the schema does not declare) and
        `made.explicit_nulls`."""
        names = self.names
        unknown = False
        nulls: list[str] | None = None
        for key, value in data.items():
            python = names.get(key)
            if python is None:
                unknown = True
            elif value is None:
                if nulls is None:
                    nulls = []
                nulls.append(python)
        if unknown:
            extra = _json.extra_properties(data, names, path)
            if "@odata.type" in extra:
                codec.check_type(extra, path, self.cls, self.derived)
            made.additional_data = extra
        else:
            made.additional_data = {}
        made.explicit_nulls = frozenset(nulls) if nulls else NO_NULLS

    def complete(self, obj: Any, out: dict[str, object], path: Path) -> dict[str, object]:
        """`out`, the declared properties a writer put, with what `obj` kept besides: its annotations
        first, its explicit nulls in their places and its other properties last."""
        extra: dict[str, object] = obj.additional_data
        explicit: frozenset[str] = obj.explicit_nulls
        nullable = self.nullable
        nulls = {nullable[name] for name in explicit if name in nullable}
        if not extra and not nulls:
            return out
        result: dict[str, object] = {}
        if extra:
            annotations_first(result, extra)
        if nulls:
            for key in self.names:
                if key in out:
                    result[key] = out[key]
                elif key in nulls:
                    result[key] = None
        else:
            result.update(out)
        if extra:
            other_properties(result, extra)
        return result


# Reading


class Found:
    """What a model's field readers found in its JSON object: `count`, the properties that were there and
    not null, and `nulls`, the wire names of those that were an explicit `null` (None for none)."""

    # Defaults, not an `__init__`: interpreted, each object would cost a call of it.
    count: int = 0
    nulls: list[str] | None = None

    def null(self, key: str) -> None:
        if self.nulls is None:
            self.nulls = [key]
        else:
            self.nulls.append(key)


READ_FIELDS: Final = ("additional_data", "explicit_nulls")
"""The fields a reader sets besides the model's properties."""
_new: Final = object.__new__
_NAMESPACE: Final = SimpleNamespace
"""`SimpleNamespace` as a constant: a compiled build reads an imported name from the module's dictionary
each time, a constant from a C variable (this one is read for every object)."""


def builds_directly(cls: type, properties: Collection[str]) -> bool:
    """Whether a reader may make `cls` without calling it and set its fields one by one: `cls` is a
    dataclass as sodagen generates it (`properties` and `READ_FIELDS`), whose constructor would only
    store them. A class a customised template changed (another field, a `__post_init__`, its own
    `__init__` or `__new__`, frozen, not a dataclass) is made by calling it."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or params.frozen or hasattr(cls, "__post_init__"):
        return False
    if any("__new__" in vars(base) for base in cls.__mro__[:-1]):
        return False
    fields = {*properties, *READ_FIELDS}
    if {field.name for field in dataclasses.fields(cls)} != fields:
        return False
    code = getattr(vars(cls).get("__init__"), "__code__", None)
    # The constructor dataclasses writes is compiled from a string; a hand-written one is not.
    if code is None or code.co_filename != "<string>":
        return False
    return set(code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]) == fields


def object_of(data: object, path: Path, type_name: str) -> dict[str, Any]:
    if type(data) is not dict:
        not_object(data, path, type_name)
    return data


def _none(
    data: dict[str, Any], key: str, path: Path, found: Found, required: bool, nullable: bool
) -> None:
    """A property that is absent or `null`: None if that is allowed (an explicit null is noted in
    `found`), else the error."""
    if key in data:
        if not nullable:
            raise DecodeError(
                path_text(child(path, key)), "null is not allowed (the property is not nullable)"
            )
        found.null(key)
    elif required:
        missing(path, key)


@overload
def string(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> str: ...
@overload
def string(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> str | None: ...
def string(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> str | None:
    raw = data.get(key)
    if type(raw) is str:
        found.count += 1
        return raw
    if raw is None:
        _none(data, key, path, found, required, nullable)
        return None
    wrong(raw, path, key, "a string")


@overload
def boolean(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> bool: ...
@overload
def boolean(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> bool | None: ...
def boolean(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> bool | None:
    raw = data.get(key)
    if type(raw) is bool:
        found.count += 1
        return raw
    if raw is None:
        _none(data, key, path, found, required, nullable)
        return None
    wrong(raw, path, key, "a boolean")


@overload
def open_enum(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    table: dict[str, E],
    expected: str,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> E | str: ...
@overload
def open_enum(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    table: dict[str, E],
    expected: str,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> E | str | None: ...
def open_enum(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    table: dict[str, E],
    expected: str,
    *,
    required: bool = False,
    nullable: bool = True,
) -> E | str | None:
    """A value of an open enumeration: its member, or the string itself when the schema lists no such
    member (`expected`: what a value of another JSON type is said not to be)."""
    raw = data.get(key)
    if type(raw) is str:
        found.count += 1
        return table.get(raw, raw)
    if raw is None:
        _none(data, key, path, found, required, nullable)
        return None
    wrong(raw, path, key, expected)


@overload
def value(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: ValueReader[T],
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> T: ...
@overload
def value(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: ValueReader[T],
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> T | None: ...
def value(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: ValueReader[T],
    *,
    required: bool = False,
    nullable: bool = True,
) -> T | None:
    """A value `read` converts (an EDM primitive, a closed enumeration)."""
    raw = data.get(key)
    if raw is None:
        _none(data, key, path, found, required, nullable)
        return None
    found.count += 1
    return read(raw, path, key)


def present(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> object:
    """The value of a property a reader reads in place (a model's): None if it is absent or `null`
    where that is allowed, else the error."""
    raw = data.get(key)
    if raw is None:
        _none(data, key, path, found, required, nullable)
        return None
    found.count += 1
    return raw


@overload
def untyped(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> object: ...
@overload
def untyped(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> object | None: ...
def untyped(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> object | None:
    """A value kept as parsed (`Edm.Untyped`, spatial types, streams): what `present` gives, its numbers
    exact (`_json.every_digit`)."""
    raw = present(data, key, path, found, required=required, nullable=nullable)
    every_digit(raw, path)
    return raw


def _items(
    data: dict[str, Any], key: str, path: Path, found: Found, required: bool, nullable: bool
) -> list[Any] | None:
    raw = data.get(key)
    if type(raw) is list:
        found.count += 1
        return raw
    if raw is None:
        _none(data, key, path, found, required, nullable)
        return None
    wrong(raw, path, key, "an array")


def _item_of(key: str, index: int) -> str:
    return f"{key}[{index}]"


@overload
def strings(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[str]: ...
@overload
def strings(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[str] | None: ...
def strings(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[str] | None:
    items = _items(data, key, path, found, required, nullable)
    if items is None:
        return None
    for index, raw in enumerate(items):
        if type(raw) is not str:
            wrong(raw, path, _item_of(key, index), "a string")
    return items


@overload
def booleans(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[bool]: ...
@overload
def booleans(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[bool] | None: ...
def booleans(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[bool] | None:
    items = _items(data, key, path, found, required, nullable)
    if items is None:
        return None
    for index, raw in enumerate(items):
        if type(raw) is not bool:
            wrong(raw, path, _item_of(key, index), "a boolean")
    return items


@overload
def open_enums(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    table: dict[str, E],
    expected: str,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[E | str]: ...
@overload
def open_enums(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    table: dict[str, E],
    expected: str,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[E | str] | None: ...
def open_enums(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    table: dict[str, E],
    expected: str,
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[E | str] | None:
    items = _items(data, key, path, found, required, nullable)
    if items is None:
        return None
    members: list[E | str] = []
    for index, raw in enumerate(items):
        if type(raw) is not str:
            wrong(raw, path, _item_of(key, index), expected)
        members.append(table.get(raw, raw))
    return members


@overload
def values(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: ValueReader[T],
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[T]: ...
@overload
def values(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: ValueReader[T],
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[T] | None: ...
def values(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: ValueReader[T],
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[T] | None:
    items = _items(data, key, path, found, required, nullable)
    if items is None:
        return None
    items_path = (path, key)
    return [read(raw, items_path, index) for index, raw in enumerate(items)]


@overload
def models(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: Reader[T],
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[T]: ...
@overload
def models(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: Reader[T],
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[T] | None: ...
def models(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: Reader[T],
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[T] | None:
    items = _items(data, key, path, found, required, nullable)
    if items is None:
        return None
    items_path = (path, key)
    return [read(raw, (items_path, index)) for index, raw in enumerate(items)]


@overload
def untyped_list(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[Any]: ...
@overload
def untyped_list(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[Any] | None: ...
def untyped_list(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[Any] | None:
    items = _items(data, key, path, found, required, nullable)
    every_digit(items, path)
    return items


# The items of a collection that may hold nulls (CSDL: a collection's `Nullable` is about its items, true
# when absent), read by `values` with these readers, and `models_or_null`.


def string_or_null(raw: object, path: Path, name: str | int) -> str | None:
    if raw is None or type(raw) is str:
        return raw
    wrong(raw, path, name, "a string or null")


def boolean_or_null(raw: object, path: Path, name: str | int) -> bool | None:
    if raw is None or type(raw) is bool:
        return raw
    wrong(raw, path, name, "a boolean or null")


def open_enum_or_null_reader(table: dict[str, E], expected: str) -> ValueReader[E | str | None]:
    def read(raw: object, path: Path, name: str | int) -> E | str | None:
        if raw is None:
            return None
        if type(raw) is not str:
            wrong(raw, path, name, f"{expected} or null")
        return table.get(raw, raw)

    return read


def or_null(read: ValueReader[T]) -> ValueReader[T | None]:
    def read_or_null(raw: object, path: Path, name: str | int) -> T | None:
        return None if raw is None else read(raw, path, name)

    return read_or_null


@overload
def models_or_null(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: Reader[T],
    *,
    required: Literal[True],
    nullable: Literal[False],
) -> list[T | None]: ...
@overload
def models_or_null(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: Reader[T],
    *,
    required: bool = ...,
    nullable: bool = ...,
) -> list[T | None] | None: ...
def models_or_null(
    data: dict[str, Any],
    key: str,
    path: Path,
    found: Found,
    read: Reader[T],
    *,
    required: bool = False,
    nullable: bool = True,
) -> list[T | None] | None:
    items = _items(data, key, path, found, required, nullable)
    if items is None:
        return None
    items_path = (path, key)
    return [
        None if raw is None else read(raw, (items_path, index)) for index, raw in enumerate(items)
    ]


def integer_reader(wire: str, low: int, high: int) -> ValueReader[int]:
    """The reader of an EDM integer type's values, within its bounds."""

    def read(raw: object, path: Path, name: str | int) -> int:
        return integer(raw, path, name, wire, low, high)

    return read


def double_reader(wire: str) -> ValueReader[float]:
    """The reader of `Edm.Single`, which says which type it reads in its errors."""

    def read(raw: object, path: Path, name: str | int) -> float:
        return double(raw, path, name, wire)

    return read


def closed_enum_reader(table: dict[str, E], type_name: str) -> ValueReader[E]:
    def read(raw: object, path: Path, name: str | int) -> E:
        return closed_enum(raw, path, name, table, type_name)

    return read


def flags_reader(table: dict[str, F], type_name: str) -> ValueReader[F | str]:
    def read(raw: object, path: Path, name: str | int) -> F | str:
        return flags(raw, path, name, table, type_name)

    return read


def flags_writer(table: dict[str, F]) -> ValueWriter[F | str]:
    def write(value: F | str) -> str:
        return flags_text(table, value)

    return write


# Writing


def written_list(items: Sequence[T], write: ValueWriter[T]) -> list[object]:
    return [write(item) for item in items]


def written_models(items: Sequence[T], path: Path, key: str, write: Writer[T]) -> list[object]:
    items_path = (path, key)
    return [write(item, (items_path, index)) for index, item in enumerate(items)]


def written_or_null(items: Sequence[T | None], write: ValueWriter[T]) -> list[object]:
    return [None if item is None else write(item) for item in items]


def written_models_or_null(
    items: Sequence[T | None], path: Path, key: str, write: Writer[T]
) -> list[object]:
    items_path = (path, key)
    return [
        None if item is None else write(item, (items_path, index))
        for index, item in enumerate(items)
    ]

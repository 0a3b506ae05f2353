"""The JSON runtime of a generated OData codec: parsing and writing with orjson, JSON paths, the JSON forms
of the EDM primitive types, and `JsonCodec`, which turns the tables of a package's `codec` module (its
per-model readers and writers) into `encode`, `to_dict` and `decode`.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import enum
import json
import re
import uuid
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, NoReturn, TypeAlias, TypeVar, cast

import orjson

from ._datetime import ExactDateTime, ExactTime, YearsOrMonths, parse_duration
from ._datetime import duration_text as duration_text  # the codec's writer of durations
from ._exact import JsonNumber, TextRoot
from .errors import DecodeError, EncodeError, _shortened

__all__ = ["NO_NULLS", "ExactDateTime", "JsonCodec", "JsonNumber", "Path"]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
F = TypeVar("F", bound=enum.Flag)

NO_NULLS: Final[frozenset[str]] = frozenset()


# Documents


MAX_DEPTH: Final = 200
"""How deep a document read may nest: orjson writes at most 254 levels, and what is read must be written
back, maybe inside a response that wraps it (orjson reads 1,024)."""


def loads(data: bytes | str | bytearray | memoryview) -> object:
    document = _parsed(data)
    # A document of fewer than MAX_DEPTH arrays and objects cannot nest deeper: most are not walked.
    if len(data) > 2 * MAX_DEPTH and _brackets(data) > MAX_DEPTH:
        _within_depth(document)
    return document


def _brackets(data: bytes | str | bytearray | memoryview) -> int:
    """How many `[` and `{` the text holds (in strings too): at least as many as its arrays and objects."""
    if isinstance(data, str):
        return data.count("[") + data.count("{")
    raw = bytes(data) if isinstance(data, memoryview) else data
    return raw.count(b"[") + raw.count(b"{")


def _within_depth(document: object) -> None:
    if type(document) is not dict and type(document) is not list:
        return
    level: list[object] = [document]
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise DecodeError("$", f"the document nests deeper than {MAX_DEPTH} levels")
        inner: list[object] = []
        for item in level:
            for value in item.values() if type(item) is dict else cast(list[object], item):
                if type(value) is dict or type(value) is list:
                    inner.append(value)
        level = inner


def _parsed(data: bytes | str | bytearray | memoryview) -> object:
    try:
        return orjson.loads(data)
    # JSONDecodeError is also what orjson raises for input that is no text at all.
    except orjson.JSONDecodeError as exc:
        unmarked = _without_bom(data)
        if unmarked is None:
            return _beyond_doubles(data, exc, "malformed JSON: ")
    try:
        return orjson.loads(unmarked)
    except orjson.JSONDecodeError as exc:
        return _beyond_doubles(unmarked, exc, "malformed JSON after its byte order mark: ")


def _beyond_doubles(
    data: bytes | str | bytearray | memoryview, exc: Exception, what: str
) -> object:
    """The document orjson refused because a number in it is beyond the double's range (`1e400`: valid
    JSON), read by `exact_loads`; else the error orjson's refusal makes."""
    if "number" in str(exc):
        document = exact_loads(data)
        if document is not None:
            try:
                # The stdlib parser takes a lone surrogate, which orjson refuses to read as to write.
                orjson.dumps(document, default=_default)
            except orjson.JSONEncodeError:
                pass
            else:
                return document
    raise DecodeError("$", f"{what}{_not_utf8(data) or exc}") from None


# Numbers that need every digit


class Inexact(Exception):
    """A reader met a number orjson read as a double where every digit of it is kept (an Edm.Decimal, a
    value kept as parsed): orjson rounds a number of more digits than a double holds, and reads an integer
    past 64 bits as a double. `JsonCodec.decode` then reads the document again: its text with
    `exact_loads` where `may_be_rounded` finds a number orjson may have rounded, else as it was parsed.
    """


TEXT_ROOT: Final = TextRoot("$")
"""The root of the paths `JsonCodec.decode` reads a document's text with, the first time."""


def every_digit(raw: object, path: Path) -> None:
    """Raises `Inexact` when `raw`, a value every digit of which is kept, holds a double orjson may have
    rounded, in a document read from text (its path starts at `TEXT_ROOT`): `JsonCodec.decode` then reads
    the text again exactly. A document handed over parsed, or read again, has its numbers as they are.
    """
    if _holds_double(raw):
        while type(path) is tuple:
            path = path[0]
        if type(path) is TextRoot:
            raise Inexact


def _holds_double(value: object) -> bool:
    """Whether `value` is or holds a float (a loop, not recursion: it may be nested 1,024 deep)."""
    if type(value) is float:
        return True
    if type(value) is not dict and type(value) is not list:
        return False
    pending: list[Any] = [value]
    while pending:
        container = pending.pop()
        for item in container.values() if type(container) is dict else container:
            kind_of = type(item)
            if kind_of is float:
                return True
            if kind_of is dict or kind_of is list:
                pending.append(item)
    return False


_DIGITS_AS_ZERO: Final = bytes.maketrans(b"123456789.", b"0000000000")
_SIXTEEN_DIGITS: Final = b"0" * 16
_EXPONENT_PAST_99: Final = re.compile(rb"[eE][-+]?0*[1-9][0-9]{2}")


def may_be_rounded(data: bytes | str | bytearray | memoryview) -> bool:
    """Whether a number of the JSON text `data` may be one orjson rounds: 16 digits or more (a double holds
    every number of 15), or an exponent of 100 or more (a double's range ends near 1e308 and 1e-308, and
    orjson makes 1e-400 zero). Searched in the whole text, strings too: a false alarm costs a slower
    reading, never a digit."""
    raw = data.encode() if isinstance(data, str) else bytes(data)
    return _SIXTEEN_DIGITS in raw.translate(_DIGITS_AS_ZERO) or bool(_EXPONENT_PAST_99.search(raw))


def exact_loads(data: bytes | str | bytearray | memoryview) -> object | None:
    """The document with every number exact: a double where that is the number itself, else a
    `JsonNumber`; None if it cannot be read so (what `loads` refuses, nesting deeper than Python's
    recursion limit allows). Only for documents `loads` reads, or refuses for a number alone: the stdlib
    parser used here is slower, and accepts what orjson does not (lone surrogates: `_beyond_doubles`
    checks for them, as text orjson has read holds none).
    """
    unmarked = _without_bom(data)
    raw = data if unmarked is None else unmarked
    try:
        text = raw if isinstance(raw, str) else bytes(raw).decode("utf-8")
        document: object = json.loads(
            text, parse_float=_exact_number, parse_int=_exact_integer, parse_constant=_no_constant
        )
    except (ValueError, RecursionError):
        return None
    return document


def _exact_number(text: str) -> object:
    number = float(text)
    if repr(number) == text or (
        number not in (_INFINITY, -_INFINITY)
        and decimal.Decimal(repr(number)) == decimal.Decimal(text)
    ):
        return number
    return JsonNumber.read(text)


def _exact_integer(text: str) -> object:
    # What orjson reads and writes as an integer; longer ones are Decimals, which (unlike int, past 4,300
    # digits) take any number of digits.
    if len(text) <= 20:
        number = int(text)
        if -(2**63) <= number < 2**64:
            return number
    return JsonNumber.read(text)


def _no_constant(text: str) -> object:
    raise ValueError(f"{text} is not JSON")


_INFINITY: Final = float("inf")


def _not_utf8(data: object) -> str | None:
    """What is wrong with bytes that are not UTF-8 at all (orjson says "str is not valid UTF-8: surrogates
    not allowed" whatever the bytes are); None for text or UTF-8 bytes."""
    if not isinstance(data, bytes | bytearray | memoryview):
        return None
    try:
        bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the document is not UTF-8 ({exc.reason} at byte {exc.start}); JSON is UTF-8 (RFC 8259)"
    return None


def _without_bom(data: bytes | str | bytearray | memoryview) -> bytes | str | None:
    """The document after a byte order mark, which orjson refuses and RFC 8259 lets a parser ignore (some
    .NET writers add one); None without one."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else None
    if isinstance(data, bytes | bytearray | memoryview) and bytes(data[:3]) == b"\xef\xbb\xbf":
        return bytes(data[3:])
    return None  # no mark, or no text at all (orjson's error says what it got)


def _default(value: object) -> object:
    if type(value) is JsonNumber:
        return orjson.Fragment(value.lexical)
    if isinstance(value, decimal.Decimal):
        return decimal_json(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def decimal_json(value: decimal.Decimal) -> object:
    """A number when a double holds it exactly (what readers of JSON numbers get), else a string, as
    OData's IEEE754Compatible format writes it: no digit is lost either way."""
    if not value.is_finite():
        raise EncodeError("", f"{value} is not an Edm.Decimal")
    number = float(value)
    if number in (float("inf"), float("-inf")) or decimal.Decimal(repr(number)) != value:
        return str(value)
    return orjson.Fragment(repr(number) if value != value.to_integral_value() else str(int(value)))


def dumps(value: object) -> bytes:
    try:
        return orjson.dumps(value, default=_default)
    except orjson.JSONEncodeError as exc:
        if isinstance(exc.__cause__, EncodeError):  # raised by `_default`: say what it said
            raise exc.__cause__ from None
        raise EncodeError("$", f"cannot write as JSON: {exc}") from None


# Paths and errors


Path: TypeAlias = str | tuple[Any, str | int]
"""Where in a document: the root (`$`), or a pair of a path and a property's name or an array's index (the
pair's `Any` is a `Path`: mypyc cannot compile a recursive alias). Readers and writers pass such pairs
down as they go; a path becomes text (`path_text`) only for an error: the text of every path would cost
more than reading the values."""


def child(path: Path, name: str | int) -> Path:
    return (path, name)


def path_text(path: Path) -> str:
    """`$.statusMessage.message`, `$.value[3].id`."""
    steps: list[str] = []
    while isinstance(path, tuple):
        path, name = path
        steps.append(f"[{name}]" if isinstance(name, int) else f".{name}")
    return path + "".join(reversed(steps))


def kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | JsonNumber):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown(value: object) -> str:
    try:
        return _shortened(repr(value))
    except ValueError:
        # An int past the 4,300 digits Python writes as text (in a dict handed to `decode`).
        digits = int(abs(cast(int, value)).bit_length() * 0.30103) + 1
        return f"<an integer of about {digits} digits>"


def wrong(raw: object, path: Path, name: str | int, what: str) -> NoReturn:
    if type(raw) is JsonNumber:
        shown = f" {_shortened(raw.lexical)}"
    elif isinstance(raw, str | int | float) and not isinstance(raw, bool):
        shown = f" {_shown(raw)}"
    else:
        shown = ""
    raise DecodeError(path_text(child(path, name)), f"expected {what}, got {kind(raw)}{shown}")


def not_object(raw: object, path: Path, type_name: str) -> NoReturn:
    raise DecodeError(path_text(path), f"expected an object ({type_name}), got {kind(raw)}")


def missing(path: Path, name: str) -> NoReturn:
    raise DecodeError(path_text(path), f"required property '{name}' is missing")


def required(path: Path, name: str) -> NoReturn:
    raise EncodeError(path_text(child(path, name)), "is required but is None")


def extra_properties(
    data: Mapping[str, object], known: Collection[str], path: Path
) -> dict[str, object]:
    """What `data` holds that the schema does not declare, kept as read (see `every_digit`)."""
    extra = {key: value for key, value in data.items() if key not in known}
    every_digit(extra, path)
    return extra


def annotations_first(out: dict[str, object], extra: Mapping[str, object]) -> None:
    """Instance annotations (`@odata.context`, `@odata.type`, ...) go before the properties."""
    for key, value in extra.items():
        if key.startswith("@"):
            out[key] = value


def other_properties(out: dict[str, object], extra: Mapping[str, object]) -> None:
    for key, value in extra.items():
        if not key.startswith("@"):
            out[key] = value


# EDM primitives

_INT64_TEXT = re.compile(r"-?[0-9]{1,19}")
_EXACT_DOUBLE_INTEGER: Final = 2**53
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPECIAL_DOUBLES: Final = {"INF": float("inf"), "-INF": float("-inf"), "NaN": float("nan")}
_DATE = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}")
_TIME_OF_DAY = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,12}))?)?")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")


def integer(raw: object, path: Path, name: str | int, wire: str, low: int, high: int) -> int:
    """An integer; Edm.Int64 may also come as a string (IEEE754Compatible=true)."""
    if type(raw) is int:
        value = raw
    elif (wire == "Edm.Int64" and type(raw) is str and _INT64_TEXT.fullmatch(raw)) or (
        # orjson reads integers past 64 bits as doubles: only those a double holds exactly are integers.
        type(raw) is float
        and raw.is_integer()
        and abs(raw) <= _EXACT_DOUBLE_INTEGER
    ):
        value = int(raw)
    elif type(raw) is JsonNumber and raw == raw.to_integral_value():
        if not low <= raw <= high:  # compared as a Decimal: it may have thousands of digits
            raise DecodeError(
                path_text(child(path, name)),
                f"{_shortened(raw.lexical)} is out of range for {wire}",
            )
        value = int(raw)
    else:
        if type(raw) is float:
            # An integer past 64 bits? Read exactly, it is out of range rather than a double.
            every_digit(raw, path)
        wrong(raw, path, name, f"an {wire}")
    if not low <= value <= high:
        raise DecodeError(
            path_text(child(path, name)), f"{_shown(value)} is out of range for {wire}"
        )
    return value


def double(raw: object, path: Path, name: str | int, wire: str = "Edm.Double") -> float:
    """A number, or `INF`, `-INF`, `NaN` as strings (JSON has no such numbers)."""
    if type(raw) is float:
        return raw
    if type(raw) is int:
        try:
            return float(raw)
        except OverflowError:
            pass
    if type(raw) is str:
        special = _SPECIAL_DOUBLES.get(raw)
        if special is not None:
            return special
    if type(raw) is JsonNumber:
        # More digits than a double holds round to the nearest double, as any JSON reader does; a number
        # past its range is no double (orjson refuses it, where others would make it infinite).
        number = float(raw)
        if number not in (_INFINITY, -_INFINITY):
            return number
        raise DecodeError(
            path_text(child(path, name)), f"{_shortened(raw.lexical)} is out of range for {wire}"
        )
    wrong(raw, path, name, f"an {wire} (a number, 'INF', '-INF' or 'NaN')")


def double_json(value: float) -> float | str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return value


def decimal_value(raw: object, path: Path, name: str | int) -> decimal.Decimal:
    """A number, every digit of it (a double through its shortest repr, so `0.1` stays 0.1; a number a
    double does not hold is read again exactly, see `every_digit`) or a string (IEEE754Compatible).
    """
    if type(raw) is int:
        return decimal.Decimal(raw)
    if type(raw) is float:
        every_digit(raw, path)
        return decimal.Decimal(repr(raw))
    if type(raw) is JsonNumber:
        return raw  # written back as the number it was read from
    if type(raw) is decimal.Decimal and raw.is_finite():
        return raw
    if type(raw) is str and _DECIMAL_TEXT.fullmatch(raw):
        return decimal.Decimal(raw)
    wrong(raw, path, name, "an Edm.Decimal")


def date_time_offset(raw: object, path: Path, name: str | int) -> datetime.datetime:
    if type(raw) is not str:
        wrong(raw, path, name, "an Edm.DateTimeOffset string")
    try:
        plain = _FROM_ISO_FORMAT(raw)
    except ValueError:
        plain = None
    # fromisoformat also takes forms OData does not (no offset, basic format, a space for the T).
    if plain is None or plain.tzinfo is None or raw[10:11] != "T" or raw[4:5] != "-":
        wrong(raw, path, name, "an Edm.DateTimeOffset (ISO 8601 with an offset)")
    # fromisoformat keeps 6 of the fractional digits; the text keeps them all.
    return exact_date_time(plain, raw)


_FROM_ISO_FORMAT: Final = datetime.datetime.fromisoformat
_REDUCE: Final = datetime.datetime.__reduce__
_EXACT_FROM_STATE: Final[Callable[..., ExactDateTime]] = ExactDateTime
"""`ExactDateTime` as pickle calls it, with a datetime's pickled state (typeshed knows only its fields)."""


def exact_date_time(plain: datetime.datetime, text: str) -> ExactDateTime:
    """The `ExactDateTime` of `plain` read from `text`. Made from `plain`'s pickled state: the constructor
    takes that without parsing arguments, which costs less than `ExactDateTime.fromisoformat` making its
    value by calling the constructor with each field. `ExactDateTime.read` does the same, interpreted; this
    one is compiled with the codec (`fromisoformat` sets no fold, so `__reduce__`'s state is all of it).
    """
    state = cast(tuple[Any, ...], _REDUCE(plain))[1]
    value = _EXACT_FROM_STATE(*state)
    value._lexical = text
    return value


def date_time_text(value: datetime.datetime) -> str:
    if type(value) is ExactDateTime:
        # The slot itself: the `lexical` property would run interpreted code in a compiled build.
        lexical: str | None = getattr(value, "_lexical", None)
        if lexical is not None:
            return lexical
    offset = value.utcoffset()
    if offset is None:
        raise EncodeError("", f"{value!r} has no time zone: Edm.DateTimeOffset needs one")
    if offset.seconds % 60 or offset.microseconds:
        raise EncodeError("", f"{value!r}: Edm.DateTimeOffset offsets are whole minutes")
    text = value.isoformat()
    if value.microsecond:
        # .NET and Graph write 7 fractional digits.
        head, _, rest = text.partition(".")
        text = f"{head}.{rest[:6]}0{rest[6:]}"
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date(raw: object, path: Path, name: str | int) -> datetime.date:
    if type(raw) is not str or not _DATE.fullmatch(raw):
        wrong(raw, path, name, "an Edm.Date (YYYY-MM-DD)")
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise DecodeError(
            path_text(child(path, name)), f"{raw!r} is not a valid date ({exc})"
        ) from None


def time_of_day(raw: object, path: Path, name: str | int) -> datetime.time:
    if type(raw) is not str:
        wrong(raw, path, name, "an Edm.TimeOfDay string")
    match = _TIME_OF_DAY.fullmatch(raw)
    if match is None:
        wrong(raw, path, name, "an Edm.TimeOfDay (hh:mm:ss.fffffff)")
    hour, minute, second, fraction = match.groups()
    try:
        value = datetime.time(
            int(hour), int(minute), int(second or 0), int((fraction or "0")[:6].ljust(6, "0"))
        )
    except ValueError as exc:
        raise DecodeError(
            path_text(child(path, name)), f"{raw!r} is not a valid time ({exc})"
        ) from None
    # A time keeps 6 fractional digits; the text keeps all of them (Graph writes 7) and its form.
    return ExactTime.read(raw, value)


def date_text(value: datetime.date) -> str:
    return value.isoformat()


def guid_text(value: uuid.UUID) -> str:
    return str(value)


def time_text(value: datetime.time) -> str:
    if type(value) is ExactTime:
        lexical: str | None = getattr(value, "_lexical", None)  # as in `date_time_text`
        if lexical is not None:
            return lexical
    return value.isoformat()


def duration(raw: object, path: Path, name: str | int) -> datetime.timedelta:
    if type(raw) is not str:
        wrong(raw, path, name, "an Edm.Duration string")
    try:
        return parse_duration(raw)
    except YearsOrMonths:
        message = f"{raw!r} has years or months, which Edm.Duration does not allow"
        raise DecodeError(path_text(child(path, name)), message) from None
    except ValueError:
        wrong(raw, path, name, "an Edm.Duration (ISO 8601, e.g. 'PT5M')")


def guid(raw: object, path: Path, name: str | int) -> uuid.UUID:
    if type(raw) is str and len(raw) == 36:
        try:
            return uuid.UUID(raw)
        except ValueError:
            pass
    wrong(raw, path, name, "an Edm.Guid")


def binary(raw: object, path: Path, name: str | int) -> bytes:
    """base64url (OData) or standard base64, padded or not."""
    if type(raw) is str and _BASE64.fullmatch(raw):
        text = raw.replace("-", "+").replace("_", "/").rstrip("=")
        try:
            return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except binascii.Error:
            pass
    wrong(raw, path, name, "an Edm.Binary (base64url)")


def binary_text(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).decode("ascii")


def enum_table(cls: type[E]) -> dict[str, E]:
    """An enumeration's members by value, as readers look them up."""
    return {cast(str, member.value): member for member in cls}


def closed_enum(raw: object, path: Path, name: str | int, table: dict[str, E], type_name: str) -> E:
    value = table.get(raw) if type(raw) is str else None
    if value is None:
        wrong(raw, path, name, f"a {type_name} value (one of: {', '.join(table)})")
    return value


def enum_text(value: enum.Enum | str) -> str:
    # `_value_`, the member's own attribute: `value` is a property, several times slower to read.
    return value if type(value) is str else cast(str, cast(enum.Enum, value)._value_)


def flags(raw: object, path: Path, name: str | int, table: dict[str, F], type_name: str) -> F | str:
    """Comma-separated member names; a name the schema does not list keeps the whole value as a string."""
    if type(raw) is not str:
        wrong(raw, path, name, f"a {type_name} string")
    result: F | None = None
    for part in raw.split(","):
        member = table.get(part.strip())
        if member is None:
            return raw
        result = member if result is None else result | member
    return raw if result is None else result


def flags_text(table: dict[str, F], value: F | str) -> str:
    if isinstance(value, str):
        return value
    return ",".join(name for name, member in table.items() if member and member in value) or next(
        (name for name, member in table.items() if member == value), ""
    )


# The codec

Reader = Callable[[object, Path], Any]
"""A model's reader: `(JSON value, path) -> model`."""
Writer = Callable[[Any, Path], dict[str, object]]
"""A model's writer: `(model, path) -> JSON object`."""


class JsonCodec:
    """`encode`, `to_dict` and `decode` over the tables of a package's codec module.

    `readers` and `writers` hold each model's functions (a model with derived types reads through its
    `@odata.type`-dispatching reader); `type_names` the `@odata.type` of each schema type; `needs_type` the
    models a reader of one of their bases could not tell apart without `@odata.type`.
    """

    def __init__(
        self,
        *,
        readers: Mapping[type, Reader],
        writers: Mapping[type, Writer],
        type_names: Mapping[type, str],
        needs_type: frozenset[type],
    ) -> None:
        self.readers = readers
        self.writers = writers
        self.type_names = type_names
        self.types = {name: cls for cls, name in type_names.items()}
        self.needs_type = needs_type

    def _named(self, name: object, path: Path) -> type | None:
        if type(name) is not str:
            wrong(name, path, "@odata.type", "a type name")
        return self.types.get(name if name.startswith("#") else "#" + name)

    def derived(self, data: object, path: Path, declared: type) -> type | None:
        """The derived class `@odata.type` names, None for the declared class or a type this package lacks."""
        if type(data) is not dict:
            return None
        name = data.get("@odata.type")
        if name is None:
            return None
        actual = self._named(name, path)
        if actual is None or actual is declared:
            return None
        if not issubclass(actual, declared):
            raise DecodeError(
                path_text(path),
                f"@odata.type {name!r} is not {declared.__name__} or derived from it",
            )
        return actual

    def read_derived(self, data: object, path: Path, declared: type[T], reader: Reader) -> T:
        """A value of `declared` or, as `@odata.type` says, of a class derived from it."""
        actual = self.derived(data, path, declared)
        return cast(T, (reader if actual is None else self.readers[actual])(data, path))

    def check_type(self, extra: dict[str, object], path: Path, cls: type, derived: bool) -> None:
        """An `@odata.type` naming another type of this package is an error. Naming the class itself, it is
        dropped for a derived class (the writer adds it back where it is needed) and kept otherwise.
        """
        name = extra["@odata.type"]
        actual = self._named(name, path)
        if actual is None:
            return
        if actual is not cls:
            raise DecodeError(
                path_text(path), f"@odata.type {name!r} is not {cls.__name__} or derived from it"
            )
        if derived:
            del extra["@odata.type"]

    def write_typed(self, obj: object, path: Path) -> dict[str, object]:
        """`obj` written with the `@odata.type` that names its class."""
        writer = self.writers.get(type(obj))
        if writer is None:
            raise EncodeError(
                path_text(path), f"{type(obj).__name__} is not a model of this package"
            )
        out = writer(obj, path)
        if "@odata.type" not in out:
            out = {"@odata.type": self.type_names[type(obj)], **out}
        return out

    def to_dict(self, obj: object) -> dict[str, object]:
        """`obj` as the JSON object it is written as (Decimal values stay Decimal)."""
        writer = self.writers.get(type(obj))
        if writer is None:
            raise EncodeError("$", f"{type(obj).__name__} is not a model of this package")
        if type(obj) in self.needs_type:
            return self.write_typed(obj, "$")
        return writer(obj, "$")

    def encode(self, obj: object) -> bytes:
        """`obj` as UTF-8 JSON."""
        return dumps(self.to_dict(obj))

    def decode(self, data: bytes | str | dict[str, Any], cls: type[T]) -> T:
        """A `cls` read from JSON text or a parsed dict; `@odata.type` may pick a class derived from `cls`."""
        if isinstance(data, type):
            raise TypeError("decode takes the document first, then the class: decode(data, cls)")
        reader = self.readers.get(cls)
        if reader is None:
            raise TypeError(f"{cls!r} is not a model of this package")
        if isinstance(data, dict):
            return self.read_derived(data, "$", cls, reader)
        document = loads(data)
        try:
            return self.read_derived(document, TEXT_ROOT, cls, reader)
        except Inexact:
            pass
        # A number every digit of which is kept came as a double. Where orjson may have rounded one, the
        # text is read again exactly; else (or where the exact reader cannot take it) the document is
        # read again with its numbers as they are. (Readers do not change the document they read.)
        exact = exact_loads(data) if may_be_rounded(data) else None
        return self.read_derived(document if exact is None else exact, "$", cls, reader)

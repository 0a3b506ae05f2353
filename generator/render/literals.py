"""Schema default values (lexical forms) -> Python source literals of the field's Python type."""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import math
import re
import uuid
from collections.abc import Callable

from generator.ir import EnumType, Primitive

_DURATION = re.compile(
    r"(?P<sign>-?)P(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def quoted(value: str) -> str:
    """A string literal of `value`: in double quotes unless that needs more escapes, as black writes it."""
    text = repr(value)
    if text[0] == "'":
        body = text[1:-1]
        double = body.replace("\\'", "'").replace('"', '\\"')
        if double.count("\\") <= body.count("\\"):
            text = f'"{double}"'
    return text


def quoted_bytes(value: bytes) -> str:
    text = repr(value)
    if text.startswith("b'") and '"' not in text:
        text = 'b"' + text[2:-1].replace("\\'", "'") + '"'
    return text


class LiteralError(ValueError):
    """The lexical value is not a valid value of the type."""


def enum_literal(enum: EnumType, lexical: str) -> str:
    member = next((m for m in enum.members if lexical in (m.name, m.value)), None)
    if member is not None:
        return f"{enum.py_name}.{member.py_name}"
    if enum.open:
        return quoted(lexical)
    raise LiteralError(f"default '{lexical}' is not a member of {enum.name}")


def primitive_literal(primitive: Primitive, wire: str, lexical: str) -> str:
    try:
        return _LITERALS[primitive](lexical.strip(), wire)
    except (ValueError, ArithmeticError, binascii.Error) as exc:
        raise LiteralError(f"default '{lexical}' is not a valid {wire}: {exc}") from None


def _boolean(text: str, wire: str) -> str:
    if text not in ("true", "false", "1", "0"):
        raise ValueError("expected true, false, 1 or 0")
    return "True" if text in ("true", "1") else "False"


def _float(text: str, wire: str) -> str:
    value = float({"INF": "inf", "-INF": "-inf", "NaN": "nan"}.get(text, text))
    return repr(value) if math.isfinite(value) else f"float({quoted(str(value))})"


def _decimal(text: str, wire: str) -> str:
    return f"decimal.Decimal({quoted(str(decimal.Decimal(text)))})"


# Dates and times are written as constructor calls, which linters know to be immutable defaults.


def _date(text: str, wire: str) -> str:
    value = datetime.date.fromisoformat(text)
    return f"datetime.date({value.year}, {value.month}, {value.day})"


def _datetime(text: str, wire: str) -> str:
    value = datetime.datetime.fromisoformat(text)
    parts = [value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond]
    return f"datetime.datetime({', '.join(map(str, parts))}{_zone(value.utcoffset())})"


def _time(text: str, wire: str) -> str:
    value = datetime.time.fromisoformat(text)
    parts = [value.hour, value.minute, value.second, value.microsecond]
    return f"datetime.time({', '.join(map(str, parts))}{_zone(value.utcoffset())})"


def _zone(offset: datetime.timedelta | None) -> str:
    if offset is None:
        return ""
    return f", tzinfo=datetime.timezone(datetime.timedelta(seconds={int(offset.total_seconds())}))"


def _duration(text: str, wire: str) -> str:
    match = _DURATION.fullmatch(text)
    if match is None or text.endswith(("P", "T")):
        raise ValueError("expected an ISO 8601 day-time duration such as P1DT2H30M")
    hours, minutes = int(match["hours"] or 0), int(match["minutes"] or 0)
    seconds = hours * 3600 + minutes * 60 + decimal.Decimal(match["seconds"] or 0)
    sign = "-" if match["sign"] else ""
    return f"{sign}datetime.timedelta(days={int(match['days'] or 0)}, seconds={float(seconds)!r})"


def _guid(text: str, wire: str) -> str:
    return f"uuid.UUID({quoted(str(uuid.UUID(text)))})"


def _binary(text: str, wire: str) -> str:
    if wire.endswith("hexBinary"):
        return quoted_bytes(bytes.fromhex(text))
    padded = text + "=" * (-len(text) % 4)
    url_safe = "-" in text or "_" in text  # Edm.Binary is base64url; xs:base64Binary is plain base64
    return quoted_bytes(base64.b64decode(padded, altchars=b"-_" if url_safe else None, validate=True))


_LITERALS: dict[Primitive, Callable[[str, str], str]] = {
    Primitive.STRING: lambda text, wire: quoted(text),
    Primitive.ANY: lambda text, wire: quoted(text),
    Primitive.BOOLEAN: _boolean,
    Primitive.INT: lambda text, wire: str(int(text)),
    Primitive.FLOAT: _float,
    Primitive.DECIMAL: _decimal,
    Primitive.DATE: _date,
    Primitive.DATETIME: _datetime,
    Primitive.TIME: _time,
    Primitive.DURATION: _duration,
    Primitive.GUID: _guid,
    Primitive.BINARY: _binary,
}

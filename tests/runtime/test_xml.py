"""The XML runtime (`generator/runtime/_xml.py`) tested as source: the lexical forms of the XML Schema
built-in types, read and written one by one, with their errors. Reading and writing whole models is in
tests/codecs."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime import _xml as _x
from generator.targets.soap.codec_plan import INTEGER_BOUNDS as XSD_INTEGER_BOUNDS
from tests.strategies import FEW, OFFSETS, XML_DATETIMES, XML_TEXT

XmlPrimitive = tuple[st.SearchStrategy[Any], Callable[[str], Any], Callable[[Any], str]]


def _xml_primitives() -> dict[str, XmlPrimitive]:
    def reader(function: Callable[..., Any], *args: Any) -> Callable[[str], Any]:
        return lambda text: function(text, "v", "v", *args)

    table: dict[str, XmlPrimitive] = {}
    for wire, (low, high) in XSD_INTEGER_BOUNDS.items():
        ints = st.integers(low, high)
        ends = [v for v in (low, high) if v is not None]
        table[wire] = (
            st.one_of(st.sampled_from(ends), ints) if ends else ints,
            reader(_x.integer, wire, low, high),
            _x.integer_text,
        )
    table.update(
        {
            "xs:boolean": (st.booleans(), reader(_x.boolean), _x.boolean_text),
            "xs:double": (st.floats(allow_nan=False), reader(_x.double), _x.double_text),
            "xs:decimal": (
                st.decimals(allow_nan=False, allow_infinity=False),
                reader(_x.decimal_value),
                _x.decimal_text,
            ),
            "xs:dateTime": (XML_DATETIMES, reader(_x.date_time), _x.date_time_text),
            "xs:date": (st.dates(), reader(_x.date), _x.date_text),
            "xs:time": (st.one_of(st.times(), st.times(timezones=OFFSETS)), reader(_x.time), _x.time_text),
            "xs:duration": (st.timedeltas(), reader(_x.duration), _x.duration_text),
            "guid": (st.uuids(), reader(_x.guid), _x.guid_text),
            "xs:base64Binary": (st.binary(max_size=40), reader(_x.base64_binary), _x.base64_text),
            "xs:hexBinary": (st.binary(max_size=40), reader(_x.hex_binary), _x.hex_text),
            "xs:string": (XML_TEXT, lambda text: text, _x.escape),
        }
    )
    return table


XML_PRIMITIVES = _xml_primitives()


@pytest.mark.parametrize("wire", sorted(XML_PRIMITIVES))
def test_xml_primitive_round_trip(wire: str) -> None:
    values, read, write = XML_PRIMITIVES[wire]

    @FEW
    @given(values)
    def check(value: Any) -> None:
        node = _x.parse(f"<v>{write(value)}</v>".encode())
        assert read(node.text or "") == value

    check()


# Regressions of bugs these tests found (each once a strict xfail with this reproducer).

OFFSET_WITH_SECONDS = datetime.datetime(
    2020, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1, seconds=5))
)


def test_xml_date_time_with_seconds_offset_is_refused() -> None:
    with pytest.raises(_x.EncodeError, match="whole minutes"):
        _x.date_time_text(OFFSET_WITH_SECONDS)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2.0), ("1.0E2", 100.0), (".5", 0.5), ("-0", -0.0), ("1e-7", 1e-7), ("+3.25", 3.25)],
)
def test_doubles_keep_their_lexical_form(text: str, value: float) -> None:
    read = _x.double(f" {text} ", "p", "d")
    assert read == value and type(read) is _x.ExactFloat
    assert _x.double_text(read) == text
    assert type(read * 1) is float and _x.double_text(read * 1) == repr(value)


def test_a_double_python_writes_alike_stays_a_plain_float() -> None:
    assert type(_x.double("2.5", "p", "d")) is float
    assert _x.double_text(_x.double("INF", "p", "d")) == "INF"


@pytest.mark.parametrize("text", ["11:30:00.0Z", "11:30:00+00:00", "09:05:07.1230000", "23:59:59.5-05:00"])
def test_times_keep_their_lexical_form(text: str) -> None:
    read = _x.time(text, "p", "t")
    assert type(read) is _x.ExactTime and _x.time_text(read) == text
    plain = datetime.time(read.hour, read.minute, read.second, read.microsecond, read.tzinfo)
    assert read == plain and _x.time_text(read.replace(hour=1)) != text


@pytest.mark.parametrize("text", ["+7", "007", "-0", "-012", "+0"])
def test_integers_keep_their_lexical_form(text: str) -> None:
    read = _x.integer(text, "p", "i", "xs:int", None, None)
    assert read == int(text) and type(read) is _x.ExactInt and _x.integer_text(read) == text
    assert type(read + 0) is int and _x.integer_text(read + 0) == str(int(text))


@pytest.mark.parametrize("text", ["+1.5", ".5", "5.", "-.25", "+0.0"])
def test_decimals_keep_their_lexical_form(text: str) -> None:
    read = _x.decimal_value(text, "p", "d")
    assert read == decimal.Decimal(text) and type(read) is _x.ExactDecimal
    assert _x.decimal_text(read) == text and type(read + 0) is decimal.Decimal


def test_numbers_python_writes_alike_stay_plain() -> None:
    assert type(_x.integer("-5", "p", "i", "xs:int", None, None)) is int
    assert type(_x.integer("0", "p", "i", "xs:int", None, None)) is int
    assert type(_x.decimal_value("1.50", "p", "d")) is decimal.Decimal


def test_binary_values_keep_their_lexical_form() -> None:
    lines = _x.base64_binary("aGVs\nbG8=", "p", "b")
    assert lines == b"hello" and type(lines) is _x.ExactBytes and _x.base64_text(lines) == "aGVs\nbG8="
    assert type(_x.base64_binary("aGVsbG8=", "p", "b")) is bytes
    lower = _x.hex_binary("0a1b", "p", "h")
    assert lower == b"\n\x1b" and _x.hex_text(lower) == "0a1b" and type(lower[:1]) is bytes
    # Each form is written back only by its own writer: the bytes of a hex text written as base64.
    assert _x.base64_text(lower) == "Chs=" and _x.hex_text(lines) == "68656C6C6F"


def test_a_time_python_writes_alike_stays_a_plain_time() -> None:
    read = _x.time("11:30:00Z", "p", "t")
    assert type(read) is datetime.time and _x.time_text(read) == "11:30:00Z"
    assert _x.ExactTime(1, 2).lexical is None and _x.time_text(_x.ExactTime(1, 2)) == "01:02:00"

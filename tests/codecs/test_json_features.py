"""The OData JSON codec, feature by feature: small inline CSDL documents generated into packages of their
own and imported, then read and written — every EDM primitive, nullability and collections, open and flags
enums, inheritance and `@odata.type`, unknown properties and annotations, navigation properties and collection
responses, operation messages, defaults, a customised models template, and the codec's API errors. Each field
kind of `templates/codec/json_fields.jinja` and each reachable branch of `generator/runtime/_json.py` (the
package's verbatim copy, `_json.py`) runs here.

What is right comes from the OData JSON format and CSDL (v4.01) and from README.md: explicit nulls are kept
apart from absent properties, unknown properties and annotations are written back (annotations first),
`@odata.type` is written where the declared type alone would not say which class a value is, and every error
is a `DecodeError` / `EncodeError` naming a JSON path. Tests of behaviour that is wrong today are marked
`xfail(strict=True)` with the bug in their reason.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import importlib
import json
import math
import typing
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.codecs.features import Features, csdl


def round_trip(pkg: Any, document: dict[str, Any], cls: Any) -> Any:
    """`document` read as `cls`: written again it is the same JSON, and reading that gives an equal value."""
    value = pkg.codec.decode(json.dumps(document).encode(), cls)
    data = pkg.codec.encode(value)
    assert json.loads(data) == document
    assert pkg.codec.decode(data, cls) == value
    return value


def decode_error(pkg: Any, document: object, cls: Any, *, as_text: bool = True) -> Any:
    """The DecodeError reading `document` as `cls` raises: JSON text as given; a parsed document both as it is
    and (`as_text`, when it is JSON) as JSON text, which must fail the same way."""
    with pytest.raises(pkg.DecodeError) as caught:
        pkg.codec.decode(document, cls)
    if isinstance(document, dict) and as_text:
        try:
            text = json.dumps(document, allow_nan=False)
        except (TypeError, ValueError):
            return caught.value
        with pytest.raises(pkg.DecodeError) as again:
            pkg.codec.decode(text.encode(), cls)
        assert (again.value.path, again.value.reason) == (caught.value.path, caught.value.reason)
    return caught.value


def encode_error(pkg: Any, value: object) -> Any:
    with pytest.raises(pkg.EncodeError) as caught:
        pkg.codec.encode(value)
    return caught.value


# --- EDM primitives ------------------------------------------------------------------------------------

PRIMITIVES = csdl("""
<ComplexType Name="Values">
  <Property Name="text" Type="Edm.String"/>
  <Property Name="flag" Type="Edm.Boolean"/>
  <Property Name="tinyCount" Type="Edm.Byte"/>
  <Property Name="signedByte" Type="Edm.SByte"/>
  <Property Name="shortNumber" Type="Edm.Int16"/>
  <Property Name="number" Type="Edm.Int32"/>
  <Property Name="bigNumber" Type="Edm.Int64"/>
  <Property Name="amount" Type="Edm.Decimal" Precision="38" Scale="variable"/>
  <Property Name="ratio" Type="Edm.Double"/>
  <Property Name="weight" Type="Edm.Single"/>
  <Property Name="day" Type="Edm.Date"/>
  <Property Name="clock" Type="Edm.TimeOfDay" Precision="7"/>
  <Property Name="span" Type="Edm.Duration"/>
  <Property Name="key" Type="Edm.Guid"/>
  <Property Name="blob" Type="Edm.Binary"/>
  <Property Name="stamp" Type="Edm.DateTimeOffset" Precision="7"/>
  <Property Name="anything" Type="Edm.Untyped"/>
  <Property Name="content" Type="Edm.Stream"/>
</ComplexType>
""")


@pytest.fixture(scope="module")
def primitives(features: Features) -> Any:
    return features.package("json_primitives", PRIMITIVES)


EVERY_PRIMITIVE: dict[str, Any] = {
    "text": 'h\u00e9llo "quoted"\n\u2603',
    "flag": False,
    "tinyCount": 255,
    "signedByte": -128,
    "shortNumber": -32768,
    "number": 2147483647,
    "bigNumber": 9223372036854775807,
    "amount": 12.5,
    "ratio": 0.1,
    "weight": -2.5,
    "day": "2024-02-29",
    "clock": "23:59:59.250000",
    "span": "P1DT2H3M4.5S",
    "key": "0f8fad5b-d9cb-469f-a165-70867728950e",
    "blob": "AQID-_8=",
    "stamp": "2024-05-01T10:20:30.1234567+02:00",
    "anything": {"nested": [1, "two", None, {"x": True}]},
    "content": "https://example.com/content",
}


def test_every_primitive_round_trips_as_its_python_type(primitives: Any) -> None:
    value = round_trip(primitives, EVERY_PRIMITIVE, primitives.Values)
    assert value.text == 'h\u00e9llo "quoted"\n\u2603' and value.flag is False
    assert (value.tiny_count, value.signed_byte, value.short_number) == (255, -128, -32768)
    assert (value.number, value.big_number) == (2**31 - 1, 2**63 - 1)
    assert type(value.amount) is decimal.Decimal and value.amount == decimal.Decimal("12.5")
    assert (value.ratio, value.weight) == (0.1, -2.5)
    assert value.day == datetime.date(2024, 2, 29)
    assert value.clock == datetime.time(23, 59, 59, 250000)
    assert value.span == datetime.timedelta(days=1, hours=2, minutes=3, seconds=4.5)
    assert value.key == uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
    assert value.blob == b"\x01\x02\x03\xfb\xff"
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    assert value.stamp == datetime.datetime(2024, 5, 1, 10, 20, 30, 123456, tzinfo=plus_two)
    assert value.anything == {"nested": [1, "two", None, {"x": True}]}
    assert value.content == "https://example.com/content"
    assert value.additional_data == {} and value.explicit_nulls == frozenset()
    # The same document as text, as bytes and already parsed gives the same value.
    assert primitives.codec.decode(json.dumps(EVERY_PRIMITIVE), primitives.Values) == value
    assert primitives.codec.decode(dict(EVERY_PRIMITIVE), primitives.Values) == value
    assert (
        primitives.codec.decode(bytearray(json.dumps(EVERY_PRIMITIVE).encode()), primitives.Values) == value
    )


def test_python_values_are_written_in_their_json_forms(primitives: Any) -> None:
    utc = datetime.UTC
    value = primitives.Values(
        flag=True,
        amount=decimal.Decimal("0.25"),
        ratio=3.0,
        day=datetime.date(1999, 12, 31),
        clock=datetime.time(7, 5),
        span=datetime.timedelta(minutes=-5),
        key=uuid.UUID("0F8FAD5B-D9CB-469F-A165-70867728950E"),
        blob=b"\xfb\xff",
        stamp=datetime.datetime(2024, 1, 1, 10, 0, 0, 123456, tzinfo=utc),
    )
    assert json.loads(primitives.codec.encode(value)) == {
        "flag": True,
        "amount": 0.25,
        "ratio": 3.0,
        "day": "1999-12-31",
        "clock": "07:05:00",
        "span": "-PT5M",
        "key": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "blob": "-_8=",  # base64url, never '+' or '/'
        "stamp": "2024-01-01T10:00:00.1234560Z",  # 7 fractional digits, as .NET and Graph write them
    }
    assert primitives.codec.decode(primitives.codec.encode(value), primitives.Values) == value


INTEGERS = [
    ("tinyCount", "tiny_count", "Edm.Byte", 0, 255),
    ("signedByte", "signed_byte", "Edm.SByte", -128, 127),
    ("shortNumber", "short_number", "Edm.Int16", -(2**15), 2**15 - 1),
    ("number", "number", "Edm.Int32", -(2**31), 2**31 - 1),
    ("bigNumber", "big_number", "Edm.Int64", -(2**63), 2**63 - 1),
]


@pytest.mark.parametrize(("name", "field", "wire", "low", "high"), INTEGERS)
def test_integers_are_checked_against_their_bounds(
    primitives: Any, name: str, field: str, wire: str, low: int, high: int
) -> None:
    for bound in (low, high):
        assert getattr(round_trip(primitives, {name: bound}, primitives.Values), field) == bound
    for outside in (low - 1, high + 1):
        # As parsed values: JSON text of -2**63 - 1 is the next bug below.
        error = decode_error(primitives, {name: outside}, primitives.Values, as_text=False)
        assert (error.path, error.reason) == (f"$.{name}", f"{outside} is out of range for {wire}")
    # A float with an integral value is that integer (some writers give 100.0 or 1e2); written as an integer.
    value = primitives.codec.decode(f'{{"{name}": 1e2}}', primitives.Values)
    assert getattr(value, field) == 100 and type(getattr(value, field)) is int
    assert primitives.codec.encode(value) == f'{{"{name}":100}}'.encode()
    for raw, shown in ((1.5, "a number 1.5"), (True, "a boolean"), ([1], "an array"), ({}, "an object")):
        error = decode_error(primitives, {name: raw}, primitives.Values)
        assert (error.path, error.reason) == (f"$.{name}", f"expected an {wire}, got {shown}")


@pytest.mark.parametrize("name", ["tinyCount", "signedByte", "shortNumber", "number"])
def test_only_int64_may_come_as_a_string(primitives: Any, name: str) -> None:
    error = decode_error(primitives, {name: "5"}, primitives.Values)
    wire = next(wire for wire_name, _, wire, _, _ in INTEGERS if wire_name == name)
    assert (error.path, error.reason) == (f"$.{name}", f"expected an {wire}, got a string '5'")


def test_int64_is_read_from_a_string_and_written_as_a_number(primitives: Any) -> None:
    # IEEE754Compatible=true writes Int64 as strings; without it (the default) they are numbers.
    for text, number in (("-9223372036854775808", -(2**63)), ("42", 42), ("007", 7)):
        value = primitives.codec.decode({"bigNumber": text}, primitives.Values)
        assert value.big_number == number
        assert primitives.codec.to_dict(value) == {"bigNumber": number}
    error = decode_error(primitives, {"bigNumber": "9223372036854775808"}, primitives.Values)
    assert error.reason == "9223372036854775808 is out of range for Edm.Int64"
    for text in ("+5", "5.0", " 5", "0x10", "", "1e3"):
        error = decode_error(primitives, {"bigNumber": text}, primitives.Values)
        assert (error.path, error.reason) == ("$.bigNumber", f"expected an Edm.Int64, got a string {text!r}")


def test_an_int64_number_below_the_range_is_refused_as_out_of_range(primitives: Any) -> None:
    # orjson reads it as a double (-2**63 after rounding); read again exactly, it is out of range, rather
    # than rounded into it.
    error = decode_error(primitives, b'{"bigNumber": -9223372036854775809}', primitives.Values)
    assert (error.path, error.reason) == ("$.bigNumber", "-9223372036854775809 is out of range for Edm.Int64")
    error = decode_error(primitives, b'{"bigNumber": 123456789012345678901234567890}', primitives.Values)
    assert error.reason == "123456789012345678901234567890 is out of range for Edm.Int64"


def test_an_int64_string_of_thousands_of_digits_is_a_decode_error(primitives: Any) -> None:
    error = decode_error(primitives, {"bigNumber": "1" * 5000}, primitives.Values)
    assert error.path == "$.bigNumber"


@pytest.mark.parametrize(
    ("raw", "expected", "written"),
    [
        (12.5, "12.5", 12.5),
        (0.1, "0.1", 0.1),  # read through the number's shortest repr, not its binary value
        (-7, "-7", -7),
        ("0.1", "0.1", 0.1),  # a string (IEEE754Compatible) is read; a double holds it: written as a number
        ("1E+5", "100000", 100000),
        # More digits than a double holds, or beyond its range: written back as the string, no digit lost.
        ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827", None),
        ("12345678901234567890.123456789", "12345678901234567890.123456789", None),
        ("1E+400", "1E+400", None),
        ("-1E-400", "-1E-400", None),
    ],
)
def test_decimals_keep_every_digit(primitives: Any, raw: object, expected: str, written: object) -> None:
    value = primitives.codec.decode({"amount": raw}, primitives.Values)
    assert type(value.amount) is decimal.Decimal and value.amount == decimal.Decimal(expected)
    out = json.loads(primitives.codec.encode(value))["amount"]
    assert out == (raw if written is None else written)
    assert type(out) is type(raw if written is None else written)
    assert primitives.codec.decode(primitives.codec.encode(value), primitives.Values) == value
    # to_dict keeps the Decimal itself; encode decides between number and string.
    assert primitives.codec.to_dict(value) == {"amount": decimal.Decimal(expected)}


def test_decimals_from_an_exactly_parsed_document(primitives: Any) -> None:
    # A caller that parsed numbers as Decimal (json.loads(parse_float=Decimal)) keeps all their digits.
    document = json.loads('{"amount": 0.10000000000000000555}', parse_float=decimal.Decimal)
    value = primitives.codec.decode(document, primitives.Values)
    assert value.amount == decimal.Decimal("0.10000000000000000555")
    assert primitives.codec.encode(value) == b'{"amount":"0.10000000000000000555"}'
    error = decode_error(primitives, {"amount": decimal.Decimal("NaN")}, primitives.Values)
    assert (error.path, error.reason) == ("$.amount", "expected an Edm.Decimal, got Decimal")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("123456789012345678901234567890.5", "123456789012345678901234567890.5"), ("1e400", "1E+400")],
)
def test_a_decimal_number_keeps_its_digits(primitives: Any, text: str, expected: str) -> None:
    value = primitives.codec.decode(f'{{"amount": {text}}}', primitives.Values)
    assert value.amount == decimal.Decimal(expected)
    # Written back as the number it was read from, not as a string (which a Decimal a double does not
    # hold is, when a program made it).
    assert primitives.codec.encode(value) == f'{{"amount":{text}}}'.encode()
    made = primitives.Values(amount=decimal.Decimal(expected))
    assert primitives.codec.encode(made) == f'{{"amount":"{expected}"}}'.encode()


# Numbers a double does not hold, as JSON text: orjson rounds them (or refuses those beyond its range);
# the codec reads the text again exactly wherever every digit is kept.
LONG_NUMBERS = [
    "0.1234567890123456789012345",
    "123456789012345678901234567890",
    "-123456789012345678901234567890.000001",
    "18446744073709551616",
    "1e400",
    "-2.5E-400",
    "0.10000000000000000000001",
]


@pytest.mark.parametrize("text", LONG_NUMBERS)
def test_a_long_number_kept_as_read_is_written_back_whole(primitives: Any, text: str) -> None:
    document = f'{{"anything": {{"n": [{text}, 1.5, 2]}}, "later": {text}}}'.encode()
    value = primitives.codec.decode(document, primitives.Values)
    assert value.anything["n"][0] == decimal.Decimal(text)
    assert value.additional_data["later"] == decimal.Decimal(text)
    # The numbers a double holds stay numbers Python reads them as.
    assert value.anything["n"][1:] == [1.5, 2] and type(value.anything["n"][1]) is float
    assert primitives.codec.encode(value) == document.replace(b" ", b"")


def test_a_long_number_in_a_parsed_document_is_read_as_it_is(primitives: Any) -> None:
    # A dict has no text to read again: what the caller parsed is what is kept.
    value = primitives.codec.decode({"anything": 0.1234567890123456789012345}, primitives.Values)
    assert value.anything == 0.12345678901234568


def test_the_text_is_read_again_exactly_only_where_a_number_may_have_been_rounded(
    primitives: Any, monkeypatch: Any
) -> None:
    runtime = primitives.codec._j  # the package's copy of the JSON runtime
    exact_loads = runtime.exact_loads
    calls: list[object] = []

    def counted(data: bytes) -> object:
        calls.append(data)
        return exact_loads(data)

    monkeypatch.setattr(runtime, "exact_loads", counted)
    # An Edm.Double is a double: nothing is read again.
    value = primitives.codec.decode(
        b'{"ratio": 0.1234567890123456789, "anything": [1, "x"]}', primitives.Values
    )
    assert value.ratio == 0.12345678901234568 and calls == []
    # A double kept as read, in a text without a long number: the parsed document is read again as it is.
    value = primitives.codec.decode(b'{"anything": [0.5], "amount": 2.25}', primitives.Values)
    assert value.anything == [0.5] and value.amount == decimal.Decimal("2.25") and calls == []
    # A long number somewhere: the text is read again exactly.
    value = primitives.codec.decode(b'{"amount": 2.25, "text": "1234567890123456"}', primitives.Values)
    assert value.amount == decimal.Decimal("2.25") and len(calls) == 1


@pytest.mark.parametrize(
    ("text", "rounded"),
    [
        (b'{"a": 123456789012345}', False),  # 15 digits: a double holds them all
        (b'{"a": 1234567890123456}', True),
        (b'{"a": 1234567.123456789}', True),  # 16 digits around the point
        (b'{"a": -0.000000000000001}', True),  # a false alarm: costs a slower reading only
        (b'{"a": 2.5e-10, "b": 1E99}', False),
        (b'{"a": 1e-400}', True),
        (b'{"a": 1E+308}', True),
        (b'{"a": 1e0100}', True),
        (b'{"id": "fa8bf3dc-eca7-46b7-bad1-db199b62afc3", "t": "2022-10-18T16:05:33.2079781Z"}', False),
        ('{"a": "\u00e9", "b": 12345678901234567}', True),
    ],
)
def test_may_be_rounded(primitives: Any, text: bytes | str, rounded: bool) -> None:
    runtime = primitives.codec._j  # the package's copy of the JSON runtime
    assert runtime.may_be_rounded(text) is rounded


@pytest.mark.parametrize(("name", "wire"), [("ratio", "Edm.Double"), ("weight", "Edm.Single")])
def test_a_double_beyond_its_range_is_refused_and_one_too_small_is_zero(
    primitives: Any, name: str, wire: str
) -> None:
    error = decode_error(primitives, f'{{"{name}": -1e400}}'.encode(), primitives.Values)
    assert (error.path, error.reason) == (f"$.{name}", f"-1e400 is out of range for {wire}")
    value = primitives.codec.decode(f'{{"{name}": 1e-400, "amount": 1e400}}'.encode(), primitives.Values)
    assert getattr(value, name) == 0.0 and value.amount == decimal.Decimal("1e400")


def test_an_integer_property_reads_a_long_integral_number(primitives: Any) -> None:
    value = primitives.codec.decode(
        b'{"number": 7.000000000000000000000, "amount": 1e400}', primitives.Values
    )
    assert value.number == 7 and type(value.number) is int
    # 2**63 - 1 written with an exponent: a double rounds it past the range; read exactly, it is in it.
    value = primitives.codec.decode(b'{"bigNumber": 9.223372036854775807e18}', primitives.Values)
    assert value.big_number == 2**63 - 1 and type(value.big_number) is int
    error = decode_error(
        primitives, b'{"number": 7.0000000000000000000001, "amount": 1e400}', primitives.Values
    )
    assert (error.path, error.reason) == (
        "$.number",
        "expected an Edm.Int32, got a number 7.0000000000000000000001",
    )


def test_numbers_of_thousands_of_digits(primitives: Any) -> None:
    # Python's int takes at most 4,300 digits as text; a Decimal any number.
    digits = "9" * 100_000
    value = primitives.codec.decode(
        f'{{"anything": {digits}, "amount": -{digits}.5}}'.encode(), primitives.Values
    )
    assert value.anything == decimal.Decimal(digits) and value.amount == decimal.Decimal(f"-{digits}.5")
    assert primitives.codec.encode(value) == f'{{"amount":-{digits}.5,"anything":{digits}}}'.encode()
    for name, wire in (("bigNumber", "Edm.Int64"), ("number", "Edm.Int32")):
        error = decode_error(primitives, f'{{"{name}": {digits}}}'.encode(), primitives.Values)
        assert (error.path, error.reason) == (f"$.{name}", f"{'9' * 57}... is out of range for {wire}")
    error = decode_error(primitives, f'{{"ratio": {digits}}}'.encode(), primitives.Values)
    assert error.reason == f"{'9' * 57}... is out of range for Edm.Double"
    # Handed over parsed, an int of 5,001 digits (which Python will not write as text) is named by its size.
    error = decode_error(primitives, {"number": 10**5000}, primitives.Values, as_text=False)
    assert error.reason == "<an integer of about 5001 digits> is out of range for Edm.Int32"


@pytest.mark.parametrize(
    "document",
    [
        b'{"amount": 1e400, "text": "\\ud800"}',  # a lone surrogate orjson refuses, behind the number
        b'{"amount": 1e400, "ratio": NaN}',
        b'{"amount": 1e400,}',
        b'{"amount": 1e400}' + b" x",
    ],
)
def test_what_orjson_refuses_besides_a_number_beyond_the_doubles_stays_refused(
    primitives: Any, document: bytes
) -> None:
    error = decode_error(primitives, document, primitives.Values)
    assert error.path == "$" and error.reason.startswith("malformed JSON: ")


@pytest.mark.parametrize("name", ["ratio", "weight"])
def test_doubles_write_infinities_and_nan_as_strings(primitives: Any, name: str) -> None:
    for text in ("INF", "-INF"):
        value = round_trip(primitives, {name: text}, primitives.Values)
        assert getattr(value, name) == (math.inf if text == "INF" else -math.inf)
    nan = primitives.codec.decode({name: "NaN"}, primitives.Values)
    assert math.isnan(getattr(nan, name))
    assert json.loads(primitives.codec.encode(nan)) == {name: "NaN"}
    assert json.loads(primitives.codec.encode(primitives.Values(**{name: math.nan}))) == {name: "NaN"}
    integral = primitives.codec.decode({name: 3}, primitives.Values)
    assert getattr(integral, name) == 3.0 and type(getattr(integral, name)) is float


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("inf", "a string 'inf'"),
        ("Infinity", "a string 'Infinity'"),
        ("nan", "a string 'nan'"),
        ("1.5", "a string '1.5'"),
        (True, "a boolean"),
        ([1.0], "an array"),
    ],
)
def test_a_double_must_be_a_number_or_a_special_string(primitives: Any, raw: object, shown: str) -> None:
    error = decode_error(primitives, {"ratio": raw}, primitives.Values)
    assert error.path == "$.ratio"
    assert error.reason == f"expected an Edm.Double (a number, 'INF', '-INF' or 'NaN'), got {shown}"


def test_a_bad_single_is_named_as_an_edm_single(primitives: Any) -> None:
    error = decode_error(primitives, {"weight": True}, primitives.Values)
    assert error.reason == "expected an Edm.Single (a number, 'INF', '-INF' or 'NaN'), got a boolean"


def test_an_integer_beyond_the_double_range_is_a_decode_error(primitives: Any) -> None:
    document = json.loads('{"ratio": 1' + "0" * 400 + "}")
    # As a parsed dict (orjson itself refuses such a number in text as malformed JSON).
    error = decode_error(primitives, document, primitives.Values, as_text=False)
    assert error.path == "$.ratio" and error.reason.startswith("expected an Edm.Double")


def test_date_time_offsets_keep_their_text_and_ticks(primitives: Any) -> None:
    for text in ("2024-05-01T10:20:30.1234567Z", "2024-05-01T10:20:30+05:30", "2024-05-01T10:20:30.5-08:00"):
        value = round_trip(primitives, {"stamp": text}, primitives.Values)
        assert value.stamp.tzinfo is not None and value.stamp.lexical == text
    exact = primitives.codec.decode({"stamp": "2024-05-01T10:20:30.1234567Z"}, primitives.Values).stamp
    assert exact.ticks == 1234567 and exact.microsecond == 123456
    assert exact == datetime.datetime(2024, 5, 1, 10, 20, 30, 123456, tzinfo=datetime.UTC)
    # A changed value has no text any more: it is written from its fields.
    later = primitives.Values(stamp=exact.replace(hour=11))
    assert primitives.codec.to_dict(later) == {"stamp": "2024-05-01T11:20:30.1234560Z"}
    plain = datetime.datetime(
        2024, 5, 1, 10, 20, 30, 5, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))
    )
    assert primitives.codec.to_dict(primitives.Values(stamp=plain)) == {
        "stamp": "2024-05-01T10:20:30.0000050-05:00"
    }
    again = primitives.codec.decode(
        primitives.codec.encode(primitives.Values(stamp=plain)), primitives.Values
    )
    assert again == primitives.Values(stamp=plain) and again.stamp.ticks == 50
    # Without a fraction none is written; UTC is written as Z.
    whole = datetime.datetime(2024, 5, 1, 10, 20, 30, tzinfo=datetime.UTC)
    assert primitives.codec.to_dict(primitives.Values(stamp=whole)) == {"stamp": "2024-05-01T10:20:30Z"}


@pytest.mark.parametrize(
    ("stamp", "reason"),
    [
        (
            datetime.datetime(2024, 1, 1),
            "datetime.datetime(2024, 1, 1, 0, 0) has no time zone: Edm.DateTimeOffset needs one",
        ),
        (
            datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))),
            "datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))): "
            "Edm.DateTimeOffset offsets are whole minutes",
        ),
    ],
)
def test_date_times_json_cannot_carry_are_encode_errors(
    primitives: Any, stamp: datetime.datetime, reason: str
) -> None:
    # The value writers name no path (as in the XML codec): the reason shows the value.
    assert encode_error(primitives, primitives.Values(stamp=stamp)).reason == reason


def test_durations_are_iso_8601_day_time_durations(primitives: Any) -> None:
    for text, span in (
        ("PT5M", datetime.timedelta(minutes=5)),
        ("-PT5M", datetime.timedelta(minutes=-5)),
        ("P3D", datetime.timedelta(days=3)),
        ("PT0.5S", datetime.timedelta(milliseconds=500)),
        ("-P1DT2H3M4.5S", -datetime.timedelta(days=1, hours=2, minutes=3, seconds=4.5)),
    ):
        assert round_trip(primitives, {"span": text}, primitives.Values).span == span
    assert primitives.codec.to_dict(primitives.Values(span=datetime.timedelta(0))) == {"span": "P0D"}


def test_binary_is_base64url_padded_or_not(primitives: Any) -> None:
    for text in ("AQID-_8=", "AQID-_8", "AQID+/8=", "AQID+/8"):
        value = primitives.codec.decode({"blob": text}, primitives.Values)
        assert value.blob == b"\x01\x02\x03\xfb\xff", text
        assert primitives.codec.to_dict(value) == {"blob": "AQID-_8="}
    assert round_trip(primitives, {"blob": ""}, primitives.Values).blob == b""
    assert primitives.codec.decode({"blob": "AQ"}, primitives.Values).blob == b"\x01"


def test_guids_are_read_in_either_case_and_written_in_lower_case(primitives: Any) -> None:
    value = primitives.codec.decode({"key": "0F8FAD5B-D9CB-469F-A165-70867728950E"}, primitives.Values)
    assert value.key == uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
    assert primitives.codec.to_dict(value) == {"key": "0f8fad5b-d9cb-469f-a165-70867728950e"}


def test_time_of_day_keeps_seven_fractional_digits(primitives: Any) -> None:
    value = round_trip(primitives, {"clock": "12:30:15.1234567"}, primitives.Values)
    assert value.clock == datetime.time(12, 30, 15, 123456) and value.clock.lexical == "12:30:15.1234567"
    # A changed value has no text any more: it is written from its fields.
    later = primitives.Values(clock=value.clock.replace(hour=13))
    assert primitives.codec.to_dict(later) == {"clock": "13:30:15.123456"}


def test_time_of_day_forms(primitives: Any) -> None:
    assert primitives.codec.decode({"clock": "12:30"}, primitives.Values).clock == datetime.time(12, 30)
    half = primitives.codec.decode({"clock": "00:00:01.5"}, primitives.Values)
    assert half.clock == datetime.time(0, 0, 1, 500000)
    assert primitives.codec.to_dict(half) == {"clock": "00:00:01.5"}  # as read
    made = primitives.Values(clock=datetime.time(0, 0, 1, 500000))
    assert primitives.codec.to_dict(made) == {"clock": "00:00:01.500000"}
    value = primitives.codec.decode({"clock": "08:00:00.0000000"}, primitives.Values)
    assert value.clock == datetime.time(8) and primitives.codec.to_dict(value) == {
        "clock": "08:00:00.0000000"
    }
    assert primitives.codec.to_dict(primitives.Values(clock=datetime.time(8))) == {"clock": "08:00:00"}


def test_untyped_and_stream_values_are_kept_as_they_are(primitives: Any) -> None:
    for raw in (5, "text", [1, [2, None]], {"a": {"b": [True]}}, 1.5, False):
        value = round_trip(primitives, {"anything": raw, "content": raw}, primitives.Values)
        assert value.anything == raw and value.content == raw
    nulls = round_trip(primitives, {"anything": None, "content": None}, primitives.Values)
    assert nulls.anything is None and nulls.explicit_nulls == {"anything", "content"}


LONG = "x" * 100

PRIMITIVE_ERRORS = [
    ("text", 5, "expected a string, got a number 5"),
    ("text", True, "expected a string, got a boolean"),
    ("text", ["a"], "expected a string, got an array"),
    ("text", {"a": 1}, "expected a string, got an object"),
    ("flag", "true", "expected a boolean, got a string 'true'"),
    ("flag", 1, "expected a boolean, got a number 1"),
    ("flag", 0.0, "expected a boolean, got a number 0.0"),
    ("number", LONG, f"expected an Edm.Int32, got a string '{LONG[:56]}..."),
    ("amount", "abc", "expected an Edm.Decimal, got a string 'abc'"),
    ("amount", "1,5", "expected an Edm.Decimal, got a string '1,5'"),
    ("amount", "NaN", "expected an Edm.Decimal, got a string 'NaN'"),
    ("amount", True, "expected an Edm.Decimal, got a boolean"),
    ("amount", [1], "expected an Edm.Decimal, got an array"),
    ("day", "2024-2-29", "expected an Edm.Date (YYYY-MM-DD), got a string '2024-2-29'"),
    ("day", "2024-05-01T00:00:00Z", "expected an Edm.Date (YYYY-MM-DD), got a string '2024-05-01T00:00:00Z'"),
    ("day", 20240229, "expected an Edm.Date (YYYY-MM-DD), got a number 20240229"),
    ("day", "2023-02-29", "'2023-02-29' is not a valid date (day is out of range for month)"),
    ("clock", 5, "expected an Edm.TimeOfDay string, got a number 5"),
    ("clock", "7:00", "expected an Edm.TimeOfDay (hh:mm:ss.fffffff), got a string '7:00'"),
    ("clock", "12:30:15Z", "expected an Edm.TimeOfDay (hh:mm:ss.fffffff), got a string '12:30:15Z'"),
    ("clock", "24:00:00", "'24:00:00' is not a valid time (hour must be in 0..23)"),
    ("clock", "12:60:00", "'12:60:00' is not a valid time (minute must be in 0..59)"),
    ("span", 300, "expected an Edm.Duration string, got a number 300"),
    ("span", "5 minutes", "expected an Edm.Duration (ISO 8601, e.g. 'PT5M'), got a string '5 minutes'"),
    ("span", "PT", "expected an Edm.Duration (ISO 8601, e.g. 'PT5M'), got a string 'PT'"),
    ("span", "P", "expected an Edm.Duration (ISO 8601, e.g. 'PT5M'), got a string 'P'"),
    ("span", "P1Y", "'P1Y' has years or months, which Edm.Duration does not allow"),
    ("span", "P2M", "'P2M' has years or months, which Edm.Duration does not allow"),
    ("span", "P1Y2M3D", "'P1Y2M3D' has years or months, which Edm.Duration does not allow"),
    # Beyond what a timedelta holds: an error, not an OverflowError.
    (
        "span",
        "P99999999999D",
        "expected an Edm.Duration (ISO 8601, e.g. 'PT5M'), got a string 'P99999999999D'",
    ),
    ("span", "P1000000000D", "expected an Edm.Duration (ISO 8601, e.g. 'PT5M'), got a string 'P1000000000D'"),
    ("key", 5, "expected an Edm.Guid, got a number 5"),
    (
        "key",
        "0f8fad5b-d9cb-469f-a165-70867728950",
        "expected an Edm.Guid, got a string '0f8fad5b-d9cb-469f-a165-70867728950'",
    ),
    (
        "key",
        "0f8fad5b-d9cb-469f-a165-70867728950g",
        "expected an Edm.Guid, got a string '0f8fad5b-d9cb-469f-a165-70867728950g'",
    ),
    (
        "key",
        "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        "expected an Edm.Guid, got a string '{0f8fad5b-d9cb-469f-a165-70867728950e}'",
    ),
    ("blob", 5, "expected an Edm.Binary (base64url), got a number 5"),
    ("blob", "a", "expected an Edm.Binary (base64url), got a string 'a'"),
    ("blob", "ab!c", "expected an Edm.Binary (base64url), got a string 'ab!c'"),
    ("blob", "AQ=ID", "expected an Edm.Binary (base64url), got a string 'AQ=ID'"),
    ("stamp", 1714558830, "expected an Edm.DateTimeOffset string, got a number 1714558830"),
    (
        "stamp",
        "2024-05-01T10:20:30",
        "expected an Edm.DateTimeOffset (ISO 8601 with an offset), got a string '2024-05-01T10:20:30'",
    ),
    (
        "stamp",
        "2024-05-01 10:20:30Z",
        "expected an Edm.DateTimeOffset (ISO 8601 with an offset), got a string '2024-05-01 10:20:30Z'",
    ),
    (
        "stamp",
        "20240501T102030Z",
        "expected an Edm.DateTimeOffset (ISO 8601 with an offset), got a string '20240501T102030Z'",
    ),
    (
        "stamp",
        "2024-13-01T10:20:30Z",
        "expected an Edm.DateTimeOffset (ISO 8601 with an offset), got a string '2024-13-01T10:20:30Z'",
    ),
    (
        "stamp",
        "2024-05-01",
        "expected an Edm.DateTimeOffset (ISO 8601 with an offset), got a string '2024-05-01'",
    ),
]


@pytest.mark.parametrize(("name", "raw", "reason"), PRIMITIVE_ERRORS)
def test_bad_primitive_values_name_the_property_and_the_type(
    primitives: Any, name: str, raw: object, reason: str
) -> None:
    error = decode_error(primitives, {"text": "fine", name: raw}, primitives.Values)
    assert (error.path, error.reason) == (f"$.{name}", reason)
    assert str(error) == f"$.{name}: {reason}"


# --- nullability and collections -------------------------------------------------------------------------

NULLABILITY = csdl("""
<EnumType Name="Color"><Member Name="red"/><Member Name="green"/><Member Name="blue"/></EnumType>
<ComplexType Name="Part">
  <Property Name="name" Type="Edm.String" Nullable="false"/>
  <Property Name="size" Type="Edm.Int32"/>
</ComplexType>
<EntityType Name="Record">
  <Key><PropertyRef Name="id"/></Key>
  <Property Name="id" Type="Edm.String" Nullable="false"/>
  <Property Name="active" Type="Edm.Boolean" Nullable="false"/>
  <Property Name="count" Type="Edm.Int32" Nullable="false"/>
  <Property Name="main" Type="self.Part" Nullable="false"/>
  <Property Name="color" Type="self.Color" Nullable="false"/>
  <Property Name="note" Type="Edm.String"/>
  <Property Name="checked" Type="Edm.Boolean"/>
  <Property Name="size" Type="Edm.Int32"/>
  <Property Name="spare" Type="self.Part"/>
  <Property Name="shade" Type="self.Color"/>
  <Property Name="tags" Type="Collection(Edm.String)"/>
  <Property Name="numbers" Type="Collection(Edm.Int32)" Nullable="false"/>
  <Property Name="checks" Type="Collection(Edm.Boolean)"/>
  <Property Name="items" Type="Collection(self.Part)"/>
  <Property Name="colors" Type="Collection(self.Color)"/>
  <Property Name="days" Type="Collection(Edm.Date)"/>
  <Property Name="extras" Type="Collection(Edm.Untyped)"/>
  <Property Name="flags" Type="Collection(Edm.Boolean)" Nullable="false"/>
  <Property Name="hues" Type="Collection(self.Color)" Nullable="false"/>
  <Property Name="dates" Type="Collection(Edm.Date)" Nullable="false"/>
</EntityType>
""")

REQUIRED = {"id": "r1", "active": True, "count": 0, "main": {"name": "m"}, "color": "red"}
OPTIONAL = ("note", "checked", "size", "spare", "shade")
COLLECTIONS = ("tags", "numbers", "checks", "items", "colors", "days", "extras", "flags", "hues", "dates")


@pytest.fixture(scope="module")
def nullability(features: Features) -> Any:
    return features.package("json_nullability", NULLABILITY)


def test_the_required_properties_alone_round_trip(nullability: Any) -> None:
    record = round_trip(nullability, REQUIRED, nullability.Record)
    assert record == nullability.Record(
        id="r1", active=True, count=0, main=nullability.Part(name="m"), color=nullability.Color.RED
    )
    for name in (*OPTIONAL, *COLLECTIONS):
        assert getattr(record, name) is None
    assert record.explicit_nulls == frozenset() and record.main.explicit_nulls == frozenset()


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_a_non_nullable_property_is_required_and_not_null(nullability: Any, name: str) -> None:
    absent = {key: value for key, value in REQUIRED.items() if key != name}
    error = decode_error(nullability, absent, nullability.Record)
    assert (error.path, error.reason) == ("$", f"required property '{name}' is missing")
    error = decode_error(nullability, {**REQUIRED, name: None}, nullability.Record)
    assert (error.path, error.reason) == (f"$.{name}", "null is not allowed (the property is not nullable)")


def test_required_properties_of_nested_objects(nullability: Any) -> None:
    error = decode_error(nullability, {**REQUIRED, "main": {"size": 1}}, nullability.Record)
    assert str(error) == "$.main: required property 'name' is missing"
    error = decode_error(nullability, {**REQUIRED, "spare": {"name": None}}, nullability.Record)
    assert str(error) == "$.spare.name: null is not allowed (the property is not nullable)"
    error = decode_error(nullability, {**REQUIRED, "main": "m"}, nullability.Record)
    assert str(error) == "$.main: expected an object (Part), got a string"
    assert str(decode_error(nullability, {**REQUIRED, "count": "1"}, nullability.Record)) == (
        "$.count: expected an Edm.Int32, got a string '1'"
    )
    assert str(decode_error(nullability, {**REQUIRED, "active": "yes"}, nullability.Record)) == (
        "$.active: expected a boolean, got a string 'yes'"
    )
    assert str(decode_error(nullability, {**REQUIRED, "id": 1}, nullability.Record)) == (
        "$.id: expected a string, got a number 1"
    )


def test_explicit_nulls_are_kept_apart_from_absent_properties(nullability: Any) -> None:
    document = {**REQUIRED, **dict.fromkeys(OPTIONAL)}
    record = round_trip(nullability, document, nullability.Record)
    assert record.explicit_nulls == frozenset(OPTIONAL)
    assert all(getattr(record, name) is None for name in OPTIONAL)
    # The same values, absent: equal fields, not an equal record, and nothing written.
    absent = nullability.codec.decode(REQUIRED, nullability.Record)
    assert absent != record and dataclasses.replace(absent, explicit_nulls=frozenset(OPTIONAL)) == record
    assert json.loads(nullability.codec.encode(absent)) == REQUIRED
    # One explicit null set from Python; a field with a value is written with it even if named there.
    made = dataclasses.replace(absent, note="n", size=3, explicit_nulls=frozenset({"note", "shade"}))
    assert json.loads(nullability.codec.encode(made)) == {**REQUIRED, "note": "n", "size": 3, "shade": None}
    nested = round_trip(nullability, {**REQUIRED, "main": {"name": "m", "size": None}}, nullability.Record)
    assert nested.main.explicit_nulls == frozenset({"size"}) and nested.explicit_nulls == frozenset()


COLLECTION_VALUES: list[tuple[str, list[Any], Any]] = [
    ("tags", ["a", "", "b"], ["a", "", "b"]),
    ("numbers", [1, -2, 2**31 - 1], [1, -2, 2**31 - 1]),
    ("checks", [True, False], [True, False]),
    ("items", [{"name": "a"}, {"name": "b", "size": 2}], None),
    ("colors", ["green", "ultraviolet"], None),
    ("days", ["2024-01-31", "1999-12-31"], [datetime.date(2024, 1, 31), datetime.date(1999, 12, 31)]),
    ("extras", [1, "two", None, [3], {"four": 4}], [1, "two", None, [3], {"four": 4}]),
]


@pytest.mark.parametrize(("name", "raw", "expected"), COLLECTION_VALUES)
def test_collections_tell_absent_empty_and_null_apart(
    nullability: Any, name: str, raw: list[Any], expected: Any
) -> None:
    absent = round_trip(nullability, REQUIRED, nullability.Record)
    empty = round_trip(nullability, {**REQUIRED, name: []}, nullability.Record)
    null = round_trip(nullability, {**REQUIRED, name: None}, nullability.Record)
    assert getattr(absent, name) is None and name not in absent.explicit_nulls
    assert getattr(empty, name) == [] and name not in empty.explicit_nulls
    assert getattr(null, name) is None and null.explicit_nulls == frozenset({name})
    assert len({nullability.codec.encode(value) for value in (absent, empty, null)}) == 3
    full = round_trip(nullability, {**REQUIRED, name: raw}, nullability.Record)
    if expected is not None:
        assert getattr(full, name) == expected


def test_collection_items_are_typed(nullability: Any) -> None:
    record = nullability.codec.decode(
        {**REQUIRED, "items": [{"name": "a"}, {"name": "b", "size": 2}], "colors": ["green", "ultraviolet"]},
        nullability.Record,
    )
    assert record.items == [nullability.Part(name="a"), nullability.Part(name="b", size=2)]
    assert record.colors == [nullability.Color.GREEN, "ultraviolet"]
    # What to_dict gives is the JSON's own: changing it leaves the model alone.
    written = dataclasses.replace(record, tags=["x", "y"], days=[datetime.date(2000, 1, 1)])
    out = nullability.codec.to_dict(written)
    assert out["tags"] == ["x", "y"] and out["days"] == ["2000-01-01"]
    assert out["colors"] == ["green", "ultraviolet"] and out["items"] == [
        {"name": "a"},
        {"name": "b", "size": 2},
    ]
    out["tags"].append("z")
    assert written.tags == ["x", "y"]


@pytest.mark.parametrize("name", COLLECTIONS)
@pytest.mark.parametrize(("raw", "shown"), [("x", "a string 'x'"), ({}, "an object"), (5, "a number 5")])
def test_a_collection_must_be_an_array(nullability: Any, name: str, raw: object, shown: str) -> None:
    error = decode_error(nullability, {**REQUIRED, name: raw}, nullability.Record)
    assert (error.path, error.reason) == (f"$.{name}", f"expected an array, got {shown}")


@pytest.mark.parametrize(
    ("name", "raw", "path", "reason"),
    [
        ("tags", ["a", "b", 5], "$.tags[2]", "expected a string or null, got a number 5"),
        ("numbers", [1, 2, "3"], "$.numbers[2]", "expected an Edm.Int32, got a string '3'"),
        ("numbers", [1, None], "$.numbers[1]", "expected an Edm.Int32, got null"),
        ("flags", [True, None], "$.flags[1]", "expected a boolean, got null"),
        ("hues", ["red", None], "$.hues[1]", "expected a Color string, got null"),
        ("dates", [None], "$.dates[0]", "expected an Edm.Date (YYYY-MM-DD), got null"),
        ("numbers", [2**31], "$.numbers[0]", "2147483648 is out of range for Edm.Int32"),
        ("checks", [True, "false"], "$.checks[1]", "expected a boolean or null, got a string 'false'"),
        ("items", [{"name": "a"}, {"name": "b"}, {}], "$.items[2]", "required property 'name' is missing"),
        ("items", [{"name": "a"}, 5], "$.items[1]", "expected an object (Part), got a number"),
        (
            "items",
            [{"name": "a", "size": "big"}],
            "$.items[0].size",
            "expected an Edm.Int32, got a string 'big'",
        ),
        ("colors", ["red", 1], "$.colors[1]", "expected a Color string or null, got a number 1"),
        (
            "days",
            ["2024-01-31", "31.01.2024"],
            "$.days[1]",
            "expected an Edm.Date (YYYY-MM-DD), got a string '31.01.2024'",
        ),
    ],
)
def test_item_errors_name_the_index(nullability: Any, name: str, raw: object, path: str, reason: str) -> None:
    error = decode_error(nullability, {**REQUIRED, name: raw}, nullability.Record)
    assert (error.path, error.reason) == (path, reason)


# CSDL: on a collection, Nullable is about its items, and true when absent: only `numbers` (Nullable="false")
# refuses a null item (see test_item_errors_name_the_index).
NULL_ITEMS: dict[str, tuple[list[object], Any]] = {
    "tags": (["a", None, ""], lambda pkg: ["a", None, ""]),
    "checks": ([None, False], lambda pkg: [None, False]),
    "items": ([{"name": "a"}, None], lambda pkg: [pkg.Part(name="a"), None]),
    "colors": (["green", None, "ultraviolet"], lambda pkg: [pkg.Color.GREEN, None, "ultraviolet"]),
    "days": ([None, "2024-01-31"], lambda pkg: [None, datetime.date(2024, 1, 31)]),
    "extras": ([None, 1, "x"], lambda pkg: [None, 1, "x"]),
}


@pytest.mark.parametrize("name", sorted(NULL_ITEMS))
def test_a_collection_of_nullable_items_keeps_its_nulls(nullability: Any, name: str) -> None:
    raw, expected = NULL_ITEMS[name]
    record = round_trip(nullability, {**REQUIRED, name: raw}, nullability.Record)
    assert getattr(record, name) == expected(nullability)


def test_collections_whose_items_may_not_be_null_round_trip(nullability: Any) -> None:
    document = {**REQUIRED, "flags": [True, False], "hues": ["blue", "infrared"], "dates": ["2024-02-29"]}
    record = round_trip(nullability, document, nullability.Record)
    assert (record.flags, record.hues, record.dates) == (
        [True, False],
        [nullability.Color.BLUE, "infrared"],
        [datetime.date(2024, 2, 29)],
    )


def test_only_collections_whose_items_may_be_null_are_typed_so(nullability: Any) -> None:
    hints = typing.get_type_hints(nullability.Record)
    assert hints["tags"] == list[str | None] | None
    assert hints["numbers"] == list[int] | None
    assert hints["items"] == list[nullability.Part | None] | None


def test_program_made_null_items_are_written_as_null(nullability: Any) -> None:
    record = nullability.codec.decode(REQUIRED, nullability.Record)
    made = dataclasses.replace(
        record,
        tags=[None, "b"],
        items=[None, nullability.Part(name="p")],
        colors=[nullability.Color.BLUE, None],
        days=[datetime.date(2024, 2, 29), None],
    )
    written = json.loads(nullability.codec.encode(made))
    assert (written["tags"], written["items"], written["colors"], written["days"]) == (
        [None, "b"],
        [None, {"name": "p"}],
        ["blue", None],
        ["2024-02-29", None],
    )


@pytest.mark.parametrize(
    ("name", "path"),
    [("id", "$.id"), ("active", "$.active"), ("count", "$.count"), ("main", "$.main"), ("color", "$.color")],
)
def test_a_required_property_left_none_is_an_encode_error(nullability: Any, name: str, path: str) -> None:
    record = nullability.codec.decode(REQUIRED, nullability.Record)
    error = encode_error(nullability, dataclasses.replace(record, **{name: None}))
    assert (error.path, error.reason) == (path, "is required but is None")
    # Naming it an explicit null does not make a non-nullable property nullable.
    error = encode_error(
        nullability, dataclasses.replace(record, **{name: None}, explicit_nulls=frozenset({name}))
    )
    assert error.path == path


def test_a_required_property_of_a_nested_object_left_none(nullability: Any) -> None:
    record = nullability.codec.decode(REQUIRED, nullability.Record)
    error = encode_error(nullability, dataclasses.replace(record, spare=nullability.Part(name=None)))
    assert str(error) == "$.spare.name: is required but is None"


def test_an_encode_error_in_a_collection_item_names_the_index(nullability: Any) -> None:
    record = nullability.codec.decode(REQUIRED, nullability.Record)
    items = [nullability.Part(name="a"), nullability.Part(name=None)]
    assert encode_error(nullability, dataclasses.replace(record, items=items)).path == "$.items[1].name"


# --- enums -------------------------------------------------------------------------------------------

ENUMS = csdl("""
<EnumType Name="Color"><Member Name="red"/><Member Name="green"/><Member Name="blue"/></EnumType>
<EnumType Name="Permission" IsFlags="true">
  <Member Name="none" Value="0"/>
  <Member Name="read" Value="1"/>
  <Member Name="write" Value="2"/>
  <Member Name="admin" Value="4"/>
</EnumType>
<ComplexType Name="Setting">
  <Property Name="color" Type="self.Color"/>
  <Property Name="access" Type="self.Permission"/>
  <Property Name="grants" Type="Collection(self.Permission)"/>
  <Property Name="level" Type="self.Permission" Nullable="false"/>
</ComplexType>
""")


@pytest.fixture(scope="module")
def enums(features: Features) -> Any:
    return features.package("json_enums", ENUMS)


def test_an_open_enum_keeps_values_the_schema_does_not_list(enums: Any) -> None:
    known = round_trip(enums, {"color": "green", "level": "read"}, enums.Setting)
    assert known.color is enums.Color.GREEN
    newer = round_trip(enums, {"color": "ultraviolet", "level": "read"}, enums.Setting)
    assert newer.color == "ultraviolet" and type(newer.color) is str
    # Enum member names are case-sensitive: 'Green' is a value the schema does not list.
    assert enums.codec.decode({"color": "Green", "level": "read"}, enums.Setting).color == "Green"
    assert enums.codec.to_dict(enums.Setting(color=enums.Color.BLUE, level=enums.Permission.READ)) == {
        "color": "blue",
        "level": "read",
    }


@pytest.mark.parametrize(
    ("text", "members", "written"),
    [
        ("read", ("READ",), "read"),
        ("read,write", ("READ", "WRITE"), "read,write"),
        ("read, write", ("READ", "WRITE"), "read,write"),
        ("admin,read", ("READ", "ADMIN"), "read,admin"),
        ("none", ("NONE",), "none"),
    ],
)
def test_flags_are_comma_separated_member_names(
    enums: Any, text: str, members: tuple[str, ...], written: str
) -> None:
    value = enums.codec.decode({"level": text, "access": text}, enums.Setting)
    expected = enums.Permission(0)
    for name in members:
        expected |= enums.Permission[name]
    assert value.level == expected and value.access == expected
    assert type(value.level) is enums.Permission
    assert enums.codec.to_dict(value) == {"access": written, "level": written}


def test_flags_with_a_member_the_schema_does_not_list_stay_strings(enums: Any) -> None:
    for text in ("read,delete", "Read", "", "read,,write"):
        value = round_trip(enums, {"level": text}, enums.Setting)
        assert value.level == text and type(value.level) is str
    grants = round_trip(enums, {"level": "none", "grants": ["read", "write,admin", "share"]}, enums.Setting)
    assert grants.grants == [
        enums.Permission.READ,
        enums.Permission.WRITE | enums.Permission.ADMIN,
        "share",
    ]
    made = enums.Setting(level=enums.Permission.READ | enums.Permission.ADMIN, grants=[enums.Permission(0)])
    assert enums.codec.to_dict(made) == {"grants": ["none"], "level": "read,admin"}


@pytest.mark.parametrize(
    ("document", "path", "reason"),
    [
        ({"level": "read", "color": 1}, "$.color", "expected a Color string, got a number 1"),
        ({"level": 3}, "$.level", "expected a Permission string, got a number 3"),
        ({"level": ["read"]}, "$.level", "expected a Permission string, got an array"),
        (
            {"level": "read", "grants": ["read", 1]},
            "$.grants[1]",
            "expected a Permission string, got a number 1",
        ),
        ({"level": "read", "grants": "read"}, "$.grants", "expected an array, got a string 'read'"),
        ({}, "$", "required property 'level' is missing"),
        ({"level": None}, "$.level", "null is not allowed (the property is not nullable)"),
    ],
)
def test_enum_errors(enums: Any, document: dict[str, Any], path: str, reason: str) -> None:
    error = decode_error(enums, document, enums.Setting)
    assert (error.path, error.reason) == (path, reason)


def test_closed_enums_of_the_runtime(enums: Any) -> None:
    # CSDL enums are all open, so no generated reader calls the runtime's closed_enum; its copy in the
    # package is checked directly.
    runtime = importlib.import_module(f"{enums.__name__}._json")
    table = {member.value: member for member in enums.Color}
    assert runtime.closed_enum("red", "$", "color", table, "Color") is enums.Color.RED
    for raw, shown in (("purple", "a string 'purple'"), (1, "a number 1")):
        with pytest.raises(enums.DecodeError) as caught:
            runtime.closed_enum(raw, "$", "color", table, "Color")
        assert str(caught.value) == f"$.color: expected a Color value (one of: red, green, blue), got {shown}"
    read = importlib.import_module(f"{enums.__name__}._json_fields").closed_enum_reader(table, "Color")
    assert read("green", "$", "color") is enums.Color.GREEN


# --- inheritance, polymorphism, open types, unknown properties ----------------------------------------

TYPES = csdl("""
<ComplexType Name="Shape" Abstract="true">
  <Property Name="label" Type="Edm.String"/>
</ComplexType>
<ComplexType Name="Circle" BaseType="self.Shape">
  <Property Name="radius" Type="Edm.Double" Nullable="false"/>
</ComplexType>
<ComplexType Name="Square" BaseType="self.Shape">
  <Property Name="side" Type="Edm.Int32" Nullable="false"/>
</ComplexType>
<EntityType Name="Thing" Abstract="true">
  <Key><PropertyRef Name="id"/></Key>
  <Property Name="id" Type="Edm.String" Nullable="false"/>
</EntityType>
<EntityType Name="Person" BaseType="self.Thing">
  <Property Name="name" Type="Edm.String"/>
</EntityType>
<EntityType Name="Employee" BaseType="self.Person">
  <Property Name="badge" Type="Edm.Int32"/>
</EntityType>
<ComplexType Name="Drawing">
  <Property Name="shape" Type="self.Shape"/>
  <Property Name="shapes" Type="Collection(self.Shape)"/>
  <Property Name="owner" Type="self.Person"/>
  <Property Name="circle" Type="self.Circle"/>
</ComplexType>
<ComplexType Name="Bag" OpenType="true">
  <Property Name="name" Type="Edm.String"/>
</ComplexType>
<ComplexType Name="Dynamic" OpenType="true"/>
""")


@pytest.fixture(scope="module")
def types(features: Features) -> Any:
    return features.package("json_types", TYPES)


def test_derived_types_inherit_the_fields_of_their_bases(types: Any) -> None:
    assert issubclass(types.Circle, types.Shape) and issubclass(types.Employee, types.Person)
    assert issubclass(types.Person, types.Thing)
    names = [field.name for field in dataclasses.fields(types.Employee)]
    assert names[:1] == ["id"] and {"name", "badge", "additional_data", "explicit_nulls"} <= set(names)
    employee = round_trip(
        types, {"@odata.type": "#features.Employee", "id": "e1", "name": "Ada", "badge": 7}, types.Employee
    )
    assert (employee.id, employee.name, employee.badge) == ("e1", "Ada", 7)


def test_odata_type_picks_the_derived_class(types: Any) -> None:
    document: dict[str, Any] = {
        "shape": {"@odata.type": "#features.Circle", "label": "c", "radius": 1.5},
        "shapes": [
            {"@odata.type": "features.Square", "side": 2},  # without the leading '#'
            {"label": "plain"},
            {"@odata.type": "#features.Circle", "radius": 0},
        ],
        "owner": {"@odata.type": "#features.Employee", "id": "e1", "badge": 7},
    }
    drawing = types.codec.decode(document, types.Drawing)
    assert type(drawing.shape) is types.Circle and drawing.shape == types.Circle(label="c", radius=1.5)
    assert [type(item) for item in drawing.shapes] == [types.Square, types.Shape, types.Circle]
    assert type(drawing.owner) is types.Employee and drawing.owner.badge == 7
    # The dispatching reader drops the @odata.type it used; the writer puts it back, first, with its '#'.
    assert drawing.shape.additional_data == {}
    out = types.codec.to_dict(drawing)
    assert out["shapes"][0] == {"@odata.type": "#features.Square", "side": 2}
    assert list(out["shape"]) == ["@odata.type", "label", "radius"]
    square = {"@odata.type": "#features.Square", "side": 2}
    assert out == {
        **document,
        "shapes": [square, {"label": "plain"}, {"@odata.type": "#features.Circle", "radius": 0}],
    }
    assert types.codec.decode(types.codec.encode(drawing), types.Drawing) == drawing
    # decode itself dispatches: a Thing document naming Employee gives an Employee.
    thing = types.codec.decode({"@odata.type": "#features.Employee", "id": "e2"}, types.Thing)
    assert type(thing) is types.Employee and thing == types.Employee(id="e2")
    assert (
        type(types.codec.decode({"id": "p", "@odata.type": "#features.Person"}, types.Thing)) is types.Person
    )
    circle = types.codec.decode({"@odata.type": "#features.Circle", "radius": 2}, types.Shape)
    assert circle == types.Circle(radius=2.0)


def test_without_odata_type_the_declared_class_is_read(types: Any) -> None:
    assert types.codec.decode({"id": "t"}, types.Thing) == types.Thing(id="t")
    shape = types.codec.decode({"shape": {"label": "l"}}, types.Drawing).shape
    assert type(shape) is types.Shape and shape.label == "l"


@pytest.mark.parametrize(
    ("document", "cls", "path", "reason"),
    [
        (
            {"shape": {"@odata.type": "#features.Drawing"}},
            "Drawing",
            "$.shape",
            "@odata.type '#features.Drawing' is not Shape or derived from it",
        ),
        (
            {"shapes": [{"label": "a"}, {"@odata.type": "#features.Bag"}]},
            "Drawing",
            "$.shapes[1]",
            "@odata.type '#features.Bag' is not Shape or derived from it",
        ),
        (
            {"owner": {"@odata.type": "#features.Circle", "id": "x"}},
            "Drawing",
            "$.owner",
            "@odata.type '#features.Circle' is not Person or derived from it",
        ),
        (
            {"circle": {"@odata.type": "#features.Square", "radius": 1}},
            "Drawing",
            "$.circle",
            "@odata.type '#features.Square' is not Circle or derived from it",
        ),
        # A base type is not a derived one.
        (
            {"@odata.type": "#features.Thing", "id": "x"},
            "Person",
            "$",
            "@odata.type '#features.Thing' is not Person or derived from it",
        ),
        (
            {"@odata.type": "#features.Person", "id": "x"},
            "Employee",
            "$",
            "@odata.type '#features.Person' is not Employee or derived from it",
        ),
        (
            {"@odata.type": "features.Circle"},
            "Bag",
            "$",
            "@odata.type 'features.Circle' is not Bag or derived from it",
        ),
        # Not a string.
        (
            {"shape": {"@odata.type": 5}},
            "Drawing",
            "$.shape.@odata.type",
            "expected a type name, got a number 5",
        ),
        (
            {"shape": {"@odata.type": None}},
            "Drawing",
            "$.shape.@odata.type",
            "expected a type name, got null",
        ),
        (
            {"circle": {"@odata.type": ["#features.Circle"], "radius": 1}},
            "Drawing",
            "$.circle.@odata.type",
            "expected a type name, got an array",
        ),
        ({"@odata.type": True, "name": "b"}, "Bag", "$.@odata.type", "expected a type name, got a boolean"),
        # Required fields of the derived class.
        (
            {"shape": {"@odata.type": "#features.Circle"}},
            "Drawing",
            "$.shape",
            "required property 'radius' is missing",
        ),
        ({"shape": 5}, "Drawing", "$.shape", "expected an object (Shape), got a number"),
    ],
)
def test_odata_type_errors(types: Any, document: dict[str, Any], cls: str, path: str, reason: str) -> None:
    error = decode_error(types, document, getattr(types, cls))
    assert (error.path, error.reason) == (path, reason)


def test_odata_type_of_a_type_the_package_lacks_is_kept(types: Any) -> None:
    # A newer service's type: read as the declared class, the annotation kept and written back.
    document = {"shape": {"@odata.type": "#other.Hexagon", "label": "h", "corners": 6}}
    drawing = round_trip(types, document, types.Drawing)
    assert type(drawing.shape) is types.Shape
    assert drawing.shape.additional_data == {"@odata.type": "#other.Hexagon", "corners": 6}


def test_odata_type_naming_the_declared_class(types: Any) -> None:
    # A type without a base keeps it as read (written back as it came) ...
    bag = round_trip(types, {"@odata.type": "#features.Bag", "name": "b"}, types.Bag)
    assert bag.additional_data == {"@odata.type": "#features.Bag"}
    # ... a derived type drops it: it is written again only where the declared type needs it.
    drawing = types.codec.decode({"circle": {"@odata.type": "#features.Circle", "radius": 1}}, types.Drawing)
    assert drawing.circle.additional_data == {}
    assert types.codec.to_dict(drawing) == {"circle": {"radius": 1.0}}
    # An @odata.type already held is written once, where annotations go.
    held = types.Circle(radius=1.0, additional_data={"@odata.type": "#features.Circle"})
    out = types.codec.to_dict(types.Drawing(shape=held))
    assert (
        list(out["shape"]) == ["@odata.type", "radius"] and out["shape"]["@odata.type"] == "#features.Circle"
    )


def test_odata_type_is_written_where_a_reader_needs_it(types: Any) -> None:
    # A derived value in a property of its base type.
    out = types.codec.to_dict(types.Drawing(owner=types.Employee(id="e"), circle=types.Circle(radius=1.0)))
    assert out == {"owner": {"@odata.type": "#features.Employee", "id": "e"}, "circle": {"radius": 1.0}}
    assert types.codec.to_dict(types.Drawing(owner=types.Person(id="p"))) == {"owner": {"id": "p"}}
    # At the top: Employee's base (Person) is concrete, so a reader of Person could not tell them apart.
    assert types.codec.to_dict(types.Employee(id="e")) == {"@odata.type": "#features.Employee", "id": "e"}
    assert types.codec.encode(types.Employee(id="e")) == b'{"@odata.type":"#features.Employee","id":"e"}'
    # Person's and Circle's bases are abstract: their class is the only one a reader of the base may build.
    assert types.codec.to_dict(types.Person(id="p")) == {"id": "p"}
    assert types.codec.to_dict(types.Circle(radius=2.0)) == {"radius": 2.0}
    # What encode writes, decode reads back to the same class.
    for value in (types.Employee(id="e", badge=1), types.Person(id="p")):
        assert types.codec.decode(types.codec.encode(value), types.Person) == value


def test_a_value_that_is_not_a_model_cannot_be_written_in_a_polymorphic_property(types: Any) -> None:
    error = encode_error(types, types.Drawing(shape=object()))
    assert (error.path, error.reason) == ("$.shape", "object is not a model of this package")


def test_unknown_properties_and_annotations_are_kept_and_written_back_annotations_first(types: Any) -> None:
    document = {
        "name": "b",
        "color": "red",
        "size@odata.type": "#Int64",
        "size": 5,
        "nested": {"deep": [1, {"x": None}]},
        "@odata.context": "https://example.com/$metadata#bags/$entity",
        "@odata.etag": 'W/"1"',
    }
    bag = types.codec.decode(document, types.Bag)
    assert bag.name == "b"
    assert bag.additional_data == {key: value for key, value in document.items() if key != "name"}
    out = types.codec.to_dict(bag)
    assert out == document
    assert list(out) == [
        "@odata.context",
        "@odata.etag",
        "name",
        "color",
        "size@odata.type",
        "size",
        "nested",
    ]
    made = types.Bag(name="n", additional_data={"later": 1, "@odata.id": "bags('n')"})
    assert list(types.codec.to_dict(made)) == ["@odata.id", "name", "later"]


def test_an_open_type_without_declared_properties_keeps_everything(types: Any) -> None:
    assert [field.name for field in dataclasses.fields(types.Dynamic)] == [
        "additional_data",
        "explicit_nulls",
    ]
    document = {"@odata.type": "#features.Dynamic", "a": 1, "b": None, "c": {"d": ["e"]}}
    dynamic = round_trip(types, document, types.Dynamic)
    assert dynamic.additional_data == document and dynamic.explicit_nulls == frozenset()
    assert round_trip(types, {}, types.Dynamic) == types.Dynamic()
    assert str(decode_error(types, b"[]", types.Dynamic)) == "$: expected an object (Dynamic), got an array"


def test_a_type_that_is_not_open_keeps_unknown_properties_too(types: Any) -> None:
    # A property newer than the schema, in a closed type and in a derived one.
    circle = round_trip(
        types, {"shape": {"@odata.type": "#features.Circle", "radius": 1.0, "area": 3.14}}, types.Drawing
    )
    assert circle.shape.additional_data == {"area": 3.14}
    person = round_trip(types, {"id": "p", "email": "p@example.com", "@odata.etag": "x"}, types.Person)
    assert person.additional_data == {"email": "p@example.com", "@odata.etag": "x"}


def test_decoding_a_parsed_document_leaves_it_unchanged(types: Any) -> None:
    document = {"shape": {"@odata.type": "#features.Circle", "radius": 1.0}, "other": [1]}
    snapshot = json.loads(json.dumps(document))
    types.codec.decode(document, types.Drawing)
    assert document == snapshot


# --- navigation properties, collection responses, operations --------------------------------------------

SERVICE = csdl(
    """
<EntityType Name="Folder">
  <Key><PropertyRef Name="id"/></Key>
  <Property Name="id" Type="Edm.String" Nullable="false"/>
  <Property Name="name" Type="Edm.String"/>
  <NavigationProperty Name="children" Type="Collection(self.Folder)" ContainsTarget="true"/>
  <NavigationProperty Name="parent" Type="self.Folder"/>
  <NavigationProperty Name="notes" Type="Collection(self.Note)"/>
</EntityType>
<EntityType Name="Note">
  <Key><PropertyRef Name="id"/></Key>
  <Property Name="id" Type="Edm.String" Nullable="false"/>
</EntityType>
<Action Name="move" IsBound="true">
  <Parameter Name="bindingParameter" Type="self.Folder"/>
  <Parameter Name="destinationId" Type="Edm.String" Nullable="false"/>
  <Parameter Name="keepCopy" Type="Edm.Boolean"/>
  <Parameter Name="labels" Type="Collection(Edm.String)" Nullable="false"/>
  <ReturnType Type="self.Folder"/>
</Action>
<Function Name="tags" IsBound="true">
  <Parameter Name="bindingParameter" Type="self.Folder"/>
  <ReturnType Type="Collection(Edm.String)"/>
</Function>
<Function Name="size" IsBound="true">
  <Parameter Name="bindingParameter" Type="self.Folder"/>
  <ReturnType Type="Edm.Int64"/>
</Function>
""",
    container='<EntitySet Name="folders" EntityType="self.Folder"/>',
)


@pytest.fixture(scope="module")
def service(features: Features) -> Any:
    return features.package("json_service", SERVICE)


def test_navigation_properties_nest_entities(service: Any) -> None:
    document = {
        "id": "root",
        "children": [{"id": "a", "children": []}, {"id": "b", "parent": {"id": "root"}}],
        "parent": None,
        "notes": [{"id": "n1"}],
    }
    folder = round_trip(service, document, service.Folder)
    assert folder.children == [
        service.Folder(id="a", children=[]),
        service.Folder(id="b", parent=service.Folder(id="root")),
    ]
    assert folder.notes == [service.Note(id="n1")]
    assert folder.parent is None and folder.explicit_nulls == frozenset({"parent"})
    error = decode_error(
        service, {"id": "r", "children": [{"id": "a"}, {"id": "b", "children": [{}]}]}, service.Folder
    )
    assert str(error) == "$.children[1].children[0]: required property 'id' is missing"


def test_entity_sets_and_collection_navigation_get_collection_responses(service: Any) -> None:
    # For the entity set (and the contained children) and for the non-contained collection of notes.
    assert {field.name for field in dataclasses.fields(service.FolderCollectionResponse)} == {
        "value",
        "additional_data",
        "explicit_nulls",
    }
    assert service.codec.decode({"value": []}, service.NoteCollectionResponse).value == []
    document = {
        "@odata.context": "https://example.com/$metadata#folders",
        "@odata.count": 2,
        "value": [{"id": "a", "name": "A"}, {"id": "b", "children": [{"id": "c"}]}],
        "@odata.nextLink": "https://example.com/folders?$skiptoken=2",
    }
    page = service.codec.decode(document, service.FolderCollectionResponse)
    assert [folder.id for folder in page.value] == ["a", "b"]
    assert page.value[1].children == [service.Folder(id="c")]
    assert page.additional_data == {
        "@odata.context": "https://example.com/$metadata#folders",
        "@odata.count": 2,
        "@odata.nextLink": "https://example.com/folders?$skiptoken=2",
    }
    out = service.codec.to_dict(page)
    assert out == document
    assert list(out) == ["@odata.context", "@odata.count", "@odata.nextLink", "value"]


@pytest.mark.parametrize(
    ("document", "path", "reason"),
    [
        ({}, "$", "required property 'value' is missing"),
        ({"value": None}, "$.value", "null is not allowed (the property is not nullable)"),
        ({"value": {"id": "a"}}, "$.value", "expected an array, got an object"),
        ({"value": [{"id": "a"}, {"name": "b"}]}, "$.value[1]", "required property 'id' is missing"),
        (
            {"value": [{"id": "a", "children": [{"id": "c"}, {"id": 5}]}]},
            "$.value[0].children[1].id",
            "expected a string, got a number 5",
        ),
        (
            {"value": [{"id": "a", "parent": []}]},
            "$.value[0].parent",
            "expected an object (Folder), got an array",
        ),
    ],
)
def test_collection_response_errors(service: Any, document: dict[str, Any], path: str, reason: str) -> None:
    error = decode_error(service, document, service.FolderCollectionResponse)
    assert (error.path, error.reason) == (path, reason)


def test_a_bound_action_with_parameters_has_a_request_model(service: Any) -> None:
    # The binding parameter is the entity in the URL, not part of the body.
    names = [field.name for field in dataclasses.fields(service.MoveRequest)]
    assert names == ["destination_id", "keep_copy", "labels", "additional_data", "explicit_nulls"]
    request = round_trip(
        service, {"destinationId": "d", "keepCopy": True, "labels": ["x"]}, service.MoveRequest
    )
    assert request == service.MoveRequest(destination_id="d", keep_copy=True, labels=["x"])
    assert service.codec.encode(service.MoveRequest(destination_id="d", labels=[])) == (
        b'{"destinationId":"d","labels":[]}'
    )
    assert str(decode_error(service, {"labels": []}, service.MoveRequest)) == (
        "$: required property 'destinationId' is missing"
    )
    assert str(decode_error(service, {"destinationId": "d", "labels": None}, service.MoveRequest)) == (
        "$.labels: null is not allowed (the property is not nullable)"
    )
    assert str(decode_error(service, {"destinationId": "d"}, service.MoveRequest)) == (
        "$: required property 'labels' is missing"
    )
    # An action returning an entity answers with the entity itself: there is no response model.
    assert not hasattr(service, "MoveResponse")


def test_a_function_returning_a_primitive_collection_has_a_response_with_value(service: Any) -> None:
    response = round_trip(service, {"value": ["a", "b"]}, service.TagsResponse)
    assert response == service.TagsResponse(value=["a", "b"])
    with_context = round_trip(service, {"@odata.context": "c", "value": []}, service.TagsResponse)
    assert with_context.additional_data == {"@odata.context": "c"}
    assert str(decode_error(service, {"value": "a"}, service.TagsResponse)) == (
        "$.value: expected an array, got a string 'a'"
    )
    # The ReturnType says no Nullable: the collection may hold nulls.
    assert round_trip(service, {"value": ["a", None]}, service.TagsResponse).value == ["a", None]
    assert str(decode_error(service, {"value": ["a", 1]}, service.TagsResponse)) == (
        "$.value[1]: expected a string or null, got a number 1"
    )
    assert str(encode_error(service, service.TagsResponse(value=None))) == "$.value: is required but is None"


def test_a_function_returning_a_nullable_primitive_has_a_required_nullable_value(service: Any) -> None:
    assert round_trip(service, {"value": 42}, service.SizeResponse).value == 42
    assert service.codec.decode({"value": "42"}, service.SizeResponse).value == 42  # Int64 as a string
    null = round_trip(service, {"value": None}, service.SizeResponse)
    assert null.value is None and null.explicit_nulls == frozenset({"value"})
    assert str(decode_error(service, {}, service.SizeResponse)) == "$: required property 'value' is missing"


def test_a_required_nullable_property_set_to_none_is_written_as_null(service: Any) -> None:
    data = service.codec.encode(service.SizeResponse(value=None))
    assert json.loads(data) == {"value": None}
    assert service.codec.decode(data, service.SizeResponse).value is None


# --- defaults ---------------------------------------------------------------------------------------------

DEFAULTS = csdl("""
<EnumType Name="Color"><Member Name="red"/><Member Name="green"/></EnumType>
<ComplexType Name="Options">
  <Property Name="title" Type="Edm.String" DefaultValue="untitled"/>
  <Property Name="limit" Type="Edm.Int32" DefaultValue="10"/>
  <Property Name="enabled" Type="Edm.Boolean" Nullable="false" DefaultValue="true"/>
  <Property Name="color" Type="self.Color" DefaultValue="green"/>
  <Property Name="price" Type="Edm.Decimal" DefaultValue="9.99"/>
  <Property Name="ratio" Type="Edm.Double" DefaultValue="0.5"/>
  <Property Name="wait" Type="Edm.Duration" DefaultValue="PT1H30M"/>
</ComplexType>
<ComplexType Name="Moments">
  <Property Name="start" Type="Edm.Date" DefaultValue="2024-01-31"/>
  <Property Name="at" Type="Edm.DateTimeOffset" DefaultValue="2024-01-31T10:00:00Z"/>
  <Property Name="clock" Type="Edm.TimeOfDay" DefaultValue="08:30:00"/>
  <Property Name="key" Type="Edm.Guid" DefaultValue="0f8fad5b-d9cb-469f-a165-70867728950e"/>
  <Property Name="blob" Type="Edm.Binary" DefaultValue="AQID"/>
  <Property Name="limit" Type="Edm.Double" DefaultValue="INF"/>
</ComplexType>
""")


@pytest.fixture(scope="module")
def defaults(features: Features) -> Any:
    return features.package("json_defaults", DEFAULTS)


def test_default_values_are_the_dataclass_defaults(defaults: Any) -> None:
    options = defaults.Options()
    assert options.title == "untitled" and options.limit == 10 and options.enabled is True
    assert options.color is defaults.Color.GREEN
    assert options.price == decimal.Decimal("9.99") and type(options.price) is decimal.Decimal
    assert options.ratio == 0.5
    assert options.wait == datetime.timedelta(hours=1, minutes=30)
    assert json.loads(defaults.codec.encode(options)) == {
        "title": "untitled",
        "limit": 10,
        "enabled": True,
        "color": "green",
        "price": 9.99,
        "ratio": 0.5,
        "wait": "PT1H30M",
    }
    assert defaults.codec.decode(defaults.codec.encode(options), defaults.Options) == options


def test_a_decoded_document_holds_what_it_says_not_the_defaults(defaults: Any) -> None:
    # Absent stays absent (None), so that writing the value back gives the same document.
    options = round_trip(defaults, {"enabled": False, "limit": 3}, defaults.Options)
    assert (options.enabled, options.limit, options.title, options.color) == (False, 3, None, None)
    nulls = round_trip(defaults, {"enabled": True, "title": None}, defaults.Options)
    assert nulls.title is None and nulls.explicit_nulls == frozenset({"title"})


def test_defaults_of_other_primitive_types(defaults: Any) -> None:
    moments = defaults.Moments()
    assert moments.start == datetime.date(2024, 1, 31)
    assert moments.at == datetime.datetime(2024, 1, 31, 10, tzinfo=datetime.UTC)
    assert moments.clock == datetime.time(8, 30)
    assert moments.key == uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
    assert moments.blob == b"\x01\x02\x03" and moments.limit == math.inf
    assert defaults.codec.to_dict(moments) == {
        "start": "2024-01-31",
        "at": "2024-01-31T10:00:00Z",
        "clock": "08:30:00",
        "key": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "blob": "AQID",
        "limit": "INF",
    }
    assert defaults.codec.decode(defaults.codec.encode(moments), defaults.Moments) == moments


# --- readers construct objects: a customised models template -------------------------------------------

EXTRAS = csdl("""
<ComplexType Name="Base" Abstract="true">
  <Property Name="id" Type="Edm.String" Nullable="false"/>
</ComplexType>
<ComplexType Name="Leaf" BaseType="self.Base">
  <Property Name="size" Type="Edm.Int32"/>
</ComplexType>
<ComplexType Name="Holder">
  <Property Name="item" Type="self.Base"/>
  <Property Name="items" Type="Collection(self.Leaf)"/>
</ComplexType>
""")

EXTRAS_TEMPLATE = """{% extends "sodagen/models/module.py.jinja" %}
{% block json_extras %}
{{ super() }}
    origin: str = "wire"
{% endblock %}
{% block body %}
{{ super() }}
{% if model.py_name == "Holder" %}

    def __post_init__(self) -> None:
        self.origin = self.origin.upper()
{% endif %}
{% endblock %}
"""


@pytest.fixture(scope="module")
def extras(features: Features, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("json_templates")
    (folder / "models").mkdir()
    (folder / "models" / "module.py.jinja").write_text(EXTRAS_TEMPLATE, encoding="utf-8")
    return features.package("json_extras", EXTRAS, templates=folder)


def test_readers_build_objects_through_the_constructor(extras: Any) -> None:
    # A slotted dataclass built without __init__ would have no `origin` at all (AttributeError).
    document = {"item": {"@odata.type": "#features.Leaf", "id": "a", "size": 3}, "items": [{"id": "b"}]}
    holder = extras.codec.decode(document, extras.Holder)
    # Holder's __post_init__ ran.
    assert holder.origin == "WIRE" and holder.item.origin == "wire" and holder.items[0].origin == "wire"
    assert holder == extras.Holder(item=extras.Leaf(id="a", size=3), items=[extras.Leaf(id="b")])
    assert repr(holder).startswith("Holder(item=Leaf(id='a', ") and "origin='WIRE'" in repr(holder)
    assert holder != dataclasses.replace(holder, origin="python")
    # The added field is not a schema property: it is not written.
    assert extras.codec.to_dict(holder) == document
    assert [field.name for field in dataclasses.fields(extras.Holder)][-1] == "origin"


# --- the codec's API ------------------------------------------------------------------------------------


def test_decode_takes_the_document_first(primitives: Any) -> None:
    with pytest.raises(
        TypeError, match=r"^decode takes the document first, then the class: decode\(data, cls\)$"
    ):
        primitives.codec.decode(primitives.Values, b"{}")


def test_decode_of_a_class_from_elsewhere_is_a_type_error(primitives: Any, nullability: Any) -> None:
    with pytest.raises(TypeError, match=r"Part'> is not a model of this package$"):
        primitives.codec.decode(b"{}", nullability.Part)
    with pytest.raises(TypeError, match=r"^<class 'dict'> is not a model of this package$"):
        primitives.codec.decode(b"{}", dict)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{", "malformed JSON: unexpected end of data"),
        (b'{"text": "a",}', "malformed JSON: "),
        (b"", "malformed JSON: "),
        (b"\xff", "malformed JSON: "),
        ("{'text': 'a'}", "malformed JSON: "),
        (b'{"text": NaN}', "malformed JSON: "),
    ],
)
def test_malformed_json_is_a_decode_error(primitives: Any, data: bytes | str, reason: str) -> None:
    error = decode_error(primitives, data, primitives.Values)
    assert error.path == "$" and error.reason.startswith(reason)


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ('{"text": "a"}'.encode("utf-16"), "invalid start byte at byte 0"),
        ('{"text": "caf\xe9"}'.encode("latin-1"), "invalid continuation byte at byte 13"),
        (b'{"text": "\xed\xa0\x80"}', "invalid continuation byte at byte 10"),
    ],
    ids=["utf-16", "latin-1", "surrogate-bytes"],
)
def test_bytes_that_are_not_utf8_say_so(primitives: Any, data: bytes, where: str) -> None:
    error = decode_error(primitives, data, primitives.Values)
    assert error.reason == f"malformed JSON: the document is not UTF-8 ({where}); JSON is UTF-8 (RFC 8259)"


@pytest.mark.parametrize("data", [b'\xef\xbb\xbf{"text": "a"}', '\ufeff{"text": "a"}'])
def test_a_byte_order_mark_before_the_document_is_ignored(primitives: Any, data: bytes | str) -> None:
    assert primitives.codec.decode(data, primitives.Values).text == "a"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'\xef\xbb\xbf\xef\xbb\xbf{"text": "a"}', "malformed JSON after its byte order mark: "),
        ('\ufeff\ufeff{"text": "a"}', "malformed JSON after its byte order mark: "),
        (b"\xef\xbb\xbf", "malformed JSON after its byte order mark: "),
        (b'{"text": "a"}\xef\xbb\xbf', "malformed JSON: unexpected content after document"),
    ],
)
def test_a_second_or_a_trailing_byte_order_mark_is_malformed_json(
    primitives: Any, data: bytes | str, reason: str
) -> None:
    error = decode_error(primitives, data, primitives.Values)
    assert error.path == "$" and error.reason.startswith(reason)


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (b"[]", "an array"),
        (b'"x"', "a string"),
        (b"5", "a number"),
        (b"null", "null"),
        (b"true", "a boolean"),
    ],
)
def test_a_document_that_is_not_an_object(primitives: Any, data: bytes, shown: str) -> None:
    error = decode_error(primitives, data, primitives.Values)
    assert (error.path, error.reason) == ("$", f"expected an object (Values), got {shown}")


def test_nesting_deeper_than_what_can_be_written_back_is_refused(primitives: Any) -> None:
    """orjson reads 1,024 levels but writes 254: a document read is one that can be written back, with
    room for a response that wraps it. The object itself is one level: 199 arrays in it make 200."""
    allowed = b'{"anything": ' + b"[" * 199 + b"]" * 199 + b"}"
    value = primitives.codec.decode(allowed, primitives.Values)
    assert primitives.codec.encode(value) == allowed.replace(b" ", b"")
    arrays = b'{"anything": ' + b"[" * 200 + b"]" * 200 + b"}"
    objects = b'{"a": ' + b'{"a": ' * 300 + b"1" + b"}" * 301
    for text in (arrays, objects):
        error = decode_error(primitives, text, primitives.Values)
        assert (error.path, error.reason) == ("$", "the document nests deeper than 200 levels")
    # Brackets in strings are not nesting: a document of many is read (and walked once), one at the root
    # is not walked at all.
    error = decode_error(primitives, json.dumps("[{" * 300), primitives.Values)
    assert error.reason.startswith("expected an object (Values), got a string")
    wide = {"anything": ["[{" * 300, [[1]] * 300]}
    assert primitives.codec.decode(json.dumps(wide), primitives.Values).anything == wide["anything"]
    error = decode_error(primitives, b"[" * 5000 + b"]" * 5000, primitives.Values)
    assert error.path == "$" and error.reason.startswith("malformed JSON: depth limit exceeded")


def test_input_that_is_not_json_text_is_a_decode_error(primitives: Any) -> None:
    with pytest.raises(primitives.DecodeError) as caught:
        primitives.codec.decode(12, primitives.Values)
    assert caught.value.path == "$"


@pytest.mark.parametrize("value", [5, "text", {"text": "a"}, None])
def test_encoding_a_non_model_is_an_encode_error(primitives: Any, value: object) -> None:
    error = encode_error(primitives, value)
    assert (error.path, error.reason) == ("$", f"{type(value).__name__} is not a model of this package")
    with pytest.raises(primitives.EncodeError, match="is not a model of this package"):
        primitives.codec.to_dict(value)


def test_a_model_of_another_package_is_not_a_model_of_this_one(primitives: Any, nullability: Any) -> None:
    error = encode_error(primitives, nullability.Part(name="p"))
    assert (error.path, error.reason) == ("$", "Part is not a model of this package")


def test_values_json_cannot_hold_are_encode_errors(primitives: Any) -> None:
    error = encode_error(primitives, primitives.Values(additional_data={"x": object()}))
    assert error.path == "$" and error.reason.startswith("cannot write as JSON: ")
    deep: list[Any] = []
    cursor = deep
    for _ in range(1100):
        cursor.append([])
        cursor = cursor[0]
    error = encode_error(primitives, primitives.Values(anything=deep))
    assert error.path == "$" and error.reason.startswith("cannot write as JSON: ")


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_a_decimal_json_cannot_carry_is_named_in_the_encode_error(primitives: Any, text: str) -> None:
    error = encode_error(primitives, primitives.Values(amount=decimal.Decimal(text)))
    assert f"{decimal.Decimal(text)} is not an Edm.Decimal" in str(error)


def test_errors_are_value_errors_with_path_and_reason(primitives: Any) -> None:
    assert issubclass(primitives.DecodeError, ValueError) and issubclass(primitives.EncodeError, ValueError)
    assert primitives.DecodeError is primitives.codec.DecodeError
    error = decode_error(primitives, {"number": "x"}, primitives.Values)
    assert (
        str(error) == f"{error.path}: {error.reason}" == "$.number: expected an Edm.Int32, got a string 'x'"
    )

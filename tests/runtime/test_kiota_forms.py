"""What the official msgraph-sdk writes, type by type, read by the JSON runtime (issue 12 item 7).

Each value is written by Kiota's own `JsonSerializationWriter` (kiota-serialization-json, what the
msgraph-sdk for Python sends), then read back with the runtime function the codec uses for that EDM type.
Kiota's forms: `datetime.isoformat()`, `str(date)`, `str(time)`, `str(timedelta)`, `str(UUID)`, standard
base64, floats for Edm.Double, Edm.Single and Edm.Decimal (Kiota has no decimal type), ints, enum values."""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime import _json as _j
from generator.runtime.errors import DecodeError
from tests.strategies import AWARE_DATETIMES, FEW

serialization = pytest.importorskip(
    "kiota_serialization_json.json_serialization_writer",
    reason="kiota-serialization-json (with msgraph-sdk) is not installed: pip install -e '.[test]'",
)

UTC = datetime.UTC


class Availability(enum.Enum):
    """Like the msgraph-sdk's enums: members whose value is the wire name."""

    BUSY = "Busy"
    AWAY = "Away"


Availabilities = {member.value: member for member in Availability}


def kiota(method: str, value: object) -> object:
    """`value` as Kiota's writer puts it on the wire (`write_<kind>_value`), then parsed as the stub does."""
    writer = serialization.JsonSerializationWriter()
    getattr(writer, f"write_{method}_value")("v", value)
    data = _j.loads(writer.get_serialized_content())
    assert isinstance(data, dict)
    return data["v"]


def read(function: Callable[..., Any], *args: Any) -> Callable[[object], Any]:
    return lambda raw: function(raw, "$", "v", *args)


FORMS: list[tuple[str, str, object, Callable[[object], Any], object]] = [
    # (EDM type, Kiota writer, value, runtime reader, raw form Kiota writes)
    ("Edm.DateTimeOffset", "datetime", datetime.datetime(2024, 5, 1, 8, tzinfo=UTC),
     read(_j.date_time_offset), "2024-05-01T08:00:00+00:00"),
    ("Edm.DateTimeOffset", "datetime", datetime.datetime(2024, 5, 1, 8, 0, 0, 123456, tzinfo=UTC),
     read(_j.date_time_offset), "2024-05-01T08:00:00.123456+00:00"),
    ("Edm.DateTimeOffset", "datetime",
     datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))),
     read(_j.date_time_offset), "2024-05-01T10:00:00-05:30"),
    ("Edm.Date", "date", datetime.date(2024, 2, 29), read(_j.date), "2024-02-29"),
    ("Edm.TimeOfDay", "time", datetime.time(8, 30), read(_j.time_of_day), "08:30:00"),
    ("Edm.TimeOfDay", "time", datetime.time(8, 30, 0, 5), read(_j.time_of_day), "08:30:00.000005"),
    ("Edm.Duration", "timedelta", datetime.timedelta(hours=8), read(_j.duration), "8:00:00"),
    ("Edm.Duration", "timedelta", datetime.timedelta(days=1, hours=2, minutes=3, seconds=4.5),
     read(_j.duration), "1 day, 2:03:04.500000"),
    ("Edm.Duration", "timedelta", -datetime.timedelta(seconds=30), read(_j.duration), "-1 day, 23:59:30"),
    ("Edm.Guid", "uuid", uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e"), read(_j.guid),
     "0f8fad5b-d9cb-469f-a165-70867728950e"),
    ("Edm.Binary", "bytes", b"\xfb\xff\xbf", read(_j.binary), "+/+/"),  # standard base64, not base64url
    ("Edm.Binary", "bytes", b"\x00", read(_j.binary), "AA=="),
    ("Edm.Double", "float", 1.5, read(_j.double), 1.5),
    ("Edm.Double", "float", 3, read(_j.double), 3.0),  # Kiota writes ints given for floats as floats
    ("Edm.Single", "float", 0.25, read(_j.double, "Edm.Single"), 0.25),
    ("Edm.Decimal", "float", 12.75, read(_j.decimal_value), 12.75),  # Kiota types Edm.Decimal as float
    ("Edm.Int32", "int", -(2**31), read(_j.integer, "Edm.Int32", -(2**31), 2**31 - 1), -(2**31)),
    ("Edm.Int64", "int", 2**62, read(_j.integer, "Edm.Int64", -(2**63), 2**63 - 1), 2**62),
    ("Edm.Byte", "int", 255, read(_j.integer, "Edm.Byte", 0, 255), 255),
    ("enum", "enum", Availability.BUSY, read(_j.closed_enum, Availabilities, "availability"), "Busy"),
    ("flags", "enum", Availability.AWAY, read(_j.flags, Availabilities, "availability"), "Away"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("edm", "method", "value", "reader", "raw"),
    FORMS,
    ids=[f"{edm}-{raw}" for edm, _, _, _, raw in FORMS],
)
def test_what_kiota_writes_is_read(
    edm: str, method: str, value: object, reader: Callable[[object], Any], raw: object
) -> None:
    written = kiota(method, value)
    assert written == raw
    got = reader(written)
    assert got == value and isinstance(got, PYTHON_TYPES[edm])


PYTHON_TYPES: dict[str, type] = {
    "Edm.DateTimeOffset": datetime.datetime,
    "Edm.Date": datetime.date,
    "Edm.TimeOfDay": datetime.time,
    "Edm.Duration": datetime.timedelta,
    "Edm.Guid": uuid.UUID,
    "Edm.Binary": bytes,
    "Edm.Double": float,
    "Edm.Single": float,
    "Edm.Decimal": decimal.Decimal,
    "Edm.Int32": int,
    "Edm.Int64": int,
    "Edm.Byte": int,
    "enum": Availability,
    "flags": Availability,
}


@FEW
@given(AWARE_DATETIMES)
def test_every_aware_datetime_kiota_writes_is_read(value: datetime.datetime) -> None:
    assert _j.date_time_offset(kiota("datetime", value), "$", "v") == value


@FEW
@given(st.timedeltas())
def test_every_timedelta_kiota_writes_is_read(value: datetime.timedelta) -> None:
    assert _j.duration(kiota("timedelta", value), "$", "v") == value


@FEW
@given(st.times())
def test_every_time_kiota_writes_is_read(value: datetime.time) -> None:
    assert _j.time_of_day(kiota("time", value), "$", "v") == value


@FEW
@given(st.binary(max_size=40))
def test_every_byte_string_kiota_writes_is_read(value: bytes) -> None:
    assert _j.binary(kiota("bytes", value), "$", "v") == value


@pytest.mark.xfail(
    strict=True,
    reason="Kiota writes a naive datetime without an offset; the runtime keeps Edm.DateTimeOffset strict "
    "(an offset is required). Reported, not decided here: see the note of issue 12 item 7.",
)
def test_a_naive_datetime_kiota_writes() -> None:
    written = kiota("datetime", datetime.datetime(2024, 5, 1, 8))
    assert written == "2024-05-01T08:00:00"
    assert _j.date_time_offset(written, "$", "v") == datetime.datetime(2024, 5, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_floats_kiota_writes_are_malformed_json(value: float) -> None:
    """Kiota writes them with `json.dumps`, as the bare tokens `NaN`/`Infinity` JSON does not have (OData
    wants the strings "NaN", "INF", "-INF", which the runtime reads): a clean 400, not a crash."""
    writer = serialization.JsonSerializationWriter()
    writer.write_float_value("v", value)
    with pytest.raises(DecodeError, match="malformed JSON"):
        _j.loads(writer.get_serialized_content())

"""Durations as clients send them (issue 12 item 7): `parse_duration` (`generator/runtime/_datetime.py`)
reads ISO 8601, the .NET TimeSpan form (`[-][d.]hh:mm:ss[.fffffff]`) and Python's `str(timedelta)` (what
Kiota's Python writer sends); `duration_text` always writes ISO 8601. Both codec runtimes read through it."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime import _json as _j
from generator.runtime._datetime import YearsOrMonths, duration_text, parse_duration
from generator.runtime.errors import DecodeError
from tests.strategies import FEW

TimeDelta = datetime.timedelta


def dotnet_timespan(value: TimeDelta) -> str:
    """What .NET's `TimeSpan.ToString()` ("c" format) writes: `[-][d.]hh:mm:ss[.fffffff]`."""
    sign = "-" if value < TimeDelta(0) else ""
    magnitude = abs(value)
    hours, rest = divmod(magnitude.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    days = f"{magnitude.days}." if magnitude.days else ""
    fraction = f".{magnitude.microseconds:06d}0" if magnitude.microseconds else ""
    return f"{sign}{days}{hours:02d}:{minutes:02d}:{seconds:02d}{fraction}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # .NET TimeSpan, as the msgraph-sdk for .NET (and Graph's own docs) write it
        ("8:00:00", TimeDelta(hours=8)),
        ("08:00:00", TimeDelta(hours=8)),
        ("00:00:00", TimeDelta(0)),
        ("1.02:03:04.5", TimeDelta(days=1, hours=2, minutes=3, seconds=4, milliseconds=500)),
        ("-00:00:30", -TimeDelta(seconds=30)),
        ("-1.00:00:00", -TimeDelta(days=1)),
        ("00:00:00.1234567", TimeDelta(microseconds=123456)),  # the 7th digit (100 ns) has no place
        ("23:59:59.9999999", TimeDelta(hours=23, minutes=59, seconds=59, microseconds=999999)),
        ("10675199.02:48:05.4775807", TimeDelta(days=10675199, seconds=10085, microseconds=477580)),
        # Python's str(timedelta), as Kiota's Python writer (msgraph-sdk for Python) sends it
        ("0:00:30", TimeDelta(seconds=30)),
        ("1 day, 2:03:04.500000", TimeDelta(days=1, hours=2, minutes=3, seconds=4, milliseconds=500)),
        ("2 days, 0:00:00", TimeDelta(days=2)),
        ("-1 day, 23:59:30", -TimeDelta(seconds=30)),
        ("-3 days, 12:00:00", -TimeDelta(days=2, hours=12)),
        # ISO 8601, as before
        ("PT8H", TimeDelta(hours=8)),
        ("-P1DT2H", -TimeDelta(days=1, hours=2)),
        ("PT0.5S", TimeDelta(milliseconds=500)),
    ],
)
def test_duration_forms_are_read(text: str, expected: TimeDelta) -> None:
    assert parse_duration(text) == expected
    assert _j.duration(text, "$", "d") == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5 minutes",
        "8:00",  # no seconds: neither form
        "24:00:00",  # hours past 23 are days
        "00:60:00",
        "00:00:60",
        "1.2.03:04:05",
        "- 00:00:01",
        "+00:00:01",
        "-1 day, -1:00:00",
        "1 day 2:00:00",
        "00:00:00.12345678",  # more than .NET's 7 digits
        "1 day, 0:00:00.1234567",  # Python writes 6
        "\u0663:00:00",  # a non-ASCII digit
        "99999999999.00:00:00",  # past what a timedelta holds
        " 8:00:00",
        "PT",
        "P",
    ],
)
def test_what_is_no_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)
    with pytest.raises(DecodeError, match=r"expected an Edm\.Duration"):
        _j.duration(text, "$", "d")


def test_years_and_months_stay_refused() -> None:
    with pytest.raises(YearsOrMonths):
        parse_duration("P1M")


@FEW
@given(st.timedeltas())
def test_every_timedelta_in_every_form(value: TimeDelta) -> None:
    for text in (str(value), dotnet_timespan(value), duration_text(value)):
        assert parse_duration(text) == value, text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("8:00:00", "PT8H"),
        ("-00:00:30", "-PT30S"),
        ("-1 day, 23:59:30", "-PT30S"),
        ("1.02:03:04.5", "P1DT2H3M4.5S"),
        ("1 day, 2:03:04.500000", "P1DT2H3M4.5S"),
    ],
)
def test_writing_stays_iso_8601(text: str, iso: str) -> None:
    assert duration_text(parse_duration(text)) == iso
    assert _j.duration_text(_j.duration(text, "$", "d")) == iso

"""What both codec runtimes share about time: `ExactDateTime`, the datetime they read date-times into, which
remembers its text, and day-time durations: read in ISO 8601 and in the TimeSpan forms .NET and Python
clients write, always written in ISO 8601.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

import isodate  # type: ignore[import-untyped]

__all__ = ["ExactDateTime", "ExactTime", "YearsOrMonths", "duration_text", "parse_duration"]


class ExactDateTime(datetime.datetime):
    """A datetime read from a document, which remembers the text it was read from.

    Python keeps microseconds; xs:dateTime and Edm.DateTimeOffset carry more digits (.NET and Graph write 7),
    and `Z` or `+00:00`. Writing an `ExactDateTime` back gives its original text, so no digit is lost. It
    compares like a plain datetime; any change (`replace`, arithmetic) gives a value without that text.
    """

    __slots__ = ("_lexical",)
    _lexical: str

    @property
    def lexical(self) -> str | None:
        """The text this value was read from; None for a value made in Python."""
        return getattr(self, "_lexical", None)

    @property
    def ticks(self) -> int:
        """Hundreds of nanoseconds past the second, the 7-digit precision of .NET and Graph."""
        fraction = (self.lexical or "").partition(".")[2]
        digits = "".join(char for char in fraction if char.isdigit())[:7]
        return int(digits.ljust(7, "0")) if digits else self.microsecond * 10

    @classmethod
    def read(cls, text: str, value: datetime.datetime) -> ExactDateTime:
        # Made from `value`'s pickled state (with its fold), which the constructor takes without parsing
        # arguments: less than half the time of passing each field.
        exact = cls(*_state(value))
        exact._lexical = text
        return exact


class ExactTime(datetime.time):
    """A time read from a document whose text Python would write differently (`11:30:00.0Z`, `24:00:00`
    aside): it remembers that text, and writing it back gives it. It compares like a plain time."""

    __slots__ = ("_lexical",)
    _lexical: str

    @property
    def lexical(self) -> str | None:
        return getattr(self, "_lexical", None)

    @classmethod
    def read(cls, text: str, value: datetime.time) -> ExactTime:
        exact = cls(*_state(value))  # as `ExactDateTime.read`
        exact._lexical = text
        return exact


def _state(value: datetime.datetime | datetime.time) -> tuple[Any, ...]:
    """The arguments pickle makes a datetime or time from: its fields packed in bytes, its tzinfo."""
    return cast(tuple[Any, ...], value.__reduce_ex__(4)[1])


class YearsOrMonths(ValueError):
    """A duration with years or months, which have no fixed length (no timedelta holds them)."""


_TIMESPAN = re.compile(r"(-)?(?:([0-9]+)\.)?([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?")
"""A .NET TimeSpan (`[-][d.]hh:mm:ss[.fffffff]`, as the msgraph-sdk for .NET writes it): the sign is the
whole value's."""
_PYTHON_TIMEDELTA = re.compile(
    r"(?:(-?[0-9]+) days?, )?([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
)
"""`str(timedelta)` (`8:00:00`, `1 day, 2:03:04.500000`, `-1 day, 23:59:30`), as Kiota's Python writer sends
it: the sign is the days' only."""


def parse_duration(text: str) -> datetime.timedelta:
    """A day-time duration: ISO 8601 (`PT5M`, `-P1DT2H`), or a TimeSpan (`8:00:00`, `1.02:03:04.5`,
    `-00:00:30`, `1 day, 2:03:04.500000`); `YearsOrMonths` for `P1M`, ValueError for anything that is no
    duration."""
    if text[:1] in ("P", "-", "+") and "P" in text[:2]:
        return _iso_duration(text)
    return _timespan(text)


def _iso_duration(text: str) -> datetime.timedelta:
    # isodate reads "PT" and "P" as zero: ISO 8601 (and XSD, and OData) want a number after P and T.
    if text.endswith(("P", "T")):
        raise ValueError(text)
    try:
        value = isodate.parse_duration(text)
    except (isodate.ISO8601Error, TypeError, OverflowError) as exc:
        raise ValueError(text) from exc
    if not isinstance(value, datetime.timedelta):
        raise YearsOrMonths(text)
    return value


def _timespan(text: str) -> datetime.timedelta:
    """Hours below 24, minutes and seconds below 60, at most 7 fractional digits (.NET's ticks: the
    seventh, below Python's microsecond, is dropped)."""
    dotnet = _TIMESPAN.fullmatch(text)
    match = dotnet or _PYTHON_TIMEDELTA.fullmatch(text)
    if match is None:
        raise ValueError(text)
    if dotnet is not None:
        negative, days, hours, minutes, seconds, fraction = dotnet.groups()
    else:
        negative = None
        days, hours, minutes, seconds, fraction = match.groups()
    if int(hours) > 23 or int(minutes) > 59 or int(seconds) > 59:
        raise ValueError(text)
    try:
        value = datetime.timedelta(
            days=int(days or 0),
            hours=int(hours),
            minutes=int(minutes),
            seconds=int(seconds),
            microseconds=int((fraction or "0")[:6].ljust(6, "0")),
        )
    except OverflowError as exc:
        raise ValueError(text) from exc
    return -value if negative else value


def duration_text(value: datetime.timedelta) -> str:
    """ISO 8601, whatever form the value was read from: `PT8H`, `-PT30S`, `P1DT2H3M4.5S`."""
    return cast(str, isodate.duration_isoformat(value))

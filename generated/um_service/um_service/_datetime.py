"""What both codec runtimes share about time: `ExactDateTime`, the datetime they read date-times into, which
remembers its text, and ISO 8601 day-time durations.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import datetime
from typing import cast

import isodate  # type: ignore[import-untyped]

__all__ = ["ExactDateTime", "YearsOrMonths", "duration_text", "parse_duration"]


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
        exact = cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            fold=value.fold,
        )
        exact._lexical = text
        return exact


class YearsOrMonths(ValueError):
    """A duration with years or months, which have no fixed length (no timedelta holds them)."""


def parse_duration(text: str) -> datetime.timedelta:
    """An ISO 8601 duration of days and time (`PT5M`, `-P1DT2H`); `YearsOrMonths` for `P1M`, ValueError for
    anything that is no duration."""
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


def duration_text(value: datetime.timedelta) -> str:
    return cast(str, isodate.duration_isoformat(value))

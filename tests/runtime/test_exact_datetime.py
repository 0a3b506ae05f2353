"""`ExactDateTime.read` and `ExactTime.read`: the value read, field for field (its fold and time zone
too), with the text it was read from."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from generator.runtime._datetime import ExactDateTime, ExactTime

ZONES = st.one_of(
    st.none(),
    st.just(datetime.UTC),
    st.integers(-1439, 1439).map(lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))),
)


@given(st.datetimes(timezones=ZONES), st.sampled_from([0, 1]))
def test_an_exact_date_time_is_the_value_read_with_its_text(value: datetime.datetime, fold: int) -> None:
    value = value.replace(fold=fold)
    exact = ExactDateTime.read("as written", value)
    assert type(exact) is ExactDateTime and exact.lexical == "as written"
    assert (exact, exact.fold, exact.tzinfo) == (value, value.fold, value.tzinfo)
    assert exact.isoformat() == value.isoformat()


@given(st.times(timezones=ZONES), st.sampled_from([0, 1]))
def test_an_exact_time_is_the_value_read_with_its_text(value: datetime.time, fold: int) -> None:
    value = value.replace(fold=fold)
    exact = ExactTime.read("as written", value)
    assert type(exact) is ExactTime and exact.lexical == "as written"
    assert (exact, exact.fold, exact.tzinfo) == (value, value.fold, value.tzinfo)
    assert exact.isoformat() == value.isoformat()

"""Hypothesis settings and the leaf strategies the codec property tests and the runtime tests share: text
with markup and whitespace, whole-minute offsets, datetimes both formats can write."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps a cache (and, by default, an example database) in `.hypothesis/` of the working directory;
# keep the project tree untouched.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "sodagen-hypothesis")

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(SETTINGS, max_examples=30)


# Leaf strategies

_XML_FORBIDDEN = "".join(chr(c) for c in [*range(0x9), 0xB, 0xC, *range(0xE, 0x20)]) + "\ufffe\uffff"
XML_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters=_XML_FORBIDDEN)
JSON_CHARS = st.characters(exclude_categories=["Cs"])
TRICKY = ["&", "<", ">", "]]>", "\r", "\n", "\r\n", "\t", " ", '"', "'", "&amp;", "<![CDATA["]
TRICKY += ["\u00a0", "\U0001f600"]


def _text(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(TRICKY), st.text(chars, max_size=4))
    return st.one_of(
        st.just(""),
        st.text(chars, max_size=24),
        st.lists(pieces, max_size=6).map("".join),
    )


XML_TEXT = _text(XML_CHARS)
JSON_TEXT = _text(JSON_CHARS)

# Whole-minute UTC offsets within +-14:00, what xs:dateTime and Edm.DateTimeOffset can write.
OFFSETS = st.one_of(
    st.just(datetime.UTC),
    st.integers(-14 * 60, 14 * 60).map(
        lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
    ),
)
AWARE_DATETIMES = st.datetimes(timezones=OFFSETS)
XML_DATETIMES = st.one_of(st.datetimes(), AWARE_DATETIMES)

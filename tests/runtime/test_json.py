"""The JSON runtime (`generator/runtime/_json.py`, `_json_fields.py`) tested as source: the JSON forms of the
EDM primitives, read and written one by one, with their errors, and how readers make models. Reading and
writing whole models is in tests/codecs."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import math
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime import _json as _j
from generator.runtime import _json_fields as _f
from generator.targets.odata.codec_plan import INTEGER_BOUNDS as EDM_INTEGER_BOUNDS
from tests.strategies import AWARE_DATETIMES, FEW

JsonPrimitive = tuple[st.SearchStrategy[Any], Callable[[Any], Any], Callable[[Any], object]]


def _json_primitives() -> dict[str, JsonPrimitive]:
    def reader(function: Callable[..., Any], *args: Any) -> Callable[[Any], Any]:
        return lambda raw: function(raw, "$", "v", *args)

    table: dict[str, JsonPrimitive] = {
        wire: (
            st.one_of(st.sampled_from([low, high, 0]), st.integers(low, high)),
            reader(_j.integer, wire, low, high),
            lambda v: v,
        )
        for wire, (low, high) in EDM_INTEGER_BOUNDS.items()
    }
    table.update(
        {
            "Edm.Double": (st.floats(allow_nan=False), reader(_j.double), _j.double_json),
            "Edm.Decimal": (
                st.decimals(
                    allow_nan=False, allow_infinity=False, places=6, min_value=-(10**8), max_value=10**8
                ),
                reader(_j.decimal_value),
                lambda v: v,
            ),
            "Edm.DateTimeOffset": (AWARE_DATETIMES, reader(_j.date_time_offset), _j.date_time_text),
            "Edm.Date": (st.dates(), reader(_j.date), _j.date_text),
            "Edm.TimeOfDay": (st.times(), reader(_j.time_of_day), _j.time_text),
            "Edm.Duration": (st.timedeltas(), reader(_j.duration), _j.duration_text),
            "Edm.Guid": (st.uuids(), reader(_j.guid), _j.guid_text),
            "Edm.Binary": (st.binary(max_size=40), reader(_j.binary), _j.binary_text),
        }
    )
    return table


JSON_PRIMITIVES = _json_primitives()


@pytest.mark.parametrize("wire", sorted(JSON_PRIMITIVES))
def test_json_primitive_round_trip(wire: str) -> None:
    values, read, write = JSON_PRIMITIVES[wire]

    @FEW
    @given(values)
    def check(value: Any) -> None:
        written = write(value)
        assert read(orjson.loads(_j.dumps({"v": written}))["v"]) == value
        if not isinstance(written, decimal.Decimal):  # see test_json_decimal_from_to_dict
            assert read(written) == value

    check()


def test_json_nan_is_a_string() -> None:
    written = _j.double_json(math.nan)
    assert written == "NaN"
    assert math.isnan(_j.double(orjson.loads(_j.dumps({"v": written}))["v"], "$", "v"))


# Regressions of bugs these tests found (each once a strict xfail with this reproducer).

OFFSET_WITH_SECONDS = datetime.datetime(
    2020, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1, seconds=5))
)


def test_json_date_time_offset_with_seconds_offset_is_refused() -> None:
    # '+01:00:05' would be unreadable: Edm.DateTimeOffset offsets are whole minutes.
    with pytest.raises(_j.EncodeError, match="whole minutes"):
        _j.date_time_text(OFFSET_WITH_SECONDS)


@given(AWARE_DATETIMES.filter(lambda value: value.utcoffset().seconds % 60 == 0), st.sampled_from(["", "9"]))
def test_a_date_time_is_read_as_fromisoformat_reads_it_and_keeps_its_text(
    value: datetime.datetime, digit: str
) -> None:
    """`date_time_offset` makes its `ExactDateTime` from the pickled state of what fromisoformat read."""
    text = value.isoformat()
    if digit:  # a seventh fractional digit, as Graph writes
        text = value.isoformat(timespec="microseconds").replace("+", digit + "+", 1)
    read = _j.date_time_offset(text, "$", "v")
    assert type(read) is _j.ExactDateTime and read.lexical == text
    expected = datetime.datetime.fromisoformat(text)
    assert (read, read.tzinfo, read.fold) == (expected, expected.tzinfo, 0)
    assert read.timetuple() == expected.timetuple() and read.microsecond == expected.microsecond


def test_a_path_is_pairs_until_an_error_needs_its_text() -> None:
    path = _j.child(_j.child(_j.child("$", "value"), 3), "statusMessage")
    assert path == (((("$", "value"), 3), "statusMessage"))
    assert (_j.path_text(path), _j.path_text("$")) == ("$.value[3].statusMessage", "$")
    with pytest.raises(_j.DecodeError) as caught:
        _j.date_time_offset("yesterday", path, "expiry")
    assert caught.value.path == "$.value[3].statusMessage.expiry"


def test_json_decimal_keeps_its_digits() -> None:
    # Past a double's 17 digits the value is written as a string (IEEE754Compatible), not lost.
    value = decimal.Decimal("0.12345678901234567890123")
    raw = orjson.loads(_j.dumps({"v": value}))["v"]
    assert _j.decimal_value(raw, "$", "v") == value


def test_json_decimal_beyond_double_range() -> None:
    value = decimal.Decimal("1E+400")
    assert _j.decimal_value(_j.loads(_j.dumps({"v": value}))["v"], "$", "v") == value


def test_json_decimal_from_to_dict() -> None:
    value = decimal.Decimal("1.5")
    assert _j.decimal_value(value, "$", "v") == value


# --- readers make models without their constructor where it would only store the fields -----------------

_CODEC = _j.JsonCodec(readers={}, writers={}, type_names={}, needs_type=frozenset())


@dataclasses.dataclass(slots=True, kw_only=True)
class _Plain:
    name: str | None = None
    additional_data: dict[str, object] = dataclasses.field(default_factory=dict)
    explicit_nulls: frozenset[str] = frozenset()


@dataclasses.dataclass(slots=True, kw_only=True)
class _PostInit(_Plain):
    def __post_init__(self) -> None:
        self.name = "set"


@dataclasses.dataclass(slots=True, kw_only=True)
class _MoreFields(_Plain):
    origin: str = "wire"


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Frozen:
    name: str | None = None
    additional_data: dict[str, object] = dataclasses.field(default_factory=dict)
    explicit_nulls: frozenset[str] = frozenset()


@dataclasses.dataclass(slots=True, kw_only=True)
class _OwnInit(_Plain):
    def __init__(
        self, *, name: str | None = None, additional_data: Any = None, explicit_nulls: Any = frozenset()
    ) -> None:
        self.name, self.additional_data, self.explicit_nulls = name, additional_data or {}, explicit_nulls


@dataclasses.dataclass(slots=True, kw_only=True)
class _OwnNew(_Plain):
    def __new__(cls, **_: object) -> _OwnNew:
        return object.__new__(cls)


class _NotADataclass:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


@pytest.mark.parametrize(
    ("cls", "direct"),
    [
        (_Plain, True),
        (_PostInit, False),
        (_MoreFields, False),
        (_Frozen, False),
        (_OwnInit, False),
        (_OwnNew, False),
        (_NotADataclass, False),
    ],
)
def test_only_a_model_as_generated_is_made_without_its_constructor(cls: type, direct: bool) -> None:
    assert _f.builds_directly(cls, ["name"]) is direct
    properties = _f.Properties(cls, {"name": "name"})
    made = properties.new()
    assert (type(made) is cls) is direct
    made.name = "read"
    value = properties.built(made, {"name": "read", "other": None}, "$", _found(1), _CODEC)
    assert type(value) is cls
    assert (value.name, value.additional_data, value.explicit_nulls) == (
        "set" if cls is _PostInit else "read",
        {"other": None},
        frozenset(),
    )


def test_a_model_missing_a_property_field_is_made_by_its_constructor() -> None:
    assert not _f.builds_directly(_Plain, ["name", "size"])


def _found(count: int, *nulls: str) -> _f.Found:
    """What field readers would have noted: `count` properties found and not null, and `nulls`."""
    found = _f.Found()
    found.count = count
    for key in nulls:
        found.null(key)
    return found


def test_built_records_explicit_nulls_of_properties_only() -> None:
    properties = _f.Properties(_NotADataclass, {"name": "name", "size": "size"})
    made = properties.new()
    made.name = made.size = None
    # The readers found one property (size) of the three: the keys get a second look.
    found = _found(1, "name")
    value = properties.built(made, {"name": None, "size": 1, "x": None}, "$", found, _CODEC)
    assert vars(value) == {
        "name": None,
        "size": None,
        "additional_data": {"x": None},
        "explicit_nulls": frozenset({"name"}),
    }


def test_built_looks_no_further_when_the_readers_found_every_key() -> None:
    properties = _f.Properties(_Plain, {"name": "name"})
    made = properties.new()
    made.name = "read"
    # The count is what `built` trusts: had the readers found both keys, "x" would be no one's.
    looked = properties.built(made, {"name": "read", "x": 1}, "$", _found(1), _CODEC)
    trusted = properties.built(properties.new(), {"name": "read", "x": 1}, "$", _found(2), _CODEC)
    assert (looked.additional_data, trusted.additional_data) == ({"x": 1}, {})
    assert looked.explicit_nulls == trusted.explicit_nulls == frozenset()


def test_built_takes_the_explicit_nulls_the_readers_found() -> None:
    properties = _f.Properties(_NotADataclass, {"name": "name", "sizeOf": "size"})
    data = {"sizeOf": None, "x": 1}

    def built(found: _f.Found) -> _NotADataclass:
        made = properties.new()
        made.name = made.size = None
        return properties.built(made, data, "$", found, _CODEC)

    # Found as the readers found them, with "x" counted: trusted, and the wire name gives the field's.
    trusted = built(_found(1, "sizeOf"))
    assert (trusted.additional_data, trusted.explicit_nulls) == ({}, frozenset({"size"}))
    # Not all of the keys, or a null the table does not declare: the keys get a second look.
    for found in (_found(0, "sizeOf"), _found(1, "x")):
        looked = built(found)
        assert (looked.additional_data, looked.explicit_nulls) == ({"x": 1}, frozenset({"size"}))
    # A customised reader that notes nothing leaves it all to the second look.
    data = {"sizeOf": None}
    assert (built(_f.Found()).additional_data, built(_f.Found()).explicit_nulls) == ({}, frozenset({"size"}))


def test_each_field_reader_counts_what_it_finds_and_not_null() -> None:
    data = {"s": "x", "b": True, "e": "red", "v": "1", "m": {}, "u": [1], "n": None, "l": ["a"], "ml": [{}]}
    found = _f.Found()
    assert _f.string(data, "s", "$", found) == "x"
    assert _f.boolean(data, "b", "$", found) is True
    assert _f.open_enum(data, "e", "$", found, {}, "a color") == "red"
    assert _f.value(data, "v", "$", found, lambda raw, path, name: raw) == "1"
    assert _f.present(data, "m", "$", found) == {}
    assert _f.untyped(data, "u", "$", found) == [1]
    assert _f.strings(data, "l", "$", found) == ["a"]
    assert _f.models(data, "ml", "$", found, lambda raw, path: raw) == [{}]
    assert (found.count, found.nulls) == (8, None)
    readers = (_f.string, _f.boolean, _f.untyped, _f.strings, _f.booleans, _f.untyped_list, _f.present)
    for read in readers:
        assert read(data, "n", "$", found) is None  # null
        assert read(data, "absent", "$", found) is None
    assert (found.count, found.nulls) == (8, ["n"] * len(readers))


def test_complete_puts_what_a_value_kept_in_its_places() -> None:
    """A writer puts the declared properties that have values; `complete` adds the annotations first, the
    explicit nulls where their properties are declared, and the undeclared properties last."""
    properties = _f.Properties(SimpleNamespace, {"a": "a", "b": "b", "c": "c", "d": "d"}, not_null=("a",))
    value = SimpleNamespace(
        additional_data={"z": 1, "@odata.type": "#t.x"},
        explicit_nulls=frozenset({"a", "b", "c"}),  # `a` may not be null; `c` has a value
    )
    written = properties.complete(value, {"a": "x", "c": 3}, "$")
    assert list(written.items()) == [("@odata.type", "#t.x"), ("a", "x"), ("b", None), ("c", 3), ("z", 1)]


def test_complete_ignores_explicit_nulls_of_properties_that_may_not_be_null() -> None:
    properties = _f.Properties(SimpleNamespace, {"a": "a"}, not_null=("a",))
    value = SimpleNamespace(additional_data={}, explicit_nulls=frozenset({"a"}))
    out: dict[str, object] = {}
    assert properties.complete(value, out, "$") is out

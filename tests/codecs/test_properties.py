"""Property tests of the generated codecs (issue 3, item 4): `decode(encode(x)) == x` for every model.

Every model class the generated packages export is found from their `__all__`, and values are built from the
dataclass type hints, so a model added to a schema is covered without touching this file (a field type this
file does not know fails loudly). um_service goes through SOAP 1.1 and 1.2 envelopes and bare elements;
graph_presence through JSON bytes and `to_dict`. The primitive lexical forms of both runtimes are checked on
their own too, for the wire types the two sample schemas do not use yet.

Bugs these tests found are kept as regression tests at the end of the file.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import decimal
import enum
import importlib
import inspect
import re
import sys
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.paths import ROOT
from tests.strategies import (
    AWARE_DATETIMES,
    FEW,
    JSON_TEXT,
    OFFSETS,
    SETTINGS,
    TRICKY,
    XML_DATETIMES,
    XML_TEXT,
)

for _folder in (ROOT / "generated" / "um_service", ROOT / "generated" / "graph_presence"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))


um_service: Any = importlib.import_module("um_service")
xml_codec: Any = importlib.import_module("um_service.codec")
_x: Any = importlib.import_module("um_service._xml")
graph_presence: Any = importlib.import_module("graph_presence")
json_codec: Any = importlib.import_module("graph_presence.codec")
_j: Any = importlib.import_module("graph_presence._json")

XML = "xml"
JSON = "json"
MAX_DEPTH = 3
SPECIAL_FIELDS = ("additional_data", "explicit_nulls")


# Discovery


def _package_modules(package: Any) -> list[types.ModuleType]:
    name = package.__name__
    return [
        module
        for module_name, module in sorted(sys.modules.items())
        if module is not None and (module_name == name or module_name.startswith(name + "."))
    ]


def _models(package: Any) -> list[type]:
    """The dataclasses the package exports: its `__all__` and that of its model modules."""
    found: dict[str, type] = {}
    for module in _package_modules(package):
        last = module.__name__.rpartition(".")[2]
        if module is not package and (last.startswith("_") or last in ("codec", "server")):
            continue
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name, None)
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                found[value.__qualname__] = value
    return [found[name] for name in sorted(found)]


def _namespace(package: Any) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    for module in _package_modules(package):
        namespace.update(vars(module))
    return namespace


XML_MODELS = _models(um_service)
JSON_MODELS = _models(graph_presence)
NAMESPACES = {XML: _namespace(um_service), JSON: _namespace(graph_presence)}
MODELS = {XML: XML_MODELS, JSON: JSON_MODELS}
ELEMENT_MODELS = [cls for cls in XML_MODELS if cls in xml_codec._CODEC.elements]
TYPE_ONLY_MODELS = [cls for cls in XML_MODELS if cls not in xml_codec._CODEC.elements]


def _hints(cls: type, flavor: str) -> dict[str, Any]:
    return typing.get_type_hints(cls, globalns=NAMESPACES[flavor])


def _split_optional(hint: Any) -> tuple[Any, bool]:
    """(the hint without None, whether it allowed None)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        rest = tuple(arg for arg in args if arg is not type(None))
        if len(rest) == len(args):
            return hint, False
        return (rest[0] if len(rest) == 1 else typing.Union[rest]), True  # noqa: UP007
    return hint, False


def _value_fields(cls: type, flavor: str) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if not (flavor == JSON and f.name in SPECIAL_FIELDS)]


def _has_default(item: dataclasses.Field[Any]) -> bool:
    return item.default is not dataclasses.MISSING or item.default_factory is not dataclasses.MISSING


def _referenced_models(cls: type, flavor: str) -> Iterator[type]:
    hints = _hints(cls, flavor)
    for item in _value_fields(cls, flavor):
        stack = [hints[item.name]]
        while stack:
            hint = stack.pop()
            stack.extend(typing.get_args(hint))
            if isinstance(hint, type) and hint in MODELS[flavor]:
                yield hint
                yield from (m for m in MODELS[flavor] if m is not hint and issubclass(m, hint))


# Integer bounds: the generated readers pass the wire type's bounds to `_x.integer` / `_j.integer`.

_INTEGER_CALL = re.compile(
    r"(?:(\w+)\s*=\s*)?_[xj]\.integer\(\s*\w+,\s*path,\s*[^,]+,\s*['\"][^'\"]+['\"],\s*([^,]+),\s*([^)]+)\)"
)


def _integer_bounds(
    cls: type, flavor: str
) -> tuple[dict[str, tuple[int | None, int | None]], tuple[int, int]]:
    """Bounds per Python field name where the reader assigns them directly, and the tightest of all the
    reader's bounds as the fallback for the others (+-2**31 when the reader has none)."""
    codec = xml_codec if flavor == XML else json_codec
    reader = getattr(codec, f"_read_{cls.__name__}", None)
    per_field: dict[str, tuple[int | None, int | None]] = {}
    low, high = -(2**31), 2**31 - 1
    if reader is None:
        return per_field, (low, high)
    source = _function_source(codec, reader.__name__)
    found: list[tuple[int | None, int | None]] = []
    for match in _INTEGER_CALL.finditer(source):
        bounds = (_literal(match[2]), _literal(match[3]))
        found.append(bounds)
        if match[1]:
            name = match[1].removeprefix("v_").lstrip("_")
            per_field[name] = bounds
    if found:
        lows = [b[0] for b in found if b[0] is not None]
        highs = [b[1] for b in found if b[1] is not None]
        low = max(lows) if lows else -(2**70)
        high = min(highs) if highs else 2**70
    return per_field, (low, high)


def _function_source(module: object, name: str) -> str:
    """The source of a function of `module`, from its .py file (a compiled build has no source for
    `inspect` to find, but the file is still beside the extension module)."""
    compiled_or_not = Path(inspect.getfile(module))  # type: ignore[arg-type]
    text = (compiled_or_not.parent / f"{compiled_or_not.name.split('.')[0]}.py").read_text(encoding="utf-8")
    functions = (node for node in ast.parse(text).body if isinstance(node, ast.FunctionDef))
    found = next(node for node in functions if node.name == name)
    return ast.get_source_segment(text, found) or ""


def _literal(text: str) -> int | None:
    text = text.strip()
    return None if text == "None" else int(text)


TEXT = {XML: XML_TEXT, JSON: JSON_TEXT}
JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(JSON_TEXT, inner, max_size=3),
    max_leaves=8,
)


def _enum_strategy(enum_cls: type[enum.Enum]) -> st.SearchStrategy[Any]:
    return st.sampled_from(list(enum_cls))


def _open_enum_strategy(enum_cls: type[enum.Enum], flavor: str) -> st.SearchStrategy[Any]:
    values = {member.value for member in enum_cls}
    unknown = st.one_of(st.sampled_from(["unknownFutureValue2", "", " text "]), TEXT[flavor])
    return st.one_of(_enum_strategy(enum_cls), unknown.filter(lambda value: value not in values))


# Model strategies

_CACHE: dict[tuple[type, str, int, bool], st.SearchStrategy[Any]] = {}


def model_strategy(cls: type, flavor: str, depth: int = 0, *, exact: bool = True) -> st.SearchStrategy[Any]:
    """Instances of `cls` (and, unless `exact`, of the package's models derived from it)."""
    key = (cls, flavor, depth, exact)
    if key not in _CACHE:
        classes = [cls] if exact else [m for m in MODELS[flavor] if issubclass(m, cls)]
        _CACHE[key] = st.one_of([_exact_model(m, flavor, depth) for m in classes])
    return _CACHE[key]


def _exact_model(cls: type, flavor: str, depth: int) -> st.SearchStrategy[Any]:
    hints = _hints(cls, flavor)
    per_field, fallback = _integer_bounds(cls, flavor)
    fields = _value_fields(cls, flavor)
    kwargs = {
        item.name: _field_strategy(
            hints[item.name],
            flavor,
            depth,
            required=not _has_default(item),
            bounds=per_field.get(item.name, fallback),
        )
        for item in fields
    }
    base = st.fixed_dictionaries(kwargs)
    names = {f.name for f in dataclasses.fields(cls)}
    if flavor == JSON and set(SPECIAL_FIELDS) <= names:
        nullable = [item.name for item in fields if _split_optional(hints[item.name])[1]]
        # The codec's table of the model's properties: extra keys must not be one of its wire names.
        wire_names = frozenset(getattr(json_codec, f"_P_{cls.__name__}").names)

        def with_extras(values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
            candidates = [name for name in nullable if values[name] is None]
            nulls = (
                st.sets(st.sampled_from(candidates)).map(frozenset) if candidates else st.just(frozenset())
            )
            keys = st.one_of(
                JSON_TEXT, st.sampled_from(["@odata.context", "@odata.etag", "x@odata.nextLink"])
            )
            extra = st.dictionaries(
                keys.filter(lambda key: key not in wire_names and not key.startswith("@odata.type")),
                JSON_VALUES,
                max_size=3,
            )
            return st.fixed_dictionaries(
                {
                    **{name: st.just(value) for name, value in values.items()},
                    "additional_data": extra,
                    "explicit_nulls": nulls,
                }
            )

        base = base.flatmap(with_extras)
    return base.map(lambda values: cls(**values))


def _field_strategy(
    hint: Any, flavor: str, depth: int, *, required: bool, bounds: tuple[int | None, int | None]
) -> st.SearchStrategy[Any]:
    inner, nullable = _split_optional(hint)
    if nullable and depth >= MAX_DEPTH and _mentions_model(inner, flavor):
        return st.none()
    value = _type_strategy(inner, flavor, depth, bounds)
    return st.one_of(st.none(), value) if nullable else value


def _mentions_model(hint: Any, flavor: str) -> bool:
    return (isinstance(hint, type) and hint in MODELS[flavor]) or any(
        _mentions_model(arg, flavor) for arg in typing.get_args(hint)
    )


def _type_strategy(
    hint: Any, flavor: str, depth: int, bounds: tuple[int | None, int | None]
) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        if depth >= MAX_DEPTH and _mentions_model(item, flavor):
            return st.just([])
        return st.lists(_type_strategy(item, flavor, depth, bounds), max_size=3)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
        if len(args) == 2 and len(enums) == 1 and str in args:
            return _open_enum_strategy(enums[0], flavor)
        return st.one_of([_type_strategy(arg, flavor, depth, bounds) for arg in args])
    if hint is str:
        return TEXT[flavor]
    if hint is bool:
        return st.booleans()
    if hint is int:
        low, high = bounds
        extremes = [v for v in (low, high, 0, -1, 1) if v is not None and (low is None or v >= low)]
        extremes = [v for v in extremes if high is None or v <= high]
        return st.one_of(st.sampled_from(extremes), st.integers(low, high))
    if hint is float:
        return st.floats(allow_nan=False)
    if hint is decimal.Decimal:
        # Up to 15 significant digits: see test_json_decimal_* for what a wider Decimal does.
        return st.decimals(
            allow_nan=False, allow_infinity=False, places=4, min_value=-(10**10), max_value=10**10
        )
    if hint is datetime.datetime:
        return AWARE_DATETIMES if flavor == JSON else XML_DATETIMES
    if hint is datetime.date:
        return st.dates()
    if hint is datetime.time:
        return st.times() if flavor == JSON else st.one_of(st.times(), st.times(timezones=OFFSETS))
    if hint is datetime.timedelta:
        return st.timedeltas()
    if hint is uuid.UUID:
        return st.uuids()
    if hint is bytes:
        return st.binary(max_size=32)
    if hint is object and flavor == JSON:
        return JSON_VALUES
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_strategy(hint)
    if isinstance(hint, type) and hint in MODELS[flavor]:
        return model_strategy(hint, flavor, depth + 1, exact=False)
    raise NotImplementedError(f"no strategy for {hint!r}: teach tests/test_codec_properties.py this type")


def _name(cls: type) -> str:
    return cls.__name__


# Discovery checks


def test_models_are_discovered() -> None:
    assert len(ELEMENT_MODELS) >= 1 and len(JSON_MODELS) >= 1
    for cls in XML_MODELS:
        assert cls in xml_codec._CODEC.readers and cls in xml_codec._CODEC.writers, cls
    for cls in JSON_MODELS:
        assert cls in json_codec._CODEC.readers and cls in json_codec._CODEC.writers, cls


def test_every_type_only_xml_model_is_reached_from_an_element() -> None:
    """Type-only models cannot be a document: they are tested inside the elements that use them."""
    reached: set[type] = set()
    stack = list(ELEMENT_MODELS)
    while stack:
        cls = stack.pop()
        for found in _referenced_models(cls, XML):
            if found not in reached:
                reached.add(found)
                stack.append(found)
    assert set(TYPE_ONLY_MODELS) <= reached, set(TYPE_ONLY_MODELS) - reached


# um_service: SOAP XML

ENVELOPES = [(True, "1.1"), (True, "1.2"), (False, "1.1")]


@pytest.mark.parametrize("cls", ELEMENT_MODELS, ids=_name)
def test_xml_round_trip(cls: type) -> None:
    @SETTINGS
    @given(model_strategy(cls, XML))
    def check(value: Any) -> None:
        for envelope, soap in ENVELOPES:
            data = xml_codec.encode(value, envelope=envelope, soap=soap)
            assert xml_codec.decode(data, type(value)) == value, data
            assert xml_codec.decode(data) == value, data
            if envelope:
                assert xml_codec.decode_envelope(data).soap == soap

    check()


def _models_where(models: list[type], flavor: str, test: Callable[[dict[str, Any]], bool]) -> list[type]:
    return [cls for cls in models if _value_fields(cls, flavor) and test(_hints(cls, flavor))]


STRING_ELEMENTS = _models_where(
    ELEMENT_MODELS, XML, lambda hints: any(_split_optional(h)[0] is str for h in hints.values())
)
BOOLEAN_ELEMENTS = _models_where(ELEMENT_MODELS, XML, lambda hints: all(h is bool for h in hints.values()))


@pytest.mark.parametrize("cls", STRING_ELEMENTS, ids=_name)
def test_xml_markup_and_whitespace_in_text_round_trip(cls: type) -> None:
    """`&`, `<`, `]]>`, CR, CRLF, tabs, leading and trailing spaces come back exactly; "" stays ""."""
    tricky = st.lists(st.sampled_from([*TRICKY, "a", " a ", "  "]), max_size=8).map("".join)
    hints = _hints(cls, XML)
    names = [name for name, hint in hints.items() if _split_optional(hint)[0] is str]

    @FEW
    @given(model_strategy(cls, XML), st.lists(tricky, min_size=len(names), max_size=len(names)))
    def check(value: Any, texts: list[str]) -> None:
        value = dataclasses.replace(value, **dict(zip(names, texts, strict=True)))
        for envelope, soap in ENVELOPES:
            decoded = xml_codec.decode(xml_codec.encode(value, envelope=envelope, soap=soap), cls)
            assert decoded == value
            for name, text in zip(names, texts, strict=True):
                assert getattr(decoded, name) == text

    check()


@pytest.mark.parametrize("cls", BOOLEAN_ELEMENTS, ids=_name)
def test_xml_boolean_lexical_forms(cls: type) -> None:
    """xs:boolean reads `true`, `false`, `1`, `0` with surrounding XML whitespace."""
    whitespace = st.text(st.sampled_from(" \t\n\r"), max_size=3)

    @FEW
    @given(model_strategy(cls, XML), st.data())
    def check(value: Any, data: st.DataObject) -> None:
        document = xml_codec.encode(value, envelope=False).decode("utf-8")

        def lexical(match: re.Match[str]) -> str:
            form = data.draw(st.sampled_from(["true", "1"] if match[1] == "true" else ["false", "0"]))
            return f">{data.draw(whitespace)}{form}{data.draw(whitespace)}<"

        rewritten = re.sub(r">(true|false)<", lexical, document)
        assert xml_codec.decode(rewritten.encode("utf-8"), cls) == value, rewritten

    check()


# graph_presence: OData JSON


def _json_param(cls: type) -> Any:
    return pytest.param(cls, id=cls.__name__)


@pytest.mark.parametrize("cls", [_json_param(cls) for cls in JSON_MODELS])
def test_json_round_trip(cls: type) -> None:
    @SETTINGS
    @given(model_strategy(cls, JSON))
    def check(value: Any) -> None:
        data = json_codec.encode(value)
        decoded = json_codec.decode(data, type(value))
        assert decoded == value, data
        assert json_codec.encode(decoded) == data
        assert json_codec.decode(json_codec.to_dict(value), type(value)) == value
        assert json_codec.decode(data.decode("utf-8"), type(value)) == value

    check()


TYPED_MODELS: list[type] = sorted(json_codec._CODEC.needs_type, key=_name)


@pytest.mark.parametrize("cls", TYPED_MODELS, ids=_name)
def test_json_models_with_a_concrete_base_carry_their_odata_type(cls: type) -> None:
    """A reader of the base class could not tell these apart: the type is written, and read back into the
    class rather than into `additional_data`."""
    type_name = json_codec._CODEC.type_names[cls]

    @FEW
    @given(model_strategy(cls, JSON))
    def check(value: Any) -> None:
        written = json_codec.to_dict(value)
        assert written["@odata.type"] == type_name
        decoded = json_codec.decode(written, cls)
        assert "@odata.type" not in decoded.additional_data
        assert decoded == value

    check()


def _datetime_fields(cls: type) -> list[str]:
    return [name for name, hint in _hints(cls, JSON).items() if _split_optional(hint)[0] is datetime.datetime]


DATETIME_MODELS = [cls for cls in JSON_MODELS if _datetime_fields(cls)]


@st.composite
def seven_digit_date_time_offsets(draw: st.DrawFn) -> str:
    value = draw(
        st.datetimes(min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30))
    )
    ticks = draw(st.integers(0, 9_999_999))
    zone = draw(
        st.one_of(
            st.sampled_from(["Z", "+00:00", "-00:00"]),
            st.builds(
                lambda sign, hours, minutes: f"{sign}{hours:02}:{minutes:02}",
                st.sampled_from("+-"),
                st.integers(0, 14),
                st.integers(0, 59),
            ),
        )
    )
    return f"{value.year:04}-{value:%m-%dT%H:%M:%S}.{ticks:07}{zone}"


@pytest.mark.parametrize("cls", DATETIME_MODELS, ids=_name)
def test_json_date_time_offset_keeps_seven_digits(cls: type) -> None:
    """Edm.DateTimeOffset read with 7 fractional digits is written back as the identical string."""
    names = _datetime_fields(cls)
    marker = datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)

    @FEW
    @given(
        model_strategy(cls, JSON),
        st.lists(seven_digit_date_time_offsets(), min_size=len(names), max_size=len(names)),
    )
    def check(value: Any, texts: list[str]) -> None:
        value = dataclasses.replace(value, **dict.fromkeys(names, marker))
        document = json_codec.to_dict(value)
        written = _j.date_time_text(marker)
        keys = [key for key, item in document.items() if item == written]
        assert len(keys) == len(names)
        for key, text in zip(keys, texts, strict=True):
            document[key] = text
        decoded = json_codec.decode(orjson.dumps(document), cls)
        again = orjson.loads(json_codec.encode(decoded))
        for key, text in zip(keys, texts, strict=True):
            assert again[key] == text
        for name, text in zip(names, texts, strict=True):
            parsed = datetime.datetime.fromisoformat(text[:26] + text[27:])  # 6 of the 7 digits
            assert getattr(decoded, name) == parsed
            assert getattr(decoded, name).ticks == int(text[20:27])

    check()

"""Schema defaults become exact Python literals of their type; generated names sort as ruff wants."""

from __future__ import annotations

import base64
import datetime
import decimal
import re
import uuid

import pytest

from generator.ir import EnumMember, EnumType, Primitive
from generator.render.literals import LiteralError, enum_literal, primitive_literal
from generator.render.sorting import dunder_all_order, import_order

NAMESPACE = {"datetime": datetime, "decimal": decimal, "uuid": uuid}
UTC_TEN = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)
GUID = uuid.UUID("fa8bf3dc-eca7-46b7-bad1-db199b62afc3")


@pytest.mark.parametrize(
    ("primitive", "wire", "lexical", "value"),
    [
        (Primitive.BOOLEAN, "xs:boolean", " 1 ", True),
        (Primitive.BOOLEAN, "xs:boolean", "false", False),
        (Primitive.INT, "xs:int", "-42", -42),
        (Primitive.FLOAT, "xs:double", "INF", float("inf")),
        (Primitive.FLOAT, "xs:double", "2.5E3", 2500.0),
        (Primitive.DECIMAL, "xs:decimal", "1.10", decimal.Decimal("1.10")),
        (Primitive.DATE, "xs:date", "2026-11-25", datetime.date(2026, 11, 25)),
        (Primitive.DATETIME, "Edm.DateTimeOffset", "2026-11-25T10:00:00Z", UTC_TEN),
        (Primitive.TIME, "Edm.TimeOfDay", "08:30:00", datetime.time(8, 30)),
        (Primitive.DURATION, "Edm.Duration", "P1DT2H30M", datetime.timedelta(days=1, hours=2, minutes=30)),
        (Primitive.DURATION, "Edm.Duration", "-PT5M", -datetime.timedelta(minutes=5)),
        (Primitive.GUID, "Edm.Guid", "FA8BF3DC-ECA7-46B7-BAD1-DB199B62AFC3", GUID),
        (Primitive.BINARY, "xs:hexBinary", "0aFF", b"\n\xff"),
        (Primitive.BINARY, "xs:base64Binary", base64.b64encode(b"\xfb\xff").decode(), b"\xfb\xff"),
        (Primitive.BINARY, "Edm.Binary", "-_8", b"\xfb\xff"),
        (Primitive.STRING, "xs:string", 'say "hi"\\', 'say "hi"\\'),
    ],
)
def test_defaults_evaluate_to_the_schema_value(
    primitive: Primitive, wire: str, lexical: str, value: object
) -> None:
    assert eval(primitive_literal(primitive, wire, lexical), NAMESPACE) == value


def test_float_nan_is_a_valid_literal() -> None:
    source = primitive_literal(Primitive.FLOAT, "xs:float", "NaN")
    assert eval(source, NAMESPACE) != eval(source, NAMESPACE)


@pytest.mark.parametrize(
    ("primitive", "wire", "lexical"),
    [
        (Primitive.BOOLEAN, "xs:boolean", "yes"),
        (Primitive.INT, "xs:int", "4.5"),
        (Primitive.DATE, "xs:date", "25/11/2026"),
        (Primitive.DURATION, "Edm.Duration", "P"),
        (Primitive.DURATION, "Edm.Duration", "P1Y"),
        (Primitive.GUID, "Edm.Guid", "not-a-guid"),
        (Primitive.BINARY, "xs:base64Binary", "***"),
    ],
)
def test_invalid_defaults_are_errors(primitive: Primitive, wire: str, lexical: str) -> None:
    with pytest.raises(LiteralError, match=re.escape(f"default '{lexical}' is not a valid {wire}")):
        primitive_literal(primitive, wire, lexical)


def test_enum_defaults_name_the_member_and_closed_enums_refuse_others() -> None:
    member = EnumMember("NormalCustom", "NormalCustom", py_name="NORMAL_CUSTOM")
    closed = EnumType("{urn:t}Kind", "Kind", (member,), py_name="Kind")
    assert enum_literal(closed, "NormalCustom") == "Kind.NORMAL_CUSTOM"
    with pytest.raises(LiteralError, match="not a member of Kind"):
        enum_literal(closed, "Other")
    opened = EnumType("ns.kind", "kind", (member,), open=True, py_name="Kind")
    assert enum_literal(opened, "newerValue") == '"newerValue"'


def test_import_and_all_orders_follow_ruff() -> None:
    names = ["GetSearchableMailboxes", "GetSearchSuggestions", "PIN", "Type10", "Type9", "helper"]
    expected_imports = ["PIN", "GetSearchableMailboxes", "GetSearchSuggestions", "Type9", "Type10", "helper"]
    expected_all = ["PIN", "GetSearchSuggestions", "GetSearchableMailboxes", "Type9", "Type10", "helper"]
    assert sorted(names, key=import_order) == expected_imports
    assert sorted(names, key=dunder_all_order) == expected_all

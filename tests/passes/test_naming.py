"""The naming pass: Python names for everything, keywords avoided, collisions refused or told apart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.ir import MessageKind, ModelRole
from generator.passes.naming import assign_names, numbered
from generator.python import constant_case, field_name, pascal_case, snake_case
from tests.irfactory import (
    NS,
    attribute,
    complex_type,
    element,
    entity,
    enum,
    message,
    model,
    model_ref,
    odata_package,
    operation,
    package,
    prop,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("OofStatus", "oof_status"),
        ("GetUMPropertiesResponse", "get_um_properties_response"),
        ("base64FolderId", "base64_folder_id"),
        ("isOutOfOffice", "is_out_of_office"),
        ("SIPResponseCode", "sip_response_code"),
        ("odata.type", "odata_type"),
        ("3d", "_3d"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


def test_pascal_and_constant_case() -> None:
    assert pascal_case("presence") == "Presence"
    assert pascal_case("setPresenceRequest") == "SetPresenceRequest"
    assert pascal_case("UMProperties") == "UMProperties"
    assert pascal_case("foo_bar") == "FooBar"
    assert constant_case("unknownFutureValue") == "UNKNOWN_FUTURE_VALUE"
    assert constant_case("NormalCustom") == "NORMAL_CUSTOM"


@pytest.mark.parametrize("word", ["class", "from", "lambda", "datetime", "uuid", "list", "str"])
def test_field_names_never_shadow_keywords_modules_or_builtin_types(word: str) -> None:
    assert field_name(word) == snake_case(word) + "_"


@pytest.mark.parametrize("word", ["match", "case", "type"])
def test_soft_keywords_stay_as_they_are_whatever_the_python_version(word: str) -> None:
    assert field_name(word) == word


def test_names_are_assigned_everywhere() -> None:
    named = assign_names(
        package(
            model("UMProperties", element("OofStatus"), element("class")),
            enums=(enum("UMGreetingType", "NormalCustom", "OofCustom"),),
        )
    )
    assert named.models[0].py_name == "UMProperties"
    assert [f.py_name for f in named.models[0].fields] == ["oof_status", "class_"]
    assert [m.py_name for m in named.enums[0].members] == ["NORMAL_CUSTOM", "OOF_CUSTOM"]


def test_element_and_type_of_one_name_are_told_apart() -> None:
    named = assign_names(
        package(
            model("Item", element("a")),
            model("Item", role=ModelRole.MESSAGE, element_name="Item", base=f"{{{NS}}}Item"),
        )
    )
    assert sorted(m.py_name for m in named.models) == ["Item", "ItemType"]


def test_types_colliding_after_sanitising_are_numbered_in_qualified_name_order() -> None:
    named = assign_names(package(model("foo-bar", line=3), model("foo_bar", line=9), model("foo.bar")))
    assert {m.name: m.py_name for m in named.models} == {
        "foo-bar": "FooBar",
        "foo.bar": "FooBar_2",
        "foo_bar": "FooBar_3",
    }


def test_the_type_spelled_like_its_python_name_keeps_it() -> None:
    # ReqIF has RELATION-GROUP-TYPE and RELATION-GROUP_TYPE; xCBL's DTDs have name1 and Name1.
    named = assign_names(package(model("name1"), model("Name1"), model("_Name1_")))
    assert {m.name: m.py_name for m in named.models} == {
        "Name1": "Name1",
        "_Name1_": "Name1_2",
        "name1": "Name1_3",
    }


def test_numbering_skips_names_that_are_taken() -> None:
    names = numbered([("AB", "1", "a-b"), ("AB", "2", "a_b"), ("AB_2", "3", "AB_2")])
    assert names == {"1": "AB", "2": "AB_3", "3": "AB_2"}


def test_a_type_named_like_a_reserved_name_with_type_beside_a_real_one() -> None:
    # UBL's XAdES declares `AnyType`; `Any` takes the suffix `Type` because generated modules import it.
    named = assign_names(package(model("Any"), model("AnyType")))
    assert {m.name: m.py_name for m in named.models} == {"Any": "AnyType_2", "AnyType": "AnyType"}


def test_other_namespaces_with_equal_last_segments_take_more_segments() -> None:
    first = replace(model("Address"), qname="{urn:a:common}Address", namespace="urn:a:common")
    second = replace(model("Address"), qname="{urn:b:common}Address", namespace="urn:b:common")
    versioned = replace(
        model("Address"), qname="{http://x.org/01903/v1.3.2#}Address", namespace="http://x.org/01903/v1.3.2#"
    )
    named = assign_names(package(model("Address"), first, second, versioned))
    assert {m.qname: m.py_name for m in named.models} == {
        f"{{{NS}}}Address": "Address",
        "{urn:a:common}Address": "ACommonAddress",
        "{urn:b:common}Address": "BCommonAddress",
        "{http://x.org/01903/v1.3.2#}Address": "V132Address",
    }


def test_fields_colliding_after_sanitising_are_numbered_in_declaration_order() -> None:
    (named,) = assign_names(package(model("T", element("dialString"), element("DialString")))).models
    assert [(f.name, f.py_name) for f in named.fields] == [
        ("dialString", "dial_string"),
        ("DialString", "dial_string_2"),
    ]


def test_an_attribute_named_like_an_element_takes_the_suffix_attribute() -> None:
    (named,) = assign_names(package(model("T", attribute("id"), element("id"), element("ID")))).models
    assert [(f.name, f.py_name) for f in named.fields] == [
        ("id", "id_attribute"),
        ("id", "id"),
        ("ID", "id_2"),
    ]


def test_a_field_never_takes_an_inherited_name() -> None:
    base = model("Base", element("Id"))
    derived = model("Derived", element("ID", line=7), attribute("Id"), base=base.qname)
    named = assign_names(package(base, derived))
    assert [f.py_name for f in named.models[1].fields] == ["id_2", "id_attribute"]


def test_a_restriction_redeclaring_an_inherited_field_overrides_it() -> None:
    base = model("Base", element("Sender"))
    derived = model("Derived", element("Sender"), base=base.qname)
    named = assign_names(package(base, derived))
    assert [f.py_name for f in named.models[1].fields] == ["sender"]


def test_enum_members_colliding_get_numbered_and_keep_their_values() -> None:
    (named,) = assign_names(package(enums=(enum("E", "a-b", "a_b", "A_B_2"),))).enums
    pairs = [(m.py_name, m.value) for m in named.members]
    assert pairs == [("A_B", "a-b"), ("A_B_2", "a_b"), ("A_B_2_2", "A_B_2")]


def test_references_keep_pointing_at_renamed_types() -> None:
    holder = model("holder", element("item", model_ref(f"{{{NS}}}item")))
    named = assign_names(package(holder, model("item")))
    assert {m.qname: m.py_name for m in named.models} == {
        f"{{{NS}}}holder": "Holder",
        f"{{{NS}}}item": "Item",
    }


def test_same_named_types_of_other_namespaces_take_the_namespace_as_prefix() -> None:
    models = (complex_type("t.deviceInfo"), complex_type("t.callRecords.deviceInfo"))
    named = assign_names(odata_package(models))
    assert {m.qname: m.py_name for m in named.models} == {
        "t.deviceInfo": "DeviceInfo",
        "t.callRecords.deviceInfo": "CallRecordsDeviceInfo",
    }


def test_operations_bound_to_a_type_and_to_its_collection_are_told_apart() -> None:
    single = operation("validate", "t.job", request=True)
    many = operation("validate", "t.job", collection=True, request=True)
    requests = [message(op.qname, MessageKind.REQUEST, name="validateRequest") for op in (single, many)]
    named = assign_names(odata_package([entity("t.job"), *requests], operations=[single, many]))
    assert sorted(m.py_name for m in named.models) == [
        "Job",
        "JobCollectionValidateRequest",
        "JobValidateRequest",
    ]
    assert sorted(op.py_name for op in named.services[0].operations) == [
        "job_collection_validate",
        "job_validate",
    ]


def test_function_overloads_on_one_binding_take_their_parameter_names() -> None:
    plain = operation("access", "t.job", returns="t.job", returns_collection=True)
    with_id = operation(
        "access",
        "t.job",
        signature="t.job,Edm.String",
        request=True,
        returns="t.job",
        returns_collection=True,
    )
    models = (
        entity("t.job"),
        message(plain.qname, MessageKind.RESPONSE, name="accessResponse"),
        message(with_id.qname, MessageKind.REQUEST, prop("packageId"), name="accessRequest"),
        message(with_id.qname, MessageKind.RESPONSE, name="accessResponse"),
    )
    named = assign_names(odata_package(models, operations=[plain, with_id]))
    assert {m.qname: m.py_name for m in named.models} == {
        "t.job": "Job",
        f"{plain.qname}/Response": "JobAccessResponse",
        f"{with_id.qname}/Request": "AccessRequest",
        f"{with_id.qname}/Response": "JobAccessWithPackageIdResponse",
    }
    operations = sorted(op.py_name for op in named.services[0].operations)
    assert operations == ["job_access", "job_access_with_package_id"]


def test_the_configured_service_name_names_the_first_service() -> None:
    named = assign_names(odata_package([entity("t.job")]), service="Jobs")
    assert named.services[0].py_name == "Jobs"
    assert assign_names(odata_package([entity("t.job")])).services[0].py_name == "Svc"


def test_long_unnested_type_names_keep_their_last_parts() -> None:
    long = "Fare_MasterPricerTravelBoardSearch_ticketChangeInfo_ticketRequestedSegments_connectPointDetails_x"
    other = long.replace("Fare_", "Other_")
    named = assign_names(package(model(long), model(other), model("a" * 90)))
    names = {m.name: m.py_name for m in named.models}
    assert names[long] == "TicketChangeInfoTicketRequestedSegmentsConnectPointDetailsX"
    assert names[other] == "TicketChangeInfoTicketRequestedSegmentsConnectPointDetailsX_2"
    assert names["a" * 90] == "a" * 64  # no parts to drop: its last 64 characters
    assert all(len(name) <= 66 for name in names.values())


def test_long_enum_member_names_are_cut_and_numbered_and_keep_their_values() -> None:
    long = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    (named,) = assign_names(package(enums=(enum("E", long, long + "x"),))).enums
    assert [(m.py_name, m.value) for m in named.members] == [
        ("URN_OASIS_NAMES_SPECIFICATION_UB", long),
        ("URN_OASIS_NAMES_SPECIFICATION_UB_2", long + "x"),
    ]


def test_enum_members_i_and_o_are_not_ambiguous_names() -> None:
    (named,) = assign_names(package(enums=(enum("E", "I", "O", "o", "L"),))).enums
    assert [(m.py_name, m.value) for m in named.members] == [
        ("I_", "I"),
        ("O_", "O"),
        ("O__2", "o"),
        ("L", "L"),
    ]

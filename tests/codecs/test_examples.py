"""The generated codecs on real documents (issue 3, items 1-3): every SOAP example of the UM doc pages and of
the seeds, and every JSON example of the Graph presence pages, decodes and re-encodes to the same document
(XML compared canonically, JSON as parsed values); errors name the path; hostile input is refused.

The documents live in ../shared (third-party, never copied here); those tests skip with a reason without it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.paths import ROOT, SHARED
from tests.specs.test_um_spec import DOCS as UM_DOCS
from tests.specs.test_um_spec import KNOWN_DOC_CONTRADICTIONS, MESSAGES, _example_params, _examples

for _folder in (ROOT / "generated" / "um_service", ROOT / "generated" / "graph_presence"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import graph_presence as gp  # noqa: E402
import um_service as um  # noqa: E402
from graph_presence import codec as json_codec  # noqa: E402
from um_service import codec as xml_codec  # noqa: E402

SEEDS = SHARED / "seeds"
GRAPH_EXAMPLES = SHARED / "reference" / "graph" / "docs" / "examples"
HTTPS_MESSAGES = MESSAGES.replace("http://", "https://")
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
_XML_BLOCK = re.compile(r"```xml[^\n]*\n(.*?)```", re.DOTALL | re.IGNORECASE)


def canonical(document: bytes | str) -> bytes:
    """Exclusive C14N without indentation: the same XML document, whatever its prefixes and layout."""
    data = document.encode("utf-8") if isinstance(document, str) else document
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False))
    for node in tree.iter():
        if node.text is not None and not node.text.strip() and len(node):
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return etree.tostring(tree, method="c14n", exclusive=True)


def _skip_without(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent: the reference documents live in ../shared, outside the project")


# --- SOAP examples of the UM doc pages -------------------------------------------------------------------


@pytest.mark.parametrize(("page", "index", "text"), _example_params())
def test_um_doc_example_round_trips(page: str, index: int, text: str) -> None:
    root = etree.fromstring(text.encode("utf-8"))
    body_element = etree.QName(root[-1][0]).localname
    if (page, body_element) in KNOWN_DOC_CONTRADICTIONS:
        # The codec is as strict as the schema: the doc's misspelt child is named in the error.
        with pytest.raises(um.DecodeError, match="base64FolderID"):
            xml_codec.decode(text)
        return
    envelope = xml_codec.decode_envelope(text)
    assert envelope.soap == "1.1"
    assert type(envelope.body).__name__ == body_element
    assert canonical(xml_codec.encode(envelope.body)) == canonical(text)


def test_every_um_operation_has_a_doc_example_both_ways() -> None:
    _skip_without(UM_DOCS)
    bodies = {etree.QName(etree.fromstring(text.encode())[-1][0]).localname for _, _, text in _examples()}
    for operation in xml_codec._CODEC.elements:
        assert operation.__name__ in bodies, operation.__name__


# --- the seeds -------------------------------------------------------------------------------------------


def _seed_blocks() -> list[str]:
    return [
        block.strip()
        for seed in sorted(SEEDS.glob("*.txt"))
        for block in _XML_BLOCK.findall(seed.read_text())
    ]


def test_seed_envelopes_use_https_which_is_refused_by_default() -> None:
    _skip_without(SEEDS)
    envelopes = [block for block in _seed_blocks() if "Envelope" in block]
    assert len(envelopes) == 2
    for text in envelopes:
        assert HTTPS_MESSAGES in text
        with pytest.raises(um.DecodeError) as caught:
            xml_codec.decode(text)
        # The message names the namespace the schema expects, so the fix is obvious.
        assert f"expected '{MESSAGES}'" in str(caught.value)
        assert HTTPS_MESSAGES in str(caught.value)


def test_seed_envelopes_decode_with_a_namespace_alias_and_re_encode_with_the_schema_namespace() -> None:
    _skip_without(SEEDS)
    aliases = {HTTPS_MESSAGES: MESSAGES}
    decoded = [
        xml_codec.decode(text, namespace_aliases=aliases) for text in _seed_blocks() if "Envelope" in text
    ]
    assert decoded == [um.SetOofStatus(status=True), um.SetOofStatusResponse()]
    for text, value in zip([b for b in _seed_blocks() if "Envelope" in b], decoded, strict=True):
        assert canonical(xml_codec.encode(value)) == canonical(text.replace(HTTPS_MESSAGES, MESSAGES))


def test_seed_syntax_skeletons_are_not_messages() -> None:
    """The seeds' (and pages') syntax blocks have no namespace and empty values: they are not documents."""
    _skip_without(SEEDS)
    skeletons = [block for block in _seed_blocks() if "Envelope" not in block]
    assert skeletons
    for text in skeletons:
        with pytest.raises(um.DecodeError, match=f"expected '{re.escape(MESSAGES)}'"):
            xml_codec.decode(text)


# --- JSON examples of the presence pages -----------------------------------------------------------------

# Example file name (without the page prefix) -> the model of its body; every example must be listed.
JSON_BODIES: dict[str, type] = {
    "cloudcommunications-getpresencesbyuserid--get-presence-multiple-users--request": (
        gp.GetPresencesByUserIdRequest
    ),
    "cloudcommunications-getpresencesbyuserid--get-presence-multiple-users--response": (
        gp.GetPresencesByUserIdResponse
    ),
    "presence-clearpresence--clear--presence--request": gp.ClearPresenceRequest,
    "presence-get--get-user-presence--response": gp.Presence,
    "presence-get--get-user-presences--response": gp.PresenceCollectionResponse,
    "presence-get--get-your-presence--response": gp.Presence,
    "presence-setautomaticlocation--presencethis.setautomaticlocation--request": (
        gp.SetAutomaticLocationRequest
    ),
    "presence-setmanuallocation--presencethis.setmanuallocation--request": gp.SetManualLocationRequest,
    "presence-setpresence--set-presence--request": gp.SetPresenceRequest,
    "presence-setstatusmessage--setstatusmessage--request": gp.SetStatusMessageRequest,
    "presence-setstatusmessage--setstatusmessage-another-user--request": gp.SetStatusMessageRequest,
    "presence-setstatusmessage--setstatusmessage-another-user-get-presence--response": gp.Presence,
    "presence-setuserpreferredpresence--setUserPreferredPresence--request": (
        gp.SetUserPreferredPresenceRequest
    ),
}


def _json_params() -> list[Any]:
    if not GRAPH_EXAMPLES.is_dir():
        reason = f"{GRAPH_EXAMPLES} is absent: the Graph examples live in ../shared, outside the project"
        return [pytest.param(Path(), marks=pytest.mark.skip(reason=reason), id="no-shared-examples")]
    return [pytest.param(path, id=path.stem) for path in sorted(GRAPH_EXAMPLES.glob("*.json"))]


@pytest.mark.parametrize("path", _json_params())
def test_graph_doc_example_round_trips(path: Path) -> None:
    cls = JSON_BODIES[path.stem]
    data = path.read_bytes()
    value = json_codec.decode(data, cls)
    assert type(value) is cls
    assert json.loads(json_codec.encode(value)) == json.loads(data)
    assert json_codec.to_dict(value) == json.loads(data)
    assert json_codec.decode(json.loads(data), cls) == value
    assert json_codec.decode(data.decode("utf-8"), cls) == value


def test_the_documented_explicit_null_comes_back_out() -> None:
    path = (
        GRAPH_EXAMPLES
        / "presence-setstatusmessage--setstatusmessage-another-user-get-presence--response.json"
    )
    _skip_without(path)
    presence = json_codec.decode(path.read_bytes(), gp.Presence)
    settings = presence.out_of_office_settings
    assert settings is not None and settings.message is None
    assert settings.explicit_nulls == frozenset({"message"})
    assert json.loads(json_codec.encode(presence))["outOfOfficeSettings"] == {
        "message": None,
        "isOutOfOffice": False,
    }


# --- behaviour the issue names, on small documents of our own --------------------------------------------


def envelope(body: str, soap: str = SOAP11) -> bytes:
    return f'<s:Envelope xmlns:s="{soap}"><s:Body>{body}</s:Body></s:Envelope>'.encode()


def set_oof(status: str) -> bytes:
    return envelope(f'<SetOofStatus xmlns="{MESSAGES}"><status>{status}</status></SetOofStatus>')


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("false", False), ("1", True), ("0", False), (" \n true\t", True), ("\t0 ", False)],
)
def test_xs_boolean_lexical_forms(text: str, expected: bool) -> None:
    assert xml_codec.decode(set_oof(text)) == um.SetOofStatus(status=expected)


@pytest.mark.parametrize("text", ["yes", "TRUE", "", "2", "t"])
def test_a_bad_boolean_names_its_path(text: str) -> None:
    with pytest.raises(um.DecodeError) as caught:
        xml_codec.decode(set_oof(text))
    assert str(caught.value) == f"SetOofStatus/status: {text!r} is not an xs:boolean"
    assert caught.value.path == "SetOofStatus/status"


def test_xml_errors_name_what_is_wrong() -> None:
    cases = {
        envelope(f'<SetOofStatus xmlns="{MESSAGES}"/>'): "SetOofStatus: required element 'status' is missing",
        envelope(f'<SetOofStatus xmlns="{MESSAGES}"><status>true</status><x/></SetOofStatus>'): (
            f"SetOofStatus: unexpected element 'x' in namespace '{MESSAGES}'"
        ),
        envelope(
            f'<SetOofStatus xmlns="{MESSAGES}"><status>true</status><status>true</status></SetOofStatus>'
        ): ("SetOofStatus/status: appears more than once"),
        envelope(f'<SetOofStatus xmlns="{MESSAGES}"><status xmlns="urn:x">true</status></SetOofStatus>'): (
            f"SetOofStatus/status: element is in namespace 'urn:x', expected '{MESSAGES}'"
        ),
        envelope(
            f'<GetCallInfoResponse xmlns="{MESSAGES}"><GetCallInfoResponse><CallState>Ringing</CallState>'
            "<EventCause>None</EventCause></GetCallInfoResponse></GetCallInfoResponse>"
        ): ("GetCallInfoResponse/GetCallInfoResponse/CallState: 'Ringing' is not a UMCallState value"),
        envelope(f'<SetOofStatus xmlns="{MESSAGES}" bogus="1"><status>true</status></SetOofStatus>'): (
            "SetOofStatus: unexpected attribute 'bogus'"
        ),
        envelope(""): "Envelope/Body: expected one element in the Body, found 0",
        envelope(f'<Nope xmlns="{MESSAGES}"/>'): f"'Nope' in namespace '{MESSAGES}' is not an element",
    }
    for document, message in cases.items():
        with pytest.raises(um.DecodeError) as caught:
            xml_codec.decode(document)
        assert str(caught.value).startswith(message), (document, str(caught.value))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + f']><SetOofStatus xmlns="{MESSAGES}"><status>&lol9;</status></SetOofStatus>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<SetOofStatus xmlns="{MESSAGES}"><status>&xxe;</status></SetOofStatus>'
)
REMOTE_DTD = (
    '<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">'
    f'<SetOofStatus xmlns="{MESSAGES}"><status>true</status></SetOofStatus>'
)
DEEP_XML = envelope(
    f'<SetOofStatus xmlns="{MESSAGES}">' + "<a>" * 100_000 + "</a>" * 100_000 + "</SetOofStatus>"
)


@pytest.mark.parametrize(
    "document",
    [BILLION_LAUGHS, XXE, DEEP_XML, b"<SetOofStatus", b"\xff\xfe<x/>", b"", "not xml"],
    ids=["billion-laughs", "xxe", "deep-nesting", "truncated", "bad-encoding", "empty", "text"],
)
def test_hostile_xml_is_refused(document: str | bytes) -> None:
    with pytest.raises(um.DecodeError):
        xml_codec.decode(document)


def test_a_dtd_is_never_loaded_and_one_without_entities_is_read_as_if_absent(tmp_path: Path) -> None:
    # xCBL's documents name their DTD (`<!DOCTYPE Order SYSTEM "Order.dtd">`): it is neither fetched nor read,
    # so its attribute defaults do not apply either.
    local = tmp_path / "defaults.dtd"
    local.write_text('<!ATTLIST status extra CDATA "from-the-dtd">', encoding="utf-8")
    for system in ("http://127.0.0.1:9/evil.dtd", local.as_uri()):
        document = REMOTE_DTD.replace("http://127.0.0.1:9/evil.dtd", system)
        assert xml_codec.decode(document) == um.SetOofStatus(status=True)
        assert b"from-the-dtd" not in xml_codec.encode(xml_codec.decode(document))


def test_comments_and_processing_instructions_between_elements_are_ignored() -> None:
    document = (
        f'<?xml version="1.0"?><!-- before --><?app x?><SetOofStatus xmlns="{MESSAGES}"><!-- c -->'
        "<?pi data?><status><!--in-->true<?pi?></status><!-- after --></SetOofStatus><!-- end -->"
    )
    assert xml_codec.decode(document) == um.SetOofStatus(status=True)
    assert xml_codec.decode(envelope(document.split("?>", 1)[1])) == um.SetOofStatus(status=True)


def test_soap_12_envelopes_round_trip() -> None:
    value = um.SetOofStatus(status=False)
    data = xml_codec.encode(value, soap="1.2")
    assert b"http://www.w3.org/2003/05/soap-envelope" in data
    decoded = xml_codec.decode_envelope(data)
    assert decoded.body == value and decoded.soap == "1.2"


@pytest.mark.parametrize("soap", ["1.1", "1.2"])
def test_faults_round_trip_and_raise(soap: str) -> None:
    fault = um.SoapFault(
        "Client", "status must be a boolean <here>", detail='<m:Why xmlns:m="urn:m">bad</m:Why>'
    )
    data = xml_codec.encode(fault, soap=soap)
    with pytest.raises(um.SoapFault) as caught:
        xml_codec.decode(data)
    assert caught.value == fault


def test_a_header_that_must_be_understood_but_is_unknown_is_refused() -> None:
    data = (
        f'<s:Envelope xmlns:s="{SOAP11}"><s:Header><h:T xmlns:h="urn:h" s:mustUnderstand="1"/></s:Header>'
        f'<s:Body><SetOofStatus xmlns="{MESSAGES}"><status>true</status></SetOofStatus></s:Body></s:Envelope>'
    )
    with pytest.raises(um.DecodeError, match="must be understood"):
        xml_codec.decode(data)


def test_bare_elements_and_cls_checks() -> None:
    value = um.GetUMPropertiesResponse(
        get_um_properties_response=um.UMProperties(oof_status=True, missed_call_notification_enabled=False)
    )
    bare = xml_codec.encode(value, envelope=False)
    assert bare.startswith(b'<?xml version="1.0" encoding="utf-8"?><GetUMPropertiesResponse xmlns=')
    assert xml_codec.decode(bare, um.GetUMPropertiesResponse) == value
    with pytest.raises(um.DecodeError, match="expected element 'SetOofStatus'"):
        xml_codec.decode(bare, um.SetOofStatus)


def test_text_that_needs_escaping_round_trips() -> None:
    value = um.SetPlayOnPhoneDialString(dial_string=' <&> "quoted" ]]> \r\n\t end ')
    assert xml_codec.decode(xml_codec.encode(value)) == value


def test_a_string_xml_cannot_carry_is_an_encode_error() -> None:
    with pytest.raises(um.EncodeError):
        xml_codec.encode(um.SetPlayOnPhoneDialString(dial_string="bell \x07"))


def test_a_required_field_left_none_is_an_encode_error() -> None:
    with pytest.raises(um.EncodeError, match="SetPlayOnPhoneDialString/dialString"):
        xml_codec.encode(um.SetPlayOnPhoneDialString(dial_string=None))  # type: ignore[arg-type]


# --- JSON behaviour ----------------------------------------------------------------------------------------


def test_every_graph_model_is_made_without_its_constructor() -> None:
    # The readers' fast path (README, "Speed"): the models as generated only store their fields.
    from graph_presence import _json_fields

    for cls in json_codec._MODELS:
        properties = getattr(json_codec, f"_P_{cls.__name__}")
        assert _json_fields.builds_directly(cls, properties.names.values()), cls


def test_null_and_absent_stay_apart() -> None:
    absent = json_codec.decode(b"{}", gp.OutOfOfficeSettings)
    null = json_codec.decode(b'{"message": null}', gp.OutOfOfficeSettings)
    assert absent != null
    assert json_codec.encode(absent) == b"{}"
    assert json_codec.encode(null) == b'{"message":null}'
    assert (
        json_codec.encode(gp.OutOfOfficeSettings(explicit_nulls=frozenset({"message"})))
        == b'{"message":null}'
    )


def test_unknown_properties_and_annotations_are_kept_and_written_back() -> None:
    data = {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/presence",
        "id": "x",
        "newProperty": {"nested": [1, 2.5, None, "s"]},
        "activity@odata.etag": "W/1",
    }
    value = json_codec.decode(data, gp.Presence)
    assert value.additional_data == {k: v for k, v in data.items() if k != "id"}
    assert json_codec.to_dict(value) == data
    assert next(iter(json_codec.to_dict(value))) == "@odata.context"


def test_seven_fractional_digits_survive() -> None:
    text = "2022-10-18T16:05:33.2079781Z"
    message = json_codec.decode({"publishedDateTime": text}, gp.PresenceStatusMessage)
    published = message.published_date_time
    assert published is not None and published.microsecond == 207978 and published.ticks == 2079781  # type: ignore[attr-defined]
    assert json_codec.to_dict(message) == {"publishedDateTime": text}


def test_open_enums_keep_values_the_schema_does_not_list() -> None:
    body = json_codec.decode({"content": "x", "contentType": "markdown"}, gp.ItemBody)
    assert body.content_type == "markdown"
    known = json_codec.decode({"contentType": "html"}, gp.ItemBody)
    assert known.content_type is gp.BodyType.HTML
    presence = json_codec.decode(
        {"id": "x", "availability": "Focusing", "activity": "unknownFutureValue"}, gp.Presence
    )
    assert (presence.availability, presence.activity) == ("Focusing", "unknownFutureValue")
    assert json_codec.to_dict(body) == {"content": "x", "contentType": "markdown"}


def test_odata_type_picks_the_derived_class() -> None:
    value = json_codec.decode(
        {"@odata.type": "#microsoft.graph.presence", "id": "x", "activity": "Away"}, gp.Entity
    )
    assert type(value) is gp.Presence and value.activity == "Away"
    with pytest.raises(gp.DecodeError, match="is not Presence or derived from it"):
        json_codec.decode({"@odata.type": "#microsoft.graph.user", "id": "x"}, gp.Presence)
    # A class the reader could confuse with its (concrete) base says what it is.
    assert json_codec.to_dict(gp.User(id="u"))["@odata.type"] == "#microsoft.graph.user"


def test_durations_are_iso_8601() -> None:
    request = json_codec.decode(
        {"availability": "Busy", "activity": "InACall", "expirationDuration": "PT5M"}, gp.SetPresenceRequest
    )
    assert request.expiration_duration is not None and request.expiration_duration.total_seconds() == 300
    assert json_codec.to_dict(request)["expirationDuration"] == "PT5M"
    with pytest.raises(gp.DecodeError, match=r"\$\.expirationDuration"):
        json_codec.decode(
            {"availability": "Busy", "activity": "x", "expirationDuration": "P1M"}, gp.SetPresenceRequest
        )


@pytest.mark.parametrize(
    ("cls", "document", "message"),
    [
        (gp.Presence, b'{"id": 5}', "$.id: expected a string, got a number 5"),
        (gp.Presence, b"{}", "$: required property 'id' is missing"),
        (gp.Presence, b'{"id": null}', "$.id: null is not allowed"),
        (
            gp.Presence,
            b'{"id": "x", "statusMessage": {"message": {"contentType": 3}}}',
            "$.statusMessage.message.contentType: expected a bodyType string, got a number 3",
        ),
        (gp.Presence, b'{"id": "x", "statusMessage": []}', "$.statusMessage: expected an object"),
        (gp.GetPresencesByUserIdRequest, b'{"ids": ["a", 7]}', "$.ids[1]: expected a string"),
        (gp.GetPresencesByUserIdRequest, b'{"ids": "a"}', "$.ids: expected an array, got a string"),
        (
            gp.PresenceCollectionResponse,
            b'{"value": [{"id": "a"}, {}]}',
            "$.value[1]: required property 'id'",
        ),
        (
            gp.PresenceStatusMessage,
            b'{"publishedDateTime": "2022-10-18T16:05:33"}',
            "$.publishedDateTime: expected",
        ),
        (gp.Presence, b'{"id": "x",}', "$: malformed JSON"),
        (gp.Presence, b"[" * 100_000 + b"]" * 100_000, "$: malformed JSON"),
        (gp.Presence, b"\xff\xfe", "$: malformed JSON"),
    ],
)
def test_json_errors_name_the_path(cls: type, document: bytes, message: str) -> None:
    with pytest.raises(gp.DecodeError) as caught:
        json_codec.decode(document, cls)
    assert str(caught.value).startswith(message), str(caught.value)


def test_decode_error_is_exported_at_the_top_level() -> None:
    assert um.DecodeError is xml_codec.DecodeError and issubclass(um.DecodeError, ValueError)
    assert gp.DecodeError is json_codec.DecodeError and issubclass(gp.DecodeError, ValueError)


def test_content_types_name_the_soap_version() -> None:
    assert xml_codec.soap_version("text/xml; charset=utf-8") == "1.1"
    assert xml_codec.soap_version('application/soap+xml; charset=utf-8; action="urn:x"') == "1.2"
    assert xml_codec.soap_version("application/json") is None
    for version, content_type in xml_codec.CONTENT_TYPES.items():
        assert xml_codec.soap_version(content_type) == version
        assert xml_codec.decode_envelope(xml_codec.encode(um.ResetPIN(), soap=version)).soap == version

"""Hostile and unusual requests to the generated stubs (issue 14 item 4): each gets the right status, the
state is unchanged where the request is refused, and the server goes on serving. The HTTP edges (bodies
past the limit, slow clients, pipelining) go over a real socket to uvicorn; content goes in process."""

from __future__ import annotations

import gzip
import json
import logging
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

import pytest
from starlette.testclient import TestClient

from tests import serving
from tests.codecs.features import Features
from tests.frontends.test_xsd import SERVICE, WSDL_HEAD
from tests.paths import ROOT
from tests.servers.wire import Connection, chunk, connected, request

if str(ROOT / "generated" / "um_service") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated" / "um_service"))
if str(ROOT / "generated" / "graph_presence") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated" / "graph_presence"))

import graph_presence as gp
import um_service as um
from graph_presence import server as graph_server
from graph_presence.server import GraphContext, Principal
from um_service import codec as um_codec
from um_service import server as um_server
from um_service.server import RequestContext

UM_PATH = "/EWS/UM2007Legacy.asmx"
SOAP11 = {"content-type": "text/xml; charset=utf-8"}
SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"
MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages"
JSON = {"content-type": "application/json"}
STATUS_MESSAGE = "/v1.0/users/u1/presence/setStatusMessage"


def _soap(body: str, header: str = "", declaration: str = "") -> str:
    head = f"<s:Header>{header}</s:Header>" if header else ""
    return f'{declaration}<s:Envelope xmlns:s="{SOAP_ENVELOPE}">{head}<s:Body>{body}</s:Body></s:Envelope>'


def _dial(text: str) -> str:
    return _element("SetPlayOnPhoneDialString", f"<dialString>{text}</dialString>", f'xmlns="{MESSAGES}"')


def _element(name: str, content: str, declarations: str, prefix: str = "") -> str:
    return f"<{prefix}{name} {declarations}>{content}</{prefix}{name}>"


OOF = f'<SetOofStatus xmlns="{MESSAGES}"><status>true</status></SetOofStatus>'


class Mailbox(um_server.UMServiceBase):
    def __init__(self) -> None:
        self.oof = False
        self.dial_string: str | None = None

    async def set_oof_status(
        self, request: um.SetOofStatus, context: RequestContext
    ) -> um.SetOofStatusResponse:
        self.oof = request.status
        return um.SetOofStatusResponse()

    async def set_play_on_phone_dial_string(
        self, request: um.SetPlayOnPhoneDialString, context: RequestContext
    ) -> um.SetPlayOnPhoneDialStringResponse:
        self.dial_string = request.dial_string
        return um.SetPlayOnPhoneDialStringResponse()

    async def get_um_properties(
        self, request: um.GetUMProperties, context: RequestContext
    ) -> um.GetUMPropertiesResponse:
        return um.GetUMPropertiesResponse(
            get_um_properties_response=um.UMProperties(
                oof_status=self.oof,
                missed_call_notification_enabled=False,
                play_on_phone_dial_string=self.dial_string,
            )
        )


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def soap(mailbox: Mailbox) -> Iterator[TestClient]:
    with TestClient(um_server.create_app(mailbox, max_body=4_000_000)) as client:
        yield client


def _fault(response: Any) -> um_codec.SoapFault:
    with pytest.raises(um_codec.SoapFault) as caught:
        um_codec.decode(response.content)
    return caught.value


def _still_serving(client: TestClient, mailbox: Mailbox) -> None:
    """The server answers a normal request, and nothing before it changed the mailbox."""
    assert (mailbox.oof, mailbox.dial_string) == (False, None)
    properties = client.post(UM_PATH, content=um_codec.encode(um.GetUMProperties()), headers=SOAP11)
    assert properties.status_code == 200


# --- SOAP: charsets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charset", "declaration", "bom"),
    [
        ("utf-16", '<?xml version="1.0" encoding="utf-16"?>', True),
        ("utf-16le", "", False),
        ("UTF-16BE", '<?xml version="1.0"?>', False),
        ("iso-8859-1", '<?xml version="1.0" encoding="iso-8859-1"?>', False),
        (
            "windows-1252",
            '<?xml version="1.0" encoding="utf-8"?>',
            False,
        ),  # the charset outranks the declaration
        ('"utf-8"', "", False),
        ("utf-8", '<?xml version="1.0" encoding="iso-8859-1"?>', False),  # UTF-8 too outranks it
        ("UTF8", "<?xml version='1.0' encoding='ascii'?>", False),
        ("utf-8", '<?xml version="1.0" encoding="UTF-8"?>', False),
    ],
)
def test_a_body_is_read_in_the_charset_its_content_type_declares(
    soap: TestClient, mailbox: Mailbox, charset: str, declaration: str, bom: bool
) -> None:
    text = "Zoë +33 1 42"
    document = _soap(_dial(text), declaration=declaration)
    codec_name = charset.strip('"')
    data = document.encode("utf-16" if bom else codec_name)
    response = soap.post(UM_PATH, content=data, headers={"content-type": f"text/xml; charset={charset}"})
    assert response.status_code == 200, response.text
    assert mailbox.dial_string == text


def test_without_a_charset_the_byte_order_mark_and_declaration_decide(
    soap: TestClient, mailbox: Mailbox
) -> None:
    for data in (
        _soap(_dial("Zoë")).encode("utf-16"),
        _soap(_dial("Zoë"), declaration='<?xml version="1.0" encoding="iso-8859-1"?>').encode("latin-1"),
    ):
        assert soap.post(UM_PATH, content=data, headers={"content-type": "text/xml"}).status_code == 200
        assert mailbox.dial_string == "Zoë"


@pytest.mark.parametrize(
    ("charset", "data", "message"),
    [
        ("utf-8", _soap(_dial("Zoë")).encode("latin-1"), "malformed XML"),
        ("utf-16le", _soap(_dial("x")).encode("utf-16le")[:-1], "not text in its declared charset"),
        ("no-such-charset", _soap(_dial("x")).encode(), "not one this server reads"),
        # Python codecs that are no charset: refused before the body is decoded (punycode's decoder takes
        # seconds for a megabyte).
        ("punycode", b"a" * 1000, "punycode is not a charset"),
        ("rot13", _soap(_dial("x")).encode(), "rot13 is not a charset"),
        ("undefined", _soap(_dial("x")).encode(), "undefined is not a charset"),
        ("unicode_escape", _soap(_dial("\\ud800")).encode(), "unicode_escape is not a charset"),
        # A charset whose text holds a lone surrogate, which XML cannot.
        ("utf-7", _soap(_dial("+2AA-")).encode(), "not text in its declared charset"),
        (
            "utf-16le",
            _soap(_dial("x")).encode("utf-16le").replace("x".encode("utf-16le"), b"\x00\xd8"),
            "charset",
        ),
    ],
    ids=[
        "latin-1-as-utf-8",
        "odd-utf-16",
        "unknown-charset",
        "punycode",
        "rot13",
        "undefined",
        "unicode-escape",
        "utf-7-lone-surrogate",
        "lone-surrogate-utf-16",
    ],
)
def test_a_body_that_is_not_text_in_its_charset_is_a_client_fault(
    soap: TestClient, mailbox: Mailbox, charset: str, data: bytes, message: str
) -> None:
    response = soap.post(UM_PATH, content=data, headers={"content-type": f"text/xml; charset={charset}"})
    fault = _fault(response)
    assert fault.code == "Client" and message in fault.string, fault.string
    _still_serving(soap, mailbox)


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (OOF, "text/xml", "is not a SOAP envelope"),
        (OOF, "application/soap+xml", "is not a SOAP envelope"),
        (_soap("junk" + OOF), "text/xml", "text beside the envelope's elements"),
        (_soap(OOF + "junk"), "text/xml", "text beside the envelope's elements"),
        (_soap(OOF).replace("<s:Body>", "junk<s:Body>"), "text/xml", "text beside the envelope's elements"),
        (_soap(OOF).replace("</s:Body>", "</s:Body>junk"), "text/xml", "text beside the envelope's elements"),
        (_soap(OOF, "<x/>").replace("</s:Header>", "</s:Header>junk"), "text/xml", "text beside"),
    ],
    ids=[
        "bare-1.1",
        "bare-1.2",
        "text-before",
        "text-after",
        "text-before-body",
        "text-after-body",
        "text-after-header",
    ],
)
def test_a_request_is_a_soap_envelope_of_elements(
    soap: TestClient, mailbox: Mailbox, data: str, content_type: str, message: str
) -> None:
    """The codec reads a bare document as its body (`decode`); the server takes only envelopes."""
    response = soap.post(UM_PATH, content=data.encode(), headers={"content-type": content_type})
    with pytest.raises(um_codec.SoapFault) as caught:
        um_codec.decode(response.content)
    assert caught.value.code in ("Client", "Sender") and message in caught.value.string, caught.value.string
    _still_serving(soap, mailbox)
    assert um_codec.decode(OOF.encode()) == um.SetOofStatus(status=True)


def test_a_head_request_runs_no_operation(soap: TestClient, mailbox: Mailbox) -> None:
    """Starlette routes a HEAD wherever a GET goes: it is answered as the GET would be, never dispatched."""
    response = soap.request("HEAD", UM_PATH, content=_soap(OOF).encode(), headers=SOAP11)
    assert response.status_code == 405 and response.content == b""
    assert soap.request("HEAD", UM_PATH + "?wsdl").status_code == 200
    _still_serving(soap, mailbox)


def test_a_response_holding_what_its_type_is_not_is_a_server_fault(
    soap: TestClient, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A service's bug (a number where the schema says a string) is logged and answered as a fault."""
    mailbox.dial_string = 5  # type: ignore[assignment]
    response = soap.post(UM_PATH, content=um_codec.encode(um.GetUMProperties()), headers=SOAP11)
    assert response.status_code == 500 and _fault(response).code == "Server"
    assert "GetUMProperties returned a response that cannot be written" in caplog.text
    mailbox.dial_string = None
    _still_serving(soap, mailbox)


# --- SOAP: content --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        _soap(_dial("&#xD800;")).encode(),
        _soap(_dial("x")).encode().replace(b">x<", b">\xed\xa0\x80<"),
        _soap(_dial("&#0;")).encode(),
    ],
    ids=["surrogate-reference", "surrogate-bytes", "nul-reference"],
)
def test_characters_xml_does_not_allow_are_a_client_fault(
    soap: TestClient, mailbox: Mailbox, data: bytes
) -> None:
    fault = _fault(soap.post(UM_PATH, content=data, headers=SOAP11))
    assert fault.code == "Client" and "malformed XML" in fault.string
    _still_serving(soap, mailbox)


def test_an_element_with_100k_attributes_is_refused(soap: TestClient, mailbox: Mailbox) -> None:
    attributes = " ".join(f'a{i}="{i}"' for i in range(100_000))
    data = _soap(OOF.replace("<SetOofStatus ", f"<SetOofStatus {attributes} ")).encode()
    fault = _fault(soap.post(UM_PATH, content=data, headers=SOAP11))
    assert fault.code == "Client" and "SetOofStatus: unexpected attribute 'a0'" in fault.string
    _still_serving(soap, mailbox)


def test_a_redefined_prefix_means_what_its_nearest_declaration_says(
    soap: TestClient, mailbox: Mailbox
) -> None:
    # `s` is the envelope's prefix, then the messages namespace inside the body: a namespace-aware reader
    # reads it right.
    redefined = _soap(
        _element("SetPlayOnPhoneDialString", "<s:dialString>42</s:dialString>", f'xmlns:s="{MESSAGES}"', "s:")
    )
    assert soap.post(UM_PATH, content=redefined.encode(), headers=SOAP11).status_code == 200
    assert mailbox.dial_string == "42"
    mailbox.dial_string = None
    # The child's prefix is redefined to another namespace: it is not the DialString the operation takes.
    elsewhere = '<m:dialString xmlns:m="urn:elsewhere">42</m:dialString>'
    moved = _soap(_element("SetPlayOnPhoneDialString", elsewhere, f'xmlns:m="{MESSAGES}"', "m:"))
    fault = _fault(soap.post(UM_PATH, content=moved.encode(), headers=SOAP11))
    assert fault.code == "Client" and "urn:elsewhere" in fault.string, fault.string
    _still_serving(soap, mailbox)


def test_headers_the_wsdl_does_not_declare_are_ignored_unless_they_must_be_understood(
    soap: TestClient, mailbox: Mailbox
) -> None:
    trace = '<x:Trace xmlns:x="urn:trace" s:mustUnderstand="{}">{}</x:Trace>'
    noise = "".join(trace.format(0, i) for i in range(10_000))
    refused = soap.post(UM_PATH, content=_soap(OOF, noise + trace.format(1, "last")).encode(), headers=SOAP11)
    fault = _fault(refused)
    assert (
        fault.code == "MustUnderstand"
        and "header 'Trace' in namespace 'urn:trace' must be understood" in fault.string
    )
    assert mailbox.oof is False
    accepted = soap.post(UM_PATH, content=_soap(OOF, noise).encode(), headers=SOAP11)
    assert accepted.status_code == 200 and mailbox.oof is True


SOAP12_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope"


@pytest.mark.parametrize(
    ("soap", "target", "refused"),
    [
        ("1.1", 's:actor="urn:some-intermediary"', False),
        ("1.1", f's:actor="{SOAP_ENVELOPE[:-9]}actor/next"', True),  # next: every node, this one too
        ("1.2", f's:role="{SOAP12_ENVELOPE}/role/none"', False),
        ("1.2", 's:role="urn:some-intermediary"', False),
        ("1.2", f's:role="{SOAP12_ENVELOPE}/role/ultimateReceiver"', True),
        ("1.2", "", True),
    ],
)
def test_a_header_block_for_another_node_is_left_alone(soap: str, target: str, refused: bool) -> None:
    """A block must be understood by the node it is for: another node's (SOAP 1.1's `actor`, SOAP 1.2's
    `role`, or role `none`, for nobody) never faults here. It was a `MustUnderstand` fault, whatever its
    target (SOAP 1.1, 4.2.2-3; SOAP 1.2 part 1, 2.2, 5.2.2-3)."""
    namespace = SOAP_ENVELOPE if soap == "1.1" else SOAP12_ENVELOPE
    block = f'<x:Trace xmlns:x="urn:trace" s:mustUnderstand="1" {target}>t</x:Trace>'
    envelope = (
        f'<s:Envelope xmlns:s="{namespace}"><s:Header>{block}</s:Header><s:Body>{OOF}</s:Body></s:Envelope>'
    )
    if refused:
        with pytest.raises(um_codec.NotUnderstood):
            um_codec.decode_envelope(envelope)
    else:
        assert isinstance(um_codec.decode_envelope(envelope).body, um.SetOofStatus)


# --- SOAP: a WSDL that declares header blocks -------------------------------------------------------------


@pytest.fixture(scope="module")
def ping(features: Features) -> Any:
    return features.package("hostile_soap", WSDL_HEAD + SERVICE + "</wsdl:definitions>\n")


def test_declared_headers_are_read_and_others_ignored(ping: Any) -> None:
    seen: list[list[object]] = []

    class Service(ping.server.PingServiceBase):  # type: ignore[misc]
        async def ping(self, request: Any, context: Any) -> Any:
            seen.append(context.headers)
            return ping.PingResponse()

    version = '<t:Version xmlns:t="urn:t" Number="{}"/>'
    info = '<t:Info xmlns:t="urn:t" Host="{}"/>'  # declared by the WSDL, but for the response only
    body = '<t:Ping xmlns:t="urn:t"><t:Text>hi</t:Text></t:Ping>'
    headers = {**SOAP11, "SOAPAction": '"urn:t/Ping"'}
    with TestClient(ping.server.create_app(Service())) as client:
        header = version.format("2") + info.format("a") + "<u:Unknown xmlns:u='urn:u'>5</u:Unknown>"
        assert client.post("/ping", content=_soap(body, header).encode(), headers=headers).status_code == 200
        assert seen == [[ping.Version(number="2")]]
        broken_info = info.replace('Host="{}"', 'Port="{}"').format("x")  # invalid, but not this request's
        assert (
            client.post("/ping", content=_soap(body, broken_info).encode(), headers=headers).status_code
            == 200
        )
        must = info.replace("/>", f' xmlns:s="{SOAP_ENVELOPE}" s:mustUnderstand="1"/>').format("a")
        refused = client.post("/ping", content=_soap(body, must).encode(), headers=headers)
        with pytest.raises(ping.SoapFault) as caught:
            ping.codec.decode(refused.content)
        assert (
            caught.value.code == "MustUnderstand"
            and "'Info' in namespace 'urn:t' must be understood but is not taken here"
            in (caught.value.string)
        )
        broken_version = version.replace('Number="{}"', 'Level="{}"').format("x")
        invalid = client.post("/ping", content=_soap(body, broken_version).encode(), headers=headers)
        with pytest.raises(ping.SoapFault) as caught:
            ping.codec.decode(invalid.content)
        assert caught.value.code == "Client" and "unexpected attribute 'Level'" in caught.value.string
    assert len(seen) == 2


# --- Graph: content --------------------------------------------------------------------------------------


class Presences(graph_server.PresenceServiceBase):
    def __init__(self) -> None:
        self.store = {"u1": gp.Presence(id="u1", availability="Available", activity="Available")}

    async def users_presence_set_status_message(
        self, user_id: str, body: gp.SetStatusMessageRequest, context: GraphContext
    ) -> None:
        self.store[user_id].status_message = body.status_message

    async def get_users_presence(self, user_id: str, context: GraphContext) -> gp.Presence:
        return self.store[user_id]

    async def communications_get_presences_by_user_id(
        self, body: gp.GetPresencesByUserIdRequest, context: GraphContext
    ) -> gp.GetPresencesByUserIdResponse:
        return gp.GetPresencesByUserIdResponse(value=[self.store[i] for i in body.ids if i in self.store])


async def _anyone(request: Any) -> Principal:
    return Principal(
        id="u1", scopes=frozenset({"Presence.Read.All", "Presence.ReadWrite.All", "Presence.ReadWrite"})
    )


@pytest.fixture
def presences() -> Presences:
    return Presences()


def _graph(presences: Presences, **options: Any) -> TestClient:
    return TestClient(graph_server.create_app(presences, authenticate=_anyone, **options))


def _message(content: str) -> bytes:
    return json.dumps(
        {"statusMessage": {"message": {"content": content, "contentType": "text"}}}, ensure_ascii=False
    ).encode()


def _unchanged(client: TestClient, presences: Presences) -> None:
    assert presences.store["u1"].status_message is None
    assert client.get("/v1.0/users/u1/presence").status_code == 200


def test_a_one_megabyte_string(presences: Presences) -> None:
    content = "é" * 500_000 + "x" * 48_576  # 1 MiB of UTF-8
    body = _message(content)
    with _graph(presences) as client:  # the default limit, 1,000,000 bytes
        refused = client.post(STATUS_MESSAGE, content=body, headers=JSON)
        assert refused.status_code == 413 and refused.json()["error"]["code"] == "requestEntityTooLarge"
        _unchanged(client, presences)
    with _graph(presences, max_body=2_000_000) as client:
        assert client.post(STATUS_MESSAGE, content=body, headers=JSON).status_code == 200
        message = client.get("/v1.0/users/u1/presence").json()["statusMessage"]["message"]
        assert message["content"] == content


def test_a_body_nested_too_deep_to_be_written_back_is_a_bad_request(presences: Presences) -> None:
    """Kept in `additional_data`, 300 levels would be stored, and every later GET would fail to write them."""
    deep = "[" * 300 + "1" + "]" * 300
    body = f'{{"statusMessage": {{"message": {{"content": "x"}}, "extra": {deep}}}}}'.encode()
    with _graph(presences) as client:
        refused = client.post(STATUS_MESSAGE, content=body, headers=JSON)
        assert refused.status_code == 400
        assert refused.json()["error"]["message"] == "$: the document nests deeper than 200 levels"
        _unchanged(client, presences)
        kept = body.replace(deep.encode(), b"[" * 150 + b"1" + b"]" * 150)
        assert client.post(STATUS_MESSAGE, content=kept, headers=JSON).status_code == 200
        written = client.get("/v1.0/users/u1/presence").json()["statusMessage"]["extra"]
        assert json.dumps(written, separators=(",", ":")) == "[" * 150 + "1" + "]" * 150


def test_an_encoded_slash_is_part_of_a_key(presences: Presences) -> None:
    """`%2F` is a `/` inside a segment (RFC 3986): a key may hold one, and it never reroutes a request."""
    presences.store["a/b"] = gp.Presence(id="a/b", availability="Away")
    with _graph(presences) as client:
        assert client.get("/v1.0/users/a%2Fb/presence").json()["id"] == "a/b"
        assert client.get("/v1.0/users/a%2fb/presence").json()["availability"] == "Away"
        # User `u1/presence/setStatusMessage`, whose resource takes no POST.
        rerouted = client.post(
            "/v1.0/users/u1%2Fpresence%2FsetStatusMessage", content=_message("x"), headers=JSON
        )
        assert rerouted.status_code == 405
        _unchanged(client, presences)
        # A key holding every character of the private-use area, which stood in for `%2F` while matching:
        # there was none left (a StopIteration, a 500). The supplementary planes have more.
        hostile = quote("".join(chr(code) for code in range(0xE000, 0xF900)) + "/x", safe="")
        presences.store[unquote(hostile)] = gp.Presence(id="pua", availability="Away")
        assert client.get(f"/v1.0/users/{hostile}/presence").json()["id"] == "pua"


async def _failing_hook(request: Any) -> Principal:
    raise OSError("database or disk is full")


def test_an_authenticate_hook_that_fails_is_a_server_error_in_each_protocols_shape(
    presences: Presences, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A hook's own failure (the example's store, full) is the server's: logged, answered in the protocol's
    shape (it was a bare text/plain 500, which also closed a kept-alive connection)."""
    with TestClient(graph_server.create_app(presences, authenticate=_failing_hook)) as client:
        response = client.get("/v1.0/users/u1/presence")
        assert response.status_code == 500 and response.json()["error"]["code"] == "generalException"
    with TestClient(um_server.create_app(mailbox, authenticate=_failing_hook)) as client:
        response = client.post(UM_PATH, content=_soap(OOF).encode(), headers=SOAP11)
        assert response.status_code == 500 and _fault(response).code == "Server"
    assert caplog.text.count("the authenticate hook failed") == 2 and not mailbox.oof


def test_a_handler_returning_another_model_is_a_graph_error(
    presences: Presences, caplog: pytest.LogCaptureFixture
) -> None:
    """A route answers with its own model (or one derived from it), never whatever the handler returned."""
    presences.store["u1"] = gp.User(id="u1")  # type: ignore[assignment]
    with _graph(presences) as client:
        response = client.get("/v1.0/users/u1/presence")
        assert response.status_code == 500 and response.json()["error"]["code"] == "generalException"
        assert "GET /v1.0/users/u1/presence returned User, not a Presence" in caplog.text


def test_a_method_the_route_does_not_take_is_405_with_allow(presences: Presences) -> None:
    with _graph(presences) as client:
        response = client.put("/v1.0/users/u1/presence", json={})
        assert response.status_code == 405 and response.json()["error"]["code"] == "methodNotAllowed"
        assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_a_model_holding_what_its_type_is_not_is_a_graph_error(
    presences: Presences, caplog: pytest.LogCaptureFixture
) -> None:
    presences.store["u1"].status_message = "Back soon"  # type: ignore[assignment]
    with _graph(presences) as client:
        response = client.get("/v1.0/users/u1/presence")
        assert response.status_code == 500 and response.json()["error"]["code"] == "generalException"
        assert "returned a value that cannot be written" in caplog.text
        presences.store["u1"].status_message = None
        assert client.get("/v1.0/users/u1/presence").status_code == 200


def test_a_100k_element_array(presences: Presences) -> None:
    ids = [f"u{i}" for i in range(100_000)]
    with _graph(presences) as client:
        response = client.post("/v1.0/communications/getPresencesByUserId", json={"ids": ids})
        assert response.status_code == 200 and [p["id"] for p in response.json()["value"]] == ["u1"]
        where_a_string_goes = json.dumps({"statusMessage": {"message": {"content": list(range(100_000))}}})
        refused = client.post(STATUS_MESSAGE, content=where_a_string_goes, headers=JSON)
        assert refused.status_code == 400 and "content" in refused.json()["error"]["message"]
        _unchanged(client, presences)


def test_a_duplicate_key_takes_its_last_value(presences: Presences) -> None:
    first, last = _message("first").decode(), _message("last").decode()
    body = "{" + first[1:-1] + ", " + last[1:-1] + "}"
    with _graph(presences) as client:
        assert client.post(STATUS_MESSAGE, content=body, headers=JSON).status_code == 200
    message = presences.store["u1"].status_message
    assert message is not None and message.message is not None and message.message.content == "last"


@pytest.mark.parametrize(
    "body",
    [
        _message("x").replace(b'"x"', b'"\\ud800"'),
        _message("x").replace(b'"x"', b'"\\udc00\\ud800"'),
        _message("x").replace(b'"x"', b'"\xed\xa0\x80"'),
    ],
    ids=["escaped-lone-high", "escaped-reversed-pair", "raw-surrogate-bytes"],
)
def test_lone_surrogates_are_a_bad_request(presences: Presences, body: bytes) -> None:
    with _graph(presences) as client:
        response = client.post(STATUS_MESSAGE, content=body, headers=JSON)
        assert response.status_code == 400 and response.json()["error"]["code"] == "BadRequest"
        _unchanged(client, presences)


def test_a_surrogate_pair_is_one_character(presences: Presences) -> None:
    with _graph(presences) as client:
        body = _message("x").replace(b'"x"', b'"\\ud83d\\ude00"')
        assert client.post(STATUS_MESSAGE, content=body, headers=JSON).status_code == 200
    message = presences.store["u1"].status_message
    assert message is not None and message.message is not None and message.message.content == "\U0001f600"


def test_a_utf8_byte_order_mark_before_the_body_is_ignored(presences: Presences) -> None:
    # RFC 8259 forbids sending one and lets a parser ignore it; .NET's UTF-8 writers add one by default.
    with _graph(presences) as client:
        response = client.post(STATUS_MESSAGE, content=b"\xef\xbb\xbf" + _message("marked"), headers=JSON)
        assert response.status_code == 200
    message = presences.store["u1"].status_message
    assert message is not None and message.message is not None and message.message.content == "marked"


# --- Compressed bodies (Kiota's compression handler gzips request bodies) ---------------------------------


def test_a_gzip_body_is_read_decompressed(presences: Presences, soap: TestClient, mailbox: Mailbox) -> None:
    gzipped = {**JSON, "content-encoding": "gzip"}
    with _graph(presences) as client:
        response = client.post(STATUS_MESSAGE, content=gzip.compress(_message("zipped")), headers=gzipped)
        assert response.status_code == 200
    message = presences.store["u1"].status_message
    assert message is not None and message.message is not None and message.message.content == "zipped"
    answer = soap.post(
        UM_PATH, content=gzip.compress(_soap(OOF).encode()), headers={**SOAP11, "content-encoding": "gzip"}
    )
    assert answer.status_code == 200 and mailbox.oof is True


def test_codings_on_two_header_lines_are_one_list(presences: Presences) -> None:
    """`Content-Encoding: gzip` twice is `gzip, gzip` (RFC 9110, 5.3): only the last line was read."""
    twice = gzip.compress(gzip.compress(_message("twice")))
    headers = [("content-type", "application/json"), *[("content-encoding", "gzip")] * 2]
    with _graph(presences) as client:
        assert client.post(STATUS_MESSAGE, content=twice, headers=headers).status_code == 200
    message = presences.store["u1"].status_message
    assert message is not None and message.message is not None and message.message.content == "twice"


def test_a_coding_the_stub_does_not_read_is_415_naming_those_it_reads(
    presences: Presences, soap: TestClient, mailbox: Mailbox
) -> None:
    with _graph(presences) as client:
        refused = client.post(
            STATUS_MESSAGE, content=_message("x"), headers={**JSON, "content-encoding": "br"}
        )
        assert refused.status_code == 415 and refused.headers["accept-encoding"] == "gzip, deflate"
        assert refused.json()["error"]["code"] == "UnsupportedMediaType"
        _unchanged(client, presences)
    fault = soap.post(UM_PATH, content=_soap(OOF).encode(), headers={**SOAP11, "content-encoding": "zstd"})
    assert fault.status_code == 415 and fault.headers["accept-encoding"] == "gzip, deflate"
    assert _fault(fault).code == "Client"
    _still_serving(soap, mailbox)


def test_a_gzip_bomb_is_413_without_inflating_it(
    presences: Presences, soap: TestClient, mailbox: Mailbox
) -> None:
    bomb = gzip.compress(b" " * 200_000_000)  # 190 KB on the wire, 200 MB inflated
    with _graph(presences) as client:
        refused = client.post(STATUS_MESSAGE, content=bomb, headers={**JSON, "content-encoding": "gzip"})
        assert refused.status_code == 413 and "once decompressed" in refused.json()["error"]["message"]
        assert refused.headers["connection"] == "close"
        _unchanged(client, presences)
    fault = soap.post(UM_PATH, content=bomb, headers={**SOAP11, "content-encoding": "gzip"})
    assert fault.status_code == 413 and "once decompressed" in _fault(fault).string
    _still_serving(soap, mailbox)


def test_a_body_that_is_not_in_its_coding_is_a_bad_request(presences: Presences) -> None:
    with _graph(presences) as client:
        response = client.post(
            STATUS_MESSAGE, content=_message("x"), headers={**JSON, "content-encoding": "gzip"}
        )
        assert response.status_code == 400 and "not valid gzip data" in response.json()["error"]["message"]
        _unchanged(client, presences)


# --- HTTP edges, over a socket ---------------------------------------------------------------------------


def _soap_request(body: str, **headers: str) -> bytes:
    return request("POST", UM_PATH, {**SOAP11, **headers}, body.encode())


@pytest.fixture
def served_um(mailbox: Mailbox) -> Iterator[str]:
    with serving.served(um_server.create_app(mailbox, max_body=10_000, body_timeout=1.0)) as base:
        yield base


@pytest.fixture
def served_graph(presences: Presences) -> Iterator[str]:
    app = graph_server.create_app(presences, authenticate=_anyone, max_body=10_000, body_timeout=1.0)
    with serving.served(app) as base:
        yield base


def _served_still(base: str, path: str, body: bytes, headers: dict[str, str]) -> None:
    with connected(base) as connection:
        connection.send(request("POST" if body else "GET", path, headers, body or None))
        assert connection.answer().status == 200


def _check_um_alive(base: str, mailbox: Mailbox) -> None:
    assert (mailbox.oof, mailbox.dial_string) == (False, None)
    _served_still(base, UM_PATH, um_codec.encode(um.GetUMProperties()), SOAP11)


def _check_graph_alive(base: str, presences: Presences) -> None:
    assert presences.store["u1"].status_message is None
    _served_still(base, "/v1.0/users/u1/presence", b"", {})


def _chunked_past_the_limit(connection: Connection, path: str, content_type: str) -> None:
    connection.send(request("POST", path, {"content-type": content_type, "transfer-encoding": "chunked"}))
    for _ in range(12):  # 12 KB, past the 10 KB limit; the last chunk never comes
        connection.send(chunk(b" " * 1000))


def test_a_chunked_body_past_the_limit_is_413_and_the_connection_closed(
    served_um: str, served_graph: str, mailbox: Mailbox, presences: Presences
) -> None:
    for base, path, content_type in (
        (served_um, UM_PATH, SOAP11["content-type"]),
        (served_graph, STATUS_MESSAGE, JSON["content-type"]),
    ):
        with connected(base) as connection:
            _chunked_past_the_limit(connection, path, content_type)
            answer = connection.answer()
            assert (answer.status, answer.headers["connection"]) == (413, "close")
            assert connection.closed_by_server()
    _check_um_alive(served_um, mailbox)
    _check_graph_alive(served_graph, presences)


def test_a_declared_length_past_the_limit_is_413_before_the_body_is_sent(
    served_um: str, mailbox: Mailbox
) -> None:
    with connected(served_um) as connection:
        connection.send(request("POST", UM_PATH, {**SOAP11, "content-length": str(200_000_000)}))
        answer = connection.answer()
        assert answer.status == 413 and b"larger than 10000 bytes" in answer.body
        assert connection.closed_by_server()
    _check_um_alive(served_um, mailbox)


def test_pipelined_requests_are_answered_in_order(
    served_um: str, served_graph: str, mailbox: Mailbox
) -> None:
    with connected(served_um) as connection:
        connection.send(
            _soap_request(_soap(OOF))
            + _soap_request(_soap(OOF.replace("true", "maybe")))
            + request("POST", UM_PATH, SOAP11, um_codec.encode(um.GetUMProperties()))
        )
        answers = [connection.answer() for _ in range(3)]
    assert [answer.status for answer in answers] == [200, 500, 200]
    assert b"'maybe' is not an xs:boolean" in answers[1].body
    read = um_codec.decode(answers[2].body)
    assert isinstance(read, um.GetUMPropertiesResponse) and read.get_um_properties_response.oof_status is True
    with connected(served_graph) as connection:
        connection.send(
            request("POST", STATUS_MESSAGE, JSON, _message("one"))
            + request("GET", "/v1.0/users/u1/presence", {})
            + request("POST", STATUS_MESSAGE, JSON, b"{")
            + request("GET", "/v1.0/users/u1/presence", {})
        )
        statuses = [connection.answer() for _ in range(4)]
    assert [answer.status for answer in statuses] == [200, 200, 400, 200]
    assert json.loads(statuses[3].body)["statusMessage"]["message"]["content"] == "one"


def test_a_body_that_stops_coming_is_408_and_the_connection_closed(
    served_um: str, served_graph: str, mailbox: Mailbox, presences: Presences
) -> None:
    for base, path, content_type in (
        (served_um, UM_PATH, SOAP11["content-type"]),
        (served_graph, STATUS_MESSAGE, JSON["content-type"]),
    ):
        with connected(base) as connection:
            connection.send(
                request("POST", path, {"content-type": content_type, "content-length": "500"}, b"<")
            )
            answer = connection.answer()
            assert (answer.status, answer.headers["connection"]) == (408, "close")
            assert connection.closed_by_server()
    _check_um_alive(served_um, mailbox)
    _check_graph_alive(served_graph, presences)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_client_that_disconnects_mid_body_is_no_server_error(
    served_um: str, served_graph: str, mailbox: Mailbox, presences: Presences
) -> None:
    errors = _Errors()
    logging.getLogger("uvicorn.error").addHandler(errors)
    try:
        for base, path, content_type in (
            (served_um, UM_PATH, SOAP11["content-type"]),
            (served_graph, STATUS_MESSAGE, JSON["content-type"]),
        ):
            with connected(base) as connection:
                connection.send(
                    request("POST", path, {"content-type": content_type, "content-length": "500"}, b"<")
                )
                time.sleep(0.2)  # the handler is waiting for the rest of the body
            time.sleep(0.3)  # closed: the server sees the disconnect
        _check_um_alive(served_um, mailbox)
        _check_graph_alive(served_graph, presences)
    finally:
        logging.getLogger("uvicorn.error").removeHandler(errors)
    # An aborted upload is not an "Exception in ASGI application" with a traceback.
    assert [record.getMessage() for record in errors.records] == []


def test_a_trickling_body_is_cut_off_by_the_same_deadline(served_um: str, mailbox: Mailbox) -> None:
    data = _soap(OOF).encode()
    cut_off = threading.Event()

    def trickle(connection: Connection) -> None:
        connection.send(request("POST", UM_PATH, {**SOAP11, "content-length": str(len(data))}))
        for byte in data:  # a byte every 50 ms: each arrives well within any per-read timeout
            if cut_off.is_set():
                return
            try:
                connection.send(bytes([byte]))
            except OSError:
                return
            time.sleep(0.05)

    with connected(served_um) as connection:
        sender = threading.Thread(target=trickle, args=(connection,), daemon=True)
        sender.start()
        answer = connection.answer()
        cut_off.set()
        sender.join(timeout=10)
    assert answer.status == 408 and b"did not arrive within 1 seconds" in answer.body
    _check_um_alive(served_um, mailbox)

"""The generated SOAP server stub (`um_service.server`, issue 4 item 1): HTTP semantics in process, and a real
zeep client built from the WSDL the server itself serves, over uvicorn on a loopback port."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
import zeep
from lxml import etree
from starlette.requests import Request
from starlette.testclient import TestClient

from tests import serving
from tests.paths import ROOT

if str(ROOT / "generated" / "um_service") not in sys.path:
    sys.path.insert(0, str(ROOT / "generated" / "um_service"))

import um_service as um
from um_service import codec, server
from um_service.server import RequestContext

MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages"
PATH = "/EWS/UM2007Legacy.asmx"
SOAP11 = {"content-type": "text/xml; charset=utf-8"}


class Mailbox(server.UMServiceBase):
    """A tiny in-memory implementation, the way a user subclasses the stub in their own module."""

    def __init__(self) -> None:
        self.oof = False
        self.dial_string: str | None = None
        self.principals: list[object] = []

    async def set_oof_status(
        self, request: um.SetOofStatus, context: RequestContext
    ) -> um.SetOofStatusResponse:
        self.principals.append(context.principal)
        self.oof = request.status
        return um.SetOofStatusResponse()

    async def get_um_properties(
        self, request: um.GetUMProperties, context: RequestContext
    ) -> um.GetUMPropertiesResponse:
        return um.GetUMPropertiesResponse(
            get_um_properties_response=um.UMProperties(
                oof_status=self.oof,
                missed_call_notification_enabled=True,
                play_on_phone_dial_string=self.dial_string,
            )
        )

    async def play_on_phone(self, request: um.PlayOnPhone, context: RequestContext) -> um.PlayOnPhoneResponse:
        return um.PlayOnPhoneResponse(play_on_phone_response=f"call-to-{request.dial_string}")

    async def get_call_info(self, request: um.GetCallInfo, context: RequestContext) -> um.GetCallInfoResponse:
        return um.GetCallInfoResponse(
            get_call_info_response=um.UMCallInfo(
                call_state=um.UMCallState.CONNECTED, event_cause=um.UMEventCause.NONE
            )
        )

    async def reset_pin(self, request: um.ResetPIN, context: RequestContext) -> um.ResetPINResponse:
        raise RuntimeError("database password is hunter2")


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def client(mailbox: Mailbox) -> Iterator[TestClient]:
    with TestClient(server.create_app(mailbox)) as test_client:
        yield test_client


def _fault(response_body: bytes) -> codec.SoapFault:
    with pytest.raises(codec.SoapFault) as caught:
        codec.decode(response_body)
    return caught.value


def test_operations_dispatch_on_the_body_element(client: TestClient, mailbox: Mailbox) -> None:
    response = client.post(PATH, content=codec.encode(um.SetOofStatus(status=True)), headers=SOAP11)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert codec.decode(response.content) == um.SetOofStatusResponse()
    assert mailbox.oof is True
    answer = codec.decode(
        client.post(PATH, content=codec.encode(um.GetUMProperties()), headers=SOAP11).content
    )
    assert isinstance(answer, um.GetUMPropertiesResponse) and answer.get_um_properties_response.oof_status


def test_soap_12_is_answered_in_soap_12(client: TestClient) -> None:
    response = client.post(
        PATH,
        content=codec.encode(um.SetOofStatus(status=False), soap="1.2"),
        headers={"content-type": f'application/soap+xml; charset=utf-8; action="{MESSAGES}/SetOofStatus"'},
    )
    assert response.status_code == 200
    assert codec.decode_envelope(response.content).soap == "1.2"


def test_a_request_that_does_not_decode_is_a_client_fault_naming_the_problem(client: TestClient) -> None:
    body = codec.encode(um.SetOofStatus(status=True)).replace(b">true<", b">yes<")
    response = client.post(PATH, content=body, headers=SOAP11)
    assert response.status_code == 500  # SOAP 1.1 over HTTP: every fault is a 500
    fault = _fault(response.content)
    assert fault.code == "Client" and "SetOofStatus/status: 'yes' is not an xs:boolean" in fault.string


def test_an_operation_not_overridden_is_a_fault_saying_so(client: TestClient) -> None:
    fault = _fault(client.post(PATH, content=codec.encode(um.IsUMEnabled()), headers=SOAP11).content)
    assert fault.code == "Server" and "IsUMEnabled is not implemented" in fault.string


def test_an_exception_in_user_code_is_a_server_fault_without_internals(client: TestClient) -> None:
    response = client.post(PATH, content=codec.encode(um.ResetPIN()), headers=SOAP11)
    fault = _fault(response.content)
    assert fault.code == "Server"
    assert (
        "hunter2" not in response.text
        and "Traceback" not in response.text
        and "RuntimeError" not in response.text
    )


def test_a_wrong_soap_action_is_refused(client: TestClient) -> None:
    headers = {**SOAP11, "SOAPAction": f'"{MESSAGES}/GetUMProperties"'}
    fault = _fault(
        client.post(PATH, content=codec.encode(um.SetOofStatus(status=True)), headers=headers).content
    )
    assert "does not match SetOofStatus" in fault.string


def test_http_errors(client: TestClient) -> None:
    assert client.put(PATH, content=b"x").status_code == 405
    assert client.get(PATH).status_code == 405
    assert client.post(PATH, content=b"{}", headers={"content-type": "application/json"}).status_code == 415
    big = b"<x>" + b" " * 2_000_000 + b"</x>"
    assert client.post(PATH, content=big, headers=SOAP11).status_code == 413
    assert client.post("/elsewhere", content=b"", headers=SOAP11).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b"<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>",
        b"\xff\xfe\x00",
    ],
    ids=["xxe", "truncated", "bad-encoding"],
)
def test_hostile_requests_get_a_client_fault_and_the_server_keeps_serving(
    client: TestClient, mailbox: Mailbox, body: bytes
) -> None:
    response = client.post(PATH, content=body, headers=SOAP11)
    assert _fault(response.content).code == "Client"
    assert mailbox.oof is False
    ok = client.post(PATH, content=codec.encode(um.SetOofStatus(status=True)), headers=SOAP11)
    assert ok.status_code == 200


def test_the_wsdl_is_served_with_the_serving_address(client: TestClient) -> None:
    response = client.get(f"{PATH}?wsdl")
    assert response.status_code == 200
    wsdl = etree.fromstring(response.content)
    address = wsdl.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None and address.get("location") == f"http://testserver{PATH}"
    # Self-contained: the schema is inlined, no schemaLocation left to fetch.
    assert b"schemaLocation" not in response.content
    assert wsdl.find(".//{http://www.w3.org/2001/XMLSchema}element[@name='SetOofStatus']") is not None


def test_an_authenticate_hook_runs_first_and_passes_its_principal(mailbox: Mailbox) -> None:
    async def authenticate(request: Request) -> object:
        if request.headers.get("authorization") != "Bearer good":
            raise server.Unauthorized("a bearer token is required")
        return "user-1"

    with TestClient(server.create_app(mailbox, authenticate=authenticate)) as test_client:
        body = codec.encode(um.SetOofStatus(status=True))
        refused = test_client.post(PATH, content=body, headers=SOAP11)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert mailbox.oof is False
        accepted = test_client.post(PATH, content=body, headers={**SOAP11, "authorization": "Bearer good"})
        assert accepted.status_code == 200 and mailbox.principals == ["user-1"]


def test_a_hook_and_a_handler_may_read_the_raw_body() -> None:
    """A hook that reads the body (to check a signature) leaves it to decode; a handler has it too."""
    seen: dict[str, bytes] = {}

    class Signed(server.UMServiceBase):
        async def set_oof_status(
            self, request: um.SetOofStatus, context: RequestContext
        ) -> um.SetOofStatusResponse:
            assert request.status is True
            seen["handler"] = await context.http.body()
            return um.SetOofStatusResponse()

    async def authenticate(request: Request) -> object:
        seen["hook"] = await request.body()
        return "signed"

    body = codec.encode(um.SetOofStatus(status=True))
    with TestClient(server.create_app(Signed(), authenticate=authenticate)) as test_client:
        assert test_client.post(PATH, content=body, headers=SOAP11).status_code == 200
    assert seen == {"hook": body, "handler": body}


# --- a real client over a real socket ------------------------------------------------------------------


@pytest.fixture
def served(mailbox: Mailbox) -> Iterator[str]:
    with serving.served(server.create_app(mailbox)) as base:
        yield f"{base}{PATH}"


def test_zeep_calls_the_served_wsdl(served: str, mailbox: Mailbox) -> None:
    client = zeep.Client(f"{served}?wsdl")
    assert client.service.SetOofStatus(status=True) is None  # an empty response element
    assert mailbox.oof is True
    properties = client.service.GetUMProperties()
    assert properties.OofStatus is True and properties.MissedCallNotificationEnabled is True
    assert client.service.PlayOnPhone(entryId="AAMk", DialString="+15551234") == "call-to-+15551234"
    info = client.service.GetCallInfo(CallId="call-to-+15551234")
    assert (info.CallState, info.EventCause) == ("Connected", "None")
    with pytest.raises(zeep.exceptions.Fault) as caught:
        client.service.IsUMEnabled()
    assert "not implemented" in caught.value.message

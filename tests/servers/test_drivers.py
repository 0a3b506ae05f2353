"""The server drivers of the runtime (`_soap_server`, `_odata_server`, `_http`) on the edges the UM and Graph
stub tests do not reach: one-way SOAP operations, faults raised by handlers, responses that cannot be written,
SOAP 1.2 actions, chunked bodies over the limit, actions without parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.codecs.features import Features, csdl
from tests.frontends.test_xsd import SERVICE, WSDL_HEAD

SOAP11 = {"content-type": "text/xml; charset=utf-8"}
PING = '<t:Ping xmlns:t="urn:t"><t:Text>hi</t:Text></t:Ping>'


def _envelope(body: str, namespace: str = "http://schemas.xmlsoap.org/soap/envelope/") -> bytes:
    return f'<s:Envelope xmlns:s="{namespace}"><s:Body>{body}</s:Body></s:Envelope>'.encode()


@pytest.fixture(scope="module")
def ping(features: Features) -> Any:
    return features.package("driver_soap", WSDL_HEAD + SERVICE + "</wsdl:definitions>\n")


class Pinger:
    """What a handler may do, by the text it is sent."""

    def __init__(self, package: Any) -> None:
        self.package = package
        self.notified: list[str] = []

    async def ping(self, request: Any, context: Any) -> object:
        reply = {
            "fault": lambda: self.package.SoapFault("Client", "no pings today"),
            "wrong": lambda: self.package.Ping(text="not a response"),
            "broken": lambda: self.package.PingResponse(extra=5),
        }.get(request.text)
        if reply is None:
            return self.package.PingResponse()
        value = reply()
        if isinstance(value, Exception):
            raise value
        return value

    async def notify(self, request: Any, context: Any) -> None:
        self.notified.append(request.text)


@pytest.fixture
def soap(ping: Any) -> Iterator[tuple[TestClient, Pinger]]:
    base = ping.server.PingServiceBase
    service_class = type("Service", (Pinger, base), {})
    service = service_class(ping)
    with TestClient(ping.server.create_app(service, max_body=2000)) as client:
        yield client, service


def test_a_one_way_operation_answers_202_without_a_body(ping: Any, soap: tuple[TestClient, Pinger]) -> None:
    client, service = soap
    notify = _envelope(PING)
    response = client.post("/ping", content=notify, headers={**SOAP11, "SOAPAction": '"urn:t/Notify"'})
    assert (response.status_code, response.content, service.notified) == (202, b"", ["hi"])


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("fault", "Client", "no pings today"),
        ("wrong", "Server", "the server could not process the request"),
    ],
)
def test_handler_faults_and_wrong_results(
    ping: Any, soap: tuple[TestClient, Pinger], text: str, code: str, message: str
) -> None:
    client, _ = soap
    body = _envelope(PING.replace(">hi<", f">{text}<"))
    response = client.post("/ping", content=body, headers={**SOAP11, "SOAPAction": "urn:t/Ping"})
    with pytest.raises(ping.SoapFault) as caught:
        ping.codec.decode(response.content)
    assert (caught.value.code, caught.value.string) == (code, message)


def test_requests_that_are_no_requests(ping: Any, soap: tuple[TestClient, Pinger]) -> None:
    client, _ = soap
    fault = _envelope("<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring></s:Fault>")
    fault = fault.replace(b"<s:Fault>", b'<s:Fault xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">')
    answers = {
        fault: "a request cannot be a SOAP fault",
        _envelope('<t:PingResponse xmlns:t="urn:t"/>'): "PingResponse is not a request of this service",
    }
    for body, message in answers.items():
        response = client.post("/ping", content=body, headers=SOAP11)
        with pytest.raises(ping.SoapFault) as caught:
            ping.codec.decode(response.content)
        assert caught.value.string == message


def test_soap_12_actions_come_from_the_content_type(ping: Any, soap: tuple[TestClient, Pinger]) -> None:
    client, _ = soap
    body = _envelope(PING, "http://www.w3.org/2003/05/soap-envelope")
    good = client.post(
        "/ping", content=body, headers={"content-type": 'application/soap+xml; action="urn:t/Ping"'}
    )
    assert good.status_code == 200
    other = {"content-type": "application/soap+xml; action=urn:t/Notify"}
    assert (
        client.post("/ping", content=body, headers=other).status_code == 202
    )  # Notify shares Ping's element
    wrong = client.post("/ping", content=body, headers={"content-type": "application/soap+xml; action=urn:x"})
    assert wrong.status_code == 400 and b"SOAPAction 'urn:x' names none of Ping, Notify" in wrong.content
    plain = {"content-type": "application/soap+xml; charset=utf-8"}
    assert b"a SOAPAction must say which" in client.post("/ping", content=body, headers=plain).content
    unsaid = client.post("/ping", content=_envelope(PING), headers=SOAP11)
    assert b"the body element is the request of Ping, Notify: a SOAPAction must say which" in unsaid.content
    mismatch = client.post("/ping", content=body, headers={**SOAP11, "SOAPAction": "urn:t/Ping"})
    assert mismatch.status_code == 500 and b"VersionMismatch" in mismatch.content


def test_a_chunked_body_over_the_limit_is_413(soap: tuple[TestClient, Pinger]) -> None:
    client, _ = soap

    def chunks() -> Iterator[bytes]:
        yield from (b"x" * 1000 for _ in range(5))

    response = client.post("/ping", content=chunks(), headers=SOAP11)
    assert response.status_code == 413


GRAPH = csdl(
    """
<EntityType Name="thing"><Key><PropertyRef Name="id"/></Key>
  <Property Name="id" Type="Edm.String" Nullable="false"/>
  <Property Name="size" Type="Edm.Int32" Nullable="false"/>
</EntityType>
<Action Name="poke" IsBound="true"><Parameter Name="bindingParameter" Type="self.thing"/></Action>
<Action Name="grab" IsBound="true"><Parameter Name="bindingParameter" Type="self.thing"/>
  <ReturnType Type="self.thing"/></Action>
""",
    container='<EntitySet Name="things" EntityType="self.thing"/>',
)


@pytest.fixture(scope="module")
def graph(features: Features) -> Any:
    return features.package("driver_odata", GRAPH)


class Things:
    def __init__(self, package: Any) -> None:
        self.package = package
        self.poked: list[str] = []

    async def things_poke(self, thing_id: str, context: Any) -> None:
        self.poked.append(thing_id)

    async def things_grab(self, thing_id: str, context: Any) -> object:
        return self.package.Thing(id=thing_id, size=None)  # a required property left None: cannot be written


@pytest.fixture
def odata(graph: Any) -> Iterator[tuple[TestClient, Things]]:
    service_class = type("Service", (Things, graph.server.ServiceBase), {})
    service = service_class(graph)
    with TestClient(graph.server.create_app(service)) as client:
        yield client, service


def test_an_action_without_parameters_takes_an_empty_or_json_body(odata: tuple[TestClient, Things]) -> None:
    client, service = odata
    json = {"content-type": "application/json"}
    assert client.post("/v1.0/things/a/poke").status_code == 204
    assert client.post("/v1.0/things/b/poke", content=b"{}", headers=json).status_code == 204
    assert service.poked == ["a", "b"]
    malformed = client.post("/v1.0/things/c/poke", content=b"{", headers=json)
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "BadRequest"
    assert (
        client.post("/v1.0/things/c/poke", content=b"{}", headers={"content-type": "text/plain"}).status_code
        == 415
    )


def test_a_result_that_cannot_be_written_is_a_500_without_details(odata: tuple[TestClient, Things]) -> None:
    client, _ = odata
    response = client.post("/v1.0/things/a/grab")
    assert response.status_code == 500 and response.json()["error"]["code"] == "generalException"
    assert "size" not in response.text


def test_the_served_description_keeps_only_the_overridden_operations(
    odata: tuple[TestClient, Things],
) -> None:
    client, _ = odata
    paths = client.get("/v1.0/openapi.json").json()["paths"]
    assert set(paths) == {"/things/{thing-id}/poke", "/things/{thing-id}/grab"}
    assert client.delete("/v1.0/things/a/poke").status_code == 405


CLASHES = csdl(
    """
<EntityType Name="item" Abstract="true"><Key><PropertyRef Name="id"/></Key>
  <Property Name="id" Type="Edm.String" Nullable="false"/>
</EntityType>
<EntityType Name="thing" BaseType="self.item"><Property Name="size" Type="Edm.Int32"/></EntityType>
<Function Name="check" IsBound="true"><Parameter Name="bindingParameter" Type="self.thing"/>
  <Parameter Name="thingId" Type="Edm.String"/><Parameter Name="from" Type="Edm.String"/>
  <ReturnType Type="Edm.String"/></Function>
<Action Name="poke" IsBound="true"><Parameter Name="bindingParameter" Type="self.item"/></Action>
<Action Name="poke" IsBound="true"><Parameter Name="bindingParameter" Type="self.thing"/>
  <Parameter Name="hard" Type="Edm.Boolean"/></Action>
""",
    container='<EntitySet Name="things" EntityType="self.thing"/>',
)


def test_clashing_parameters_and_overloads_on_a_served_stub(features: Features) -> None:
    # Graph: `/users/{user-id}/...(userId=...)` made `duplicate argument 'user_id'`; an action bound to a
    # type and to its base gave two routes of one path.
    package = features.package("driver_clashes", CLASHES)
    calls: list[tuple[str, ...]] = []

    class Service(package.server.ServiceBase):  # type: ignore[name-defined,misc]
        async def things_check(self, thing_id: str, thing_id_2: str, from_: str, context: Any) -> Any:
            calls.append((thing_id, thing_id_2, from_))
            return package.CheckResponse(value="ok")

        async def things_poke(self, thing_id: str, body: Any, context: Any) -> None:
            calls.append((thing_id, str(body.hard)))

    with TestClient(package.server.create_app(Service())) as client:
        assert client.get("/v1.0/things/a/check(thingId='b',from='c')").status_code == 200
        assert client.post("/v1.0/things/a/poke", json={"hard": True}).status_code == 204
        paths = client.get("/v1.0/openapi.json").json()["paths"]
    assert calls == [("a", "'b'", "'c'"), ("a", "True")]
    assert "/things/{thing-id}/poke" in paths

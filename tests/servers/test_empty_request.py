"""An operation whose input message has no parts (a call without arguments, as NOAA's ActiveStations
service, from zeep's tests): its request is an empty Body. The stub's template crashed on it (`template
error: None`); it is now dispatched on the empty Body, and zeep calls it from the served WSDL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import zeep
from starlette.testclient import TestClient

from tests import serving
from tests.codecs.features import Features

WSDL = """<?xml version="1.0"?>
<wsdl:definitions xmlns:tns="http://tests.python-zeep.org/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://tests.python-zeep.org/">
  <wsdl:types>
    <xsd:schema elementFormDefault="qualified" targetNamespace="http://tests.python-zeep.org/">
      <xsd:element name="Result"><xsd:complexType><xsd:sequence>
        <xsd:element name="item" type="xsd:string"/>
      </xsd:sequence></xsd:complexType></xsd:element>
      <xsd:element name="Echo" type="xsd:string"/>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="Request"></wsdl:message>
  <wsdl:message name="Response"><wsdl:part element="tns:Result" name="Result"/></wsdl:message>
  <wsdl:message name="EchoIn"><wsdl:part element="tns:Echo" name="Echo"/></wsdl:message>
  <wsdl:portType name="PortType">
    <wsdl:operation name="getResult">
      <wsdl:input message="tns:Request"/><wsdl:output message="tns:Response"/>
    </wsdl:operation>
    <wsdl:operation name="echo">
      <wsdl:input message="tns:EchoIn"/><wsdl:output message="tns:Response"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="Binding" type="tns:PortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="getResult">
      <soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="echo">
      <soap:operation soapAction="echo"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Service">
    <wsdl:port binding="tns:Binding" name="ActiveStations">
      <soap:address location="https://example.test/axis/services/ActiveStations"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""
SOAP11 = {"content-type": "text/xml; charset=utf-8"}


@pytest.fixture(scope="module")
def stations(features: Features) -> Any:
    return features.package("empty_request", WSDL)


@pytest.fixture
def app(stations: Any) -> Any:
    from empty_request.server import ServiceBase, create_app

    class Stations(ServiceBase):  # type: ignore[misc]
        async def get_result(self, request: None, context: Any) -> Any:
            assert request is None
            return stations.Result(item="all stations")

        async def echo(self, request: Any, context: Any) -> Any:
            return stations.Result(item=request.value)

    return create_app(Stations(), path="/stations")


def _post(client: TestClient, body: str) -> Any:
    soap = "http://schemas.xmlsoap.org/soap/envelope/"
    envelope = f'<s:Envelope xmlns:s="{soap}"><s:Body>{body}</s:Body></s:Envelope>'
    return client.post("/stations", content=envelope.encode(), headers=SOAP11)


def test_an_empty_body_is_the_request_without_parts(app: Any) -> None:
    client = TestClient(app)
    for body in ("", "\n  "):
        answer = _post(client, body)
        assert answer.status_code == 200 and b"<item>all stations</item>" in answer.content
    echoed = _post(client, '<Echo xmlns="http://tests.python-zeep.org/">hi</Echo>')
    assert b"<item>hi</item>" in echoed.content
    text = _post(client, "junk")
    assert text.status_code == 500 and b"Client" in text.content


@pytest.fixture
def served(app: Any) -> Iterator[str]:
    with serving.served(app) as url:
        yield url + "/stations"


def test_zeep_calls_the_operation_without_arguments(served: str) -> None:
    client = zeep.Client(f"{served}?wsdl")
    assert client.service.getResult() == "all stations"
    assert client.service.echo("hi") == "hi"

"""An rpc/literal WSDL (WSDL 1.1's own example 4, the stock quote, with its parts typed): the body of each
message is an element named after the operation (the response's with `Response`), in the `soap:body`
namespace, holding one unqualified element per part. Generated, served, and called by zeep from the WSDL the
server serves; it was refused (`message 'GetTradePriceInput' has more than one body part`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import zeep
from lxml import etree

from tests import serving
from tests.codecs.features import Features

WSDL = """<?xml version="1.0"?>
<definitions name="StockQuote" targetNamespace="http://example.com/stockquote.wsdl"
    xmlns:tns="http://example.com/stockquote.wsdl" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns="http://schemas.xmlsoap.org/wsdl/">
  <types><xsd:schema targetNamespace="http://example.com/stockquote.wsdl">
    <xsd:complexType name="Quote"><xsd:sequence>
      <xsd:element name="price" type="xsd:float"/><xsd:element name="currency" type="xsd:string"/>
    </xsd:sequence></xsd:complexType>
  </xsd:schema></types>
  <message name="GetTradePriceInput">
    <part name="tickerSymbol" type="xsd:string"/>
    <part name="time" type="xsd:time"/>
  </message>
  <message name="GetTradePriceOutput"><part name="result" type="tns:Quote"/></message>
  <portType name="StockQuotePortType">
    <operation name="GetTradePrice">
      <input message="tns:GetTradePriceInput"/><output message="tns:GetTradePriceOutput"/>
    </operation>
  </portType>
  <binding name="StockQuoteBinding" type="tns:StockQuotePortType">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="GetTradePrice">
      <soap:operation soapAction="http://example.com/GetTradePrice"/>
      <input><soap:body use="literal" namespace="http://example.com/stockquote"/></input>
      <output><soap:body use="literal" namespace="http://example.com/stockquote"/></output>
    </operation>
  </binding>
  <service name="StockQuoteService">
    <port name="StockQuotePort" binding="tns:StockQuoteBinding">
      <soap:address location="http://example.com/stockquote"/>
    </port>
  </service>
</definitions>
"""
OPERATIONS = "http://example.com/stockquote"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD = "http://www.w3.org/2001/XMLSchema"


@pytest.fixture(scope="module")
def stockquote(features: Features) -> Any:
    return features.package("rpc_stockquote", WSDL)


def test_each_message_is_a_wrapper_of_its_parts(stockquote: Any) -> None:
    from rpc_stockquote import codec

    request = stockquote.GetTradePrice(ticker_symbol="MSFT", time=datetime.time(10, 30))
    body = etree.fromstring(codec.encode(request))[0][0]
    assert body.tag == f"{{{OPERATIONS}}}GetTradePrice"
    assert [(child.tag, child.text) for child in body] == [("tickerSymbol", "MSFT"), ("time", "10:30:00")]
    assert codec.decode(codec.encode(request)) == request
    response = stockquote.GetTradePriceResponse(result=stockquote.Quote(price=42.5, currency="EUR"))
    body = etree.fromstring(codec.encode(response))[0][0]
    assert body.tag == f"{{{OPERATIONS}}}GetTradePriceResponse"
    assert [child.tag for child in body[0]] == ["price", "currency"]


@pytest.fixture
def served(stockquote: Any) -> Iterator[str]:
    from rpc_stockquote.server import StockQuoteServiceBase, create_app

    class Quotes(StockQuoteServiceBase):  # type: ignore[misc]
        async def get_trade_price(self, request: Any, context: Any) -> Any:
            price = 42.5 if request.ticker_symbol == "MSFT" else 1.0
            return stockquote.GetTradePriceResponse(result=stockquote.Quote(price=price, currency="EUR"))

    with serving.served(create_app(Quotes(), path="/stockquote")) as url:
        yield url + "/stockquote"


def test_zeep_calls_the_served_rpc_wsdl(served: str) -> None:
    """The served WSDL describes the operation as document/literal with the wrapper element (the same
    message on the wire), which the stub's WSDL target writes for every operation."""
    client = zeep.Client(f"{served}?wsdl")
    wsdl = etree.fromstring(httpx.get(f"{served}?wsdl").content)
    (operation,) = wsdl.iterfind(f"{{{WSDL_NS}}}binding/{{{WSDL_NS}}}operation/{{{SOAP}}}operation")
    assert operation.get("style") == "document"
    declared = wsdl.iterfind(
        f"{{{WSDL_NS}}}types/{{{XSD}}}schema[@targetNamespace='{OPERATIONS}']/{{{XSD}}}element"
    )
    assert sorted(str(element.get("name")) for element in declared) == [
        "GetTradePrice",
        "GetTradePriceResponse",
    ]
    quote = client.service.GetTradePrice(tickerSymbol="MSFT", time=datetime.time(10, 30))
    assert (quote.price, quote.currency) == (42.5, "EUR")

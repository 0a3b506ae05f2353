"""SOAP envelopes, headers and faults through a feature package (`XmlCodec` of the XML runtime), and the
runtime's parser and fault helpers; the UM doc examples (tests/codecs/test_examples.py) cover the rest."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from lxml import etree

from generator.runtime import _xml as _x
from tests.codecs.features import XSD_NS, Features, xsd

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"

SCHEMA = xsd("""
<xs:element name="Ticket"><xs:complexType><xs:attribute name="token" type="xs:string" use="required"/>
</xs:complexType></xs:element>
<xs:element name="Ask"><xs:complexType><xs:sequence>
  <xs:element name="text" type="xs:string"/>
</xs:sequence></xs:complexType></xs:element>
<xs:complexType name="Answer">
  <xs:sequence><xs:element name="text" type="xs:string"/></xs:sequence>
</xs:complexType>
""")


@pytest.fixture(scope="module")
def pkg(features: Features) -> Any:
    return features.package("xml_envelopes", SCHEMA)


def _envelope(body: str, header: str = "", namespace: str = SOAP11) -> bytes:
    head = f"<s:Header>{header}</s:Header>" if header else ""
    opening = f'<s:Envelope xmlns:s="{namespace}" xmlns:f="{XSD_NS}">'
    return f"{opening}{head}<s:Body>{body}</s:Body></s:Envelope>".encode()


@pytest.mark.parametrize("soap", ["1.1", "1.2"])
def test_headers_go_into_the_header_and_come_back(pkg: Any, soap: str) -> None:
    data = pkg.codec.encode(pkg.Ask(text="q"), soap=soap, headers=[pkg.Ticket(token="t")])
    envelope = pkg.codec.decode_envelope(data)
    assert (envelope.body, envelope.headers, envelope.soap) == (
        pkg.Ask(text="q"),
        [pkg.Ticket(token="t")],
        soap,
    )


def test_headers_the_package_does_not_know_are_skipped_unless_they_must_be_understood(pkg: Any) -> None:
    ignored = _envelope("<f:Ask><f:text>q</f:text></f:Ask>", '<x:Other xmlns:x="urn:x"/>')
    assert pkg.codec.decode_envelope(ignored).headers == []
    refused = _envelope(
        "<f:Ask><f:text>q</f:text></f:Ask>", '<x:Other xmlns:x="urn:x" s:mustUnderstand="1"/>'
    )
    with pytest.raises(
        pkg.DecodeError, match=r"^Envelope/Header: header 'Other' in namespace 'urn:x' must be"
    ):
        pkg.codec.decode(refused)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            _envelope("", namespace="urn:not-soap"),
            "Envelope: 'Envelope' in namespace 'urn:not-soap' is not a SOAP",
        ),
        (f'<s:Envelope xmlns:s="{SOAP11}"><s:Other/></s:Envelope>'.encode(), "Envelope: unexpected element"),
        (
            f'<s:Envelope xmlns:s="{SOAP11}"><s:Header/></s:Envelope>'.encode(),
            "Envelope: the envelope has no Body",
        ),
        (_envelope(""), "Envelope/Body: expected one element in the Body, found 0"),
        (_envelope("<f:Ask/><f:Ask/>"), "Envelope/Body: expected one element in the Body, found 2"),
        (
            _envelope('<f:Unknown xmlns:f="urn:other"/>'),
            "'Unknown' in namespace 'urn:other' is not an element",
        ),
        (b"<f:Ask", "malformed XML"),
        ("<?xml version='1.0' encoding='utf-8'?><a/>", "'a' in no namespace is not an element of this"),
    ],
)
def test_envelope_errors(pkg: Any, document: bytes, message: str) -> None:
    with pytest.raises(pkg.DecodeError) as caught:
        pkg.codec.decode(document)
    assert message in str(caught.value)


def test_what_cannot_be_decoded_or_encoded(pkg: Any) -> None:
    with pytest.raises(pkg.DecodeError, match="expected XML as bytes or str, got int"):
        pkg.codec.decode(5)
    with pytest.raises(TypeError, match="is not a model of this package"):
        pkg.codec.decode(_envelope("<f:Ask><f:text>q</f:text></f:Ask>"), dict)
    with pytest.raises(pkg.EncodeError, match="Answer is not a global element of this package"):
        pkg.codec.encode(pkg.Answer(text="a"))
    with pytest.raises(pkg.EncodeError, match="headers need an envelope"):
        pkg.codec.encode(pkg.Ask(text="q"), envelope=False, headers=[pkg.Ticket(token="t")])
    with pytest.raises(pkg.EncodeError, match="a SOAP fault exists only inside an envelope"):
        pkg.codec.encode(pkg.SoapFault("Client", "x"), envelope=False)
    with pytest.raises(pkg.EncodeError, match=r"unknown SOAP version '1\.3'"):
        pkg.codec.encode(pkg.Ask(text="q"), soap="1.3")


def test_a_type_that_is_no_element_is_read_by_choosing_it(pkg: Any) -> None:
    answer = f'<f:Anything xmlns:f="{XSD_NS}"><f:text>a</f:text></f:Anything>'.encode()
    assert pkg.codec.decode(answer, pkg.Answer) == pkg.Answer(text="a")
    with pytest.raises(pkg.DecodeError, match="expected element 'Ask' in namespace"):
        pkg.codec.decode(answer, pkg.Ask)


def test_namespace_aliases_rename_elements_and_attributes(pkg: Any) -> None:
    aliased = b'<f:Ask xmlns:f="urn:old" xmlns:q="urn:old" q:extra="1"><f:text>q</f:text></f:Ask>'
    assert pkg.codec.decode(aliased, namespace_aliases={"urn:old": XSD_NS}) == pkg.Ask(text="q")


@pytest.mark.parametrize("soap", ["1.1", "1.2"])
def test_faults_carry_code_string_actor_and_detail(pkg: Any, soap: str) -> None:
    fault = pkg.SoapFault("Server", "it <broke>", actor="urn:me", detail='<e xmlns="urn:e">why</e>tail')
    data = pkg.codec.encode(fault, soap=soap)
    with pytest.raises(pkg.SoapFault) as caught:
        pkg.codec.decode(data)
    assert caught.value == fault and hash(caught.value) == hash(fault) and caught.value.soap == soap
    assert repr(fault) == (
        "SoapFault(code='Server', string='it <broke>', actor='urn:me', "
        "detail='<e xmlns=\"urn:e\">why</e>tail')"
    )
    assert (fault == "Server") is False


def test_a_bare_fault_element_reads_with_defaults() -> None:
    bare11 = _x.read_fault(_x.parse(f'<s:Fault xmlns:s="{SOAP11}"/>'.encode()), SOAP11)
    assert (bare11.code, bare11.string, bare11.actor, bare11.detail) == ("Server", "", None, None)
    bare12 = _x.read_fault(_x.parse(f'<s:Fault xmlns:s="{SOAP12}"/>'.encode()), SOAP12)
    assert (bare12.code, bare12.string) == ("Server", "")


def test_runtime_helpers_outside_any_schema() -> None:
    # No XSD type maps to a GUID, but the XML runtime reads and writes them for schemas that restrict strings.
    with pytest.raises(_x.DecodeError, match="'x' is not a GUID"):
        _x.guid("x", "p", "g")
    plain = _x.ExactDateTime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert plain.lexical is None and _x.date_time_text(plain) == "2024-01-02T03:04:05Z"
    with pytest.raises(_x.DecodeError, match=r"^p: unexpected node$"):
        _x.unexpected(etree.Comment("c"), "p", ())
    assert _x.soap_version("text/xml; charset=utf-8") == "1.1"
    assert _x.soap_version("application/json") is None

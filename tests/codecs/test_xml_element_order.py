"""The order of child elements where the schema lets a document choose it: a repeated choice, a repeated
sequence, `xs:all`, an element the schema names twice, a substitution group's members. A decoded object
records the document's order (`element_order`), writing follows it back while the fields hold as many
values as the document had, and falls back to the fields' order when they changed. Mixed content keeps its
text between the elements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import config_from_options
from generator.ir import PackageIndex
from generator.pipeline import build_ir
from tests import linting
from tests.codecs.features import XSD_NS, Features, xsd
from tests.codecs.test_xml_features import document, exact

ORDER = xsd("""
<xs:complexType name="Mixed"><xs:sequence>
  <xs:element name="head" type="xs:string"/>
  <xs:choice minOccurs="0" maxOccurs="unbounded">
    <xs:element name="a" type="xs:string"/>
    <xs:element name="b" type="xs:int"/>
    <xs:element name="nested" type="f:Mixed"/>
    <xs:element name="codes"><xs:simpleType><xs:list itemType="xs:int"/></xs:simpleType></xs:element>
    <xs:any namespace="##other" processContents="lax"/>
  </xs:choice>
</xs:sequence></xs:complexType>
<xs:complexType name="Pairs"><xs:sequence maxOccurs="unbounded">
  <xs:element name="key" type="xs:string"/><xs:element name="value" type="xs:int"/>
</xs:sequence></xs:complexType>
<xs:complexType name="Fixed"><xs:sequence>
  <xs:element name="a" type="xs:string" maxOccurs="unbounded"/><xs:element name="b" type="xs:int"/>
</xs:sequence></xs:complexType>
<xs:complexType name="Twice"><xs:sequence>
  <xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int"/>
  <xs:element name="a" type="xs:string"/>
</xs:sequence></xs:complexType>
<xs:complexType name="Any"><xs:all>
  <xs:element name="a" type="xs:string"/>
  <xs:element name="b" type="xs:int" nillable="true"/>
  <xs:element name="c" type="xs:int" minOccurs="0"/>
</xs:all></xs:complexType>
<xs:complexType name="MorePairs"><xs:complexContent><xs:extension base="f:Pairs"><xs:sequence>
  <xs:element name="last" type="xs:string"/>
</xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:element name="Shape" type="f:ShapeType" abstract="true"/>
<xs:complexType name="ShapeType"><xs:attribute name="id" type="xs:string"/></xs:complexType>
<xs:element name="Circle" type="f:ShapeType" substitutionGroup="f:Shape"/>
<xs:element name="Square" type="f:ShapeType" substitutionGroup="f:Shape"/>
<xs:complexType name="Paragraph" mixed="true"><xs:choice minOccurs="0" maxOccurs="unbounded">
  <xs:element name="b" type="xs:string"/><xs:element name="br"><xs:complexType/></xs:element>
</xs:choice><xs:attribute name="lang" type="xs:string"/></xs:complexType>
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="p" type="f:Paragraph" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="mixed" type="f:Mixed" minOccurs="0"/>
  <xs:element name="pairs" type="f:Pairs" minOccurs="0"/>
  <xs:element name="fixed" type="f:Fixed" minOccurs="0"/>
  <xs:element name="twice" type="f:Twice" minOccurs="0"/>
  <xs:element name="any" type="f:Any" minOccurs="0"/>
  <xs:element name="more" type="f:MorePairs" minOccurs="0"/>
  <xs:element ref="f:Shape" minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence></xs:complexType></xs:element>
""")

MIXED = (
    "<f:mixed><f:head>h</f:head><f:b>1</f:b><f:a>x</f:a><o:z xmlns:o='urn:other' q='1'/>"
    "<f:codes>1 2</f:codes><f:b>2</f:b><f:nested><f:head>i</f:head><f:a>y</f:a><f:b>3</f:b><f:a>z</f:a>"
    "</f:nested><f:a>w</f:a></f:mixed>"
)
PAIRS = "<f:pairs><f:key>k1</f:key><f:value>1</f:value><f:key>k2</f:key><f:value>2</f:value></f:pairs>"
TWICE = "<f:twice><f:a>1</f:a><f:b>2</f:b><f:a>3</f:a></f:twice>"
ANY = "<f:any><f:c>3</f:c><f:b xsi:nil='true'/><f:a>1</f:a></f:any>"
MORE = (
    "<f:more><f:key>k</f:key><f:value>1</f:value><f:key>l</f:key><f:value>2</f:value><f:last>e</f:last>"
    "</f:more>"
)
SHAPES = "<f:Square id='1'/><f:Circle id='2'/><f:Square id='3'/>"


@pytest.fixture(scope="module")
def order(features: Features) -> Any:
    return features.package("xml_element_order", ORDER)


def test_documents_in_any_order_the_schema_allows_are_written_back_as_they_were(order: Any) -> None:
    data = document(MIXED + PAIRS + TWICE + ANY + MORE + SHAPES)
    item = order.codec.decode(data)
    assert item.mixed.b == [1, 2] and item.mixed.a == ["x", "w"]
    assert item.mixed.element_order == (0, 2, 1, 5, 4, 2, 3, 1)
    assert exact(order.codec.encode(item, envelope=False, namespaces=item_prefixes())) == exact(data)


def item_prefixes() -> dict[str, str]:
    return {"f": XSD_NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def test_a_document_in_the_fields_order_records_nothing(order: Any) -> None:
    item = order.codec.decode(document("<f:pairs><f:key>k</f:key><f:value>1</f:value></f:pairs>"))
    assert item.pairs.element_order == ()
    item = order.codec.decode(document("<f:fixed><f:a>1</f:a><f:a>2</f:a><f:b>3</f:b></f:fixed>"))
    assert not hasattr(item.fixed, "element_order")  # a fixed order is never recorded


def test_the_recorded_order_is_not_part_of_the_value(order: Any) -> None:
    decoded = order.codec.decode(document(PAIRS)).pairs
    built = order.Pairs(key=["k1", "k2"], value=[1, 2])
    assert decoded == built and repr(decoded) == repr(built)
    assert order.codec.encode(order.Item(pairs=built)) != order.codec.encode(order.Item(pairs=decoded))


def test_changed_values_keep_the_order_and_changed_counts_take_the_fields_order(order: Any) -> None:
    item = order.codec.decode(document(PAIRS))
    item.pairs.key[0] = "changed"
    written = order.codec.encode(item, envelope=False).decode()
    assert "<key>changed</key><value>1</value><key>k2</key><value>2</value>" in written
    item.pairs.key.append("k3")
    item.pairs.value.append(3)
    written = order.codec.encode(item, envelope=False).decode()
    assert "<key>changed</key><key>k2</key><key>k3</key><value>1</value>" in written


def test_a_substitution_groups_members_keep_their_turns(order: Any) -> None:
    item = order.codec.decode(document(SHAPES))
    assert [shape.id for shape in item.square] == ["1", "3"] and item.circle[0].id == "2"
    written = order.codec.encode(item, envelope=False).decode()
    assert '<Square id="1"/><Circle id="2"/><Square id="3"/>' in written


def test_required_and_nil_elements_written_in_document_order(order: Any) -> None:
    item = order.codec.decode(document(ANY))
    assert item.any.b is None and item.any.c == 3
    written = order.codec.encode(item, envelope=False).decode()
    assert '<c>3</c><b xsi:nil="true"/><a>1</a>' in written
    item.any.a = None
    with pytest.raises(order.codec.EncodeError, match="a"):
        order.codec.encode(item, envelope=False)


def test_only_models_whose_elements_can_interleave_keep_an_order(tmp_path: Path) -> None:
    spec = tmp_path / "order.xsd"
    spec.write_text(ORDER, encoding="utf-8")
    package = build_ir(config_from_options([spec], "order", tmp_path, (), None).packages[0])
    index = PackageIndex(package)
    keeping = sorted(model.name for model in package.models if index.keeps_element_order(model))
    assert keeping == ["Any", "Item", "Mixed", "MorePairs", "Pairs", "Twice"]
    introducing = sorted(model.name for model in package.models if index.introduces_element_order(model))
    assert "MorePairs" not in introducing and "Pairs" in introducing


def test_ordered_writers_pass_ruff_and_mypy_strict(order: Any) -> None:
    package = Path(order.__file__).parent
    lint = linting.ruff(package)
    assert lint.returncode == 0, lint.stdout
    typing = linting.mypy(package)
    assert typing.returncode == 0, typing.stdout


def test_mixed_content_keeps_its_text_between_the_elements(order: Any) -> None:
    data = document(
        "<f:p lang='de'> <f:b>Titel</f:b> : Test &amp; Titel  <f:br/>\n <f:b>E-Mail:</f:b> a@b.c </f:p>"
        "<f:p>only text</f:p><f:p/>"
    )
    item = order.codec.decode(data)
    first = item.p[0]
    assert first.lang == "de"
    assert [piece for piece in first.content if isinstance(piece, str)] == [
        " ",
        " : Test & Titel  ",
        "\n ",
        " a@b.c ",
    ]
    assert [piece.text for piece in first.content if not isinstance(piece, str)] == ["Titel", None, "E-Mail:"]
    assert item.p[1].content == ["only text"] and item.p[2].content == []
    assert exact(order.codec.encode(item, envelope=False, namespaces=item_prefixes())) == exact(data)


def test_text_put_into_mixed_content_is_escaped(order: Any) -> None:
    written = order.codec.encode(order.Item(p=[order.Paragraph(content=["a < b & c"])]), envelope=False)
    assert b"<p>a &lt; b &amp; c</p>" in written


def test_declarations_lower_down_are_made_again_where_they_were(order: Any) -> None:
    # Counted in document order: `twice` comes after every element inside `pairs`.
    data = document(
        PAIRS + '<t:twice xmlns:t="urn:features"><t:a>1</t:a><b xmlns="urn:features">2</b><t:a>3</t:a>'
        "</t:twice>"
    )
    envelope = order.codec.decode_envelope(data)
    assert [item.position for item in envelope.declarations] == [6, 8]
    written = order.codec.encode(
        envelope.body, envelope=False, namespaces=envelope.namespaces, declarations=envelope.declarations
    )
    assert exact(written) == exact(data)
    assert b'<t:twice xmlns:t="urn:features"><t:a>1</t:a><b xmlns="urn:features">2</b>' in written

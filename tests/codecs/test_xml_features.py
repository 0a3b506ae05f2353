"""The SOAP XML codec, feature by feature: small inline schemas generated into packages of their own and
imported, then read and written — attributes, simple content, nillable elements, lists, defaults, wildcards,
`xsi:type`, extensions, substitution groups, enumerations, namespaces and every built-in type the runtime
converts, with their error paths. Each field kind of `templates/codec/xml_fields.jinja` and each branch of
`generator/runtime/_xml.py` runs here or in the runtime's own tests."""

from __future__ import annotations

import datetime
import decimal
import typing
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.codecs.features import XSD_NS, Features, xsd

F = f"{{{XSD_NS}}}"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def document(body: str, root: str = "Item", attributes: str = "", namespaces: str = "") -> bytes:
    """A bare `f:<root>` document in the features namespace."""
    return (
        f'<f:{root} xmlns:f="{XSD_NS}" xmlns:xsi="{XSI}" {namespaces} {attributes}>{body}</f:{root}>'
    ).encode()


def canonical(data: bytes) -> object:
    """The document as nested (Clark tag, attributes, text, tail, children): equal for equal XML whatever
    the prefixes (sodagen writes its own; keeping a document's prefixes is a later issue)."""

    def tree(node: etree._Element) -> object:
        children = [tree(child) for child in node]
        return (node.tag, dict(node.attrib), (node.text or "").strip(), (node.tail or "").strip(), children)

    return tree(etree.fromstring(data))


def round_trip(codec: Any, value: object) -> object:
    """`value` written as a bare document and read back (and written again to the same bytes)."""
    data = codec.encode(value, envelope=False)
    again = codec.decode(data)
    assert codec.encode(again, envelope=False) == data
    return again


# --- attributes ----------------------------------------------------------------------------------------

ATTRIBUTES = xsd("""
<xs:simpleType name="Level"><xs:restriction base="xs:string">
  <xs:enumeration value="low"/><xs:enumeration value="high"/>
</xs:restriction></xs:simpleType>
<xs:simpleType name="Numbers"><xs:list itemType="xs:int"/></xs:simpleType>
<xs:element name="Item"><xs:complexType>
  <xs:attribute name="id" type="xs:int" use="required"/>
  <xs:attribute name="label" type="xs:string"/>
  <xs:attribute name="active" type="xs:boolean" default="true"/>
  <xs:attribute name="level" type="f:Level" default="low"/>
  <xs:attribute name="scores" type="f:Numbers"/>
  <xs:attribute name="ratio" type="xs:double"/>
</xs:complexType></xs:element>
""")


@pytest.fixture(scope="module")
def attributes(features: Features) -> Any:
    return features.package("xml_attributes", ATTRIBUTES)


def test_attributes_round_trip_with_their_types(attributes: Any) -> None:
    value = attributes.Item(id=7, label='say "a" & <b>\tc\nd', active=False, scores=[1, 2, 3], ratio=0.5)
    again = round_trip(attributes.codec, value)
    assert again == value
    data = attributes.codec.encode(value, envelope=False)
    assert b'label="say &quot;a&quot; &amp; &lt;b&gt;&#9;c&#10;d"' in data
    assert b'scores="1 2 3"' in data and b'active="false"' in data


def test_absent_attributes_take_their_defaults_or_none(attributes: Any) -> None:
    item = attributes.codec.decode(document("", attributes='id=" 12 "'))
    assert item == attributes.Item(id=12)
    assert (item.active, item.level, item.label, item.scores) == (True, attributes.Level.LOW, None, [])


def test_defaulted_attributes_a_document_left_out_stay_out(attributes: Any) -> None:
    item = attributes.codec.decode(document("", attributes='id="12" level="low"'))
    assert item.absent_attributes == frozenset({"active"})
    written = attributes.codec.encode(item, envelope=False)
    assert b"active=" not in written and b'level="low"' in written
    item.active = False
    assert b'active="false"' in attributes.codec.encode(item, envelope=False)
    item.active = True
    assert b"active=" not in attributes.codec.encode(item, envelope=False)
    # A value built in Python writes its defaults; `absent_attributes` is not part of the value.
    built = attributes.Item(id=12)
    assert b'active="true"' in attributes.codec.encode(built, envelope=False)
    assert built == item and "absent_attributes" not in repr(item)


def test_attribute_errors_name_the_attribute(attributes: Any) -> None:
    errors = {
        "": "Item: required attribute 'id' is missing",
        'id="x"': "Item/@id: 'x' is not an xs:int",
        'id="3000000000"': "Item/@id: 3000000000 is out of range for xs:int",
        'id="1" level="medium"': "Item/@level: 'medium' is not a Level value (one of: low, high)",
        'id="1" active="yes"': "Item/@active: 'yes' is not an xs:boolean",
        'id="1" other="x"': "Item: unexpected attribute 'other'",
        'id="1" scores="1 two"': "Item/@scores: 'two' is not an xs:int",
    }
    for attributes_text, message in errors.items():
        with pytest.raises(attributes.DecodeError) as caught:
            attributes.codec.decode(document("", attributes=attributes_text))
        assert str(caught.value) == message


def test_namespaced_attributes_and_xsi_are_left_alone(attributes: Any) -> None:
    data = document("", attributes='id="1" xsi:type="f:Item" f:extra="ignored"')
    assert attributes.codec.decode(data) == attributes.Item(id=1)


def test_a_required_attribute_left_none_cannot_be_written(attributes: Any) -> None:
    with pytest.raises(attributes.EncodeError, match=r"Item/@id: is required but is None"):
        attributes.codec.encode(attributes.Item(id=None), envelope=False)


def test_children_of_an_element_without_content_are_refused(attributes: Any) -> None:
    with pytest.raises(attributes.DecodeError, match=r"^Item: unexpected element 'x' in namespace"):
        attributes.codec.decode(document("<f:x/>", attributes='id="1"'))


# --- simple content, nillable, lists, defaults -----------------------------------------------------------

CONTENT = xsd("""
<xs:complexType name="Money"><xs:simpleContent><xs:extension base="xs:decimal">
  <xs:attribute name="currency" type="xs:string" use="required"/>
</xs:extension></xs:simpleContent></xs:complexType>
<xs:simpleType name="Codes"><xs:list itemType="xs:string"/></xs:simpleType>
<xs:complexType name="CodeList">
  <xs:simpleContent><xs:extension base="f:Codes"/></xs:simpleContent>
</xs:complexType>
<xs:complexType name="Line"><xs:sequence>
  <xs:element name="text" type="xs:string"/>
</xs:sequence></xs:complexType>
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="price" type="f:Money"/>
  <xs:element name="codes" type="f:CodeList" minOccurs="0"/>
  <xs:element name="note" type="xs:string" nillable="true"/>
  <xs:element name="remark" type="xs:string" nillable="true" minOccurs="0"/>
  <xs:element name="count" type="xs:int" default="5"/>
  <xs:element name="tags" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="sizes" type="xs:int" nillable="true" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="labels" type="xs:string" nillable="true" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="lines" type="f:Line" maxOccurs="unbounded"/>
  <xs:element name="spares" type="f:Line" nillable="true" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="extra" type="xs:anyType" minOccurs="0"/>
  <xs:element name="numbers" type="f:Numbers" minOccurs="0"/>
  <xs:element name="steps" type="f:Numbers"/>
  <xs:element name="marks" type="f:Numbers" nillable="true" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
<xs:simpleType name="Numbers"><xs:list itemType="xs:int"/></xs:simpleType>
""")


@pytest.fixture(scope="module")
def content(features: Features) -> Any:
    return features.package("xml_content", CONTENT)


def _item(content: Any, **changes: object) -> Any:
    fields: dict[str, object] = {
        "price": content.Money(value=decimal.Decimal("12.50"), currency="EUR"),
        "note": "n",
        "count": 1,
        "lines": [content.Line(text="first")],
        "steps": [],
    }
    fields.update(changes)
    return content.Item(**fields)


def test_simple_content_is_the_text_beside_the_attributes(content: Any) -> None:
    value = _item(content, codes=content.CodeList(value=["a", "b"]))
    data = content.codec.encode(value, envelope=False)
    assert b'<price currency="EUR">12.50</price>' in data and b"<codes>a b</codes>" in data
    assert round_trip(content.codec, value) == value


def test_nil_and_absent_elements(content: Any) -> None:
    value = _item(content, note=None, remark=None)
    data = content.codec.encode(value, envelope=False)
    assert b'<note xsi:nil="true"/>' in data and b"remark" not in data
    assert content.codec.decode(data).note is None
    nil = document(
        '<f:price currency="X">1</f:price><f:note xsi:nil="1"/><f:remark xsi:nil="true"/><f:count>1</f:count>'
        "<f:lines><f:text>t</f:text></f:lines><f:steps/>"
    )
    read = content.codec.decode(nil)
    assert (read.note, read.remark) == (None, None)


_REST = "<f:lines><f:text>t</f:text></f:lines><f:steps/>"
_NOT_NILLABLE = "is xsi:nil but the element is not nillable"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ('<f:note>n</f:note><f:count xsi:nil="true"/>', f"Item/count: {_NOT_NILLABLE}"),
        ('<f:note>n</f:note><f:count>1</f:count><f:tags xsi:nil="1"/>', f"Item/tags: {_NOT_NILLABLE}"),
        ('<f:note xsi:nil="true">n</f:note><f:count>1</f:count>', "Item/note: is xsi:nil but not empty"),
        (
            '<f:note>n</f:note><f:count>1</f:count><f:sizes xsi:nil="true">4</f:sizes>',
            "Item/sizes: is xsi:nil but not empty",
        ),
    ],
    ids=["not-nillable", "not-nillable-item", "nil-with-text", "nil-item-with-text"],
)
def test_a_nil_where_xsd_allows_none_is_an_error(content: Any, fields: str, reason: str) -> None:
    """Read as an empty value or as None, these lost what the document said; XSD makes them invalid."""
    data = document(f'<f:price currency="X">1</f:price>{fields}{_REST}')
    with pytest.raises(content.DecodeError) as caught:
        content.codec.decode(data)
    assert str(caught.value) == reason


def test_nil_false_and_a_nil_list_typed_element(content: Any) -> None:
    data = document(
        '<f:price currency="X">1</f:price><f:note xsi:nil="false">n</f:note><f:count xsi:nil="0">2</f:count>'
        f'{_REST}<f:marks xsi:nil="true"/>'
    )
    read = content.codec.decode(data)
    assert (read.note, read.count, read.marks) == ("n", 2, [])


def test_nil_items_of_a_nillable_repeated_element_are_none(content: Any) -> None:
    """.NET's `ArrayOfstring` shape: the `xsi:nil` items of a nillable repeated element are None, in place."""
    data = document(
        '<f:price currency="X">1</f:price><f:note>n</f:note><f:count>1</f:count>'
        '<f:sizes>1</f:sizes><f:sizes xsi:nil="true"/><f:sizes>3</f:sizes>'
        '<f:labels xsi:nil="1"/><f:labels></f:labels>'
        '<f:lines><f:text>t</f:text></f:lines>'
        '<f:spares xsi:nil="true"/><f:spares><f:text>s</f:text></f:spares>'
        "<f:steps/>"
    )
    read = content.codec.decode(data)
    assert read.sizes == [1, None, 3]
    assert read.labels == [None, ""]
    assert read.spares == [None, content.Line(text="s")]
    again = content.codec.decode(content.codec.encode(read, envelope=False))
    assert (again.sizes, again.labels, again.spares) == (read.sizes, read.labels, read.spares)
    assert typing.get_type_hints(content.Item)["sizes"] == list[int | None]
    assert typing.get_type_hints(content.Item)["tags"] == list[str]


def test_program_made_none_items_are_written_nil(content: Any) -> None:
    value = _item(content, sizes=[None, 2], labels=["a", None], spares=[None])
    data = content.codec.encode(value, envelope=False)
    assert b'<sizes xsi:nil="true"/><sizes>2</sizes>' in data
    assert b'<labels>a</labels><labels xsi:nil="true"/>' in data
    assert b'<spares xsi:nil="true"/>' in data
    assert round_trip(content.codec, value) == value


@pytest.mark.parametrize(
    ("count", "reason"),
    [
        ("9" * 5000, f"{'9' * 57}... is out of range for xs:int"),
        ("9" * 4000, f"{'9' * 57}... is out of range for xs:int"),
        ("x" * 1_000_000 + ">", f"{repr('x' * 60)[:57]}... is not an xs:int"),
    ],
    ids=["past-python-int-text", "4000-digits", "a-megabyte"],
)
def test_an_error_shows_a_long_value_shortened(content: Any, count: str, reason: str) -> None:
    """A fault that echoed a megabyte cost the server (on its event loop) and the client, and said no more."""
    data = document(
        f'<f:price currency="X">1</f:price><f:note>n</f:note><f:count>{_x_escape(count)}</f:count>'
        "<f:lines><f:text>t</f:text></f:lines><f:steps/>"
    )
    with pytest.raises(content.DecodeError) as caught:
        content.codec.decode(data)
    assert str(caught.value) == f"Item/count: {reason}"


def _x_escape(text: str) -> str:
    return text.replace(">", "&gt;")


def test_escaping_a_long_text_keeps_every_character(content: Any) -> None:
    note = "a<b" + "x" * 100_000 + "&\r>" + "é" * 10
    value = _item(content, note=note)
    data = content.codec.encode(value, envelope=False)
    assert b"a&lt;b" + b"x" * 100_000 + b"&amp;&#13;&gt;" in data
    assert content.codec.decode(data).note == note


def test_list_typed_elements_hold_their_values_in_one_text(content: Any) -> None:
    value = _item(content, numbers=[3, -1], steps=[10, 20])
    data = content.codec.encode(value, envelope=False)
    assert b"<numbers>3 -1</numbers>" in data and b"<steps>10 20</steps>" in data
    assert round_trip(content.codec, value) == value
    empty = content.codec.encode(_item(content), envelope=False)
    assert b"<steps></steps>" in empty and b"numbers" not in empty  # required: written even when empty
    assert content.codec.decode(empty).numbers == []


def test_lists_keep_their_items_in_order_and_may_be_empty(content: Any) -> None:
    value = _item(
        content, tags=["x", "y", "x"], sizes=[3, 1], lines=[content.Line(text="a"), content.Line(text="b")]
    )
    assert round_trip(content.codec, value) == value
    assert round_trip(content.codec, _item(content, tags=[])) == _item(content)


def test_an_empty_element_takes_its_default(content: Any) -> None:
    data = document(
        '<f:price currency="X">1</f:price><f:note>n</f:note><f:count/><f:lines><f:text>t</f:text></f:lines>'
        "<f:steps/>"
    )
    assert content.codec.decode(data).count == 5
    # the default only fills an element that is there: absent, the required element is missing
    with pytest.raises(content.DecodeError, match=r"^Item: required element 'count' is missing$"):
        content.codec.decode(data.replace(b"<f:count/>", b""))


def test_any_type_elements_are_kept_as_elements(content: Any) -> None:
    data = document(
        '<f:price currency="X">1</f:price><f:note>n</f:note><f:count>1</f:count>'
        "<f:lines><f:text>t</f:text></f:lines>"
        '<f:extra><deep a="1">text<more/></deep></f:extra><f:steps/>'
    )
    item = content.codec.decode(data)
    assert isinstance(item.extra, etree._Element) and item.extra[0].tag == "deep"
    assert canonical(content.codec.encode(item, envelope=False)) == canonical(data)
    with pytest.raises(content.EncodeError, match="expected an lxml element or an XML string, got int"):
        content.codec.encode(_item(content, extra=5), envelope=False)


VALUES = xsd("""
<xs:complexType name="Valued" mixed="true"><xs:sequence>
  <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence></xs:complexType>
<xs:complexType name="Flag"><xs:simpleContent><xs:restriction base="f:Valued">
  <xs:simpleType><xs:restriction base="xs:boolean"/></xs:simpleType>
</xs:restriction></xs:simpleContent></xs:complexType>
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="flag" type="f:Flag" minOccurs="0"/>
  <xs:element name="blobs" type="xs:anyType" maxOccurs="unbounded"/>
</xs:sequence></xs:complexType></xs:element>
""")
"""SDMX's simple values: simple content restricting a mixed type with a wildcard (the model keeps both); and
repeated `xs:anyType` elements, required."""


def test_simple_content_restricting_a_mixed_type_and_repeated_any_type_elements(features: Features) -> None:
    values = features.package("xml_values", VALUES)
    data = document("<f:flag>true</f:flag><f:blobs><a/></f:blobs><f:blobs>text</f:blobs>")
    item = values.codec.decode(data)
    assert item.flag.value is True and [blob.tag for blob in item.blobs] == [f"{{{XSD_NS}}}blobs"] * 2
    assert canonical(values.codec.encode(item, envelope=False)) == canonical(data)
    with pytest.raises(values.DecodeError, match="Item: required element 'blobs' is missing"):
        values.codec.decode(document("<f:flag>false</f:flag>"))


def test_content_errors_name_their_path(content: Any) -> None:
    price, note = '<f:price currency="X">1</f:price>', "<f:note>n</f:note><f:count>1</f:count>"
    line = "<f:lines><f:text>t</f:text></f:lines><f:steps>1</f:steps>"
    errors = {
        note + line: "Item: required element 'price' is missing",
        price + note: "Item: required element 'lines' is missing",
        price + note + "<f:lines><f:text>t</f:text></f:lines>": "Item: required element 'steps' is missing",
        price + note + line + "<f:steps>1 x</f:steps>": "Item/steps: appears more than once",
        price
        + note
        + "<f:lines><f:text>t</f:text></f:lines><f:steps>1 x</f:steps>": "Item/steps: 'x' is not an xs:int",
        price + price + note + line: "Item/price: appears more than once",
        '<f:price currency="X">1.2.3</f:price>'
        + note
        + line: "Item/price/value: '1.2.3' is not an xs:decimal",
        price
        + note
        + "<f:lines><f:text>t</f:text><f:text>u</f:text></f:lines>": (
            "Item/lines/text: appears more than once"
        ),
        price + "<f:note><f:b/></f:note>" + line: "Item/note: unexpected element 'b' in namespace",
        price + "<f:count>1</f:count>" + line: "Item: required element 'note' is missing",
        price + "<f:note>n</f:note><f:count><f:b/></f:count>" + line: (
            "Item/count: unexpected element 'b' in namespace"
        ),
        price + note + line + "<f:unknown/>": "Item: unexpected element 'unknown' in namespace",
        price + note + line + '<other xmlns="urn:x">1</other>': "Item: unexpected element 'other'",
        price
        + note
        + line
        + '<count xmlns="urn:x">1</count>': (
            "Item/count: element is in namespace 'urn:x', expected 'urn:features'"
        ),
    }
    for body, message in errors.items():
        with pytest.raises(content.DecodeError) as caught:
            content.codec.decode(document(body))
        assert str(caught.value).startswith(message), (body, str(caught.value))


_SIMPLE_ELEMENTS = {
    "note": "<f:note{}>n</f:note>",  # a string (text_of)
    "count": "<f:count{}>1</f:count>",  # another simple type (value_of)
    "tags": "<f:tags{}>a</f:tags>",  # repeated strings (texts_of)
    "sizes": "<f:sizes{}>2</f:sizes>",  # repeated values (values_of)
    "steps": "<f:steps{}>1 2</f:steps>",  # an xs:list (tokens_of)
}


def _simple_elements(content: Any, attributes: dict[str, str]) -> Any:
    body = '<f:price currency="X">1</f:price><f:lines><f:text>t</f:text></f:lines>' + "".join(
        element.format(attributes.get(name, "")) for name, element in _SIMPLE_ELEMENTS.items()
    )
    return content.codec.decode(document(body))


@pytest.mark.parametrize("name", sorted(_SIMPLE_ELEMENTS))
def test_an_attribute_in_no_namespace_on_a_simple_typed_element_is_an_error(content: Any, name: str) -> None:
    # A simple type declares no attribute: as on any element, an undeclared one is an error, not dropped.
    with pytest.raises(content.DecodeError) as caught:
        _simple_elements(content, {name: ' bad="1"'})
    assert str(caught.value) == f"Item/{name}: unexpected attribute 'bad'"


def test_namespaced_attributes_on_simple_typed_elements_are_left_alone(content: Any) -> None:
    namespaced = ' xsi:type="xs:string" f:extra="x" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    item = _simple_elements(content, dict.fromkeys(_SIMPLE_ELEMENTS, namespaced))
    assert (item.note, item.count, item.tags, item.sizes, item.steps) == ("n", 1, ["a"], [2], [1, 2])


def test_required_elements_left_none_cannot_be_written(content: Any) -> None:
    with pytest.raises(content.EncodeError, match=r"^Item/price: is required but is None$"):
        content.codec.encode(_item(content, price=None), envelope=False)
    with pytest.raises(content.EncodeError, match=r"^Item/price/currency|Item/price/@currency"):
        content.codec.encode(
            _item(content, price=content.Money(value=decimal.Decimal(1), currency=None)), envelope=False
        )


# --- wildcards ------------------------------------------------------------------------------------------

WILDCARDS = xsd("""
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="name" type="xs:string"/>
  <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence>
  <xs:attribute name="id" type="xs:string"/>
  <xs:anyAttribute namespace="##other" processContents="lax"/>
</xs:complexType></xs:element>
<xs:element name="Envelope"><xs:complexType><xs:sequence>
  <xs:any processContents="skip"/>
</xs:sequence><xs:anyAttribute/></xs:complexType></xs:element>
""")


@pytest.fixture(scope="module")
def wildcards(features: Features) -> Any:
    return features.package("xml_wildcards", WILDCARDS)


def test_foreign_elements_and_attributes_are_kept_and_written_back(wildcards: Any) -> None:
    data = document(
        '<f:name>n</f:name><o:note xmlns:o="urn:o" kind="x">t<o:b/></o:note><plain>p</plain>',
        attributes='id="1" xml:lang="en"',
    )
    item = wildcards.codec.decode(data)
    assert [element.tag for element in item.any] == ["{urn:o}note", "plain"]
    assert item.any_attribute == {"{http://www.w3.org/XML/1998/namespace}lang": "en"}
    written = wildcards.codec.encode(item, envelope=False)
    assert canonical(written) == canonical(data)


def test_wildcard_attributes_must_be_a_mapping(wildcards: Any) -> None:
    with pytest.raises(
        wildcards.EncodeError, match="expected a mapping of attribute names to values, got list"
    ):
        wildcards.codec.encode(wildcards.Item(name="n", any_attribute=["x"]), envelope=False)


def test_a_single_wildcard_takes_one_element_of_any_name(wildcards: Any) -> None:
    data = f'<f:Envelope xmlns:f="{XSD_NS}" a="1"><anything><inside/></anything></f:Envelope>'.encode()
    envelope = wildcards.codec.decode(data)
    assert envelope.any.tag == "anything" and envelope.any_attribute == {"a": "1"}
    assert canonical(wildcards.codec.encode(envelope, envelope=False)) == canonical(data)
    # elements as XML text are written as they are
    text = wildcards.EnvelopeType(any="<x>1</x>")
    assert b"<x>1</x>" in wildcards.codec.encode(text, envelope=False)
    twice = f'<f:Envelope xmlns:f="{XSD_NS}"><a/><b/></f:Envelope>'.encode()
    with pytest.raises(wildcards.DecodeError, match=r"^Envelope/any: appears more than once$"):
        wildcards.codec.decode(twice)


def test_foreign_namespaces_of_wildcard_content_are_declared_where_written(wildcards: Any) -> None:
    data = document(
        '<f:name>n</f:name><o:note xmlns:o="urn:o" o:kind="x"><p:deep xmlns:p="urn:p" p:a="1"/></o:note>',
        attributes='id="1" xmlns:q="urn:q" q:flag="yes" xmlns:r="urn:r" r:more="2"',
    )
    item = wildcards.codec.decode(data)
    assert item.any_attribute == {"{urn:q}flag": "yes", "{urn:r}more": "2"}
    written = wildcards.codec.encode(item, envelope=False)
    assert canonical(written) == canonical(data)
    assert b'xmlns:a0="urn:q" a0:flag="yes" xmlns:a1="urn:r" a1:more="2"' in written
    built = wildcards.Item(name="n", any_attribute={"{urn:z}new": "v & <w>"})
    assert wildcards.codec.decode(wildcards.codec.encode(built, envelope=False)) == built


def test_wildcard_content_declares_what_it_uses_and_is_stable_across_round_trips(wildcards: Any) -> None:
    data = document(
        '<f:name>n</f:name><o:note xmlns:o="urn:o" xmlns:unused="urn:unused" xmlns:t="urn:t"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="t:Kind">'
        "<o:b>t:text is kept as text</o:b></o:note>",
        attributes='xmlns:outer="urn:outer"',
    )
    written = wildcards.codec.encode(wildcards.codec.decode(data), envelope=False)
    assert canonical(written) == canonical(data)
    note = written[written.index(b"<o:note") : written.index(b">", written.index(b"<o:note"))]
    assert b"urn:unused" not in note and b"urn:outer" not in note  # declared, never used
    assert b'xmlns:t="urn:t"' in note  # a prefix a value uses (xsi:type) stays declared
    again = wildcards.codec.encode(wildcards.codec.decode(written), envelope=False)
    assert again == written


# --- inheritance, xsi:type, substitution groups ----------------------------------------------------------

TYPES = xsd("""
<xs:complexType name="Shape" abstract="true"><xs:sequence>
  <xs:element name="id" type="xs:string"/>
</xs:sequence><xs:attribute name="color" type="xs:string"/></xs:complexType>
<xs:complexType name="Circle"><xs:complexContent><xs:extension base="f:Shape"><xs:sequence>
  <xs:element name="radius" type="xs:double"/>
</xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Ring"><xs:complexContent><xs:extension base="f:Circle"><xs:sequence>
  <xs:element name="inner" type="xs:double"/>
</xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Square"><xs:complexContent><xs:extension base="f:Shape"><xs:sequence>
  <xs:element name="side" type="xs:double"/>
</xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Label">
  <xs:sequence><xs:element name="text" type="xs:string"/></xs:sequence>
</xs:complexType>
<xs:element name="transport" type="f:Label" abstract="true"/>
<xs:element name="ship" type="f:Label" substitutionGroup="f:transport"/>
<xs:element name="plane" type="f:Label" substitutionGroup="f:transport"/>
<xs:element name="Drawing"><xs:complexType><xs:sequence>
  <xs:element name="main" type="f:Shape"/>
  <xs:element name="circle" type="f:Circle" minOccurs="0"/>
  <xs:element name="others" type="f:Shape" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element ref="f:transport" minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence></xs:complexType></xs:element>
""")


@pytest.fixture(scope="module")
def types(features: Features) -> Any:
    return features.package("xml_types", TYPES)


def test_derived_types_are_written_with_xsi_type_and_read_back(types: Any) -> None:
    value = types.Drawing(
        main=types.Ring(id="r", color="red", radius=2.0, inner=1.0),
        circle=types.Ring(id="c", radius=3.0, inner=0.5),
        others=[types.Square(id="s", side=1.5), types.Circle(id="k", radius=1.0)],
    )
    data = types.codec.encode(value, envelope=False)
    assert data.count(b'xsi:type="Ring"') == 2 and b'xsi:type="Square"' in data
    assert b'<others xsi:type="Circle">' in data
    assert round_trip(types.codec, value) == value


def test_a_value_of_the_declared_type_needs_no_xsi_type(types: Any) -> None:
    data = document(
        '<f:main xsi:type="f:Square"><f:id>s</f:id><f:side>1</f:side></f:main><f:circle><f:id>c</f:id>'
        "<f:radius>1</f:radius></f:circle>",
        root="Drawing",
    )
    drawing = types.codec.decode(data)
    assert type(drawing.circle) is types.Circle and type(drawing.main) is types.Square
    named = data.replace(b"<f:circle>", b'<f:circle xsi:type="f:Circle">')
    assert type(types.codec.decode(named).circle) is types.Circle


def test_xsi_type_errors(types: Any) -> None:
    abstract = document("<f:main><f:id>s</f:id></f:main>", root="Drawing")
    with pytest.raises(
        types.DecodeError, match=r"^Drawing/main: Shape is abstract: the element needs an xsi:type"
    ):
        types.codec.decode(abstract)
    unrelated = document('<f:main xsi:type="f:Label"><f:text>t</f:text></f:main>', root="Drawing")
    with pytest.raises(types.DecodeError, match=r"xsi:type 'f:Label' is not a type derived from Shape"):
        types.codec.decode(unrelated)
    unknown = document('<f:main xsi:type="f:Triangle"><f:id>t</f:id></f:main>', root="Drawing")
    with pytest.raises(types.DecodeError, match=r"xsi:type 'f:Triangle' names no type of this package"):
        types.codec.decode(unknown)


def test_a_class_that_is_no_named_type_cannot_stand_in_for_one(types: Any) -> None:
    class Local(types.Square):  # type: ignore[misc,name-defined]
        pass

    with pytest.raises(types.EncodeError, match="Local is not a named type of this package"):
        types.codec.encode(types.Drawing(main=Local(id="x", side=1.0)), envelope=False)


def test_substitution_group_members_take_the_place_of_their_head(types: Any) -> None:
    data = document(
        '<f:main xsi:type="f:Square"><f:id>s</f:id><f:side>2</f:side></f:main>'
        "<f:ship><f:text>a</f:text></f:ship><f:plane><f:text>b</f:text></f:plane><f:ship><f:text>c</f:text></f:ship>",
        root="Drawing",
    )
    drawing = types.codec.decode(data)
    assert [item.text for item in drawing.ship] == ["a", "c"] and [item.text for item in drawing.plane] == [
        "b"
    ]
    assert types.codec.decode(types.codec.encode(drawing, envelope=False)) == drawing
    with pytest.raises(types.DecodeError, match=r"^transport: Transport is abstract"):
        types.codec.decode(f'<f:transport xmlns:f="{XSD_NS}"><f:text>x</f:text></f:transport>'.encode())


# --- every built-in type the runtime converts --------------------------------------------------------------

PRIMITIVES: dict[str, tuple[str, object, str]] = {
    "boolean": ("xs:boolean", True, "true"),
    "decimal": ("xs:decimal", decimal.Decimal("-0.50"), "-0.50"),
    "double": ("xs:double", float("inf"), "INF"),
    "float": ("xs:float", -2.5, "-2.5"),
    "date": ("xs:date", datetime.date(2024, 2, 29), "2024-02-29"),
    "dateTime": (
        "xs:dateTime",
        datetime.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=datetime.UTC),
        "2024-01-02T03:04:05.600000Z",
    ),
    "time": ("xs:time", datetime.time(23, 59, 58), "23:59:58"),
    "duration": ("xs:dayTimeDuration", datetime.timedelta(hours=1, minutes=30), "PT1H30M"),
    "base64": ("xs:base64Binary", b"\x00\xff\x10", "AP8Q"),
    "hex": ("xs:hexBinary", b"\x00\xff\x10", "00FF10"),
    "unsignedByte": ("xs:unsignedByte", 255, "255"),
    "long": ("xs:long", -(2**63), str(-(2**63))),
    "integer": ("xs:integer", 10**30, str(10**30)),
    "anySimple": ("xs:anySimpleType", "free text", "free text"),
    "token": ("xs:token", "a b", "a b"),
}

# Python names the naming pass gives (`decimal` and `float` would shadow what annotations use).
PY_NAMES = {
    "decimal": "decimal_",
    "float": "float_",
    "dateTime": "date_time",
    "unsignedByte": "unsigned_byte",
    "anySimple": "any_simple",
}

PRIMITIVE_SCHEMA = xsd(
    '<xs:element name="Item"><xs:complexType><xs:sequence>\n'
    + "\n".join(
        f'  <xs:element name="{name}" type="{wire}" minOccurs="0"/>'
        for name, (wire, _, _) in PRIMITIVES.items()
    )
    + "\n</xs:sequence></xs:complexType></xs:element>"
)


@pytest.fixture(scope="module")
def primitives(features: Features) -> Any:
    return features.package("xml_primitives", PRIMITIVE_SCHEMA)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_each_built_in_type_is_read_and_written_in_its_lexical_form(primitives: Any, name: str) -> None:
    _wire, value, text = PRIMITIVES[name]
    # Values other than strings may come with whitespace around them (XSD collapses it).
    padded = text if isinstance(value, str) else f" {text}\n"
    item = primitives.codec.decode(document(f"<f:{name}>{padded}</f:{name}>"))
    assert getattr(item, PY_NAMES.get(name, name)) == value
    assert f"<{name}>{text}</{name}>".encode() in primitives.codec.encode(item, envelope=False)


def test_date_times_keep_the_text_they_were_read_from(primitives: Any) -> None:
    text = "2024-01-02T03:04:05.1234567+02:00"
    item = primitives.codec.decode(document(f"<f:dateTime>{text}</f:dateTime>"))
    assert item.date_time.lexical == text and item.date_time.ticks == 1234567
    assert f"<dateTime>{text}</dateTime>".encode() in primitives.codec.encode(item, envelope=False)
    midnight = primitives.codec.decode(document("<f:dateTime>2024-01-01T24:00:00</f:dateTime>"))
    assert midnight.date_time == datetime.datetime(2024, 1, 2)


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("boolean", "yes", "'yes' is not an xs:boolean"),
        ("decimal", "1e3", "'1e3' is not an xs:decimal"),
        ("double", "one", "'one' is not an xs:double"),
        ("date", "2024-02-30", "'2024-02-30' is not an xs:date (day is out of range for month)"),
        ("date", "24-1-1", "'24-1-1' is not an xs:date"),
        ("dateTime", "2024-01-01", "'2024-01-01' is not an xs:dateTime"),
        ("dateTime", "2024-01-01T24:00:01", "is not an xs:dateTime (24:00:00 is the only time with hour 24)"),
        (
            "dateTime",
            "2024-13-01T00:00:00",
            "'2024-13-01T00:00:00' is not an xs:dateTime (month must be in 1..12)",
        ),
        ("time", "25:00:00", "'25:00:00' is not an xs:time (hour must be in 0..23)"),
        ("time", "noon", "'noon' is not an xs:time"),
        ("duration", "P1M", "'P1M' has years or months, which have no fixed length"),
        ("duration", "PT", "'PT' is not an ISO 8601 duration"),
        ("duration", "P99999999999999999999D", "is not an ISO 8601 duration"),
        ("base64", "A*==", "'A*==' is not xs:base64Binary"),
        ("base64", "AAA", "'AAA' is not xs:base64Binary"),
        ("hex", "0G", "'0G' is not xs:hexBinary"),
        ("unsignedByte", "256", "256 is out of range for xs:unsignedByte"),
        ("unsignedByte", "-1", "-1 is out of range for xs:unsignedByte"),
        ("integer", "1.0", "'1.0' is not an xs:integer"),
    ],
)
def test_bad_lexical_forms_are_errors_naming_the_element(
    primitives: Any, name: str, text: str, reason: str
) -> None:
    with pytest.raises(primitives.DecodeError) as caught:
        primitives.codec.decode(document(f"<f:{name}>{text}</f:{name}>"))
    assert caught.value.path == f"Item/{name}" and reason in caught.value.reason


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("decimal_", decimal.Decimal("NaN"), "NaN is not an xs:decimal"),
        (
            "date_time",
            datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=30))),
            "whole minutes",
        ),
        ("token", "bell \x07", r"character U\+0007 cannot appear in an XML document"),
    ],
)
def test_values_xml_cannot_carry_are_encode_errors(
    primitives: Any, field: str, value: object, message: str
) -> None:
    with pytest.raises(primitives.EncodeError, match=message):
        primitives.codec.encode(primitives.Item(**{field: value}), envelope=False)


def test_special_doubles_and_plain_times(primitives: Any) -> None:
    for text, check in (
        ("-INF", lambda v: v == float("-inf")),
        ("NaN", lambda v: v != v),
        ("1E3", lambda v: v == 1000.0),
    ):
        item = primitives.codec.decode(document(f"<f:double>{text}</f:double>"))
        assert check(item.double), text
    written = primitives.codec.encode(
        primitives.Item(double=float("nan"), time=datetime.time(1, 2, 3, tzinfo=datetime.UTC)), envelope=False
    )
    assert b"<double>NaN</double>" in written and b"<time>01:02:03Z</time>" in written
    zoned = primitives.codec.decode(document("<f:time>10:00:00.5-05:30</f:time>"))
    assert zoned.time.utcoffset() == -datetime.timedelta(hours=5, minutes=30)
    assert (
        primitives.codec.encode(
            primitives.Item(date_time=datetime.datetime(2024, 1, 1, 12)), envelope=False
        ).count(b"<dateTime>2024-01-01T12:00:00</dateTime>")
        == 1
    )


# --- enumerations ----------------------------------------------------------------------------------------

ENUMS = xsd("""
<xs:simpleType name="Size"><xs:restriction base="xs:string">
  <xs:enumeration value="small"/><xs:enumeration value="x-large"/><xs:enumeration value="a &amp; b"/>
</xs:restriction></xs:simpleType>
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="size" type="f:Size"/>
  <xs:element name="sizes" type="f:Size" minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence></xs:complexType></xs:element>
""")


def test_enumerations_read_their_values_and_refuse_others(features: Features) -> None:
    enums = features.package("xml_enums", ENUMS)
    item = enums.codec.decode(
        document("<f:size> x-large </f:size><f:sizes>a &amp; b</f:sizes><f:sizes>small</f:sizes>")
    )
    assert item.size is enums.Size.X_LARGE and item.sizes == [enums.Size.A_B, enums.Size.SMALL]
    assert b"<sizes>a &amp; b</sizes>" in enums.codec.encode(item, envelope=False)
    with pytest.raises(
        enums.DecodeError,
        match=r"^Item/size: 'medium' is not a Size value \(one of: small, x-large, a & b\)$",
    ):
        enums.codec.decode(document("<f:size>medium</f:size>"))


# --- namespaces ------------------------------------------------------------------------------------------

UNQUALIFIED = xsd(
    """
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="name" type="xs:string"/>
</xs:sequence><xs:attribute name="id" type="xs:string"/></xs:complexType></xs:element>
""",
    qualified=False,
)


def test_unqualified_local_elements_put_the_main_namespace_under_a_prefix(features: Features) -> None:
    codec = features.codec("xml_unqualified", UNQUALIFIED)
    package = features.package("xml_unqualified", UNQUALIFIED)
    data = codec.encode(package.Item(name="n", id="1"), envelope=False)
    assert data.endswith(f'<ns0:Item xmlns:ns0="{XSD_NS}" id="1"><name>n</name></ns0:Item>'.encode())
    assert codec.decode(data) == package.Item(name="n", id="1")
    qualified = f'<f:Item xmlns:f="{XSD_NS}"><f:name>n</f:name></f:Item>'.encode()
    with pytest.raises(
        package.DecodeError, match=r"^Item/name: element is in namespace 'urn:features', expected no"
    ):
        codec.decode(qualified)


def test_imported_namespaces_get_their_prefixes(features: Features) -> None:
    other = features.folder / "specs" / "other.xsd"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_text(
        xsd('<xs:element name="Stamp" type="xs:string"/>', namespace="urn:other").replace(
            'xmlns:f="urn:other"', 'xmlns:o="urn:other"'
        ),
        encoding="utf-8",
    )
    schema = xsd(
        """
<xs:import namespace="urn:other" schemaLocation="other.xsd"/>
<xs:element name="Item"><xs:complexType><xs:sequence>
  <xs:element name="name" type="xs:string"/><xs:element ref="o:Stamp"/>
</xs:sequence></xs:complexType></xs:element>
""",
        extra='xmlns:o="urn:other"',
    )
    package = features.package("xml_imports", schema)
    value = package.Item(name="n", stamp=package.Stamp(value="s"))
    data = package.codec.encode(value, envelope=False)
    assert b'xmlns:ns0="urn:other"' in data and b"<ns0:Stamp>s</ns0:Stamp>" in data
    assert package.codec.decode(data) == value
    assert package.codec.decode(
        package.codec.encode(package.Stamp(value="x"), envelope=False)
    ) == package.Stamp(value="x")
    # A prefix declared lower down in a decoded document (UBL's signatures) is kept too, unless its
    # namespace already has one.
    inner = (
        f'<f:Item xmlns:f="{XSD_NS}"><f:name>n</f:name><stamp:Stamp xmlns:stamp="urn:other" '
        'xmlns:again="urn:features">s</stamp:Stamp></f:Item>'
    ).encode()
    decoded = package.codec.decode_envelope(inner)
    assert decoded.namespaces == {"f": XSD_NS, "stamp": "urn:other"}
    kept = package.codec.encode(decoded.body, envelope=False, namespaces=decoded.namespaces)
    assert exact(kept) == exact(inner.replace(b' xmlns:again="urn:features"', b""))
    # And every element's own declarations, where it made them (UBL's NS4 example): a default namespace
    # or a prefix bound to another namespace on one element only.
    local = (
        f'<f:Item xmlns:f="{XSD_NS}" xmlns:o="urn:other"><name xmlns="{XSD_NS}">n</name>'
        f'<f:Stamp xmlns:f="urn:other">s</f:Stamp></f:Item>'
    ).encode()
    decoded = package.codec.decode_envelope(local)
    assert [(item.position, item.namespaces) for item in decoded.declarations] == [
        (1, {None: XSD_NS}),
        (2, {"f": "urn:other"}),
    ]
    written = package.codec.encode(
        decoded.body, envelope=False, namespaces=decoded.namespaces, declarations=decoded.declarations
    )
    assert exact(written) == exact(local)
    assert package.codec.decode(written) == decoded.body
    # On elements that are not where they were, declarations are left out.
    changed = package.codec.encode(
        package.Stamp(value="x"), envelope=False, declarations=decoded.declarations
    )
    assert package.codec.decode(changed) == package.Stamp(value="x")


def test_an_xsi_type_from_outside_the_package_is_read_as_declared_only_when_asked(types: Any) -> None:
    # SDMX's structure-specific data names types of the data structure's own schema, which the package
    # was not generated from.
    data = document(
        '<f:main xsi:type="f:Square"><f:id>s</f:id><f:side>1</f:side></f:main>'
        '<f:circle xsi:type="o:Oval" xmlns:o="urn:other"><f:id>c</f:id><f:radius>1</f:radius></f:circle>',
        root="Drawing",
    )
    message = (
        r"^Drawing/circle: xsi:type 'o:Oval' names no type of this package; "
        r'decode\(\.\.\., xsi_types="declared"\) reads it as the declared Circle$'
    )
    with pytest.raises(types.DecodeError, match=message):
        types.codec.decode(data)
    drawing = types.codec.decode(data, xsi_types="declared")
    assert drawing.circle == types.Circle(id="c", radius=1.0)
    assert type(drawing.main) is types.Square
    assert types.codec.decode_envelope(data, xsi_types="declared").body == drawing
    unrelated = data.replace(b'xsi:type="o:Oval"', b'xsi:type="f:Square"')
    with pytest.raises(types.DecodeError, match="is not a type derived from Circle"):
        types.codec.decode(unrelated, xsi_types="declared")
    with pytest.raises(ValueError, match="xsi_types must be 'strict' or 'declared'"):
        types.codec.decode(data, xsi_types="lax")
    # An abstract declared type is read as itself then, with or without an xsi:type; strict, not.
    foreign = document(
        '<f:main xsi:type="o:Hexagon" xmlns:o="urn:other"><f:id>h</f:id></f:main>', root="Drawing"
    )
    assert types.codec.decode(foreign, xsi_types="declared").main == types.Shape(id="h")
    with pytest.raises(types.DecodeError, match="names no type of this package"):
        types.codec.decode(foreign)
    # The foreign type is kept and written back, with its namespace (under the document's prefix, when
    # the document's prefixes are kept).
    kept = types.codec.decode(data, xsi_types="declared")
    assert kept.circle.foreign_type == "{urn:other}Oval" and kept.main.foreign_type is None
    written = types.codec.encode(kept, envelope=False)
    again = types.codec.decode(written, xsi_types="declared")
    assert again.circle.foreign_type == "{urn:other}Oval"
    assert types.codec.encode(again, envelope=False) == written
    assert etree.fromstring(written).find(f"{F}circle").get(f"{{{XSI}}}type").endswith(":Oval")
    envelope = types.codec.decode_envelope(foreign, xsi_types="declared")
    assert envelope.body.main.foreign_type == "{urn:other}Hexagon"
    assert exact(types.codec.encode(envelope.body, envelope=False, namespaces=envelope.namespaces)) == exact(
        foreign
    )
    bare = document("<f:main><f:id>h</f:id></f:main>", root="Drawing")
    assert types.codec.decode(bare, xsi_types="declared").main == types.Shape(id="h")
    with pytest.raises(types.DecodeError, match="Shape is abstract"):
        types.codec.decode(bare)


# --- restrictions that narrow an inherited element's type ------------------------------------------------

NARROWING = xsd("""
<xs:complexType name="Part">
  <xs:sequence><xs:element name="id" type="xs:string"/></xs:sequence>
</xs:complexType>
<xs:complexType name="Wheel"><xs:complexContent><xs:extension base="f:Part"><xs:sequence>
  <xs:element name="size" type="xs:int"/>
</xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Vehicle"><xs:sequence>
  <xs:element name="main" type="f:Part" minOccurs="0"/>
  <xs:element name="parts" type="f:Part" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="name" type="xs:string" minOccurs="0"/>
</xs:sequence></xs:complexType>
<xs:complexType name="Car"><xs:complexContent><xs:restriction base="f:Vehicle"><xs:sequence>
  <xs:element name="main" type="f:Wheel" minOccurs="0"/>
  <xs:element name="parts" type="f:Wheel" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="name" type="xs:string" minOccurs="0"/>
</xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
<xs:element name="Garage"><xs:complexType><xs:sequence>
  <xs:element name="car" type="f:Car"/>
</xs:sequence></xs:complexType></xs:element>
""")


@pytest.fixture(scope="module")
def narrowing(features: Features) -> Any:
    return features.package("xml_narrowing", NARROWING)


def test_a_restriction_keeps_the_narrower_type_of_an_inherited_element(narrowing: Any) -> None:
    wheel = "<f:id>{0}</f:id><f:size>{1}</f:size>"
    data = document(
        f"<f:car><f:main>{wheel.format('m', 1)}</f:main><f:parts>{wheel.format('a', 2)}</f:parts>"
        f"<f:parts>{wheel.format('b', 3)}</f:parts><f:name>n</f:name></f:car>",
        root="Garage",
    )
    garage = narrowing.codec.decode(data)
    car = garage.car
    assert car.main == narrowing.Wheel(id="m", size=1)
    assert car.parts == [narrowing.Wheel(id="a", size=2), narrowing.Wheel(id="b", size=3)]
    assert canonical(narrowing.codec.encode(garage, envelope=False)) == canonical(data)


def test_a_narrowed_list_is_the_only_redeclaration_mypy_is_told_to_accept(narrowing: Any) -> None:
    models = Path(narrowing.__file__).parent / "models.py"
    lines = [line.strip() for line in models.read_text(encoding="utf-8").splitlines()]
    assert "main: Wheel | None = None" in lines
    assert "parts: list[Wheel] = dataclasses.field(default_factory=list)  # type: ignore[assignment]" in lines
    # Unchanged redeclarations are xsdata's to drop: the field stays the inherited one.
    assert sum(line.startswith("name:") for line in lines) == 1


# --- a decoded document's own prefixes ---------------------------------------------------------------------


def exact(data: bytes) -> str:
    """C14N 2.0 with text stripped: equal only for equal prefixes, as the corpus counts identical."""
    return ElementTree.canonicalize(
        etree.tostring(etree.fromstring(data), encoding="unicode"), strip_text=True
    )


def test_a_decoded_documents_prefixes_are_kept_on_re_encode(types: Any) -> None:
    data = (
        f'<?xml version="1.0"?><shapes:Drawing xmlns:shapes="{XSD_NS}" xmlns:i="{XSI}">'
        '<shapes:main i:type="shapes:Ring" color="red"><shapes:id>r</shapes:id>'
        "<shapes:radius>2.0</shapes:radius><shapes:inner>1.0</shapes:inner></shapes:main></shapes:Drawing>"
    ).encode()
    decoded = types.codec.decode_envelope(data)
    assert decoded.namespaces == {"shapes": XSD_NS, "i": XSI}
    plain = types.codec.encode(decoded.body, envelope=False)
    assert exact(plain) != exact(data)
    kept = types.codec.encode(decoded.body, envelope=False, namespaces=decoded.namespaces)
    assert exact(kept) == exact(data)
    assert types.codec.decode(kept) == decoded.body
    enveloped = types.codec.encode(decoded.body, namespaces=decoded.namespaces)
    assert b"<shapes:Drawing" in enveloped and b'i:type="shapes:Ring"' in enveloped
    assert types.codec.decode(enveloped) == decoded.body


def test_namespaces_the_kept_prefixes_do_not_cover_get_prefixes_of_their_own(types: Any) -> None:
    value = types.Drawing(main=types.Square(id="s", side=1.0))
    written = types.codec.encode(value, envelope=False, namespaces={"ns0": "urn:unused", None: XSD_NS})
    assert types.codec.decode(written) == value
    root = etree.fromstring(written)
    assert root.nsmap[None] == XSD_NS and root.nsmap["ns0"] == "urn:unused"
    assert root.find(f"{{{XSD_NS}}}main").get(f"{{{XSI}}}type").endswith("Square")


# --- names long enough to break lines -----------------------------------------------------------------------

LONG = "aVeryLongElementNameAsSomeGeneratedSchemasHaveThemWithEveryWordSpelledOut"
LONG_VALUE = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2:unconstrained"
LONG_NAMES = xsd(f"""
<xs:simpleType name="{LONG}Kind"><xs:restriction base="xs:string">
  <xs:enumeration value="{LONG_VALUE}"/><xs:enumeration value="{LONG_VALUE}-other"/>
</xs:restriction></xs:simpleType>
<xs:element name="Outer"><xs:complexType><xs:sequence>
  <xs:element name="{LONG}"><xs:complexType><xs:sequence>
    <xs:element name="{LONG}Inner"><xs:complexType>
      <xs:attribute name="kind" type="f:{LONG}Kind" default="{LONG_VALUE}"/>
      <xs:attribute name="price" type="xs:decimal" default="1.50"/>
      <xs:attribute name="at" type="xs:date" default="2024-01-02"/>
    </xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:sequence></xs:complexType></xs:element>
""")


@pytest.fixture(scope="module")
def long_names(features: Features) -> Any:
    return features.package("xml_long_names", LONG_NAMES)


def test_long_schema_names_give_lines_black_can_wrap_and_exact_wire_names(long_names: Any) -> None:
    inner = f'<f:{LONG}Inner kind="{LONG_VALUE}-other"/>'
    data = document(f"<f:{LONG}>{inner}</f:{LONG}>", root="Outer")
    value = long_names.codec.decode(data)
    assert canonical(long_names.codec.encode(value, envelope=False)) == canonical(data)
    folder = Path(long_names.__file__).parent
    for module in folder.glob("*.py"):
        assert max(len(line) for line in module.read_text(encoding="utf-8").splitlines()) <= 110, module.name

"""DTD-only schema sets go through xsdata's DTD front end, as xCBL's do."""

from __future__ import annotations

from pathlib import Path

from generator.frontends import read_spec
from tests.codecs.features import Features

DTD = """<!ELEMENT Order (Party+, Note?)>
<!ATTLIST Order
    Id CDATA #REQUIRED
    Kind (Standard|Rush) 'Standard'
    Version CDATA #FIXED "1.0"
    Remark CDATA #IMPLIED>
<!ELEMENT Party (#PCDATA)>
<!ELEMENT Note (#PCDATA)>
"""


def test_a_dtd_generates_models_with_its_attributes_and_defaults(tmp_path: Path) -> None:
    (tmp_path / "order.dtd").write_text(DTD, encoding="utf-8")
    package = read_spec([tmp_path], package="p")
    order = next(model for model in package.models if model.name == "Order")
    fields = {field.name: field for field in order.fields}
    assert {name: (field.required, field.default) for name, field in fields.items()} == {
        "Id": (True, None),
        "Kind": (False, "Standard"),
        "Version": (False, "1.0"),
        "Remark": (False, None),
        "Party": (True, None),
        "Note": (False, None),
    }
    assert fields["Party"].collection and not fields["Note"].collection
    assert [enum.name for enum in package.enums] == ["Order_Kind"]  # xsdata names the enumeration


def test_a_document_leaving_out_a_defaulted_attribute_decodes(features: Features) -> None:
    module = features.package("dtd_order", DTD)
    document = b'<!DOCTYPE Order SYSTEM "order.dtd"><Order Id="7"><Party>p</Party></Order>'
    order = module.codec.decode(document)
    assert (order.id, order.kind, order.party) == ("7", module.OrderKind.STANDARD, [module.Party(value="p")])
    assert order.absent_attributes == frozenset({"Kind", "Version"}) and order.version == "1.0"
    assert module.codec.encode(order, envelope=False).endswith(b'<Order Id="7"><Party>p</Party></Order>')

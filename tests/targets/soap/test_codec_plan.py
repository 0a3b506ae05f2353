"""The XML codec's plan on small hand-built IR: field kinds, tag constants, namespaces and prefixes, value
converters (runtime functions and their arguments), defaults and polymorphism."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.errors import SchemaError
from generator.ir import Field, Package, Primitive, TypeKind, TypeRef, XmlField, XmlNode
from generator.passes.naming import assign_names
from generator.render.filters import Symbol
from generator.targets.soap.codec_plan import FieldKind, XmlFieldPlan, XmlPlan, plan_xml
from tests.irfactory import NS, STRING, attribute, element, enum, model, model_ref, package, primitive


def _plan(named: Package) -> XmlPlan:
    return plan_xml(assign_names(named))


def _fields(plan: XmlPlan, py_name: str) -> dict[str, XmlFieldPlan]:
    found = next(item for item in plan.models if item.py_name == py_name)
    return {item.py_name: item for item in found.fields}


def test_each_field_gets_the_kind_its_node_and_type_give() -> None:
    wildcard = Field(
        "any", TypeRef(TypeKind.PRIMITIVE, "any", "xs:anyType"), xml=XmlField(XmlNode.ANY_ELEMENT)
    )
    other = Field("anyAttribute", STRING, xml=XmlField(XmlNode.ANY_ATTRIBUTE))
    tokens = replace(element("numbers", primitive(Primitive.INT, "xs:int")), collection=True)
    tokens = replace(tokens, xml=XmlField(XmlNode.ELEMENT, NS, tokens=True))
    item = model(
        "Item",
        element("name"),
        element("child", model_ref(f"{{{NS}}}Child")),
        element("blob", TypeRef(TypeKind.PRIMITIVE, "any", "xs:anyType")),
        element("loose", TypeRef(TypeKind.PRIMITIVE, "any", "xs:anySimpleType")),
        tokens,
        attribute("id"),
        wildcard,
        other,
        element_name="Item",
    )
    text = model("Child", Field("value", STRING, xml=XmlField(XmlNode.TEXT)))
    plan = _plan(package(item, text))
    kinds = {name: field.kind for name, field in _fields(plan, "Item").items()}
    assert kinds == {
        "name": FieldKind.ELEMENT_VALUE,
        "child": FieldKind.ELEMENT_MODEL,
        "blob": FieldKind.ELEMENT_NODE,
        "loose": FieldKind.ELEMENT_VALUE,
        "numbers": FieldKind.ELEMENT_TOKENS,
        "id": FieldKind.ATTRIBUTE,
        "any": FieldKind.ANY_ELEMENT,
        "any_attribute": FieldKind.ANY_ATTRIBUTE,
    }
    child = next(entry for entry in plan.models if entry.py_name == "Child")
    assert child.text is not None and child.text.kind is FieldKind.TEXT
    items = next(entry for entry in plan.models if entry.py_name == "Item")
    assert [field.py_name for field in items.named_elements] == ["name", "child", "blob", "loose", "numbers"]
    assert items.any_element is not None and items.any_attribute is not None
    assert [field.name for field in items.attributes] == ["@id"]


def test_converters_name_runtime_functions_and_their_arguments() -> None:
    size = enum("Size", "s", "m")
    item = model(
        "Item",
        element("count", primitive(Primitive.INT, "xs:unsignedByte")),
        element("total", primitive(Primitive.INT, "xs:integer")),
        element("when", primitive(Primitive.DATETIME, "xs:dateTime")),
        element("hex", primitive(Primitive.BINARY, "xs:hexBinary")),
        element("b64", primitive(Primitive.BINARY, "xs:base64Binary")),
        element("size", TypeRef(TypeKind.ENUM, size.qname, size.qname)),
        element("name"),
        element_name="Item",
    )
    fields = _fields(_plan(package(item, enums=(size,))), "Item")
    values = {name: field.value for name, field in fields.items() if field.value is not None}
    assert values["count"].arguments == ("xs:unsignedByte", 0, 255)
    assert (values["count"].reader, values["count"].writer) == ("integer", "integer_text")
    assert values["total"].arguments == ("xs:integer", None, None)
    assert (values["when"].reader, values["when"].writer, values["when"].escape) == (
        "date_time",
        "date_time_text",
        False,
    )
    assert (values["hex"].reader, values["hex"].writer) == ("hex_binary", "hex_text")
    assert (values["b64"].reader, values["b64"].writer) == ("base64_binary", "base64_text")
    assert values["size"].arguments == (Symbol("_SIZE_VALUES"), "Size") and values["size"].escape
    assert (values["name"].reader, values["name"].writer, values["name"].escape) == (None, None, True)


def test_tags_are_constants_numbered_in_clark_name_order() -> None:
    # Two types each with a field whose local names give the same constant (UM has such a pair).
    first = model("Call", element("dialString"), element_name="Call")
    second = model("Item", element("DialString"), element_name="Item")
    plan = _plan(package(first, second))
    constants = {constant.name: constant.local for constant in plan.constants}
    assert constants == {
        "_T_CALL": "Call",
        "_T_DIAL_STRING": "DialString",
        "_T_DIAL_STRING_2": "dialString",
        "_T_ITEM": "Item",
    }
    assert all(constant.namespace == Symbol("_NS0") for constant in plan.constants)
    assert plan.namespaces == (("_NS0", NS),)
    assert _fields(plan, "Call")["dial_string"].tag == Symbol("_T_DIAL_STRING_2")
    assert _fields(plan, "Item")["dial_string"].tag == Symbol("_T_DIAL_STRING")


def test_the_main_namespace_is_the_default_unless_local_elements_are_unqualified() -> None:
    qualified = _plan(package(model("Item", element("a"), element_name="Item")))
    assert qualified.default_namespace == NS and qualified.prefixes == ()
    assert qualified.declarations == [f' xmlns="{NS}"']
    loose = replace(element("a"), xml=XmlField(XmlNode.ELEMENT, None))
    unqualified = _plan(package(model("Item", loose, element_name="Item")))
    assert unqualified.default_namespace is None and unqualified.prefixes == (("ns0", NS),)
    fields = _fields(unqualified, "Item")
    assert fields["a"].written == "a"
    other = replace(element("b"), xml=XmlField(XmlNode.ELEMENT, "urn:other"))
    mixed = _plan(package(model("Item", element("a"), other, element_name="Item")))
    assert mixed.prefixes == (("ns0", "urn:other"),)
    assert _fields(mixed, "Item")["b"].written == "ns0:b"


def test_polymorphic_fields_use_the_dispatching_functions_and_need_xsi() -> None:
    base = model("Shape", element("id"), abstract=True)
    circle = model("Circle", element("radius"), base=base.qname)
    holder = model("Drawing", element("main", model_ref(base.qname)), element_name="Drawing")
    plan = _plan(package(base, circle, holder))
    main = _fields(plan, "Drawing")["main"]
    assert (main.reader, main.writer, main.polymorphic) == ("_read_any_Shape", "_write_any_Shape", True)
    assert [item.py_name for item in plan.polymorphic] == ["Shape"]
    assert plan.uses_xsi and plan.declarations[-1] == ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    plain = _plan(package(model("Drawing", element("id"), element_name="Drawing")))
    assert not plain.uses_xsi and plain.polymorphic == ()


def test_attribute_defaults_become_literals_and_enum_defaults_are_checked() -> None:
    size = enum("Size", "s", "m")
    item = model(
        "Item",
        attribute("active", primitive(Primitive.BOOLEAN, "xs:boolean"), default="true"),
        attribute("size", TypeRef(TypeKind.ENUM, size.qname, size.qname), default="m"),
        element_name="Item",
    )
    fields = _fields(_plan(package(item, enums=(size,))), "Item")
    assert fields["active"].default_literal == "True"
    assert fields["size"].default_literal == "Size.M"
    wrong = model("Item", attribute("size", TypeRef(TypeKind.ENUM, size.qname, size.qname), default="xl"))
    with pytest.raises(SchemaError, match="field 'size': default 'xl' is not an Size"):
        _plan(package(wrong, enums=(size,)))


def test_standard_library_modules_the_annotations_need() -> None:
    item = model(
        "Item",
        element("when", primitive(Primitive.DATETIME, "xs:dateTime")),
        element("amount", primitive(Primitive.DECIMAL, "xs:decimal")),
        element_name="Item",
    )
    assert _plan(package(item)).stdlib_modules == ("datetime", "decimal")

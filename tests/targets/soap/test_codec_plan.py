"""The XML codec's plan on small hand-built IR: field kinds, tag constants, namespaces and prefixes, value
converters (runtime functions and their arguments), defaults and polymorphism."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.errors import SchemaError
from generator.ir import Field, Package, Primitive, TypeKind, TypeRef, XmlField, XmlNode
from generator.passes.naming import assign_names
from generator.render.filters import Symbol, python_literal
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
    assert [field.py_name for field in items.elements] == ["name", "child", "blob", "loose", "numbers", "any"]
    assert items.any_attribute is not None
    assert [field.name for field in items.attributes] == ["@id"]
    # One slot per element field, in field order; None marks the wildcard's.
    assert python_literal(items.shape_call) == (
        "_f.Shape((_T_NAME, _T_CHILD_2, _T_BLOB, _T_LOOSE, _T_NUMBERS, None), (_T_ID,), any_attribute=True)"
    )
    assert items.reading == "children" and child.reading == "text"


def test_converters_name_runtime_functions_and_made_readers() -> None:
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
    plan = _plan(package(item, enums=(size,)))
    fields = _fields(plan, "Item")
    values = {name: field.value for name, field in fields.items() if field.value is not None}
    converters = {name: (str(value.read), str(value.write)) for name, value in values.items()}
    assert converters == {
        "count": ("_READ_XS_UNSIGNED_BYTE", "_x.integer_text"),
        "total": ("_READ_XS_INTEGER", "_x.integer_text"),
        "when": ("_x.date_time", "_x.date_time_text"),
        "hex": ("_x.hex_binary", "_x.hex_text"),
        "b64": ("_x.base64_binary", "_x.base64_text"),
        "size": ("_READ_SIZE", "_f.enum_xml"),  # escaped: a value may hold markup
        "name": ("_f.string", "None"),  # strings are escaped by the calls that write them
    }
    made = {str(name): python_literal(call) for name, call in plan.value_readers}
    assert made == {
        "_READ_SIZE": '_f.enum_reader(_SIZE_VALUES, "Size")',
        "_READ_XS_INTEGER": '_f.integer_reader("xs:integer", None, None)',
        "_READ_XS_UNSIGNED_BYTE": '_f.integer_reader("xs:unsignedByte", 0, 255)',
    }


def test_each_field_is_one_runtime_call_to_read_and_one_to_write() -> None:
    item = model(
        "Item",
        element("name", required=True),
        replace(element("notes"), collection=True),
        replace(element("when", primitive(Primitive.DATETIME, "xs:dateTime")), nullable=True, required=True),
        element("child", model_ref(f"{{{NS}}}Child")),
        attribute("id", required=True),
        attribute("active", primitive(Primitive.BOOLEAN, "xs:boolean"), default="true"),
        element_name="Item",
    )
    plan = _plan(package(item, model("Child", element("value"))))
    fields = _fields(plan, "Item")
    reads = {name: python_literal(field.read) for name, field in fields.items()}
    writes = {name: python_literal(field.write) for name, field in fields.items()}
    assert reads == {
        "name": '_f.text_of(e[0], path, "name", required=True)',
        "notes": '_f.texts_of(e[1], path, "notes")',
        "when": '_f.value_of(e[2], path, "when", _x.date_time, required=True, nil=True)',
        "child": '_f.model_of(e[3], path, "child", _read_Child)',
        "id": '_f.attribute(node, _T_ID, path, "@id", _f.string, required=True)',
        "active": '_f.attribute(node, _T_ACTIVE, path, "@active", _x.boolean, absent=True, default="true")',
    }
    assert writes == {
        "name": '_f.put_text(out, obj.name, "name", path, required=True)',
        "notes": '_f.put_texts(out, obj.notes, "notes")',
        "when": '_f.put_value(out, obj.when, "when", path, _x.date_time_text, nil=True)',
        "child": '_f.put_model(out, obj.child, "child", path, _write_Child)',
        "id": '_f.attribute_text(obj.id, "id", path, required=True)',
        "active": (
            '_f.attribute_text(obj.active, "active", path, _x.boolean_text, default=True, '
            "absent=obj.absent_attributes)"
        ),
    }


def test_a_model_whose_fields_begin_with_its_bases_reads_and_writes_them_through_the_bases() -> None:
    base = model("Item", element("id"), element("name"), attribute("kind"), element_name="Item")
    message = model("Message", element("sender"), attribute("flag"), base=base.qname, element_name="Message")
    note = model("Note", element("text"), base=message.qname, element_name="Note")
    lone = model("Lone", element("id"), base=model("Tiny", element("x")).qname)
    plan = _plan(package(base, message, note, lone, model("Tiny", element("x"))))
    by_name = {entry.py_name: entry for entry in plan.models}
    item, sent, written = by_name["Item"], by_name["Message"], by_name["Note"]
    assert item.shares and item.base is None
    assert sent.shares and sent.base is item and [field.py_name for field in sent.own] == ["sender", "flag"]
    assert not written.shares and written.base is sent
    assert [field.py_name for field in written.own] == ["text"]
    # The shapes extend each other, made base first.
    assert python_literal(sent.shape_call) == "_S_Item.extended((_T_SENDER,), (_T_FLAG,))"
    assert python_literal(written.shape_call) == "_S_Message.extended((_T_TEXT,))"
    order = [entry.py_name for entry in plan.shapes]
    assert order.index("Item") < order.index("Message") < order.index("Note")
    # One inherited field is not worth a shared function.
    assert by_name["Lone"].base is None and not by_name["Tiny"].shares


def test_no_sharing_where_the_inherited_fields_read_otherwise() -> None:
    # An `xs:anyAttribute` takes the attributes its model does not declare: a derived model declares more.
    other = Field("anyAttribute", STRING, xml=XmlField(XmlNode.ANY_ATTRIBUTE))
    base = model("Item", element("id"), other, element_name="Item")
    derived = model("Message", attribute("flag"), base=base.qname, element_name="Message")
    plan = _plan(package(base, derived))
    by_name = {entry.py_name: entry for entry in plan.models}
    assert by_name["Message"].base is None and not by_name["Item"].shares


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


def test_standard_library_modules_the_attribute_defaults_need() -> None:
    item = model(
        "Item",
        attribute("when", primitive(Primitive.DATETIME, "xs:dateTime"), default="2020-01-01T00:00:00"),
        attribute("amount", primitive(Primitive.DECIMAL, "xs:decimal"), default="1.5"),
        element("other", primitive(Primitive.GUID, "xs:string")),
        element_name="Item",
    )
    assert _plan(package(item)).stdlib_modules == ("datetime", "decimal")

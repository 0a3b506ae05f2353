"""The XSD/WSDL front end: small schemas written to tmp_path, read with `read_xsd`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import SchemaError
from generator.frontends.xsd import read_xsd
from generator.ir import EnumType, FieldKind, Model, ModelRole, Package, TypeKind

NS = "urn:test"
SHARED_EWS = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "ews"

SCHEMA_OPEN = (
    '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test"'
    ' targetNamespace="urn:test" elementFormDefault="qualified">\n'
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _xsd(tmp_path: Path, body: str, name: str = "s.xsd") -> Path:
    return _write(tmp_path, name, f'<?xml version="1.0"?>\n{SCHEMA_OPEN}{body}</xs:schema>\n')


def _read(path: Path) -> Package:
    return read_xsd(path, package="p")


def _model(package: Package, local: str) -> Model:
    return package.model(f"{{{NS}}}{local}")


def _error(path: Path) -> SchemaError:
    with pytest.raises(SchemaError) as info:
        _read(path)
    return info.value


def _assert_located(error: SchemaError, path: Path) -> None:
    assert re.match(rf"{re.escape(str(path))}:\d+: ", str(error)), str(error)


# --- types -------------------------------------------------------------------------------------------------


def test_element_fields(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        """
  <xs:complexType name="Person">
    <xs:sequence>
      <xs:element name="Name" type="xs:string">
        <xs:annotation><xs:documentation>The full name.</xs:documentation></xs:annotation>
      </xs:element>
      <xs:element name="Active" type="xs:boolean" minOccurs="0"/>
      <xs:element name="Nick" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="Note" type="xs:string" nillable="true"/>
    </xs:sequence>
  </xs:complexType>
""",
    )
    model = _model(_read(path), "Person")
    fields = {field.name: field for field in model.fields}
    assert list(fields) == ["Name", "Active", "Nick", "Note"]
    assert all(field.kind is FieldKind.ELEMENT for field in fields.values())
    assert fields["Name"].required and not fields["Name"].collection and not fields["Name"].nullable
    assert fields["Name"].doc == "The full name."
    assert fields["Name"].namespace == NS
    assert not fields["Active"].required
    assert fields["Active"].type.kind is TypeKind.PRIMITIVE
    assert fields["Active"].type.wire == "xs:boolean"
    assert fields["Nick"].collection and not fields["Nick"].required
    assert fields["Note"].nullable and fields["Note"].required
    assert model.role is ModelRole.TYPE
    assert model.xml is not None and model.xml.type_name == "Person" and model.xml.element is None


def test_attributes(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        """
  <xs:complexType name="Item">
    <xs:sequence><xs:element name="Title" type="xs:string"/></xs:sequence>
    <xs:attribute name="Id" type="xs:string" use="required"/>
    <xs:attribute name="Size" type="xs:int"/>
  </xs:complexType>
""",
    )
    fields = {field.name: field for field in _model(_read(path), "Item").fields}
    assert fields["Id"].kind is FieldKind.ATTRIBUTE and fields["Id"].required
    assert fields["Size"].kind is FieldKind.ATTRIBUTE and not fields["Size"].required
    assert fields["Size"].type.wire == "xs:int"
    assert fields["Title"].kind is FieldKind.ELEMENT


def test_enumeration(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        """
  <xs:simpleType name="Color">
    <xs:restriction base="xs:string">
      <xs:enumeration value="Red"/>
      <xs:enumeration value="Green"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:complexType name="Car">
    <xs:sequence><xs:element name="Paint" type="t:Color"/></xs:sequence>
  </xs:complexType>
""",
    )
    package = _read(path)
    enum = package.enum(f"{{{NS}}}Color")
    assert isinstance(enum, EnumType)
    assert [member.value for member in enum.members] == ["Red", "Green"]
    paint = _model(package, "Car").fields[0]
    assert paint.type.kind is TypeKind.ENUM
    assert paint.type.name == f"{{{NS}}}Color"


def test_extension_sets_base(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        """
  <xs:complexType name="Base">
    <xs:sequence><xs:element name="Id" type="xs:string"/></xs:sequence>
  </xs:complexType>
  <xs:complexType name="Derived">
    <xs:complexContent>
      <xs:extension base="t:Base">
        <xs:sequence><xs:element name="Extra" type="xs:int"/></xs:sequence>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
""",
    )
    package = _read(path)
    derived = _model(package, "Derived")
    assert derived.base == f"{{{NS}}}Base"
    assert "Extra" in [field.name for field in derived.fields]
    assert _model(package, "Base").base is None


def test_global_element_with_anonymous_type(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        """
  <xs:element name="Ping">
    <xs:complexType>
      <xs:sequence><xs:element name="Text" type="xs:string"/></xs:sequence>
    </xs:complexType>
  </xs:element>
""",
    )
    model = _read(path).model(f"{{{NS}}}Ping#element")
    assert model.role is ModelRole.MESSAGE
    assert model.name == "Ping"
    assert [field.name for field in model.fields] == ["Text"]
    assert model.xml is not None and model.xml.element == "Ping" and model.xml.type_name is None


# --- WSDL --------------------------------------------------------------------------------------------------

_WSDL_TYPES = """
  <wsdl:types>
    <xs:schema targetNamespace="urn:test" elementFormDefault="qualified">
      <xs:element name="Echo">
        <xs:complexType><xs:sequence><xs:element name="Text" type="xs:string"/></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="EchoResponse">
        <xs:complexType><xs:sequence><xs:element name="Text" type="xs:string"/></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Auth">
        <xs:complexType><xs:sequence><xs:element name="Token"/></xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
  </wsdl:types>
"""


def _wsdl(tmp_path: Path, *, in_part: str = 'element="t:Echo"', in_message: str = "t:EchoIn") -> Path:
    return _write(
        tmp_path,
        "s.wsdl",
        f"""<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:t="urn:test" targetNamespace="urn:test">
{_WSDL_TYPES}
  <wsdl:message name="EchoIn"><wsdl:part name="parameters" {in_part}/></wsdl:message>
  <wsdl:message name="EchoOut"><wsdl:part name="parameters" element="t:EchoResponse"/></wsdl:message>
  <wsdl:message name="AuthHeader"><wsdl:part name="auth" element="t:Auth"/></wsdl:message>
  <wsdl:portType name="EchoPort">
    <wsdl:operation name="Echo">
      <wsdl:input message="{in_message}"/>
      <wsdl:output message="t:EchoOut"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="EchoBinding" type="t:EchoPort">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="Echo">
      <soap:operation soapAction="urn:test/Echo" style="document"/>
      <wsdl:input>
        <soap:header message="t:AuthHeader" part="auth" use="literal"/>
        <soap:body use="literal"/>
      </wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="EchoService">
    <wsdl:port name="EchoPortSoap" binding="t:EchoBinding">
      <soap:address location="https://example.invalid/echo"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
""",
    )


def test_wsdl_operation(tmp_path: Path) -> None:
    package = _read(_wsdl(tmp_path))
    assert package.namespace == NS
    [service] = package.services
    assert service.name == "EchoService"
    assert service.soap is not None and service.soap.address == "https://example.invalid/echo"
    [operation] = service.operations
    assert operation.name == "Echo"
    assert operation.input == f"{{{NS}}}Echo#element"
    assert operation.output == f"{{{NS}}}EchoResponse#element"
    assert operation.soap is not None
    assert operation.soap.action == "urn:test/Echo"
    assert operation.soap.input_element == f"{{{NS}}}Echo"
    assert operation.soap.input_headers == (f"{{{NS}}}Auth#element",)
    assert operation.soap.output_headers == ()
    assert package.model(f"{{{NS}}}Echo#element").role is ModelRole.MESSAGE


# --- errors ------------------------------------------------------------------------------------------------


def test_malformed_xml(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.xsd", f"{SCHEMA_OPEN}\n  <xs:complexType name='A'>\n</xs:schema>\n")
    error = _error(path)
    _assert_located(error, path)
    assert "malformed XML" in str(error)


def test_dtd_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "dtd.xsd",
        f'<?xml version="1.0"?>\n<!DOCTYPE xs:schema [<!ENTITY x "y">]>\n{SCHEMA_OPEN}</xs:schema>\n',
    )
    error = _error(path)
    assert str(error).startswith(f"{path}:2: ")
    assert "DTD" in str(error)


def test_remote_schema_location_refused(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        '  <xs:import namespace="urn:other" schemaLocation="https://example.invalid/other.xsd"/>\n',
    )
    error = _error(path)
    assert str(error).startswith(f"{path}:3: ")
    assert "remote" in str(error)


def test_undeclared_type(tmp_path: Path) -> None:
    path = _xsd(
        tmp_path,
        """
  <xs:complexType name="A">
    <xs:sequence><xs:element name="B" type="t:Missing"/></xs:sequence>
  </xs:complexType>
""",
    )
    error = _error(path)
    _assert_located(error, path)
    assert "Missing" in str(error) and "not declared" in str(error)


def test_wsdl_part_with_type_refused(tmp_path: Path) -> None:
    path = _wsdl(tmp_path, in_part='type="xs:string"')
    error = _error(path)
    _assert_located(error, path)
    assert "has no element" in str(error)


def test_wsdl_undeclared_message(tmp_path: Path) -> None:
    path = _wsdl(tmp_path, in_message="t:Nowhere")
    error = _error(path)
    _assert_located(error, path)
    assert "Nowhere" in str(error) and "not declared" in str(error)


# --- the real EWS WSDLs (../shared) ------------------------------------------------------------------------


def _ews_wsdls() -> list[object]:
    found = sorted(SHARED_EWS.glob("*/[sS]ervices.wsdl")) if SHARED_EWS.is_dir() else []
    if not found:
        reason = f"no */[sS]ervices.wsdl under {SHARED_EWS}: ../shared is outside the project"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-shared-ews")]
    return [pytest.param(path, id=path.parent.name) for path in found]


@pytest.mark.parametrize("wsdl", _ews_wsdls())
def test_real_ews_wsdl(wsdl: Path) -> None:
    package = _read(wsdl)
    operations = [operation for service in package.services for operation in service.operations]
    assert len(operations) >= 60
    assert all(operation.soap is not None and operation.input for operation in operations)

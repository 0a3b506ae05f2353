"""The WSDL a SOAP stub serves, built from the IR: the operations the stub has (with their SOAP actions,
headers and faults) and the schema declarations the package keeps; read back by zeep, the client users
point at it."""

from __future__ import annotations

from pathlib import Path

import pytest
import zeep
from lxml import etree

from generator.config import PackageConfig, config_from_options
from generator.frontends import read_spec
from generator.ir import Package
from generator.passes import run_passes
from generator.pipeline import generate_files
from generator.targets.soap.wsdl import served_wsdl
from tests.frontends.test_xsd import wsdl
from tests.paths import ROOT

UM = ROOT / "specs" / "um" / "um.wsdl"
MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages"
W = "{http://schemas.xmlsoap.org/wsdl/}"
XS = "{http://www.w3.org/2001/XMLSchema}"


def _package(spec: Path, roots: tuple[str, ...] = ()) -> Package:
    return run_passes(read_spec(spec, package="p"), PackageConfig(name="p", spec=(spec,), roots=roots))


def _served(spec: Path, roots: tuple[str, ...] = ()) -> etree._Element:
    package = _package(spec, roots)
    service = next(item for item in package.services if item.soap is not None)
    return etree.fromstring(served_wsdl(package, service).encode())


def _names(root: etree._Element, path: str) -> list[str]:
    return [str(node.get("name")) for node in root.iterfind(path)]


def _declared(root: etree._Element) -> set[str]:
    """`kind name` of every top-level schema declaration."""
    return {
        f"{etree.QName(node).localname} {node.get('name')}"
        for schema in root.iterfind(f"{W}types/{XS}schema")
        for node in schema
        if node.get("name")
    }


def test_every_operation_of_the_service_is_served_as_the_wsdl_declares_it() -> None:
    root = _served(UM)
    operations = _names(root, f"{W}portType/{W}operation")
    assert len(operations) == 11 and "SetOofStatus" in operations
    assert _names(root, f"{W}binding/{W}operation") == operations
    assert _names(root, f"{W}message")[:2] == ["IsUMEnabledSoapIn", "IsUMEnabledSoapOut"]
    action = root.find(f"{W}binding/{W}operation[@name='SetOofStatus']/{{*}}operation")
    assert action is not None and action.get("soapAction") == f"{MESSAGES}/SetOofStatus"
    address = root.find(f"{W}service/{W}port/{{*}}address")
    assert address is not None and address.get("location") == "https://localhost/EWS/UM2007Legacy.asmx"
    original = etree.parse(str(ROOT / "specs" / "um" / "um.xsd")).getroot()
    kept = {f"{etree.QName(node).localname} {node.get('name')}" for node in original if node.get("name")}
    assert _declared(root) == kept  # the package keeps the whole schema: every declaration is served


def test_a_root_operation_serves_only_that_operation_and_what_it_needs(tmp_path: Path) -> None:
    root = _served(UM, roots=(f"{{{MESSAGES}}}SetOofStatus",))
    assert _names(root, f"{W}portType/{W}operation") == ["SetOofStatus"]
    assert _names(root, f"{W}binding/{W}operation") == ["SetOofStatus"]
    assert _names(root, f"{W}message") == ["SetOofStatusSoapIn", "SetOofStatusSoapOut"]
    declared = _declared(root)
    assert {"element SetOofStatus", "element SetOofStatusResponse"} <= declared
    assert not any("GetUMProperties" in name or "UMProperties" in name for name in declared)
    path = tmp_path / "service.wsdl"
    path.write_bytes(etree.tostring(root))
    client = zeep.Client(str(path))
    (service,) = client.wsdl.services.values()
    (port,) = service.ports.values()
    assert list(port.binding._operations) == ["SetOofStatus"]


def test_a_root_by_an_operations_local_name_shrinks_the_wsdl_stub_and_codec(tmp_path: Path) -> None:
    root = _served(UM, roots=("GetUMProperties",))
    assert _names(root, f"{W}portType/{W}operation") == ["GetUMProperties"]
    assert _names(root, f"{W}message") == ["GetUMPropertiesSoapIn", "GetUMPropertiesSoapOut"]
    assert "element SetOofStatus" not in _declared(root)
    config = config_from_options([UM], "um_one", tmp_path, ("GetUMProperties",), None)
    files = next(iter(generate_files(config).values()))
    server, codec = files["um_one/server.py"], files["um_one/codec.py"]
    assert "async def get_um_properties(" in server and "set_oof_status" not in server
    assert "SetOofStatus" not in codec and "_read_GetUMPropertiesResponse" in codec
    everything = next(iter(generate_files(config_from_options([UM], "um_all", tmp_path, (), None)).values()))
    assert len(codec) < len(everything["um_all/codec.py"]) / 2


def test_headers_faults_and_actions_come_from_the_ir(tmp_path: Path) -> None:
    root = _served(wsdl(tmp_path))
    assert _names(root, f"{W}message") == [
        "PingSoapIn",
        "PingSoapOut",
        "PingfFault",
        "NotifySoapIn",
    ]
    ping_in = root.find(f"{W}message[@name='PingSoapIn']")
    assert ping_in is not None
    assert [(part.get("name"), part.get("element")) for part in ping_in] == [
        ("parameters", "tns:Ping"),
        ("Version", "tns:Version"),
    ]
    bound = root.find(f"{W}binding/{W}operation[@name='Ping']")
    assert bound is not None
    header = bound.find(f"{W}input/{{*}}header")
    assert header is not None and (header.get("message"), header.get("part")) == ("tns:PingSoapIn", "Version")
    body = bound.find(f"{W}input/{{*}}body")
    assert body is not None and body.get("parts") == "parameters"
    fault = root.find(f"{W}portType/{W}operation[@name='Ping']/{W}fault")
    assert fault is not None and (fault.get("name"), fault.get("message")) == ("f", "tns:PingfFault")
    notify = root.find(f"{W}binding/{W}operation[@name='Notify']/{{*}}operation")
    assert notify is not None
    assert (notify.get("soapAction"), notify.get("style")) == ("urn:t/Notify", "document")
    assert root.find(f"{W}portType/{W}operation[@name='Notify']/{W}output") is None
    documentation = root.find(f"{W}portType/{W}operation[@name='Ping']/{W}documentation")
    assert documentation is not None and documentation.text == "Checks the server."


def test_soap_12_bindings_stay_soap_12(tmp_path: Path) -> None:
    path = wsdl(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("<soap:", "<soap12:"), encoding="utf-8")
    root = _served(path)
    binding = root.find(f"{W}binding/{{http://schemas.xmlsoap.org/wsdl/soap12/}}binding")
    assert binding is not None


def test_a_wsdl_without_a_service_gets_one_with_an_empty_address(tmp_path: Path) -> None:
    root = _served(wsdl(tmp_path, service=""))
    assert _names(root, f"{W}service") == ["PingBinding"]
    port = root.find(f"{W}service/{W}port")
    assert port is not None and port.get("binding") == "tns:PingBinding"
    address = port.find("{*}address")
    assert address is not None and address.get("location") == ""


def _simple(content: str) -> str:
    return f'<xs:element name="Code"><xs:simpleType>{content}</xs:simpleType></xs:element>'


@pytest.mark.parametrize("reference", ["type", "base", "ref", "itemType", "memberTypes", "substitutionGroup"])
def test_schema_declarations_referred_to_are_kept_and_the_rest_dropped(
    tmp_path: Path, reference: str
) -> None:
    """Declarations the package has no model for (simple types, groups, attributes) stay when a kept
    declaration refers to them, by any kind of reference; unreferenced ones go."""
    uses = {
        "type": '<xs:element name="Code" type="t:Code"/>',
        "base": _simple('<xs:restriction base="t:Code"/>'),
        "ref": '<xs:attributeGroup ref="t:Codes"/>',
        "itemType": _simple('<xs:list itemType="t:Code"/>'),
        "memberTypes": _simple('<xs:union memberTypes="t:Code xs:int"/>'),
        "substitutionGroup": "",
    }[reference]
    sequence = f"<xs:sequence>{uses}</xs:sequence>" if reference != "ref" else uses
    head = '<xs:element name="Head" type="xs:string"/>' if reference == "substitutionGroup" else ""
    member = ' substitutionGroup="t:Head"' if reference == "substitutionGroup" else ""
    schema = (
        f"{head}"
        f'<xs:element name="Ping"{member}><xs:complexType>{sequence}</xs:complexType></xs:element>'
        '<xs:simpleType name="Code"><xs:restriction base="xs:string"/></xs:simpleType>'
        '<xs:attributeGroup name="Codes"><xs:attribute name="code" type="t:Code"/></xs:attributeGroup>'
        '<xs:simpleType name="Unused"><xs:restriction base="xs:string"/></xs:simpleType>'
    )
    path = wsdl(tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index('<xs:element name="Ping">')
    end = text.index('<xs:element name="PingResponse">')
    path.write_text(text[:start] + schema + text[end:], encoding="utf-8")
    roots = ("{urn:t}Ping",)
    declared = _declared(_served(path, roots))
    assert "simpleType Unused" not in declared
    if reference == "substitutionGroup":
        # kept for the reference alone: the selected package has no model of it
        assert "{urn:t}Head#element" not in _package(path, roots).index.models
        assert "element Head" in declared
    else:
        assert "simpleType Code" in declared
    assert ("attributeGroup Codes" in declared) == (reference == "ref")

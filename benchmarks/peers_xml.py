"""UM SOAP XML peers: sodagen, xsdata's runtime on xsdata-generated bindings, and raw lxml as the floor.

xsdata: ``xsdata generate specs/um/um.wsdl`` (the WSDL imports ``um.xsd`` and adds xsdata's own SOAP 1.1
envelope classes, ``...Input``/``...Output`` with a ``Body``), generated into a temporary folder and used
exactly as xsdata's SOAP ``Client`` does: ``XmlParser().from_bytes(data, EnvelopeClass)`` and
``XmlSerializer().render(envelope).encode("utf-8")``, both on one shared ``XmlContext``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from .common import PROJECT, Build, Codec, Unavailable, package_build, unavailable
from .documents import SOAP11_NS, UM_NS

UM_WSDL: Final = PROJECT / "specs" / "um" / "um.wsdl"
UM_XSD: Final = PROJECT / "specs" / "um" / "um.xsd"
XSDATA_PACKAGE: Final = "um_xsdata_bench"

SET_OOF_STATUS: Final = "SetOofStatus"
GET_UM_PROPERTIES_RESPONSE: Final = "GetUMPropertiesResponse"
DOCUMENTS: Final = (SET_OOF_STATUS, GET_UM_PROPERTIES_RESPONSE)
"""The XML documents by body element name."""

# --- value normalising ----------------------------------------------------------------------------------

_UM_XML_NAMES: Final = {
    "status": "status",
    "get_um_properties_response": "GetUMPropertiesResponse",
    "oof_status": "OofStatus",
    "missed_call_notification_enabled": "MissedCallNotificationEnabled",
    "play_on_phone_dial_string": "PlayOnPhoneDialString",
    "telephone_access_numbers": "TelephoneAccessNumbers",
    "telephone_access_folder_email": "TelephoneAccessFolderEmail",
}
"""sodagen's field names -> XML element names (sodagen's generated dataclasses carry no XML metadata)."""


def _dataclass_values(obj: Any, xml_name: Callable[[dataclasses.Field[Any]], str]) -> Any:
    if not dataclasses.is_dataclass(obj):
        return obj
    return {
        xml_name(f): _dataclass_values(getattr(obj, f.name), xml_name)
        for f in dataclasses.fields(obj)
        if getattr(obj, f.name) is not None
    }


def sodagen_values(obj: Any) -> Any:
    """A decoded sodagen body object as ``{element name: {child name: value}}``."""
    return {type(obj).__name__: _dataclass_values(obj, lambda f: _UM_XML_NAMES.get(f.name, f.name))}


def _xsdata_name(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get("name", f.name))


def xsdata_values(envelope: Any) -> Any:
    """A decoded xsdata envelope's body as ``{element name: {child name: value}}``."""
    return _dataclass_values(envelope.body, _xsdata_name)


def xml_body_tree(data: bytes) -> tuple[Any, ...]:
    """The SOAP 1.1 body element of ``data`` as nested ``(qualified tag, text or children)`` tuples.

    Used to compare encoded documents with the originals independently of the peers: prefixes, attributes,
    whitespace-only text and the XML declaration are ignored; ``1``/``0`` booleans read as ``true``/``false``.
    """
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if root.tag != f"{{{SOAP11_NS}}}Envelope":
        raise AssertionError(f"root element is {root.tag}, not a SOAP 1.1 Envelope")
    bodies = [child for child in root if child.tag == f"{{{SOAP11_NS}}}Body"]
    if len(bodies) != 1:
        raise AssertionError(f"{len(bodies)} SOAP 1.1 Body elements")
    children = [child for child in bodies[0] if isinstance(child.tag, str)]
    if len(children) != 1:
        raise AssertionError(f"{len(children)} body elements")
    return _tree(children[0])


def _tree(element: Any) -> tuple[Any, ...]:
    children = [child for child in element if isinstance(child.tag, str)]
    if children:
        return (element.tag, tuple(_tree(child) for child in children))
    text = (element.text or "").strip()
    return (element.tag, {"1": "true", "0": "false"}.get(text, text))


# --- sodagen --------------------------------------------------------------------------------------------


def sodagen_codec(document: str, build: Build = "pure") -> Codec:
    """``um_service.codec`` from ``generated/um_service`` (or its compiled build): ``decode(data)`` -> body
    object, ``encode(obj)`` -> SOAP 1.1 envelope bytes."""
    try:
        with package_build("um_service", build):
            from um_service import codec

        decode = codec.decode
        encode = codec.encode
    except Unavailable:
        raise
    except Exception as exc:
        raise unavailable("sodagen", exc) from exc
    return Codec(decode=decode, encode=encode, values=sodagen_values)


# --- xsdata ---------------------------------------------------------------------------------------------

_bindings: dict[str, Any] = {}
"""The folder holding the generated xsdata bindings, and the TemporaryDirectory that owns it if made here."""


def generate_xsdata_bindings(folder: Path) -> None:
    """Run ``xsdata generate um.wsdl --package um_xsdata_bench`` inside ``folder`` (a temporary folder).

    xsdata formats its output with ``ruff``, installed beside it (``xsdata[cli]``): the interpreter's
    ``bin`` folder goes first on ``PATH``.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = [sys.executable, "-m", "xsdata", "generate", str(UM_WSDL), "--package", XSDATA_PACKAGE]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (folder / XSDATA_PACKAGE / "__init__.py").is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise Unavailable(f"xsdata: `xsdata generate` failed ({done.returncode}): {tail[0]}")


def use_xsdata_bindings(folder: str | None) -> str:
    """Use the bindings in ``folder`` (made by the parent process), or generate them into a temporary folder
    of this process (removed at exit). Returns the folder.
    """
    if "folder" in _bindings:
        return str(_bindings["folder"])
    if folder is None:
        owner = tempfile.TemporaryDirectory(prefix="sodagen-bench-xsdata-")
        _bindings["owner"] = owner  # keeps the folder alive until this process ends
        folder = owner.name
        generate_xsdata_bindings(Path(folder))
    _bindings["folder"] = folder
    return folder


def xsdata_codec(document: str) -> Codec:
    """xsdata's parser and serializer on the xsdata envelope class of ``document``."""
    try:
        from xsdata.formats.dataclass.context import XmlContext
        from xsdata.formats.dataclass.parsers import XmlParser
        from xsdata.formats.dataclass.serializers import XmlSerializer
    except ImportError as exc:
        raise unavailable("xsdata", exc) from exc
    folder = use_xsdata_bindings(None)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    package = importlib.import_module(XSDATA_PACKAGE)
    envelope = _xsdata_envelope(package, document)
    context = XmlContext()
    parser = XmlParser(context=context)
    serializer = XmlSerializer(context=context)

    def decode(data: bytes) -> Any:
        return parser.from_bytes(data, envelope)

    def encode(obj: Any) -> bytes:
        return serializer.render(obj).encode("utf-8")

    return Codec(decode=decode, encode=encode, values=xsdata_values)


def _xsdata_envelope(package: Any, document: str) -> type:
    """The xsdata envelope class whose Body holds ``document``: the operation's input for a request, its
    output for a response (found through the generated service classes' ``soap_action``).
    """
    operation = document.removesuffix("Response")
    for name in dir(package):
        service = getattr(package, name)
        if str(getattr(service, "soap_action", "")).endswith(f"/{operation}"):
            envelope: type = service.output if document.endswith("Response") else service.input
            return envelope
    raise Unavailable(f"xsdata: no generated service class for {operation}")


# --- lxml (the floor) -----------------------------------------------------------------------------------

_BODY: Final = f"{{{SOAP11_NS}}}Body"
_M: Final = f"{{{UM_NS}}}"
_XS_BOOLEAN: Final = {"true": True, "1": True, "false": False, "0": False}


def _boolean(text: str | None) -> bool:
    return _XS_BOOLEAN[(text or "").strip()]


def lxml_codec(document: str) -> Codec:
    """Hand-written lxml: hardened ``fromstring``, read the body values into a dict; build with
    ``Element``/``SubElement`` and ``tostring``. No validation beyond what reading needs."""
    try:
        from lxml import etree
    except ImportError as exc:
        raise unavailable("lxml", exc) from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    fromstring = etree.fromstring
    element = etree.Element
    sub = etree.SubElement
    tostring = etree.tostring
    envelope_tag = f"{{{SOAP11_NS}}}Envelope"
    nsmap = {"soap": SOAP11_NS}
    um_nsmap: Any = {None: UM_NS}  # the default namespace (lxml-stubs type nsmap keys as str)

    def child(parent: Any, tag: str) -> Any:
        for found in parent.iterchildren(tag):  # tag filter in C: cheaper than find()'s ElementPath
            return found
        raise ValueError(f"no {tag} in {parent.tag}")

    def body_child(data: bytes, tag: str) -> Any:
        return child(child(fromstring(data, parser), _BODY), tag)

    def envelope(tag: str) -> tuple[Any, Any]:
        root = element(envelope_tag, nsmap=nsmap)
        return root, sub(sub(root, _BODY), tag, nsmap=um_nsmap)

    if document == SET_OOF_STATUS:
        tag = f"{_M}SetOofStatus"
        status_tag = f"{_M}status"

        def decode(data: bytes) -> Any:
            return {"SetOofStatus": {"status": _boolean(child(body_child(data, tag), status_tag).text)}}

        def encode(values: Any) -> bytes:
            root, request = envelope(tag)
            sub(request, status_tag).text = "true" if values["SetOofStatus"]["status"] else "false"
            return tostring(root, xml_declaration=True, encoding="utf-8")

        return Codec(decode=decode, encode=encode, values=lambda values: values)

    tag = f"{_M}GetUMPropertiesResponse"
    order = (  # UMProperties' xs:sequence
        "OofStatus",
        "MissedCallNotificationEnabled",
        "PlayOnPhoneDialString",
        "TelephoneAccessNumbers",
        "TelephoneAccessFolderEmail",
    )
    booleans = {_M + name for name in order[:2]}
    strings = {_M + name for name in order[2:]}
    local = len(_M)

    def decode_response(data: bytes) -> Any:
        properties: dict[str, Any] = {}
        for element in child(body_child(data, tag), tag):
            name = element.tag
            if name in booleans:
                properties[name[local:]] = _boolean(element.text)
            elif name in strings:
                properties[name[local:]] = element.text or ""
        return {"GetUMPropertiesResponse": {"GetUMPropertiesResponse": properties}}

    def encode_response(values: Any) -> bytes:
        properties = values["GetUMPropertiesResponse"]["GetUMPropertiesResponse"]
        root, response = envelope(tag)
        inner = sub(response, tag)
        for name in order:
            value = properties.get(name)
            if value is not None:
                text = ("true" if value else "false") if isinstance(value, bool) else value
                sub(inner, _M + name).text = text
        return tostring(root, xml_declaration=True, encoding="utf-8")

    return Codec(decode=decode_response, encode=encode_response, values=lambda values: values)


PEERS: dict[str, Callable[[str], Codec]] = {
    "sodagen": sodagen_codec,
    "sodagen compiled": functools.partial(sodagen_codec, build="compiled"),
    "xsdata": xsdata_codec,
    "lxml (floor)": lxml_codec,
}
"""The XML peers, sodagen first, in table order; each factory takes the document (body element) name."""

__all__ = ["DOCUMENTS", "PEERS", "generate_xsdata_bindings", "use_xsdata_bindings", "xml_body_tree"]

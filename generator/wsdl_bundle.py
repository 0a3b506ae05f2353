"""One self-contained WSDL for a generated SOAP server to serve: the schemas a WSDL imports or includes from
local files are copied into its `wsdl:types`, so a client needs one request to learn the whole service."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from generator.errors import SchemaError
from generator.ir import Location
from generator.paths import shown_path

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


def bundle_wsdl(path: Path) -> str:
    """The WSDL at `path` with every local schema it reaches inlined, comments dropped, as UTF-8 text."""
    root = _parse(path)
    types = root.find(f"{{{WSDL}}}types")
    if types is None:
        return _text(root)
    seen: set[Path] = set()
    for schema in list(types.iterfind(f"{{{XS}}}schema")):
        _inline(schema, path.parent, types, seen)
    return _text(root)


def _inline(schema: etree._Element, folder: Path, types: etree._Element, seen: set[Path]) -> None:
    for reference in list(schema.iterfind(f"{{{XS}}}import")) + list(schema.iterfind(f"{{{XS}}}include")):
        location = reference.get("schemaLocation")
        if location is None or "://" in location:
            continue
        target = (folder / location).resolve()
        del reference.attrib["schemaLocation"]
        if etree.QName(reference).localname == "include":
            schema.remove(reference)
        if target in seen:
            continue
        seen.add(target)
        imported = _parse(target)
        _inline(imported, target.parent, types, seen)
        types.append(imported)


def _parse(path: Path) -> etree._Element:
    try:
        return etree.parse(str(path), _PARSER).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        where = Location(str(shown_path(path)), 0)
        raise SchemaError(where, f"cannot read it for the served WSDL: {exc}") from None


def _text(root: etree._Element) -> str:
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode", xml_declaration=False) + "\n"

"""Front ends: each reads one kind of schema into the IR. `read_spec` picks one by the document's root."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from generator.errors import SchemaError
from generator.ir import Location, Package

EDMX_NAMESPACES = (
    "http://docs.oasis-open.org/odata/ns/edmx",
    "http://schemas.microsoft.com/ado/2007/06/edmx",
)
XSD_ROOTS = (
    "{http://schemas.xmlsoap.org/wsdl/}definitions",
    "{http://www.w3.org/2001/XMLSchema}schema",
)


def read_spec(path: Path, *, package: str) -> Package:
    root = _root_tag(path)
    if root.startswith("{") and root[1:].split("}")[0] in EDMX_NAMESPACES:
        from generator.frontends.csdl import read_csdl

        return read_csdl(path, package=package)
    if root in XSD_ROOTS:
        from generator.frontends.xsd import read_xsd

        return read_xsd(path, package=package)
    raise SchemaError(Location(str(path), 1), f"not a WSDL, XSD or CSDL document (root element {root})")


def _root_tag(path: Path) -> str:
    """The root element's name, read without parsing the whole document."""
    try:
        for _event, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True
        ):
            return str(element.tag)
    except OSError:
        raise SchemaError(Location(str(path), 0), "cannot read the file") from None
    except etree.XMLSyntaxError as exc:
        raise SchemaError(Location(str(path), exc.lineno or 0), f"malformed XML: {exc.msg}") from None
    raise SchemaError(Location(str(path), 1), "empty document")

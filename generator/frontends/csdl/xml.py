"""Reading CSDL elements: tag names, required and typed attributes; failures are SchemaErrors at path:line,
doubts are `CsdlWarning`s at path:line.

Every CSDL version is read the same way: an element's EDM children are in the element's own namespace, so
`children(element, "Property")` finds them whichever of `EDM_NAMESPACES` the document uses.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from generator.errors import SchemaError, SchemaWarning
from generator.ir import Location

EDM = "http://docs.oasis-open.org/odata/ns/edm"
EDMX = "http://docs.oasis-open.org/odata/ns/edmx"

EDM_NAMESPACES = (
    EDM,  # CSDL 4.0 and 4.01 (OASIS)
    "http://schemas.microsoft.com/ado/2006/04/edm",  # CSDL 1.0
    "http://schemas.microsoft.com/ado/2007/05/edm",  # CSDL 1.1
    "http://schemas.microsoft.com/ado/2008/01/edm",  # CSDL 1.2
    "http://schemas.microsoft.com/ado/2008/09/edm",  # CSDL 2.0
    "http://schemas.microsoft.com/ado/2009/11/edm",  # CSDL 3.0
)
"""The namespaces of CSDL's `<Schema>` and its children, newest first."""
EDMX_NAMESPACES = (
    EDMX,  # OData 4.0
    "http://schemas.microsoft.com/ado/2007/06/edmx",  # OData 1.0-3.0 ($metadata)
    "http://schemas.microsoft.com/ado/2008/10/edmx",  # Entity Framework 4 (.edmx)
    "http://schemas.microsoft.com/ado/2009/11/edmx",  # OData 3.0, Entity Framework 5-6 (.edmx)
)
"""The namespaces of the `<Edmx>` wrapper (`Edmx`, `DataServices`, `Reference`, `Include`)."""

Element = etree._Element


class CsdlWarning(SchemaWarning):
    """Something a CSDL document says that the generator leaves out, with where: `path:line: message` (the
    command line shows it on one line, as every `SchemaWarning`)."""


def edm(local: str) -> str:
    """The Clark name of a CSDL 4.0 element: `edm("Property")` -> `{...edm}Property`."""
    return f"{{{EDM}}}{local}"


def tags(local: str, namespaces: tuple[str, ...] = EDM_NAMESPACES) -> tuple[str, ...]:
    """The Clark names of `local` in every one of `namespaces`: `tags("Schema")`."""
    return tuple(f"{{{namespace}}}{local}" for namespace in namespaces)


def local_name(element: Element) -> str:
    return etree.QName(element).localname


def namespace_of(element: Element) -> str:
    return etree.QName(element).namespace or ""


def children(element: Element, local: str) -> Iterator[Element]:
    """The child elements named `local` in `element`'s namespace, in document order."""
    return iter(element.iterchildren(f"{{{namespace_of(element)}}}{local}"))


def child(element: Element, local: str) -> Element | None:
    return next(children(element, local), None)


def any_attribute(element: Element, local: str) -> str | None:
    """The attribute `local` with or without a namespace (`m:HttpMethod`, `d:HttpMethod`, `HttpMethod`)."""
    value = element.get(local)
    if value is not None:
        return value
    for name, text in element.attrib.items():
        if isinstance(name, str) and name.endswith(f"}}{local}"):
            return str(text)
    return None


@dataclass(frozen=True, slots=True)
class Source:
    """The files being read, as the caller named them: every error and location names the file of the
    element it is about. `path` is the first file (the one a document-less message names)."""

    path: str
    documents: dict[Element, str] = field(default_factory=dict)
    """Root element of each document read -> its path."""

    def path_of(self, element: Element) -> str:
        return self.documents.get(element.getroottree().getroot(), self.path)

    def location(self, element: Element) -> Location:
        line = element.sourceline
        return Location(self.path_of(element), line if isinstance(line, int) else 0)

    def error(self, element: Element, message: str) -> SchemaError:
        return SchemaError(self.location(element), message)

    def warn(self, element: Element, message: str) -> None:
        warnings.warn(f"{self.location(element)}: {message}", CsdlWarning, stacklevel=2)

    def required(self, element: Element, attribute: str) -> str:
        value = element.get(attribute)
        if value is None or not value.strip():
            raise self.error(element, f"<{local_name(element)}> has no {attribute} attribute")
        return value.strip()

    def boolean(self, element: Element, attribute: str, default: bool) -> bool:
        value = element.get(attribute)
        if value is None:
            return default
        text = value.strip().lower()
        if text not in ("true", "false"):
            raise self.error(element, f"{attribute}='{value}' is not a boolean (true or false)")
        return text == "true"

    def integer(self, element: Element, attribute: str) -> int | None:
        value = element.get(attribute)
        if value is None or value.strip().lower() == "max":
            return None
        try:
            return int(value.strip())
        except ValueError:
            raise self.error(element, f"{attribute}='{value}' is not an integer") from None

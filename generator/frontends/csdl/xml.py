"""Reading CSDL elements: tag names, required and typed attributes; failures are SchemaErrors at path:line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from generator.errors import SchemaError
from generator.ir import Location

EDM = "http://docs.oasis-open.org/odata/ns/edm"
EDMX = "http://docs.oasis-open.org/odata/ns/edmx"

Element = etree._Element


def edm(local: str) -> str:
    """The Clark name of a CSDL 4.0 element: `edm("Property")` -> `{...edm}Property`."""
    return f"{{{EDM}}}{local}"


def local_name(element: Element) -> str:
    return etree.QName(element).localname


def children(element: Element, local: str) -> Iterator[Element]:
    """The child elements named `local` in the EDM namespace, in document order."""
    return iter(element.iterchildren(edm(local)))


def child(element: Element, local: str) -> Element | None:
    return next(children(element, local), None)


@dataclass(frozen=True, slots=True)
class Source:
    """The file being read, as the caller named it: every error and location uses this path."""

    path: str

    def location(self, element: Element) -> Location:
        line = element.sourceline
        return Location(self.path, line if isinstance(line, int) else 0)

    def error(self, element: Element, message: str) -> SchemaError:
        return SchemaError(self.location(element), message)

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

"""How the IR's types and operations appear in XML and SOAP: the bindings the XSD/WSDL front end fills in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class XmlNode(StrEnum):
    """What a field is in a document."""

    ELEMENT = "element"
    ATTRIBUTE = "attribute"
    TEXT = "text"
    """The text of a simple-content type."""
    ANY_ELEMENT = "any_element"
    """`xs:any`: elements the schema does not name, kept as they are."""
    ANY_ATTRIBUTE = "any_attribute"
    """`xs:anyAttribute`: attributes the schema does not name, kept by Clark name."""


@dataclass(frozen=True, slots=True)
class XmlField:
    node: XmlNode
    namespace: str | None = None
    """The namespace of an element or attribute; None when unqualified (and for text and wildcards)."""
    namespace_constraint: str | None = None
    """A wildcard's `namespace` attribute as written (`##any`, `##other`, a list of namespaces)."""
    tokens: bool = False
    """An element of an `xs:list` type: its values are whitespace-separated in one element (the field is a
    collection of them); attributes and text of list types are collections without this flag."""
    mixed: bool = False
    """The wildcard of a mixed-content type: it holds the element's text pieces (as `str`) and its child
    elements, in document order."""
    interleaved: bool = False
    """The element may come between the occurrences of its model's other elements: it sits in a repeated
    choice or sequence, an `xs:all`, a substitution group, or the schema names it twice. A decoded object
    keeps the document's order of such elements, so that writing it back reproduces that order."""


@dataclass(frozen=True, slots=True)
class XmlType:
    namespace: str | None
    element: str | None
    """The global element name when the model is (the type of) a global element."""
    type_name: str | None
    """The named XSD complex type, None for anonymous element types."""
    restricts: bool = False
    """The type derives from its base by restriction: an element it redeclares keeps its inherited place.
    Derived by extension, a redeclared element comes where this type declares it."""


@dataclass(frozen=True, slots=True)
class SoapFaultBinding:
    name: str
    """The `wsdl:fault` name."""
    model: str
    """The qualified name of the fault's element model."""


@dataclass(frozen=True, slots=True)
class SoapOperation:
    action: str
    style: str = "document"
    input_headers: tuple[str, ...] = ()
    """Qualified names of the element models bound to `soap:header` in the request."""
    output_headers: tuple[str, ...] = ()
    faults: tuple[SoapFaultBinding, ...] = ()


@dataclass(frozen=True, slots=True)
class SoapService:
    namespace: str
    """The WSDL's target namespace."""
    port_type: str
    binding: str
    service: str
    port: str
    address: str
    soap_version: str = "1.1"
    schemas: tuple[str, ...] = ()
    """Every XML Schema the WSDL reaches, each a self-contained `<xs:schema>` document (imports of local
    files resolved, includes merged): what the served WSDL's `types` are cut from."""

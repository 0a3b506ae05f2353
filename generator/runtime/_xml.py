"""The XML runtime of a generated SOAP codec: the hardened parser, SOAP envelopes and faults, the lexical
forms of the XML Schema built-in types, and `XmlCodec`, which turns the tables of a package's `codec` module
(its per-model readers and writers) into `encode` and `decode`.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import decimal
import enum
import re
import threading
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Final, Literal, NoReturn, TypeVar, cast, overload

from lxml import etree

from ._datetime import ExactDateTime, ExactTime, YearsOrMonths, parse_duration
from ._datetime import duration_text as duration_text  # the codec's writer of durations
from ._exact import ExactBytes, ExactDecimal, ExactFloat, ExactInt, FloatOrExact, IntOrExact
from .errors import DecodeError, EncodeError, _shortened

__all__ = [
    "CONTENT_TYPES",
    "SOAP11",
    "SOAP12",
    "XSI",
    "XSI_NIL",
    "XSI_TYPE",
    "Declarations",
    "Envelope",
    "ExactBytes",
    "ExactDateTime",
    "ExactDecimal",
    "ExactFloat",
    "ExactInt",
    "ExactTime",
    "NotUnderstood",
    "SoapFault",
    "XmlCodec",
    "soap_version",
]

SOAP11: Final = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12: Final = "http://www.w3.org/2003/05/soap-envelope"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
XML_NAMESPACE: Final = "http://www.w3.org/XML/1998/namespace"
"""The namespace of `xml:lang` and `xml:space`: bound to the prefix `xml` in every document."""
XSI_TYPE: Final = f"{{{XSI}}}type"
XSI_NIL: Final = f"{{{XSI}}}nil"
XSI_PREFIX: Final = f"{{{XSI}}}"

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
Reader = Callable[[etree._Element, str], Any]
"""A model's reader: `(element, path) -> model`."""
Writer = Callable[[Any, list[str], str, str, str], None]
"""A model's writer: `(model, out, tag as written, extra attributes, path)`, appending text to `out`."""


class NotUnderstood(DecodeError):
    """A header block the envelope says must be understood (`mustUnderstand`) that the receiver does not
    take: a server answers with a `MustUnderstand` fault."""


class SoapFault(Exception):
    """A SOAP fault: `decode` raises it for a Fault body, `encode` writes it as one.

    `code` uses SOAP 1.1 names (`Client`, `Server`, `VersionMismatch`, `MustUnderstand`); SOAP 1.2's
    `Sender` and `Receiver` are read as `Client` and `Server` and written back as such. `detail` is the
    XML inside the fault's detail element, as text.
    """

    def __init__(
        self,
        code: str,
        string: str,
        *,
        actor: str | None = None,
        detail: str | None = None,
        soap: str = "1.1",
    ) -> None:
        super().__init__(f"{code}: {string}")
        self.code = code
        self.string = string
        self.actor = actor
        self.detail = detail
        self.soap = soap

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SoapFault):
            return NotImplemented
        return (self.code, self.string, self.actor, self.detail) == (
            other.code,
            other.string,
            other.actor,
            other.detail,
        )

    def __hash__(self) -> int:
        return hash((self.code, self.string, self.actor, self.detail))

    def __repr__(self) -> str:
        fields = f"code={self.code!r}, string={self.string!r}, actor={self.actor!r}, detail={self.detail!r}"
        return f"SoapFault({fields})"


# Parsing

_PARSERS = threading.local()


def _parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers are not shared between threads): no DTD loading, no entity
    expansion, no network, libxml2's default limits on depth and size. Comments and processing
    instructions carry no data: they are dropped while parsing."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            # collect_ids=False would make libxml2 try to load an external DTD.
            remove_pis=True,
            remove_comments=True,
        )
        _PARSERS.parser = parser
    return cast(etree.XMLParser, parser)


def parse(data: bytes | str) -> etree._Element:
    """The document element of `data`. A DOCTYPE is never loaded (`<!DOCTYPE Order SYSTEM "Order.dtd">`
    is read as if absent); one that declares entities is refused (XXE, billion laughs)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray | memoryview):
        raise DecodeError("", f"expected XML as bytes or str, got {type(data).__name__}")
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise DecodeError("", f"malformed XML: {exc}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _entity in cast(Any, dtd).iterentities()):
        raise DecodeError(
            "",
            "a DTD that declares entities is not allowed: its entities could expand or reach out",
        )
    return root


def rename_namespaces(root: etree._Element, aliases: Mapping[str, str]) -> None:
    """Moves every element and attribute of an alias namespace into the namespace it stands for."""
    for node in root.iter():
        tag = node.tag
        if isinstance(tag, str) and tag.startswith("{"):
            namespace, _, local = tag[1:].partition("}")
            if namespace in aliases:
                node.tag = f"{{{aliases[namespace]}}}{local}"
        for key in cast(list[str], node.keys()):
            if key.startswith("{"):
                namespace, _, local = key[1:].partition("}")
                if namespace in aliases:
                    value = node.attrib.pop(key)
                    node.set(f"{{{aliases[namespace]}}}{local}", value)


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def namespace_of(tag: str) -> str | None:
    return tag[1:].partition("}")[0] if tag.startswith("{") else None


def describe(tag: str) -> str:
    namespace = namespace_of(tag)
    return (
        f"'{local_name(tag)}' in namespace '{namespace}'"
        if namespace
        else f"'{tag}' in no namespace"
    )


# Errors while reading


def where(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def unexpected(node: etree._Element, path: str, known: tuple[str, ...]) -> NoReturn:
    """An element the model has no field for; a known local name in the wrong namespace says which one."""
    tag = node.tag
    if not isinstance(tag, str):
        raise DecodeError(path, "unexpected node")
    local = local_name(tag)
    for candidate in known:
        if local_name(candidate) == local:
            expected = namespace_of(candidate)
            raise DecodeError(
                where(path, local),
                f"element is in namespace '{namespace_of(tag)}', expected "
                + (f"'{expected}'" if expected else "no namespace"),
            )
    raise DecodeError(path, f"unexpected element {describe(tag)}")


def attributes(node: etree._Element) -> list[tuple[str, str]]:
    return cast(list[tuple[str, str]], node.items())


def check_attributes(node: etree._Element, path: str, known: frozenset[str]) -> None:
    """Attributes in no namespace must be declared; namespaced ones (xsi, soap, xml) are left alone."""
    for key in cast(list[str], node.keys()):
        if not key.startswith("{") and key not in known:
            raise DecodeError(path, f"unexpected attribute '{key}'")


def abstract(node: etree._Element, path: str, type_name: str) -> None:
    """An element of an abstract type needs an `xsi:type` naming a derived type, unless the caller reads
    what the package lacks as declared (`xsi_types="declared"`: SDMX's structure-specific series, whose
    concrete types live in each data structure's own schema)."""
    if _XSI_TYPES.get() == "declared":
        return
    raise DecodeError(
        path, f"{type_name} is abstract: the element needs an xsi:type naming a derived type"
    )


def _text_beside(root: etree._Element, body: etree._Element, content: etree._Element) -> bool:
    """Whether the envelope holds text besides whitespace around its Header and Body, or the Body around
    its element (comments and processing instructions there are nodes of their own, `len` counts them).
    """
    for text in (root.text, body.text, content.tail, body.tail):
        if text and not text.isspace():
            return True
    return len(root) > 1 and any(child.tail and not child.tail.isspace() for child in root)


def _bad(text: str | None, path: str, name: str, what: str) -> NoReturn:
    raise DecodeError(where(path, name), f"{_shown(text)} is not {what}")


def _shown(text: str | None) -> str:
    """A value as an error shows it: its repr, shortened (`errors._shortened`)."""
    return _shortened(repr(text))


# Lexical forms

_BOOLEANS: Final = {"true": True, "1": True, "false": False, "0": False}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPECIAL_DOUBLES: Final = {
    "INF": float("inf"),
    "+INF": float("inf"),
    "-INF": float("-inf"),
    "NaN": float("nan"),
}
_DATE_TIME = re.compile(
    r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?")
_BASE64 = re.compile(r"[A-Za-z0-9+/\s]*=?\s*=?\s*")
_XML_UNSAFE = re.compile(r'[&<>\r"\t\n\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_TEXT_UNSAFE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_START_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"<[^\s/>]+")
_ESCAPES: Final = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\r": "&#13;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
}


def boolean(text: str, path: str, name: str) -> bool:
    value = _BOOLEANS.get(text)
    if value is None:
        value = _BOOLEANS.get(text.strip())
        if value is None:
            _bad(text, path, name, "an xs:boolean")
    return value


def integer(
    text: str, path: str, name: str, wire: str, low: int | None, high: int | None
) -> IntOrExact:
    stripped = text.strip()
    if not _INTEGER.fullmatch(stripped):
        _bad(text, path, name, f"an {wire}")
    try:
        value = int(stripped)
    except ValueError:  # past the 4,300 digits Python reads
        raise DecodeError(
            where(path, name), f"{_shortened(stripped)} is out of range for {wire}"
        ) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise DecodeError(where(path, name), f"{_shortened(str(value))} is out of range for {wire}")
    if stripped[0] not in "+0" and (stripped[0] != "-" or stripped[1] != "0"):
        return value
    if str(value) == stripped:
        return value
    exact = ExactInt(value)
    exact.lexical = stripped
    return exact


def decimal_value(text: str, path: str, name: str) -> decimal.Decimal:
    stripped = text.strip()
    if not _DECIMAL.fullmatch(stripped):
        _bad(text, path, name, "an xs:decimal")
    value = decimal.Decimal(stripped)
    if format(value, "f") == stripped:
        return value
    exact = ExactDecimal(stripped)
    exact.lexical = stripped
    return exact


def double(text: str, path: str, name: str) -> FloatOrExact:
    stripped = text.strip()
    special = _SPECIAL_DOUBLES.get(stripped)
    if special is not None:
        return special
    if not _DOUBLE.fullmatch(stripped):
        _bad(text, path, name, "an xs:double")
    value = float(stripped)
    if repr(value) == stripped:
        return value
    exact = ExactFloat(value)
    exact.lexical = stripped
    return exact


def _zone(text: str | None) -> datetime.tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return datetime.UTC
    hours, minutes = int(text[1:3]), int(text[4:6])
    offset = datetime.timedelta(hours=hours, minutes=minutes)
    return datetime.timezone(-offset if text[0] == "-" else offset)


def date_time(text: str, path: str, name: str) -> datetime.datetime:
    stripped = text.strip()
    match = _DATE_TIME.fullmatch(stripped)
    if match is None:
        _bad(text, path, name, "an xs:dateTime")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        end_of_day = hour == "24"
        value = datetime.datetime(
            int(year),
            int(month),
            int(day),
            0 if end_of_day else int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            _zone(zone),
        )
        if end_of_day:
            if minute != "00" or second != "00" or (fraction or "0").strip("0"):
                raise ValueError("24:00:00 is the only time with hour 24")
            value += datetime.timedelta(days=1)
    except (ValueError, OverflowError) as exc:
        raise DecodeError(
            where(path, name), f"{_shown(text)} is not an xs:dateTime ({exc})"
        ) from None
    return ExactDateTime.read(stripped, value)


def date(text: str, path: str, name: str) -> datetime.date:
    stripped = text.strip()
    match = _DATE.fullmatch(stripped)
    if match is None:
        _bad(text, path, name, "an xs:date")
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise DecodeError(where(path, name), f"{_shown(text)} is not an xs:date ({exc})") from None


def time(text: str, path: str, name: str) -> datetime.time:
    stripped = text.strip()
    match = _TIME.fullmatch(stripped)
    if match is None:
        _bad(text, path, name, "an xs:time")
    hour, minute, second, fraction, zone = match.groups()
    try:
        value = datetime.time(
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            _zone(zone),
        )
    except ValueError as exc:
        raise DecodeError(where(path, name), f"{_shown(text)} is not an xs:time ({exc})") from None
    return value if time_text(value) == stripped else ExactTime.read(stripped, value)


def duration(text: str, path: str, name: str) -> datetime.timedelta:
    try:
        return parse_duration(text.strip())
    except YearsOrMonths:
        message = f"{_shown(text)} has years or months, which have no fixed length"
        raise DecodeError(where(path, name), message) from None
    except ValueError:
        _bad(text, path, name, "an ISO 8601 duration")


def guid(text: str, path: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        _bad(text, path, name, "a GUID")


def base64_binary(text: str, path: str, name: str) -> bytes:
    if not _BASE64.fullmatch(text):
        _bad(text, path, name, "xs:base64Binary")
    try:
        value = base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        _bad(text, path, name, "xs:base64Binary")
    stripped = text.strip()
    if "\r" in stripped or base64.b64encode(value).decode("ascii") == stripped:
        return value
    return ExactBytes.of(value, stripped, "base64")


def hex_binary(text: str, path: str, name: str) -> bytes:
    stripped = text.strip()
    try:
        value = bytes.fromhex(stripped)
    except ValueError:
        _bad(text, path, name, "xs:hexBinary")
    return value if value.hex().upper() == stripped else ExactBytes.of(value, stripped, "hex")


def enum_table(cls: type[E]) -> dict[str, E]:
    """An enumeration's members by value, as readers look them up."""
    return {cast(str, member.value): member for member in cls}


def enum_value(text: str, path: str, name: str, table: Mapping[str, E], type_name: str) -> E:
    value = table.get(text)
    if value is None:
        value = table.get(text.strip())
        if value is None:
            allowed = ", ".join(table)
            raise DecodeError(
                where(path, name), f"{_shown(text)} is not a {type_name} value (one of: {allowed})"
            )
    return value


# Writing


def escape(value: str) -> str:
    """`value` as element text: markup escaped, a carriage return kept as a character reference."""
    if not _TEXT_UNSAFE.search(value):
        return value
    return _TEXT_UNSAFE.sub(_escaped, value)


def escape_attribute(value: str) -> str:
    if not _XML_UNSAFE.search(value):
        return value
    return _XML_UNSAFE.sub(_escaped, value)


def _escaped(match: re.Match[str]) -> str:
    """What an unsafe character is written as (only those are looked at: a megabyte holding one `>` is
    escaped at the speed of a regular expression)."""
    character = match.group()
    replacement = _ESCAPES.get(character)
    if replacement is None:
        raise EncodeError("", f"character U+{ord(character):04X} cannot appear in an XML document")
    return replacement


def boolean_text(value: bool) -> str:
    return "true" if value else "false"


def integer_text(value: IntOrExact) -> str:
    if type(value) is ExactInt:
        return value.lexical
    return str(value)


def guid_text(value: uuid.UUID) -> str:
    return str(value)


def hex_text(value: bytes) -> str:
    if type(value) is ExactBytes and value.form == "hex":
        return value.lexical
    return value.hex().upper()


def enum_text(value: enum.Enum) -> str:
    # `_value_`, the member's own attribute: `value` is a property, several times slower to read.
    return cast(str, value._value_)


def any_text(value: object) -> str:
    """An `xs:anySimpleType` value: whatever was read, as text."""
    return str(value)


def decimal_text(value: decimal.Decimal) -> str:
    if type(value) is ExactDecimal:
        return value.lexical
    if not value.is_finite():
        raise EncodeError("", f"{value} is not an xs:decimal")
    return format(value, "f")


def double_text(value: FloatOrExact) -> str:
    if type(value) is ExactFloat:
        return value.lexical
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return repr(float(value))


def date_time_text(value: datetime.datetime) -> str:
    if type(value) is ExactDateTime:
        # The slot itself: the `lexical` property would run interpreted code in a compiled build.
        lexical: str | None = getattr(value, "_lexical", None)
        if lexical is not None:
            return lexical
    offset = value.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        raise EncodeError("", f"{value!r}: xs:dateTime offsets are whole minutes")
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date_text(value: datetime.date) -> str:
    return value.isoformat()


def time_text(value: datetime.time) -> str:
    if type(value) is ExactTime:
        # The slot itself: the `lexical` property would run interpreted code in a compiled build.
        lexical: str | None = getattr(value, "_lexical", None)
        if lexical is not None:
            return lexical
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def base64_text(value: bytes) -> str:
    if type(value) is ExactBytes and value.form == "base64":
        return value.lexical
    return base64.b64encode(value).decode("ascii")


def any_element(value: object, path: str) -> str:
    """A wildcard or anyType value: an lxml element, or a string that already is XML.

    An element in no namespace (or with such descendants) gets `xmlns=""`, so that the default namespace
    of the document it is written into does not take it over."""
    if isinstance(value, etree._Element):
        text = etree.tostring(_declaring_what_it_uses(value), encoding="unicode", with_tail=False)
        unqualified = any(
            isinstance(node.tag, str) and not node.tag.startswith("{") for node in value.iter()
        )
        start_tag, name = _START_TAG.match(text), _TAG_NAME.match(text)
        if unqualified and start_tag and name and ' xmlns="' not in start_tag.group(0):
            return text[: name.end()] + ' xmlns=""' + text[name.end() :]
        return text
    if isinstance(value, str):
        return value
    raise EncodeError(
        path, f"expected an lxml element or an XML string, got {type(value).__name__}"
    )


_PREFIXED = re.compile(r"(?<![\w.:-])([A-Za-z_][\w.-]*):[A-Za-z_]")


def _declaring_what_it_uses(element: etree._Element) -> etree._Element:
    """A copy of a wildcard element declaring only the namespaces it uses: in its names, and any prefix a
    value or text in it may use (`xsi:type="ns:Thing"`). lxml would write every declaration in scope
    where the element was read, and the declarations of the document it is written into after a round
    trip, so a document would grow each time it is read and written."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False))
    keep: set[str] = set()
    for node in copy.iter():
        texts = [*cast(Any, node.attrib).values(), node.text or "", node.tail or ""]
        keep.update(match.group(1) for text in texts for match in _PREFIXED.finditer(text))
    etree.cleanup_namespaces(copy, keep_ns_prefixes=sorted(keep))
    return copy


def mixed_item(value: object, path: str) -> str:
    """One piece of mixed content: a string is text (escaped), anything else an element as for
    `any_element`."""
    return escape(value) if isinstance(value, str) else any_element(value, path)


def any_attributes(value: object, path: str, prefixes: Mapping[str, str]) -> str:
    """A wildcard attribute value: a mapping of (Clark) attribute names to values. A namespace the
    package does not declare is declared on the element itself (`xmlns:a0="urn:other" a0:flag="yes"`).
    """
    if not isinstance(value, Mapping):
        raise EncodeError(
            path, f"expected a mapping of attribute names to values, got {type(value).__name__}"
        )
    parts = []
    local: dict[str, str] = {}
    for key, item in value.items():
        namespace = namespace_of(str(key))
        name = local_name(str(key))
        if namespace is not None:
            prefix = "xml" if namespace == XML_NAMESPACE else prefixes.get(namespace)
            if prefix is None:
                prefix = local.get(namespace)
            if prefix is None:
                number = len(local)
                while f"a{number}" in prefixes.values() or f"a{number}" in local.values():
                    number += 1
                prefix = local[namespace] = f"a{number}"
                parts.append(f' xmlns:{prefix}="{escape_attribute(namespace)}"')
            name = f"{prefix}:{name}"
        parts.append(f' {name}="{escape_attribute(str(item))}"')
    return "".join(parts)


# The order of child elements, where the schema lets a document choose it (a repeated choice, xs:all):
# readers keep each child's slot (`_xml_fields.ordered_children`), writers follow the slots back.


def in_document_order(
    order: tuple[int, ...], values: tuple[Sequence[Any], ...]
) -> list[tuple[int, Any]] | None:
    """The values of a model's element fields (a sequence per field, by position) paired with their
    positions in the order the document had them; None when the fields no longer hold as many values as
    the document had (they were changed), which writes the schema's order instead."""
    counts = [0] * len(values)
    for number in order:
        if number >= len(values):
            return None
        counts[number] += 1
    if any(count != len(items) for count, items in zip(counts, values, strict=True)):
        return None
    taken = [0] * len(values)
    ordered = []
    for number in order:
        ordered.append((number, values[number][taken[number]]))
        taken[number] += 1
    return ordered


def one(value: T | None) -> tuple[T, ...]:
    """A single-valued field as a sequence of its values."""
    return () if value is None else (value,)


# Envelopes

_ENVELOPES: Final = {"1.1": SOAP11, "1.2": SOAP12}
_FAULT_CODES_12: Final = {"Client": "Sender", "Server": "Receiver"}
_FAULT_CODES_11: Final = {value: key for key, value in _FAULT_CODES_12.items()}
XML_DECLARATION: Final = '<?xml version="1.0" encoding="utf-8"?>'


CONTENT_TYPES: Final = {
    "1.1": "text/xml; charset=utf-8",
    "1.2": "application/soap+xml; charset=utf-8",
}


_SOAP_MEDIA_TYPES: Final = {"text/xml": "1.1", "application/soap+xml": "1.2"}


def soap_version(content_type: str) -> str | None:
    """The SOAP version an HTTP Content-Type announces (`text/xml` 1.1, `application/soap+xml` 1.2)."""
    return _SOAP_MEDIA_TYPES.get(content_type.partition(";")[0].strip().lower())


def envelope_namespace(soap: str) -> str:
    namespace = _ENVELOPES.get(soap)
    if namespace is None:
        raise EncodeError("", f"unknown SOAP version {soap!r}: use '1.1' or '1.2'")
    return namespace


def open_envelope(soap: str, headers: str) -> str:
    namespace = envelope_namespace(soap)
    head = f"<soap:Header>{headers}</soap:Header>" if headers else ""
    return f'{XML_DECLARATION}<soap:Envelope xmlns:soap="{namespace}">{head}<soap:Body>'


CLOSE_ENVELOPE: Final = "</soap:Body></soap:Envelope>"


def fault_body(fault: SoapFault, soap: str) -> str:
    if soap == "1.2":
        code = _FAULT_CODES_12.get(fault.code, fault.code)
        parts = [
            f"<soap:Fault><soap:Code><soap:Value>soap:{escape(code)}</soap:Value></soap:Code>",
            f'<soap:Reason><soap:Text xml:lang="en">{escape(fault.string)}</soap:Text></soap:Reason>',
        ]
        if fault.actor is not None:
            parts.append(f"<soap:Role>{escape(fault.actor)}</soap:Role>")
        if fault.detail is not None:
            parts.append(f"<soap:Detail>{fault.detail}</soap:Detail>")
    else:
        parts = [
            f"<soap:Fault><faultcode>soap:{escape(fault.code)}</faultcode>",
            f"<faultstring>{escape(fault.string)}</faultstring>",
        ]
        if fault.actor is not None:
            parts.append(f"<faultactor>{escape(fault.actor)}</faultactor>")
        if fault.detail is not None:
            parts.append(f"<detail>{fault.detail}</detail>")
    parts.append("</soap:Fault>")
    return "".join(parts)


def read_fault(node: etree._Element, namespace: str) -> SoapFault:
    """The fault in a Body; SOAP 1.1 children are unqualified, SOAP 1.2 ones are in the envelope namespace."""
    if namespace == SOAP12:
        value = node.find(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value")
        reason = node.find(f"{{{SOAP12}}}Reason/{{{SOAP12}}}Text")
        role = node.find(f"{{{SOAP12}}}Role")
        detail = node.find(f"{{{SOAP12}}}Detail")
        code = local_name((value.text or "").strip()) if value is not None else "Receiver"
        return SoapFault(
            _FAULT_CODES_11.get(code.rpartition(":")[2], code.rpartition(":")[2]),
            (reason.text or "") if reason is not None else "",
            actor=role.text if role is not None else None,
            detail=_inner_xml(detail),
            soap="1.2",
        )
    faultcode = node.find("faultcode")
    faultstring = node.find("faultstring")
    faultactor = node.find("faultactor")
    detail = node.find("detail")
    code = (faultcode.text or "").strip() if faultcode is not None else "Server"
    return SoapFault(
        code.rpartition(":")[2],
        (faultstring.text or "") if faultstring is not None else "",
        actor=faultactor.text if faultactor is not None else None,
        detail=_inner_xml(detail),
    )


def _inner_xml(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    inner = [escape(node.text)] if node.text else []
    for child in node:
        copy = etree.fromstring(etree.tostring(child, with_tail=False))
        etree.cleanup_namespaces(copy)
        inner.append(
            etree.tostring(copy, encoding="unicode") + (escape(child.tail) if child.tail else "")
        )
    return "".join(inner)


# The codec


@dataclasses.dataclass(frozen=True, slots=True)
class Declarations:
    """The namespace declarations an element below the body's element (a bare document's element) made
    in a decoded document: the element's `position` in document order (its children are numbered before
    its following siblings; the body's element is 0), its Clark name, and what it declared."""

    position: int
    tag: str
    namespaces: dict[str | None, str]


@dataclasses.dataclass(slots=True, kw_only=True)
class Envelope:
    """A decoded SOAP envelope: the body's model, the header models this package knows, the SOAP version."""

    body: Any  # not `object`: a compiled build (mypyc) cannot resolve that name in a dataclass
    headers: list[object] = dataclasses.field(default_factory=list)
    soap: str = "1.1"
    namespaces: dict[str | None, str] = dataclasses.field(default_factory=dict)
    """The prefixes in scope on the body's element (a bare document's element) as the document declared
    them, then the prefixes its descendants declare for further namespaces:
    `encode(..., namespaces=envelope.namespaces)` writes them back (all on that element)."""
    declarations: tuple[Declarations, ...] = ()
    """The declarations the elements below it made, where they made them:
    `encode(..., namespaces=envelope.namespaces, declarations=envelope.declarations)` makes them again
    (on the elements at the same places with the same names), so that each element has its prefix."""


def document_prefixes(
    node: etree._Element,
) -> tuple[dict[str | None, str], tuple[Declarations, ...]]:
    """What a decoded document declared, from one walk over `node`: the prefixes in scope on it, then each
    prefix a descendant declares for a namespace not yet mapped (the first declaration of a namespace
    wins; a prefix keeps its first namespace; a default namespace declared lower down is left to the
    writer); and every declaration below `node`, where it was made, for `with_prefixes` to make again.
    """
    namespaces: dict[str | None, str] = dict(node.nsmap)
    known = set(namespaces.values())
    found: list[Declarations] = []
    pending: dict[str | None, str] = {}
    position = -1
    for event, item in etree.iterwalk(node, events=("start-ns", "start")):
        if event == "start-ns":
            prefix, namespace = cast(tuple[str, str], item)
            pending[prefix or None] = namespace
            if prefix and namespace not in known and prefix not in namespaces:
                namespaces[prefix] = namespace
                known.add(namespace)
            continue
        element = cast(etree._Element, item)
        if not isinstance(element.tag, str):
            continue
        position += 1
        if pending:
            if position:
                found.append(Declarations(position, element.tag, pending))
            pending = {}
    return namespaces, tuple(found)


class _Soap:
    """The qualified names of one SOAP version's envelope parts."""

    def __init__(self, namespace: str, version: str) -> None:
        self.version = version
        self.namespace = namespace
        self.header = f"{{{namespace}}}Header"
        self.body = f"{{{namespace}}}Body"
        self.fault = f"{{{namespace}}}Fault"
        self.must_understand = f"{{{namespace}}}mustUnderstand"
        # Who a header block is for: SOAP 1.1's `actor`, SOAP 1.2's `role`. Absent, or one of `ours`, is
        # this node (the ultimate receiver); another is an intermediary's, which this node leaves alone.
        self.target = f"{{{namespace}}}{'actor' if version == '1.1' else 'role'}"
        self.ours = (
            frozenset({"http://schemas.xmlsoap.org/soap/actor/next"})
            if version == "1.1"
            else frozenset({f"{namespace}/role/next", f"{namespace}/role/ultimateReceiver"})
        )


XsiTypes = Literal["strict", "declared"]
"""How `decode` takes an `xsi:type` naming a type outside the package: an error, or the declared type."""
_XSI_TYPES: ContextVar[XsiTypes] = ContextVar("xsi_types", default="strict")

_SOAP: Final = {
    f"{{{SOAP11}}}Envelope": _Soap(SOAP11, "1.1"),
    f"{{{SOAP12}}}Envelope": _Soap(SOAP12, "1.2"),
}


def with_prefixes(
    data: bytes,
    namespaces: Mapping[str | None, str],
    *,
    envelope: bool,
    declarations: Sequence[Declarations] = (),
) -> bytes:
    """`data` (as `encode` wrote it) with the body's element declaring `namespaces` and every element and
    attribute in one of them using its prefix; namespaces they do not cover keep a prefix of their own.
    `declarations` are made again on the elements (of the body's element, in document order) that made
    them in a decoded document, whose names then take their prefixes.
    """
    root = etree.fromstring(data, _parser())
    target = root[-1][0] if envelope else root
    declared = dict(namespaces)
    for prefix, namespace in target.nsmap.items():
        if namespace in declared.values():
            continue
        fresh, number = prefix, 0
        while fresh in declared:
            fresh, number = f"ns{number}", number + 1
        declared[fresh] = namespace
    replacement = _rebuilt(target, declared, {item.position: item for item in declarations})
    parent = target.getparent()
    if parent is None:
        root = replacement
    else:
        parent.replace(target, replacement)
    kept = {prefix for prefix in declared if prefix}
    kept.update(prefix for item in declarations for prefix in item.namespaces if prefix)
    etree.cleanup_namespaces(root, keep_ns_prefixes=sorted(kept))
    written = etree.tostring(root, encoding="unicode")
    return (XML_DECLARATION + written).encode("utf-8")


def _rebuilt(
    target: etree._Element, declared: Mapping[str | None, str], local: Mapping[int, Declarations]
) -> etree._Element:
    """A copy of `target` declaring `declared`, each element made anew (lxml gives it the prefix in scope
    nearest to it) with the declarations `local` holds for its position in document order; `xsi:type`
    values re-prefixed."""
    # lxml takes None for the default namespace; its stubs do not say so.
    copy = etree.Element(target.tag, nsmap=cast(Any, declared))
    _copy_content(target, copy)
    scope, covered = target.nsmap, set(copy.nsmap.values())
    pending: list[tuple[etree._Element, dict[str | None, str], set[str], etree._Element]] = [
        (child, scope, covered, copy) for child in reversed(target) if isinstance(child.tag, str)
    ]
    position = 0
    while pending:
        source, scope, covered, parent = pending.pop()
        position += 1
        # What the written element declares itself for namespaces without a prefix yet (a wildcard's
        # content, a foreign xsi:type), then what the decoded document declared there.
        nsmap = {
            key: value
            for key, value in source.nsmap.items()
            if scope.get(key) != value and value not in covered
        }
        found = local.get(position)
        if found is not None and found.tag == source.tag:
            nsmap.update(found.namespaces)
        made = etree.SubElement(parent, source.tag, nsmap=cast(Any, nsmap or None))
        _copy_content(source, made)
        if len(source):
            inner, inner_covered = source.nsmap, set(made.nsmap.values())
            pending.extend(
                (child, inner, inner_covered, made)
                for child in reversed(source)
                if isinstance(child.tag, str)
            )
    return copy


def _copy_content(source: etree._Element, made: etree._Element) -> None:
    """The attributes, text and tail of `source` onto `made`, `xsi:type` values re-prefixed for it."""
    for key, value in source.attrib.items():
        if key == XSI_TYPE:
            made.set(key, _prefixed(made, *_clark(source, str(value))))
        else:
            made.set(key, value)
    made.text = source.text
    made.tail = source.tail


def _clark(node: etree._Element, value: str) -> tuple[str | None, str]:
    prefix, _, local = value.strip().rpartition(":")
    return node.nsmap.get(prefix or None), local


def _prefixed(node: etree._Element, namespace: str | None, local: str) -> str:
    """`local` in `namespace` as a QName value on `node` (`with_prefixes` declared every namespace)."""
    prefixes = [prefix for prefix, uri in node.nsmap.items() if uri == namespace]
    named = sorted(prefix for prefix in prefixes if prefix is not None)
    return f"{named[0]}:{local}" if named else local


class XmlCodec:
    """`encode` and `decode` over the tables of a package's codec module.

    `readers` and `writers` hold each model's functions; `elements` the Clark name of the global element a
    model stands for; `types` the Clark name of each named type and its name as `xsi:type` writes it.
    `declarations` are the namespace declarations of every document element, `prefixes` the prefix of each
    declared namespace, `default_namespace` the one written without a prefix.
    """

    def __init__(
        self,
        *,
        readers: Mapping[type, Reader],
        writers: Mapping[type, Writer],
        elements: Mapping[type, str],
        types: Mapping[type, tuple[str, str]],
        declarations: str,
        prefixes: Mapping[str, str],
        default_namespace: str | None,
    ) -> None:
        self.readers = readers
        self.writers = writers
        self.elements = elements
        self.by_element = {tag: cls for cls, tag in elements.items()}
        self.type_names = {cls: written for cls, (_clark, written) in types.items()}
        self.by_type = {clark: cls for cls, (clark, _written) in types.items()}
        self.declarations = declarations
        self.prefixes = prefixes
        # Model -> (tag as written on a document element, local name for error paths).
        self.document_tags = {
            cls: (self._written(clark, default_namespace), local_name(clark))
            for cls, clark in elements.items()
        }

    def _written(self, clark: str, default_namespace: str | None) -> str:
        namespace = namespace_of(clark)
        local = local_name(clark)
        if namespace is None or namespace == default_namespace:
            return local
        return f"{self.prefixes[namespace]}:{local}"

    # Polymorphism (xsi:type)

    def _xsi_type(
        self, node: etree._Element, path: str, declared: type
    ) -> tuple[Reader | None, str | None]:
        """The reader of the type an `xsi:type` names, which must derive from the declared type (None
        without an `xsi:type` or when it names the declared type); and, read as declared, the Clark name
        of a type outside the package."""
        name = node.get(XSI_TYPE)
        if name is None:
            return None, None
        prefix, _, local = name.strip().rpartition(":")
        namespace = node.nsmap.get(prefix or None)
        clark = f"{{{namespace}}}{local}" if namespace else local
        actual = self.by_type.get(clark)
        if actual is None:
            if _XSI_TYPES.get() == "declared":
                return None, clark
            raise DecodeError(
                path,
                f'xsi:type {name!r} names no type of this package; decode(..., xsi_types="declared")'
                f" reads it as the declared {declared.__name__}",
            )
        if not issubclass(actual, declared):
            raise DecodeError(
                path, f"xsi:type {name!r} is not a type derived from {declared.__name__}"
            )
        return (None if actual is declared else self.readers[actual]), None

    def read_derived(self, node: etree._Element, path: str, declared: type[T], reader: Reader) -> T:
        """A value of `declared` or, as `xsi:type` says, of a type derived from it. A foreign type read
        as the declared one is kept in the value's `foreign_type`, so that writing gives it back."""
        derived, foreign = self._xsi_type(node, path, declared)
        value = (derived or reader)(node, path)
        if foreign is not None:
            cast(Any, value).foreign_type = foreign
        return cast(T, value)

    def foreign_type(self, obj: Any) -> str:
        """The `xsi:type` attribute (with its namespace declaration) of a value read from a foreign type,
        else nothing."""
        clark: str | None = obj.foreign_type
        if clark is None:
            return ""
        namespace, local = namespace_of(clark), local_name(clark)
        if namespace is None:
            return f' xsi:type="{escape_attribute(local)}"'
        prefix, number = "ft", 0
        while prefix in self.prefixes.values():
            prefix, number = f"ft{number}", number + 1
        return f' xmlns:{prefix}="{escape_attribute(namespace)}" xsi:type="{prefix}:{local}"'

    def write_derived(self, obj: object, out: list[str], tag: str, path: str) -> None:
        """A value of a class derived from the declared one, with the `xsi:type` that names it (or the
        foreign type it was read from)."""
        writer = self.writers.get(type(obj))
        type_tag = self.type_names.get(type(obj))
        if writer is None or type_tag is None:
            raise EncodeError(path, f"{type(obj).__name__} is not a named type of this package")
        foreign = self.foreign_type(obj)
        writer(obj, out, tag, foreign or f' xsi:type="{type_tag}"', path)

    # Writing

    def _write_document(self, obj: object, out: list[str]) -> None:
        tags = self.document_tags.get(type(obj))
        if tags is None:
            raise EncodeError(
                "",
                f"{type(obj).__name__} is not a global element of this package; cannot be a document",
            )
        self.writers[type(obj)](obj, out, tags[0], self.declarations, tags[1])

    def encode(
        self,
        obj: object,
        *,
        envelope: bool = True,
        soap: str = "1.1",
        headers: Sequence[object] = (),
        namespaces: Mapping[str | None, str] | None = None,
        declarations: Sequence[Declarations] = (),
    ) -> bytes:
        """`obj` (a message, any global element's model, or a `SoapFault`) as UTF-8 XML.

        With `envelope=True` (the default) the result is a SOAP envelope of version `soap` ("1.1" or "1.2")
        whose Header holds `headers`; otherwise it is the bare element with an XML declaration.
        `namespaces` (prefix -> namespace, `None` for the default one; a decoded `Envelope.namespaces`)
        are declared on the body's element and used for every namespace they cover, `xsi:type` values
        included, so a decoded document comes back with its own prefixes. `declarations` (a decoded
        `Envelope.declarations`) are made again where the document made them, down to each element's
        own prefix.
        """
        out: list[str] = []
        if isinstance(obj, SoapFault):
            if not envelope:
                raise EncodeError("", "a SOAP fault exists only inside an envelope")
            out.append(open_envelope(soap, ""))
            out.append(fault_body(obj, soap))
            out.append(CLOSE_ENVELOPE)
            return "".join(out).encode("utf-8")
        if envelope:
            header_parts: list[str] = []
            for header in headers:
                self._write_document(header, header_parts)
            out.append(open_envelope(soap, "".join(header_parts)))
            self._write_document(obj, out)
            out.append(CLOSE_ENVELOPE)
        else:
            if headers:
                raise EncodeError("", "headers need an envelope")
            out.append(XML_DECLARATION)
            self._write_document(obj, out)
        data = "".join(out).encode("utf-8")
        if namespaces is None and not declarations:
            return data
        return with_prefixes(data, namespaces or {}, envelope=envelope, declarations=declarations)

    # Reading

    @overload
    def decode(
        self,
        data: bytes | str,
        cls: type[T],
        *,
        namespace_aliases: Mapping[str, str] | None = None,
        xsi_types: XsiTypes = "strict",
    ) -> T: ...

    @overload
    def decode(
        self,
        data: bytes | str,
        cls: None = None,
        *,
        namespace_aliases: Mapping[str, str] | None = None,
        xsi_types: XsiTypes = "strict",
    ) -> object: ...

    def decode(
        self,
        data: bytes | str,
        cls: type[Any] | None = None,
        *,
        namespace_aliases: Mapping[str, str] | None = None,
        xsi_types: XsiTypes = "strict",
    ) -> object:
        """The model of a SOAP envelope's body, or of a bare document element.

        `cls` checks (or, for a type that is no global element, chooses) the model. A Fault body raises
        `SoapFault`. `namespace_aliases` maps namespaces to accept in place of the schema's, e.g.
        `{"https://schemas.microsoft.com/exchange/services/2006/messages": MESSAGES}`; any other namespace
        is an error naming the one expected. An `xsi:type` naming a type outside the package (a schema
        the package was not generated from) is an error unless `xsi_types="declared"`, which reads the
        element as its declared type (the type's extra content is then unexpected, as for any model).
        """
        return self._decode(data, cls, namespace_aliases, xsi_types)[0]

    def decode_envelope(
        self,
        data: bytes | str,
        cls: type[Any] | None = None,
        *,
        namespace_aliases: Mapping[str, str] | None = None,
        xsi_types: XsiTypes = "strict",
        headers: Callable[[object], Collection[type]] | None = None,
        prefixes: bool = True,
        bare: bool = True,
        empty: bool = False,
    ) -> Envelope:
        """Like `decode`, keeping the header models and the SOAP version. `headers(body)`, when given, says
        which header models the request may carry (those the WSDL declares for its operation): only those
        are read; another header block is ignored, unless it must be understood (`NotUnderstood`).
        `prefixes=False` leaves `namespaces` and `declarations` empty, saving the walk that finds them
        when the answer will not be written with the request's prefixes. `bare=False` refuses a document
        that is not a SOAP envelope (a server's requests must be). `empty=True` reads an empty Body (the
        request of an operation whose input message has no parts) as the body `None`.
        """
        body, found, soap, node = self._decode(
            data, cls, namespace_aliases, xsi_types, headers, bare=bare, empty=empty
        )
        namespaces, declarations = document_prefixes(node) if prefixes else ({}, ())
        return Envelope(
            body=body, headers=found, soap=soap, namespaces=namespaces, declarations=declarations
        )

    def _decode(
        self,
        data: bytes | str,
        cls: type[Any] | None,
        aliases: Mapping[str, str] | None,
        xsi_types: XsiTypes,
        headers: Callable[[object], Collection[type]] | None = None,
        *,
        bare: bool = True,
        empty: bool = False,
    ) -> tuple[object, list[object], str, etree._Element]:
        if xsi_types not in ("strict", "declared"):
            raise ValueError(f"xsi_types must be 'strict' or 'declared', not {xsi_types!r}")
        if _XSI_TYPES.get() == xsi_types:  # the default, "strict", almost always: nothing to set
            return self._decode_document(data, cls, aliases, headers, bare, empty)
        token = _XSI_TYPES.set(xsi_types)
        try:
            return self._decode_document(data, cls, aliases, headers, bare, empty)
        finally:
            _XSI_TYPES.reset(token)

    def _decode_document(
        self,
        data: bytes | str,
        cls: type[Any] | None,
        aliases: Mapping[str, str] | None,
        headers: Callable[[object], Collection[type]] | None = None,
        bare: bool = True,
        empty: bool = False,
    ) -> tuple[object, list[object], str, etree._Element]:
        root = parse(data)
        if aliases:
            rename_namespaces(root, aliases)
        tag = root.tag
        soap = _SOAP.get(tag) if isinstance(tag, str) else None
        if soap is None:
            unknown = isinstance(tag, str) and tag not in self.by_element
            if (unknown or not bare) and local_name(str(tag)) == "Envelope":
                raise DecodeError("Envelope", f"{describe(tag)} is not a SOAP 1.1 or 1.2 envelope")
            if not bare:
                raise DecodeError("", f"{describe(str(tag))} is not a SOAP envelope")
            return self._decode_element(root, cls), [], "1.1", root
        header: etree._Element | None = None
        body: etree._Element | None = None
        for child in root:
            if child.tag == soap.body and body is None:
                body = child
            elif child.tag == soap.header and header is None and body is None:
                header = child
            else:
                raise DecodeError("Envelope", f"unexpected element {describe(str(child.tag))}")
        if body is None:
            raise DecodeError("Envelope", "the envelope has no Body")
        if empty and len(body) == 0 and not (body.text or "").strip():
            allowed = headers(None) if headers is not None else None
            found = self._decode_headers(header, soap, allowed) if header is not None else []
            return None, found, soap.version, body
        if len(body) != 1:
            raise DecodeError(
                "Envelope/Body", f"expected one element in the Body, found {len(body)}"
            )
        content = body[0]
        if _text_beside(root, body, content):
            raise DecodeError(
                "Envelope", "text beside the envelope's elements (only whitespace may be)"
            )
        if content.tag == soap.fault:
            raise read_fault(content, soap.namespace)
        body_model = self._decode_element(content, cls)
        allowed = headers(body_model) if headers is not None else None
        header_models = self._decode_headers(header, soap, allowed) if header is not None else []
        return body_model, header_models, soap.version, content

    def _decode_headers(
        self, header: etree._Element, soap: _Soap, allowed: Collection[type] | None
    ) -> list[object]:
        """The header blocks this package declares (of them, the `allowed` ones when given); another one
        is ignored unless it must be understood (`NotUnderstood`). A block for another node (an `actor` or
        `role` naming an intermediary, or SOAP 1.2's role `none`) is left alone, whatever it says.
        """
        found: list[object] = []
        for child in header:
            target = child.get(soap.target)
            if target is not None and target.strip() not in soap.ours:
                continue  # a block for another node (SOAP 1.1, 4.2.2; SOAP 1.2 part 1, 2.2 and 5.2.2)
            cls = self.by_element.get(str(child.tag))
            if cls is not None and (allowed is None or cls in allowed):
                found.append(self.readers[cls](child, local_name(str(child.tag))))
            elif (child.get(soap.must_understand) or "").strip() in ("1", "true"):
                known = "not taken here" if cls is not None else "unknown"
                raise NotUnderstood(
                    "Envelope/Header",
                    f"header {describe(str(child.tag))} must be understood but is {known}",
                )
        return found

    def _decode_element(self, node: etree._Element, cls: type[Any] | None) -> object:
        tag = str(node.tag)
        path = local_name(tag)
        if cls is None:
            found = self.by_element.get(tag)
            if found is None:
                self._unknown_root(tag)
            cls = found
        else:
            expected = self.elements.get(cls)
            if cls not in self.readers:
                raise TypeError(f"{cls!r} is not a model of this package")
            if expected is not None and expected != tag:
                raise DecodeError(
                    path, f"expected element {describe(expected)}, found {describe(tag)}"
                )
        return self.readers[cls](node, path)

    def _unknown_root(self, tag: str) -> NoReturn:
        local = local_name(tag)
        for known in self.by_element:
            if local_name(known) == local:
                raise DecodeError(
                    local,
                    f"element is in namespace '{namespace_of(tag)}', expected '{namespace_of(known)}'",
                )
        raise DecodeError("", f"{describe(tag)} is not an element of this package")

"""WSDL 1.1 definitions (as xsdata parsed them) -> IR services with SOAP bindings.

One `Service` per SOAP binding: its operations come from the binding's port type, messages must name
their parts by `element` (document/literal); a part bound to a `soap:header` is a header, the rest is the
body. Without a `wsdl:service` (Exchange Online's services.wsdl has none) the address is empty.
"""

from __future__ import annotations

from typing import TypeVar

from lxml import etree
from xsdata.codegen.models import Attr, AttrType, Class, Restrictions
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models.enums import Tag
from xsdata.models.wsdl import (
    Binding,
    BindingMessage,
    BindingOperation,
    Definitions,
    Message,
    Part,
    PortTypeMessage,
    PortTypeOperation,
    WsdlElement,
)
from xsdata.utils.namespaces import build_qname, split_qname

from generator.errors import SchemaError
from generator.frontends.xsd.files import XS, SchemaFiles
from generator.ir import Location, Operation, Service, SoapFaultBinding, SoapOperation, SoapService

Named = TypeVar("Named", bound=WsdlElement)

SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"


class WsdlReader:
    def __init__(
        self,
        definitions: Definitions,
        files: SchemaFiles,
        element_models: dict[str, str],
        schemas: tuple[str, ...] = (),
    ) -> None:
        self.definitions = definitions
        self.files = files
        self.element_models = element_models
        """Clark name of each global element -> qualified name of the model that stands for it."""
        self.schemas = schemas
        self.namespace = definitions.target_namespace or ""

    def services(self) -> tuple[Service, ...]:
        services = [self.service(binding) for binding in self.definitions.bindings if _soap_version(binding)]
        return tuple(sorted(services, key=lambda service: service.name))

    def service(self, binding: Binding) -> Service:
        port_type = self.find(
            self.definitions.port_types, binding.type, "portType", binding.name, scope=binding
        )
        operations = [self.operation(binding, port_type.name, item) for item in port_type.operations]
        service_name, port_name, address = self.endpoint(binding)
        soap = SoapService(
            namespace=self.namespace,
            port_type=port_type.name,
            binding=binding.name,
            service=service_name,
            port=port_name,
            address=address,
            soap_version=_soap_version(binding) or "1.1",
            schemas=self.schemas,
        )
        doc = _text(self.definitions.documentation) or _text(port_type.documentation)
        return Service(name=service_name or binding.name, operations=tuple(operations), soap=soap, doc=doc)

    def operation(self, binding: Binding, port_type: str, item: PortTypeOperation) -> Operation:
        location = self.files.location("operation", port_type, item.name) or self.files.file_location(None)
        bound = next((op for op in binding.operations if op.name == item.name), None)
        if bound is None:
            raise SchemaError(
                location, f"operation '{item.name}' has no operation in binding '{binding.name}'"
            )
        soap_operation = next((e for e in bound.extended_elements if _local(e) == "operation"), None)
        action = (soap_operation.attributes.get("soapAction", "") if soap_operation else "") or ""
        style = _style(binding, bound)
        if item.input is None:
            raise SchemaError(location, f"operation '{item.name}' has no input message")
        body = self.rpc_body if style == "rpc" else self.message_elements
        input_element, input_headers = body(item.input, bound.input, location, item.name)
        output_element, output_headers = (
            body(item.output, bound.output, location, f"{item.name}Response")
            if item.output
            else (None, ())
        )
        faults = []
        for fault in item.faults:
            element = self.message_elements(fault, None, location)[0]
            if element:
                faults.append(SoapFaultBinding(fault.name, self.element_models[element]))
        qname = f"{{{self.namespace}}}{item.name}"
        return Operation(
            qname=qname,
            name=item.name,
            qualified_name=qname,
            namespace=self.namespace,
            input=self.element_models[input_element] if input_element else None,
            output=self.element_models[output_element] if output_element else None,
            faults=tuple(fault.model for fault in faults),
            soap=SoapOperation(
                action=str(action),
                style=str(style),
                input_headers=tuple(self.element_models[header] for header in input_headers),
                output_headers=tuple(self.element_models[header] for header in output_headers),
                faults=tuple(faults),
            ),
            doc=_text(item.documentation),
            location=location,
        )

    def message_elements(
        self, reference: PortTypeMessage, bound: BindingMessage | None, location: Location, wrapper: str = ""
    ) -> tuple[str | None, tuple[str, ...]]:
        """The body element and the `soap:header` elements of a document-style message, as Clark names."""
        message, body, headers = self.message_parts(reference, bound, location)
        header_elements = self.header_elements(headers, location, bound)
        if len(body) > 1:
            part_location = self.files.location("part", message.name, body[1].name) or location
            raise SchemaError(part_location, f"message '{message.name}' has more than one body part")
        return (self.part_element(message, body[0].name, location) if body else None), header_elements

    def rpc_body(
        self, reference: PortTypeMessage, bound: BindingMessage | None, location: Location, wrapper: str
    ) -> tuple[str | None, tuple[str, ...]]:
        """An rpc-style message's body is the element `rpc_wrappers` made for it (named `wrapper`)."""
        _message, _body, headers = self.message_parts(reference, bound, location)
        element = f"{{{_body_namespace(bound) or self.namespace}}}{wrapper}"
        return element, self.header_elements(headers, location, bound)

    def rpc_wrappers(self) -> list[Class]:
        """The body element of each message of an rpc-style operation (WSDL 1.1, 3.5; WS-I Basic Profile,
        4.7.19-20): named after the operation (the response: the operation's name and `Response`), in
        the `namespace` of its `soap:body`, holding one element per body part, unqualified, named after
        the part and of its type (or the part's element itself). Made before xsdata's analysis, which then
        resolves the parts' types as those of any element."""
        wrappers: dict[str, Class] = {}
        for binding in self.definitions.bindings:
            if not _soap_version(binding):
                continue
            port_type = self.find(
                self.definitions.port_types, binding.type, "portType", binding.name, scope=binding
            )
            for item in port_type.operations:
                bound = next((op for op in binding.operations if op.name == item.name), None)
                if bound is None or _style(binding, bound) != "rpc":
                    continue
                location = self.files.location("operation", port_type.name, item.name)
                location = location or self.files.file_location(None)
                messages = [
                    (item.input, bound.input, item.name),
                    (item.output, bound.output, f"{item.name}Response"),
                ]
                for message, bound_message, name in messages:
                    if message is not None:
                        wrapper = self.rpc_wrapper(message, bound_message, name, location)
                        wrappers.setdefault(wrapper.qname, wrapper)
        return list(wrappers.values())

    def rpc_wrapper(
        self, reference: PortTypeMessage, bound: BindingMessage | None, name: str, location: Location
    ) -> Class:
        message, body, _headers = self.message_parts(reference, bound, location)
        namespace = _body_namespace(bound) or self.namespace
        attrs: list[Attr] = []
        for part in body:
            part_location = self.files.location("part", message.name, part.name) or location
            if part.element:
                qname = self.resolve(part.element, message)
                accessor = Attr(tag=Tag.ELEMENT, name=split_qname(qname)[1], namespace=split_qname(qname)[0])
            elif part.type:
                qname = self.resolve(part.type, message)
                accessor = Attr(tag=Tag.ELEMENT, name=part.name, namespace="")
            else:
                what = f"part '{part.name}' of message '{message.name}' has no type"
                raise SchemaError(part_location, what)
            accessor.types = [AttrType(qname=qname, native=split_qname(qname)[0] == XS)]
            accessor.restrictions = Restrictions(min_occurs=1, max_occurs=1)
            attrs.append(accessor)
            self.files.lines.setdefault((namespace, "element", name, accessor.name), part_location)
        self.files.lines.setdefault((namespace, "element", name), location)
        return Class(
            qname=build_qname(namespace, name),
            tag=Tag.ELEMENT,
            location=self.definitions.location or "",
            ns_map=dict(message.ns_map or {}),
            namespace=namespace,
            attrs=attrs,
        )

    def message_parts(
        self, reference: PortTypeMessage, bound: BindingMessage | None, location: Location
    ) -> tuple[Message, list[Part], list[tuple[str, str]]]:
        """The message, its body parts (those `soap:body parts=` names, else those no `soap:header` takes)
        and its `soap:header`s as (message, part)."""
        message = self.find(
            self.definitions.messages, reference.message, "message", location=location, scope=reference
        )
        extensions = list(bound.extended_elements) if bound else []
        body_parts = next(
            (
                str(e.attributes["parts"]).split()
                for e in extensions
                if _local(e) == "body" and "parts" in e.attributes
            ),
            None,
        )
        headers = [
            (str(e.attributes.get("message", "")), str(e.attributes.get("part", "")))
            for e in extensions
            if _local(e) == "header"
        ]
        in_header = {part for name, part in headers if _local_name(name) == message.name}
        body = [
            part
            for part in message.parts
            if (part.name in body_parts if body_parts is not None else part.name not in in_header)
        ]
        return message, body, headers

    def header_elements(
        self, headers: list[tuple[str, str]], location: Location, scope: BindingMessage | None
    ) -> tuple[str, ...]:
        """The Clark names of the elements of `soap:header` (message, part) pairs, written in `scope`."""
        return tuple(
            self.part_element(
                self.find(self.definitions.messages, name, "message", location=location, scope=scope),
                part,
                location,
            )
            for name, part in headers
        )

    def part_element(self, message: Message, name: str, location: Location) -> str:
        part = next((part for part in message.parts if part.name == name), None)
        if part is None:
            raise SchemaError(location, f"message '{message.name}' has no part '{name}'")
        part_location = self.files.location("part", message.name, part.name) or location
        if not part.element:
            raise SchemaError(
                part_location,
                f"part '{part.name}' of message '{message.name}' has no element: a document-style message"
                " names its body part's element (an rpc-style one, style=\"rpc\", may give its type)",
            )
        element = self.resolve(part.element, message)
        if element not in self.element_models:
            raise SchemaError(
                part_location, f"element '{part.element}' of message '{message.name}' is not declared"
            )
        return element

    def endpoint(self, binding: Binding) -> tuple[str, str, str]:
        for service in self.definitions.services:
            for port in service.ports:
                if split_qname(self.resolve(port.binding, port))[1] == binding.name:
                    address = next(
                        (
                            e.attributes.get("location", "")
                            for e in port.extended_elements
                            if _local(e) == "address"
                        ),
                        "",
                    )
                    return service.name, port.name, str(address or "")
        return "", "", ""

    def resolve(self, prefixed: str, owner: WsdlElement | None = None) -> str:
        """`m:SetOofStatus` -> `{namespace of m}SetOofStatus`, with the prefixes in scope where written."""
        if prefixed.startswith("{"):
            return prefixed
        prefix, _, local = prefixed.rpartition(":")
        scoped = (owner.ns_map if owner is not None else None) or self.definitions.ns_map or {}
        ns_map: dict[str | None, str] = dict(scoped.items())
        namespace = ns_map.get(prefix) if prefix else ns_map.get(None, "")  # no default: no namespace
        if namespace is None:
            raise SchemaError(self.files.file_location(None), f"unknown namespace prefix in '{prefixed}'")
        return f"{{{namespace}}}{local}" if namespace else local

    def find(
        self,
        items: list[Named],
        reference: str,
        what: str,
        owner: str = "",
        location: Location | None = None,
        scope: WsdlElement | None = None,
    ) -> Named:
        """The item `reference` names, its prefix read where it is written (`scope`: the element holding
        it, which may come from an imported WSDL with prefixes of its own)."""
        name = split_qname(self.resolve(reference, scope))[1]
        for item in items:
            if item.name == name:
                return item
        where = location or self.files.location("binding", owner) or self.files.file_location(None)
        raise SchemaError(where, f"{what} '{reference}' is not declared")


def _soap_version(binding: Binding) -> str | None:
    for extension in binding.extended_elements:
        namespace, local = split_qname(extension.qname or "")
        if local == "binding" and namespace == SOAP11:
            return "1.1"
        if local == "binding" and namespace == SOAP12:
            return "1.2"
    return None


def _style(binding: Binding, bound: BindingOperation) -> str:
    """`rpc` or `document`: the operation's `soap:operation style`, else its binding's."""
    soap_operation = next((e for e in bound.extended_elements if _local(e) == "operation"), None)
    style = soap_operation.attributes.get("style") if soap_operation else None
    return str(style or _binding_style(binding))


def _body_namespace(bound: BindingMessage | None) -> str | None:
    """The `namespace` of a message's `soap:body` (that of an rpc-style message's wrapper)."""
    for extension in bound.extended_elements if bound else []:
        if _local(extension) == "body" and extension.attributes.get("namespace"):
            return str(extension.attributes["namespace"])
    return None


def _binding_style(binding: Binding) -> str:
    for extension in binding.extended_elements:
        if _local(extension) == "binding":
            return str(extension.attributes.get("style") or "document")
    return "document"


def _local(element: AnyElement) -> str:
    return str(split_qname(element.qname or "")[1])


def _local_name(reference: str) -> str:
    """The local part of `prefix:name` or `{namespace}name`."""
    return str(split_qname(reference)[1]) if reference.startswith("{") else reference.rpartition(":")[2]


def _text(documentation: object) -> str:
    if documentation is None:
        return ""
    parts = [item for item in getattr(documentation, "elements", []) if isinstance(item, str)]
    return " ".join(" ".join(parts).split())


def rpc_schemas(wrappers: list[Class]) -> tuple[str, ...]:
    """A schema per namespace declaring the rpc-style wrappers as elements, so that the served WSDL can
    describe each rpc operation as document/literal with these elements, which is the same message on the
    wire (and what every client reads)."""
    by_namespace: dict[str, list[Class]] = {}
    for wrapper in wrappers:
        by_namespace.setdefault(wrapper.target_namespace or "", []).append(wrapper)
    return tuple(_rpc_schema(namespace, declared) for namespace, declared in sorted(by_namespace.items()))


def _rpc_schema(namespace: str, wrappers: list[Class]) -> str:
    kinds = [kind for item in wrappers for attr in item.attrs for kind in attr.types]
    types = {split_qname(kind.qname)[0] or "" for kind in kinds}
    imported = sorted(types - {XS, namespace})
    prefixes = {XS: "xs", namespace: "tns", **{other: f"p{number}" for number, other in enumerate(imported)}}
    schema = etree.Element(
        f"{{{XS}}}schema", nsmap={prefix: uri for uri, prefix in prefixes.items()}, targetNamespace=namespace
    )
    for other in imported:
        etree.SubElement(schema, f"{{{XS}}}import", namespace=other)
    for wrapper in sorted(wrappers, key=lambda item: item.name):
        element = etree.SubElement(schema, f"{{{XS}}}element", name=wrapper.name)
        content = etree.SubElement(element, f"{{{XS}}}complexType")
        sequence = etree.SubElement(content, f"{{{XS}}}sequence")
        for attr in wrapper.attrs:
            type_namespace, local = split_qname(attr.types[0].qname)
            named = f"{prefixes[type_namespace or '']}:{local}"
            if attr.namespace:  # the part's own element
                etree.SubElement(sequence, f"{{{XS}}}element", ref=named)
            else:
                etree.SubElement(sequence, f"{{{XS}}}element", name=attr.name, type=named)
    return etree.tostring(schema, encoding="unicode")

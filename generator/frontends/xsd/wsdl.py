"""WSDL 1.1 definitions (as xsdata parsed them) -> IR services with SOAP bindings.

One `Service` per SOAP binding: its operations come from the binding's port type, messages must name
their parts by `element` (document/literal); a part bound to a `soap:header` is a header, the rest is the
body. Without a `wsdl:service` (Exchange Online's services.wsdl has none) the address is empty.
"""

from __future__ import annotations

from typing import TypeVar

from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models.wsdl import Binding, BindingMessage, Definitions, Message, PortTypeOperation, WsdlElement
from xsdata.utils.namespaces import split_qname

from generator.errors import SchemaError
from generator.frontends.xsd.files import SchemaFiles
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
        port_type = self.find(self.definitions.port_types, binding.type, "portType", binding.name)
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
        style = (soap_operation.attributes.get("style") if soap_operation else None) or _binding_style(
            binding
        )
        if item.input is None:
            raise SchemaError(location, f"operation '{item.name}' has no input message")
        input_element, input_headers = self.message_elements(item.input.message, bound.input, location)
        output_element, output_headers = (
            self.message_elements(item.output.message, bound.output, location) if item.output else (None, ())
        )
        faults = []
        for fault in item.faults:
            element = self.message_elements(fault.message, None, location)[0]
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
        self, reference: str, bound: BindingMessage | None, location: Location
    ) -> tuple[str | None, tuple[str, ...]]:
        """The body element and the `soap:header` elements of a message, as Clark names."""
        message = self.find(self.definitions.messages, reference, "message", location=location)
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
        header_elements = tuple(
            self.part_element(
                self.find(self.definitions.messages, name, "message", location=location), part, location
            )
            for name, part in headers
        )
        in_header = {part for name, part in headers if _local_name(name) == message.name}
        body = [
            part.name
            for part in message.parts
            if (part.name in body_parts if body_parts is not None else part.name not in in_header)
        ]
        if len(body) > 1:
            part_location = self.files.location("part", message.name, body[1]) or location
            raise SchemaError(part_location, f"message '{message.name}' has more than one body part")
        return (self.part_element(message, body[0], location) if body else None), header_elements

    def part_element(self, message: Message, name: str, location: Location) -> str:
        part = next((part for part in message.parts if part.name == name), None)
        if part is None:
            raise SchemaError(location, f"message '{message.name}' has no part '{name}'")
        part_location = self.files.location("part", message.name, part.name) or location
        if not part.element:
            raise SchemaError(
                part_location,
                f"part '{part.name}' of message '{message.name}' has no element"
                " (only document/literal messages are supported)",
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
                if split_qname(self.resolve(port.binding))[1] == binding.name:
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

    def resolve(self, prefixed: str, owner: Message | None = None) -> str:
        """`m:SetOofStatus` -> `{namespace of m}SetOofStatus`, with the prefixes in scope where written."""
        if prefixed.startswith("{"):
            return prefixed
        prefix, _, local = prefixed.rpartition(":")
        scoped = (owner.ns_map if owner is not None else None) or self.definitions.ns_map or {}
        ns_map: dict[str | None, str] = dict(scoped.items())
        namespace = ns_map.get(prefix) if prefix else ns_map.get(None, self.namespace)
        if namespace is None:
            raise SchemaError(self.files.file_location(None), f"unknown namespace prefix in '{prefixed}'")
        return f"{{{namespace}}}{local}"

    def find(
        self, items: list[Named], reference: str, what: str, owner: str = "", location: Location | None = None
    ) -> Named:
        name = split_qname(self.resolve(reference))[1]
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

"""The WSDL a generated SOAP server serves, built from the IR: what the stub serves is what it advertises.

The service part (messages, port type, binding, service) is written from the IR's service and operations:
each operation's request and response element, its `soap:header` blocks, its faults and SOAP action. The
`types` are the WSDL's own schemas (`SoapService.schemas`), cut down to the declarations the package keeps
(its models' elements and types, its enums) and what those refer to, so a package selected with `roots`
advertises only what it has. Messages are named as ASMX names them: `<Operation>SoapIn`, `<Operation>SoapOut`,
the body part `parameters`.
"""

from __future__ import annotations

from lxml import etree

from generator.ir import EnumType, Model, Operation, Package, Service, SoapService

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
SOAP_BINDINGS = {
    "1.1": "http://schemas.xmlsoap.org/wsdl/soap/",
    "1.2": "http://schemas.xmlsoap.org/wsdl/soap12/",
}
HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http"
BODY_PART = "parameters"
_TYPES_MARK = "schemas"

# Top-level schema declarations, by the kind of name they declare (elements, types and groups have separate
# symbol spaces, so a name is only unique with its kind).
_DECLARATIONS = {
    f"{{{XS}}}element": "element",
    f"{{{XS}}}attribute": "attribute",
    f"{{{XS}}}complexType": "type",
    f"{{{XS}}}simpleType": "type",
    f"{{{XS}}}group": "group",
    f"{{{XS}}}attributeGroup": "attributeGroup",
}
# Attributes whose value names another declaration, and the kind it names.
_TYPE_REFERENCES = ("type", "base", "itemType")
_REF_KINDS = {
    f"{{{XS}}}element": "element",
    f"{{{XS}}}attribute": "attribute",
    f"{{{XS}}}group": "group",
    f"{{{XS}}}attributeGroup": "attributeGroup",
}

Key = tuple[str, str, str]
"""(kind, namespace, name) of a declaration."""


def served_wsdl(package: Package, service: Service) -> str:
    """The WSDL of `service`, with the package's part of its schemas, as UTF-8 text (no declaration)."""
    soap = service.soap
    assert soap is not None
    index = package.index
    prefixes = _Prefixes(soap.namespace)
    for operation in service.operations:
        for model in _operation_models(operation, index.models):
            prefixes.add(_element(model)[0])
    soap_ns = SOAP_BINDINGS.get(soap.soap_version, SOAP_BINDINGS["1.1"])
    nsmap: dict[str, str] = {"wsdl": WSDL, "soap": soap_ns, "xs": XS, **prefixes.declared}
    root = etree.Element(_w("definitions"), nsmap=nsmap, targetNamespace=soap.namespace)
    root.set("name", soap.service or service.name)
    if service.doc:
        etree.SubElement(root, _w("documentation")).text = service.doc
    types = etree.SubElement(root, _w("types"))
    types.append(etree.Comment(_TYPES_MARK))
    writer = _Writer(root, soap, soap_ns, prefixes, index.models)
    for operation in service.operations:
        writer.messages(operation)
    writer.port_type(service)
    writer.binding(service)
    writer.service(service)
    etree.indent(root, space="  ")
    # The schemas go in as text: moved into this tree, lxml would merge their namespace declarations with
    # the definitions' ones (`m` and `tns` for one namespace), and QName values such as `type="m:T"` would
    # lose their prefix.
    schemas = []
    for schema in _schemas(soap, _seeds(package)):
        etree.indent(schema, space="  ", level=2)
        schemas.append(etree.tostring(schema, encoding="unicode"))
    text = etree.tostring(root, encoding="unicode")
    return text.replace(f"<!--{_TYPES_MARK}-->", "\n    ".join(schemas)) + "\n"


def _w(local: str) -> str:
    return f"{{{WSDL}}}{local}"


def _element(model: Model) -> tuple[str, str]:
    """The (namespace, local name) of the global element a message model stands for."""
    if model.xml is None or model.xml.element is None:
        raise ValueError(f"{model.qname} is not a global element")
    return model.xml.namespace or "", model.xml.element


def _operation_models(operation: Operation, models: dict[str, Model]) -> list[Model]:
    names = [operation.input, operation.output, *operation.faults]
    if operation.soap is not None:
        names.extend([*operation.soap.input_headers, *operation.soap.output_headers])
    return [models[name] for name in names if name is not None]


class _Prefixes:
    """`tns` for the target namespace, `ns0`, `ns1`... for the other namespaces of message elements."""

    def __init__(self, target: str) -> None:
        self.declared: dict[str, str] = {"tns": target}
        self._by_namespace = {target: "tns"}

    def add(self, namespace: str) -> None:
        if namespace and namespace not in self._by_namespace:
            prefix = f"ns{len(self._by_namespace) - 1}"
            self._by_namespace[namespace] = prefix
            self.declared[prefix] = namespace

    def qualified(self, namespace: str, local: str) -> str:
        return f"{self._by_namespace[namespace]}:{local}" if namespace else local


class _Writer:
    def __init__(
        self,
        root: etree._Element,
        soap: SoapService,
        soap_ns: str,
        prefixes: _Prefixes,
        models: dict[str, Model],
    ) -> None:
        self.root = root
        self.soap = soap
        self.soap_ns = soap_ns
        self.prefixes = prefixes
        self.models = models

    def _element_ref(self, qname: str) -> str:
        return self.prefixes.qualified(*_element(self.models[qname]))

    def _tns(self, local: str) -> str:
        return self.prefixes.qualified(self.soap.namespace, local)

    def messages(self, operation: Operation) -> None:
        headers = operation.soap.input_headers if operation.soap else ()
        self._message(f"{operation.name}SoapIn", operation.input, headers)
        if operation.output is not None:
            out_headers = operation.soap.output_headers if operation.soap else ()
            self._message(f"{operation.name}SoapOut", operation.output, out_headers)
        for fault in operation.soap.faults if operation.soap else ():
            message = etree.SubElement(self.root, _w("message"), name=f"{operation.name}{fault.name}Fault")
            etree.SubElement(message, _w("part"), name="detail", element=self._element_ref(fault.model))

    def _message(self, name: str, body: str | None, headers: tuple[str, ...]) -> None:
        message = etree.SubElement(self.root, _w("message"), name=name)
        if body is not None:
            etree.SubElement(message, _w("part"), name=BODY_PART, element=self._element_ref(body))
        for part, header in zip(_header_parts(headers, self.models), headers, strict=True):
            etree.SubElement(message, _w("part"), name=part, element=self._element_ref(header))

    def port_type(self, service: Service) -> None:
        port_type = etree.SubElement(self.root, _w("portType"), name=self.soap.port_type or service.name)
        for operation in service.operations:
            item = etree.SubElement(port_type, _w("operation"), name=operation.name)
            if operation.doc:
                etree.SubElement(item, _w("documentation")).text = operation.doc
            etree.SubElement(item, _w("input"), message=self._tns(f"{operation.name}SoapIn"))
            if operation.output is not None:
                etree.SubElement(item, _w("output"), message=self._tns(f"{operation.name}SoapOut"))
            for fault in operation.soap.faults if operation.soap else ():
                message = self._tns(f"{operation.name}{fault.name}Fault")
                etree.SubElement(item, _w("fault"), name=fault.name, message=message)

    def binding(self, service: Service) -> None:
        name = self.soap.binding or f"{service.name}Binding"
        binding = etree.SubElement(
            self.root, _w("binding"), name=name, type=self._tns(self.soap.port_type or service.name)
        )
        etree.SubElement(binding, self._s("binding"), transport=HTTP_TRANSPORT, style="document")
        for operation in service.operations:
            soap = operation.soap
            item = etree.SubElement(binding, _w("operation"), name=operation.name)
            # An rpc-style operation is described as document/literal with its wrapper elements (the front
            # end declares them): the same message on the wire.
            action = soap.action if soap else ""
            etree.SubElement(item, self._s("operation"), soapAction=action, style="document")
            self._bound_message(item, "input", f"{operation.name}SoapIn", soap.input_headers if soap else ())
            if operation.output is not None:
                headers = soap.output_headers if soap else ()
                self._bound_message(item, "output", f"{operation.name}SoapOut", headers)
            for fault in soap.faults if soap else ():
                bound = etree.SubElement(item, _w("fault"), name=fault.name)
                etree.SubElement(bound, self._s("fault"), name=fault.name, use="literal")

    def _bound_message(
        self, operation: etree._Element, kind: str, message: str, headers: tuple[str, ...]
    ) -> None:
        bound = etree.SubElement(operation, _w(kind))
        body = etree.SubElement(bound, self._s("body"), use="literal")
        if headers:
            body.set("parts", BODY_PART)
        for part in _header_parts(headers, self.models):
            etree.SubElement(bound, self._s("header"), message=self._tns(message), part=part, use="literal")

    def service(self, service: Service) -> None:
        name = self.soap.service or service.name
        element = etree.SubElement(self.root, _w("service"), name=name)
        binding = self.soap.binding or f"{service.name}Binding"
        port = etree.SubElement(
            element, _w("port"), name=self.soap.port or f"{name}Port", binding=self._tns(binding)
        )
        etree.SubElement(port, self._s("address"), location=self.soap.address)

    def _s(self, local: str) -> str:
        return f"{{{self.soap_ns}}}{local}"


def _header_parts(headers: tuple[str, ...], models: dict[str, Model]) -> list[str]:
    """Part names for header blocks: the element's local name, numbered when taken."""
    taken = {BODY_PART}
    parts = []
    for header in headers:
        base = name = _element(models[header])[1]
        number = 1
        while name in taken:
            number += 1
            name = f"{base}{number}"
        taken.add(name)
        parts.append(name)
    return parts


# Schemas


def _seeds(package: Package) -> set[Key]:
    """The declarations the package's models and enums stand for."""
    seeds: set[Key] = set()
    for model in package.models:
        if model.xml is None:
            continue
        namespace = model.xml.namespace or ""
        if model.xml.element:
            seeds.add(("element", namespace, model.xml.element))
        if model.xml.type_name:
            seeds.add(("type", namespace, model.xml.type_name))
    seeds.update(_enum_key(enum) for enum in package.enums)
    return seeds


def _enum_key(enum: EnumType) -> Key:
    return ("type", enum.namespace, enum.name)


def _schemas(soap: SoapService, seeds: set[Key]) -> list[etree._Element]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    schemas = [etree.fromstring(text.encode("utf-8"), parser) for text in soap.schemas]
    declared: dict[Key, etree._Element] = {}
    for schema in schemas:
        namespace = schema.get("targetNamespace", "")
        for child in schema:
            kind = _DECLARATIONS.get(str(child.tag))
            if kind is not None and child.get("name"):
                declared.setdefault((kind, namespace, str(child.get("name"))), child)
    kept = _closure(seeds, declared)
    for schema in schemas:
        for child in list(schema):
            if child.tag in _DECLARATIONS and child not in kept:
                schema.remove(child)
    return schemas


def _closure(seeds: set[Key], declared: dict[Key, etree._Element]) -> set[etree._Element]:
    """The declarations of `seeds` and every declaration they refer to, directly or not."""
    kept: set[etree._Element] = set()
    pending = [declared[key] for key in sorted(seeds) if key in declared]
    while pending:
        declaration = pending.pop()
        if declaration in kept:
            continue
        kept.add(declaration)
        for key in _references(declaration):
            target = declared.get(key)
            if target is not None and target not in kept:
                pending.append(target)
    return kept


def _references(declaration: etree._Element) -> list[Key]:
    keys: list[Key] = []
    for node in declaration.iter(etree.Element):
        for attribute in _TYPE_REFERENCES:
            value = node.get(attribute)
            if value:
                keys.append(("type", *_resolve(node, value)))
        for value in (node.get("memberTypes") or "").split():
            keys.append(("type", *_resolve(node, value)))
        ref = node.get("ref")
        if ref and node.tag in _REF_KINDS:
            keys.append((_REF_KINDS[str(node.tag)], *_resolve(node, ref)))
        head = node.get("substitutionGroup")
        for value in (head or "").split():
            keys.append(("element", *_resolve(node, value)))
    return keys


def _resolve(node: etree._Element, value: str) -> tuple[str, str]:
    """A QName attribute value as (namespace, local name), with the prefixes in scope at `node`."""
    prefix, _, local = value.strip().rpartition(":")
    return node.nsmap.get(prefix or None) or "", local

"""The XML Schemas of a WSDL as self-contained documents, for the WSDL a generated server serves: each schema
of `wsdl:types`, then every local schema they import or include (after the ones it imports itself), with the
`schemaLocation` of local files removed, so that one document describes the whole service. Comments are left
out; the files were parsed (and checked) by `files.load_files`."""

from __future__ import annotations

from lxml import etree

from generator.frontends.xsd.files import WSDL, XS, SchemaFiles, local_reference

_REFERENCES = (f"{{{XS}}}import", f"{{{XS}}}include")


def bundled_schemas(files: SchemaFiles) -> tuple[str, ...]:
    """Each schema as `<xs:schema>` text with every namespace declaration it needs, from every WSDL the
    spec names and the WSDLs they import."""
    seen: set[str] = set()
    own: list[etree._Element] = []
    reached: list[etree._Element] = []
    for uri in _wsdl_files(files):
        types = files.roots[uri].find(f"{{{WSDL}}}types")
        for schema in types.iterfind(f"{{{XS}}}schema") if types is not None else ():
            copy = _detached(schema)
            _inline(copy, uri, files, seen, reached)
            own.append(copy)
    return tuple(etree.tostring(schema, encoding="unicode") for schema in [*own, *reached])


def _wsdl_files(files: SchemaFiles) -> list[str]:
    """The WSDLs the spec names, each followed by the WSDLs it imports, each once."""
    ordered: list[str] = []
    pending = list(reversed(files.wsdls))
    while pending:
        uri = pending.pop()
        if uri in ordered or files.roots[uri].tag != f"{{{WSDL}}}definitions":
            continue
        ordered.append(uri)
        imports = files.roots[uri].iterfind(f"{{{WSDL}}}import")
        pending.extend(reversed([target for item in imports if (target := local_reference(item, uri))]))
    return ordered


def _inline(
    schema: etree._Element, uri: str, files: SchemaFiles, seen: set[str], reached: list[etree._Element]
) -> None:
    for reference in [item for item in schema if item.tag in _REFERENCES]:
        target = local_reference(reference, uri)
        if target is None:
            continue
        del reference.attrib["schemaLocation"]
        if reference.tag == f"{{{XS}}}include":
            schema.remove(reference)
        if target in seen:
            continue
        seen.add(target)
        imported = _detached(files.roots[target])
        _inline(imported, target, files, seen, reached)
        reached.append(imported)


def _detached(element: etree._Element) -> etree._Element:
    """A copy of `element` that keeps the namespace declarations in scope (a deep copy would drop them, and
    QName values such as `type="m:T"` need them), without comments or processing instructions."""
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, resolve_entities=False, no_network=True)
    return etree.fromstring(etree.tostring(element), parser)

"""The CSDL (OData v4 Edmx) front end: one lxml parse, then every schema of the document into one `Package`.

No XSD validation (Microsoft Graph's metadata is not valid against the OASIS schema): the reader is lenient
where the meaning is clear (unknown elements, attributes and annotation terms are ignored) and fails with a
`SchemaError` at `path:line` where it is not (malformed XML, missing required attributes, unknown types or
base types, duplicate qualified names). Every qualified name in the IR uses the full namespace (no aliases).

- `index`: schemas, aliases, declarations by qualified name, type references, out-of-line annotations;
- `types`: entity/complex types -> `Model`, enum types -> `EnumType`;
- `operations`: actions/functions -> `Operation` and their request/response models;
- `container`: the entity container -> `ODataContainer`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from generator.errors import SchemaError
from generator.frontends.csdl.container import read_container
from generator.frontends.csdl.index import CsdlIndex, build_index
from generator.frontends.csdl.operations import read_operations
from generator.frontends.csdl.types import read_types
from generator.frontends.csdl.xml import Element, Source
from generator.ir import Location, Operation, Package, Service


def read_csdl(path: Path, *, package: str) -> Package:
    """Read the CSDL document at `path`; locations and errors name `path` exactly as given."""
    source = Source(str(path))
    index = build_index(_parse(path, source), source)
    models, enums = read_types(index)
    operations, messages = read_operations(index)
    container = index.containers[0] if index.containers else None
    namespace = (container or index.schemas[0]).namespace
    return Package(
        name=package,
        namespace=namespace,
        models=tuple(sorted([*models, *messages], key=lambda model: model.qname)),
        enums=tuple(sorted(enums, key=lambda enum: enum.qname)),
        services=_services(index, operations, namespace),
        doc="",
    )


def _parse(path: Path, source: Source) -> Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        return etree.parse(str(path), parser).getroot()
    except OSError:
        raise SchemaError(Location(source.path, 0), "cannot read the file") from None
    except etree.XMLSyntaxError as exc:
        raise SchemaError(Location(source.path, exc.lineno or 0), f"malformed XML: {exc.msg}") from None


def _services(index: CsdlIndex, operations: list[Operation], namespace: str) -> tuple[Service, ...]:
    """One service with every operation, named after the entity container (or the namespace without one)."""
    for extra in index.containers[1:]:
        raise index.source.error(extra.element, "a CSDL document may have only one EntityContainer")
    ordered = tuple(sorted(operations, key=lambda operation: operation.qname))
    if not index.containers:
        if not ordered:
            return ()
        return (Service(name=namespace.rsplit(".", 1)[-1], operations=ordered),)
    names = {operation.qualified_name for operation in operations}
    container = read_container(index, index.containers[0], names)
    return (Service(name=container.name, operations=ordered, odata=container),)

"""The XSD/WSDL front end, built on xsdata: its parsers read the schemas, its class container analyses them
(extensions, groups, anonymous types, defaults), and this module maps the result to one `Package`.

- `files`: safe loading of every file the spec reaches, and the line of every declaration;
- `types`: xsdata classes -> `Model` / `EnumType`;
- `wsdl`: WSDL 1.1 definitions -> `Service` with `SoapOperation`s;
- `schemas`: the WSDL's schemas as self-contained documents, for the WSDL a server serves.
"""

from __future__ import annotations

import graphlib
import logging
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from xsdata.codegen.container import ClassContainer
from xsdata.codegen.exceptions import CodegenError
from xsdata.codegen.handlers import ProcessAttributeTypes
from xsdata.codegen.models import Attr, AttrType, Class
from xsdata.codegen.parsers.definitions import DefinitionsParser
from xsdata.codegen.transformer import ResourceTransformer
from xsdata.exceptions import ConverterWarning
from xsdata.models.config import GeneratorConfig
from xsdata.models.enums import Tag
from xsdata.models.wsdl import Definitions
from xsdata.utils.namespaces import build_qname

from generator.errors import SchemaError, warn
from generator.frontends.xsd.files import REMOTE_SCHEMES, LineKey, SchemaFiles, load_files, uri_path
from generator.frontends.xsd.schemas import bundled_schemas
from generator.frontends.xsd.types import ClassReader, declaration_key, ir_qname
from generator.frontends.xsd.unconverted import unconverted
from generator.frontends.xsd.wsdl import WsdlReader, rpc_schemas
from generator.ir import Location, Package, Service

# Classes of the WSDL binding xsdata derives for its own SOAP client; sodagen reads the definitions instead.
_WSDL_CLASS_TAGS = {"BindingMessage", "BindingOperation", "BindingFault"}


def read_xsd(paths: Path | Sequence[Path], *, package: str) -> Package:
    """Read the WSDLs, XSDs and DTDs at `paths` and everything they import, into one package;
    locations name each path as given."""
    files = load_files([paths] if isinstance(paths, Path) else list(paths))
    config = GeneratorConfig()
    config.output.unnest_classes = True
    transformer = LocalOnly(config)
    with _quiet_xsdata():
        parsed = _parse(transformer, files)
        classes = [cls for cls in transformer.classes if cls.tag not in _WSDL_CLASS_TAGS]
        wrappers = [wrapper for item in parsed for wrapper in WsdlReader(item, files, {}).rpc_wrappers()]
        classes += wrappers
        declarations = [item for cls in classes for item in _nested(cls, cls.name, declaration_key(cls))]
        _check_references(declarations, files)
        _check_cycles(declarations, files)
        _warn_of_duplicates(classes, files)
        nested = {
            build_qname(inner.target_namespace, name): key
            for inner, name, key in declarations
            if inner.parent
        }
        declared_elements = {cls.qname for cls in classes if cls.is_element}
        redeclared = _restriction_fields(classes)
        container = _container(config)
        container.extend(classes)
        try:
            container.process()
        except CodegenError as exc:
            raise SchemaError(files.file_location(None), f"xsdata cannot analyse the schema: {exc}") from None
        analysed = sorted(container, key=ir_qname)
        _keep_narrowed_types(analysed, redeclared)
    elements = _element_models(analysed, declared_elements)
    reader = ClassReader(analysed, files, frozenset(elements.values()), nested)
    models, enums = reader.read()
    schemas = (*bundled_schemas(files), *rpc_schemas(wrappers)) if parsed else ()
    services = tuple(
        service
        for definitions in parsed
        for service in WsdlReader(definitions, files, elements, schemas).services()
    )
    services = _served_first(_distinct_operations(services), files)
    namespace = (parsed[0].target_namespace if parsed else None) or _main_namespace(analysed, files)
    return Package(
        name=package,
        namespace=namespace,
        models=tuple(sorted(models, key=lambda model: model.qname)),
        enums=tuple(sorted(enums, key=lambda enum: enum.qname)),
        services=services,
        doc=services[0].doc if services else "",
        files_read=tuple(
            sorted({str(uri_path(uri)) for uri in (*files.mains, *files.roots, *files.dtd_parts)})
        ),
    )


class LocalOnly(ResourceTransformer):
    """xsdata's transformer, which never opens a remote URL: a remote import `load_files` let through
    (its namespace declared by the spec's files, or used by nothing) is skipped, not fetched."""

    def load_resource(self, uri: str) -> bytes | None:
        if urlsplit(uri).scheme in REMOTE_SCHEMES:
            self.processed.append(uri)
            return None
        return super().load_resource(uri)


class _KeepingNillable(ProcessAttributeTypes):
    """xsdata's handler, except that an element of a named simple type keeps its own `nillable="true"`
    (xsdata takes the simple type's restrictions and keeps only the type's nillable, so a nil element was
    read as an empty value, or refused)."""

    @classmethod
    def copy_attribute_properties(cls, source: Class, target: Class, attr: Attr, attr_type: AttrType) -> None:
        nillable = attr.restrictions.nillable
        super().copy_attribute_properties(source, target, attr, attr_type)
        if nillable:
            attr.restrictions.nillable = True


def _container(config: GeneratorConfig) -> ClassContainer:
    container = ClassContainer(config)
    for handlers in container.processors.values():
        for position, handler in enumerate(handlers):
            if type(handler) is ProcessAttributeTypes:
                handlers[position] = _KeepingNillable(container)
    return container


def _parse(transformer: ResourceTransformer, files: SchemaFiles) -> list[Definitions]:
    """xsdata's parsers over every file the spec names: each WSDL with the WSDLs it imports (each WSDL its
    own definitions, so same-named messages of different WSDLs never mix), schemas, then DTDs."""
    definitions: list[Definitions] = []
    converted: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConverterWarning)
        for uri in files.mains:
            try:
                if uri in files.wsdls:
                    if uri not in converted:
                        definitions.append(_definitions(transformer, uri, converted, ()))
                elif uri in files.dtds:
                    transformer.process_dtds([uri])
                else:
                    transformer.process_schema(uri)
            except SchemaError:
                raise
            # Whatever xsdata's parsers fail with (lxml's error for a malformed DTD, an AssertionError for a
            # value they could not convert) says the schema cannot be read: one line, never a traceback.
            except Exception as exc:
                message = f"xsdata cannot read the schema: {' '.join(str(exc).split()) or type(exc).__name__}"
                failures = unconverted(caught, files)
                if failures:  # the likely cause
                    cause = failures[-1]
                    raise SchemaError(cause.location, f"{message}, after: {cause.message}") from None
                raise SchemaError(files.file_location(uri), message) from None
    for failure in unconverted(caught, files):
        warn(failure.location, failure.message)
    for item in caught:
        if not issubclass(item.category, ConverterWarning):
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return definitions


def _definitions(
    transformer: ResourceTransformer, uri: str, converted: set[str], importing: tuple[str, ...]
) -> Definitions:
    """The WSDL at `uri` merged with the WSDLs it imports; each file's schemas are converted once.
    `importing` are the WSDLs on the way here: an import cycle ends where it closes."""
    parser = DefinitionsParser(location=uri)
    definitions = parser.from_bytes(uri_path(uri).read_bytes(), Definitions)
    if uri not in converted:
        converted.add(uri)
        for schema in definitions.schemas:
            transformer.convert_schema(schema)
    for item in definitions.imports:
        if not item.location:
            continue
        if item.location.endswith("wsdl"):
            if item.location not in (uri, *importing):
                definitions.merge(_definitions(transformer, item.location, converted, (*importing, uri)))
        else:
            transformer.process_schema(item.location)
    return definitions


def _restriction_fields(classes: list[Class]) -> dict[str, list[Attr]]:
    """The fields each restriction redeclares, as declared (before xsdata's analysis changes them)."""
    return {
        cls.qname: [attr.clone() for attr in cls.attrs]
        for cls in classes
        if any(extension.tag == Tag.RESTRICTION for extension in cls.extensions)
    }


def _keep_narrowed_types(analysed: list[Class], redeclared: dict[str, list[Attr]]) -> None:
    """Put back the fields a restriction redeclares with a narrower type. xsdata drops a redeclared field
    whose occurrences and default equal the inherited one's, whatever its type; SDMX's `DimensionType`
    narrows `LocalRepresentation` from `RepresentationType` to `SimpleDataStructureRepresentationType`."""
    by_qname = {cls.qname: cls for cls in analysed}
    for cls in analysed:
        own = {(attr.tag, attr.namespace, attr.name) for attr in cls.attrs}
        for attr in redeclared.get(cls.qname, ()):
            key = (attr.tag, attr.namespace, attr.name)
            inherited = _inherited_attr(cls, key, by_qname)
            if key in own or inherited is None or attr.is_prohibited:
                continue
            types = [item.qname for item in attr.types]
            known = all(item.native or item.qname in by_qname for item in attr.types)
            if known and types != [item.qname for item in inherited.types]:
                # The inherited field as analysed (occurrences, choices), with the narrower type.
                narrowed = inherited.clone()
                narrowed.types = [item.clone() for item in attr.types]
                cls.attrs.append(narrowed)


def _inherited_attr(cls: Class, key: tuple[str, str | None, str], by_qname: dict[str, Class]) -> Attr | None:
    seen = {cls.qname}
    pending = [extension.type.qname for extension in cls.extensions]
    while pending:
        base = by_qname.get(pending.pop(0))
        if base is None or base.qname in seen:
            continue
        seen.add(base.qname)
        for attr in base.attrs:
            if (attr.tag, attr.namespace, attr.name) == key:
                return attr
        pending.extend(extension.type.qname for extension in base.extensions)
    return None


def _distinct_operations(services: tuple[Service, ...]) -> tuple[Service, ...]:
    """Operations of several port types may share a name (Travelport names every one `service`): those are
    keyed `{namespace}PortType.name` instead of `{namespace}name`."""
    counts = Counter(operation.qname for service in services for operation in service.operations)
    if all(count == 1 for count in counts.values()):
        return services
    result = []
    for service in services:
        port_type = service.soap.port_type if service.soap else service.name
        operations = tuple(
            (
                replace(
                    operation,
                    qname=f"{{{operation.namespace}}}{port_type}.{operation.name}",
                    qualified_name=f"{{{operation.namespace}}}{port_type}.{operation.name}",
                )
                if counts[operation.qname] > 1
                else operation
            )
            for operation in service.operations
        )
        result.append(replace(service, operations=operations))
    return tuple(result)


def _served_first(services: tuple[Service, ...], files: SchemaFiles) -> tuple[Service, ...]:
    """The services, the one the package's stub serves first: one a `wsdl:service` names (an endpoint, not
    a binding only other WSDLs use), with the most operations. A package's stub serves one port type (in
    SOAP 1.1 and 1.2 alike, so a service's `Soap12` binding of it is served too): a binding of another
    port type is a warning (it was left out silently); its messages are still generated."""
    ordered = sorted(
        services, key=lambda item: (not (item.soap and item.soap.service), -len(item.operations))
    )
    served = ordered[0].soap if ordered else None
    warned: set[tuple[str, str]] = set()
    for other in ordered[1:]:
        soap = other.soap
        if served is None or soap is None or not other.operations:
            continue
        if (soap.namespace, soap.port_type) == (served.namespace, served.port_type):
            continue
        if (soap.namespace, soap.binding) in warned:  # one WSDL named by the spec and imported by another
            continue
        warned.add((soap.namespace, soap.binding))
        where = files.location("binding", soap.binding) or files.file_location(None)
        warn(
            where,
            f"binding '{soap.binding}' of {soap.namespace or 'no namespace'} ({len(other.operations)}"
            f" operation(s)) is not served: a package's stub serves one port type, '{served.port_type}' of"
            f" {served.namespace or 'no namespace'}; the messages are generated, and a spec of its own gives"
            " it a stub",
        )
    return tuple(ordered)


def _check_references(declarations: list[tuple[Class, str, LineKey]], files: SchemaFiles) -> None:
    """Warn of references to undeclared types: xsdata reads such a field as a string and drops such a base
    (as its own generator does), so the package still generates, but the schema set is likely incomplete."""
    known = {cls.qname for cls, _name, _key in declarations}
    reader = ClassReader([], files)
    for cls, _name, key in declarations:
        for extension in cls.extensions:
            if not extension.type.native and extension.type.qname not in known:
                warn(
                    reader.location(cls, key),
                    f"base type '{extension.type.qname}' of '{key[2]}' is not declared: left out",
                )
        for attr in cls.attrs:
            for attr_type in attr.types:
                if not attr_type.native and not attr_type.forward and attr_type.qname not in known:
                    warn(
                        reader.field_location(cls, attr, key),
                        f"type '{attr_type.qname}' of '{attr.local_name}' in '{key[2]}' is not declared:"
                        " read as a string",
                    )


def _warn_of_duplicates(classes: list[Class], files: SchemaFiles) -> None:
    """Warn of a global name declared more than once, differently, in one namespace (invalid XSD, which
    xsdata reads keeping the last declaration): one of them is left out. A redefinition or an override is
    no duplicate, nor is the same declaration twice (a schema copied into two files)."""
    groups: dict[tuple[str, str], list[Class]] = {}
    for cls in classes:
        groups.setdefault((cls.qname, cls.tag), []).append(cls)
    for (_qname, _tag), group in sorted(groups.items()):
        if len(group) < 2 or any(cls.container in (Tag.OVERRIDE, Tag.REDEFINE) for cls in group):
            continue
        shapes = [_shape(cls) for cls in group]
        if all(shape == shapes[-1] for shape in shapes):
            continue
        taken: Counter[tuple[str, ...]] = Counter()  # the n-th declaration of a file's name is its n-th line
        *others, kept = (_declared_at(cls, files, taken) for cls in group)
        kind = _KINDS.get(group[-1].tag, "element" if group[-1].is_element else "type")
        warn(
            kept,
            f"{kind} '{group[-1].name}' is declared {len(group)} times in its namespace, differently"
            f" (also at {', '.join(map(str, others))}): this last one is used, as xsdata does",
        )


_KINDS = {Tag.ATTRIBUTE: "attribute", Tag.GROUP: "group", Tag.ATTRIBUTE_GROUP: "attributeGroup"}


def _declared_at(cls: Class, files: SchemaFiles, taken: Counter[tuple[str, ...]]) -> Location:
    namespace, kind, name = declaration_key(cls)
    key = (cls.location or "", namespace, _KINDS.get(cls.tag, kind), name)
    lines = files.declared_in.get(key, [])
    taken[key] += 1
    return lines[min(taken[key], len(lines)) - 1] if lines else files.file_location(cls.location)


def _shape(cls: Class) -> tuple[object, ...]:
    """What a declaration says, without where it says it."""
    return (
        cls.tag,
        cls.mixed,
        cls.abstract,
        cls.nillable,
        cls.default,
        cls.fixed,
        cls.substitutions,
        cls.extensions,
        cls.attrs,
        [_shape(inner) for inner in cls.inner],
    )


Node = tuple[str, str]
"""(what it is, qualified name): a type, an element, an attribute and a group may share a name (SOAP's
envelope schema has a simple type `encodingStyle` and an attribute `encodingStyle` of that type)."""


def _node(cls: Class) -> Node:
    if cls.is_element:
        return ("element", cls.qname)
    if cls.tag in (Tag.COMPLEX_TYPE, Tag.SIMPLE_TYPE):
        return ("type", cls.qname)
    return (str(cls.tag), cls.qname)


def _check_cycles(declarations: list[tuple[Class, str, LineKey]], files: SchemaFiles) -> None:
    """A type that extends or restricts itself through others, or a substitution group that contains its
    own head, is an error (xsdata's analysis recursed until Python's stack ran out). A type an
    `xs:redefine` or `xs:override` declares again derives from the one it replaces, of its own name: that
    is no cycle."""
    # A local type (a longer key) is derived from by none, and its qname is its element's, not its own.
    top = [(cls, key) for cls, _, key in declarations if len(key) == 3]
    nodes: dict[Node, tuple[Class, LineKey]] = {_node(cls): (cls, key) for cls, key in top}
    targets: dict[Node, set[Node]] = {node: set() for node in nodes}
    for cls, _ in top:
        node = _node(cls)
        found = {("type", item.type.qname) for item in cls.extensions if not item.type.native}
        found |= {("element", head) for head in cls.substitutions}
        if cls.container in (Tag.REDEFINE, Tag.OVERRIDE):
            found.discard(node)
        targets[node] |= {target for target in found if target in nodes}
    # sorted: the same cycle is named whatever the order of the files
    edges = {node: sorted(targets[node]) for node in sorted(targets)}
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as exc:
        cycle: list[Node] = exc.args[1]
        cls, key = nodes[cycle[0]]
        names = " -> ".join(nodes[item][1][2] for item in cycle)
        what = "substitution group" if cycle[0][0] == "element" else "type"
        location = ClassReader([], files).location(cls, key)
        raise SchemaError(location, f"{what} '{key[2]}' derives from itself: {names}") from None


def _element_models(analysed: list[Class], declared: set[str]) -> dict[str, str]:
    """Each global element's Clark name -> the IR model that stands for it.

    xsdata folds an element into the complex type of the same name it is declared with
    (`<element name="X" type="X"/>`): the type's model then stands for the element too.
    """
    models: dict[str, str] = {}
    for cls in analysed:
        if cls.is_element:
            models[ir_qname(cls).removesuffix("#element")] = ir_qname(cls)
    for cls in analysed:
        if not cls.is_element and cls.qname in declared and cls.qname not in models:
            models[cls.qname] = ir_qname(cls)
    return models


def _nested(cls: Class, name: str, key: LineKey) -> Iterator[tuple[Class, str, LineKey]]:
    """`cls` and its inner classes, each with the name xsdata gives it when it unnests it
    (`Outer_Inner`) and the line-index key of its declaration (see `xsd_files`)."""
    yield cls, name, key
    for inner in cls.inner:
        yield from _nested(inner, f"{name}_{inner.name}", (*key, inner.name))


def _main_namespace(classes: list[Class], files: SchemaFiles) -> str:
    main = [
        cls.target_namespace for cls in classes if cls.location == files.main_uri and cls.target_namespace
    ]
    return main[0] if main else ""


@contextmanager
def _quiet_xsdata() -> Iterator[None]:
    """xsdata logs its progress and the types it resets; sodagen reports problems as errors instead."""
    logger = logging.getLogger("xsdata")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)

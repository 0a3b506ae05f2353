"""The XSD/WSDL front end, built on xsdata: its parsers read the schemas, its class container analyses them
(extensions, groups, anonymous types, defaults), and this module maps the result to one `Package`.

- `files`: safe loading of every file the spec reaches, and the line of every declaration;
- `types`: xsdata classes -> `Model` / `EnumType`;
- `wsdl`: WSDL 1.1 definitions -> `Service` with `SoapOperation`s;
- `schemas`: the WSDL's schemas as self-contained documents, for the WSDL a server serves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xsdata.codegen.container import ClassContainer
from xsdata.codegen.exceptions import CodegenError
from xsdata.codegen.models import Class
from xsdata.codegen.transformer import ResourceTransformer
from xsdata.models.config import GeneratorConfig
from xsdata.models.wsdl import Definitions
from xsdata.utils.namespaces import build_qname

from generator.errors import SchemaError
from generator.frontends.xsd.files import LineKey, SchemaFiles, load_files
from generator.frontends.xsd.schemas import bundled_schemas
from generator.frontends.xsd.types import ClassReader, declaration_key, ir_qname
from generator.frontends.xsd.wsdl import WsdlReader
from generator.ir import Package

# Classes of the WSDL binding xsdata derives for its own SOAP client; sodagen reads the definitions instead.
_WSDL_CLASS_TAGS = {"BindingMessage", "BindingOperation", "BindingFault"}


def read_xsd(path: Path, *, package: str) -> Package:
    """Read the WSDL or XSD at `path` and everything it imports; locations name `path` as given."""
    files = load_files(path)
    config = GeneratorConfig()
    config.output.unnest_classes = True
    transformer = ResourceTransformer(config)
    with _quiet_xsdata():
        definitions = _parse(transformer, files)
        classes = [cls for cls in transformer.classes if cls.tag not in _WSDL_CLASS_TAGS]
        declarations = [item for cls in classes for item in _nested(cls, cls.name, declaration_key(cls))]
        _check_references(declarations, files)
        nested = {
            build_qname(inner.target_namespace, name): key
            for inner, name, key in declarations
            if inner.parent
        }
        declared_elements = {cls.qname for cls in classes if cls.is_element}
        container = ClassContainer(config)
        container.extend(classes)
        try:
            container.process()
        except CodegenError as exc:
            raise SchemaError(files.file_location(None), f"xsdata cannot analyse the schema: {exc}") from None
        analysed = sorted(container, key=ir_qname)
    elements = _element_models(analysed, declared_elements)
    reader = ClassReader(analysed, files, frozenset(elements.values()), nested)
    models, enums = reader.read()
    services = (
        WsdlReader(definitions, files, elements, bundled_schemas(files)).services() if definitions else ()
    )
    namespace = (definitions.target_namespace if definitions else None) or _main_namespace(analysed, files)
    return Package(
        name=package,
        namespace=namespace,
        models=tuple(sorted(models, key=lambda model: model.qname)),
        enums=tuple(sorted(enums, key=lambda enum: enum.qname)),
        services=services,
        doc=services[0].doc if services else "",
    )


def _parse(transformer: ResourceTransformer, files: SchemaFiles) -> Definitions | None:
    try:
        if not files.is_wsdl:
            transformer.process_schema(files.main_uri)
            return None
        definitions = transformer.parse_definitions(files.main_uri, namespace=None)
        if definitions is not None:
            for schema in definitions.schemas:
                transformer.convert_schema(schema)
        return definitions
    except (CodegenError, ValueError, TypeError) as exc:
        raise SchemaError(files.file_location(None), f"xsdata cannot read the schema: {exc}") from None


def _check_references(declarations: list[tuple[Class, str, LineKey]], files: SchemaFiles) -> None:
    """Refuse references to undeclared types before xsdata quietly turns them into strings."""
    known = {cls.qname for cls, _name, _key in declarations}
    reader = ClassReader([], files)
    for cls, _name, key in declarations:
        for extension in cls.extensions:
            if not extension.type.native and extension.type.qname not in known:
                raise SchemaError(
                    reader.location(cls, key),
                    f"base type '{extension.type.qname}' of '{key[2]}' is not declared",
                )
        for attr in cls.attrs:
            for attr_type in attr.types:
                if not attr_type.native and not attr_type.forward and attr_type.qname not in known:
                    raise SchemaError(
                        reader.field_location(cls, attr, key),
                        f"type '{attr_type.qname}' of '{attr.local_name}' in '{key[2]}' is not declared",
                    )


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

"""Gives every model, field, enum, member and operation a Python name, and refuses names that collide.

Models and enums share one namespace per package (the package re-exports them all). An element and a type
with the same schema name (a common XSD idiom) are told apart by suffixing the type with `Type`; two
different schema names that sanitise to the same Python name are an error at the second declaration. A type
named like something the generated modules import (`Final`, `Envelope`, `SoapFault`...) takes `Type` too.
The first service takes the configured `service` name when there is one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.config import PackageConfig
from generator.errors import SchemaError
from generator.ir import (
    EnumType,
    Field,
    Location,
    MessageKind,
    Model,
    ModelRole,
    Operation,
    Package,
    PackageIndex,
    Service,
)
from generator.python import RESERVED_TYPE_NAMES, constant_case, field_name, pascal_case, snake_case


@dataclass(frozen=True, slots=True)
class _Declared:
    py_name: str
    qname: str
    name: str
    """The schema name."""
    location: Location | None
    namespace: str
    binding: str | None = None
    """For an operation's messages: the local name of the type the operation is bound to."""
    operation: str | None = None
    """For an operation's messages: the operation's qualified name."""
    suffix: str = ""
    """For an operation's messages: `Request` or `Response`, the end of the name parameters go before."""


def run(package: Package, config: PackageConfig) -> Package:
    return assign_names(package, service=config.service)


def assign_names(package: Package, *, service: str | None = None) -> Package:
    index = package.index
    parameters = _parameter_names(index)
    type_names = _type_names(package, parameters)
    models = tuple(
        replace(model, py_name=type_names[model.qname], fields=_field_names(model, index))
        for model in package.models
    )
    enums = tuple(_enum_names(enum, type_names[enum.qname]) for enum in package.enums)
    services = [_service_names(item, parameters, index) for item in package.services]
    if service is not None and services:
        services[0] = replace(services[0], py_name=service)
    return replace(package, models=models, enums=enums, services=tuple(services))


_SUFFIXES = {MessageKind.REQUEST: "Request", MessageKind.RESPONSE: "Response"}


def _type_names(package: Package, parameters: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index = package.index
    declared: list[_Declared] = []
    names_of_types = {model.name for model in package.models if model.role is ModelRole.TYPE}
    element_names = {model.name for model in package.models if model.xml and model.xml.element}
    for model in package.models:
        py_name = pascal_case(model.name)
        is_plain_type = not (model.xml and model.xml.element)
        if (is_plain_type and model.name in element_names) or py_name in RESERVED_TYPE_NAMES:
            py_name += "Type"
        origin = model.origin
        operation = index.operations.get(origin.owner) if origin is not None else None
        declared.append(
            _Declared(
                py_name,
                model.qname,
                model.name,
                model.location,
                model.namespace,
                binding=_binding(operation, index) if operation is not None else None,
                operation=operation.qname if operation is not None else None,
                suffix=_SUFFIXES.get(origin.kind, "") if origin is not None else "",
            )
        )
    for enum in package.enums:
        py_name = pascal_case(enum.name)
        if enum.name in element_names or enum.name in names_of_types or py_name in RESERVED_TYPE_NAMES:
            py_name += "Type"
        declared.append(_Declared(py_name, enum.qname, enum.name, enum.location, enum.namespace))
    declared = _disambiguate_overloads(_disambiguate_namespaces(declared, package.namespace), parameters)
    return _unique(((item.py_name, item.qname, item.name, item.location) for item in declared), "type")


def _disambiguate_namespaces(declared: list[_Declared], main_namespace: str) -> list[_Declared]:
    """Same-named types of other namespaces than the package's take their namespace's last segment as prefix:
    Graph's `microsoft.graph.callRecords.deviceInfo` becomes `CallRecordsDeviceInfo` beside `DeviceInfo`."""
    counts = Counter(item.py_name for item in declared)
    result = []
    for item in declared:
        namespace = item.namespace
        if counts[item.py_name] > 1 and namespace and namespace != main_namespace:
            prefix = pascal_case(re.split(r"[./:]", namespace.rstrip("/"))[-1])
            item = replace(item, py_name=prefix + item.py_name)
        result.append(item)
    return result


def _disambiguate_overloads(
    declared: list[_Declared], parameters: dict[str, tuple[str, ...]]
) -> list[_Declared]:
    """Bound OData operations share names across binding types (`restore`): prefix the binding type.

    Function overloads on one binding type (Graph's `additionalAccess()` and
    `additionalAccess(accessPackageId=...,incompatibleAccessPackageId=...)`) then take their parameters:
    `AccessPackageAssignmentCollectionAdditionalAccessWithAccessPackageIdIncompatibleAccessPackageIdResponse`.
    """
    counts = Counter(item.py_name for item in declared)
    result = [
        (
            replace(item, py_name=pascal_case(item.binding) + item.py_name)
            if counts[item.py_name] > 1 and item.binding
            else item
        )
        for item in declared
    ]
    counts = Counter(item.py_name for item in result)
    final = []
    for item in result:
        names = parameters.get(item.operation or "")
        if counts[item.py_name] > 1 and names and item.suffix and item.py_name.endswith(item.suffix):
            with_parameters = "With" + "".join(pascal_case(parameter) for parameter in names)
            item = replace(
                item, py_name=item.py_name.removesuffix(item.suffix) + with_parameters + item.suffix
            )
        final.append(item)
    return final


def _parameter_names(index: PackageIndex) -> dict[str, tuple[str, ...]]:
    """Operation qualified name -> the names of its request parameters (fields of its request model)."""
    return {
        operation.qname: tuple(item.name for item in index.models[operation.input].fields)
        for operation in index.operations.values()
        if operation.input is not None and operation.odata is not None and operation.input in index.models
    }


def _binding(operation: Operation, index: PackageIndex) -> str | None:
    """The name of the type an OData operation is bound to (`presence`), with `Collection` when it is bound
    to a collection of it (Graph binds `validateCredentials` to both); None for unbound operations."""
    odata = operation.odata
    if odata is None or odata.bound_to is None or odata.bound_to not in index.models:
        return None
    name = index.models[odata.bound_to].name
    return name + "Collection" if odata.bound_collection else name


def _unique(declared: Iterable[tuple[str, str, str, Location | None]], what: str) -> dict[str, str]:
    """(Python name, key, schema name, location) -> {key: Python name}; collisions are errors."""
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    for py_name, key, name, location in declared:
        if py_name in seen and seen[py_name] != name:
            raise SchemaError(
                location or Location("<schema>", 0),
                f"{what} name '{name}' becomes '{py_name}' in Python, which '{seen[py_name]}' already has",
            )
        if py_name in seen:
            raise SchemaError(location or Location("<schema>", 0), f"{what} '{name}' is declared twice")
        seen[py_name] = name
        names[key] = py_name
    return names


def _field_names(model: Model, index: PackageIndex) -> tuple[Field, ...]:
    """Field names; redeclaring an inherited field of the same schema name overrides it (XSD restriction)."""
    inherited = {field_name(item.name): item.name for item in index.inherited_fields(model)}
    named = [replace(item, py_name=field_name(item.name)) for item in model.fields]
    own: dict[str, str] = {}
    for item in named:
        other = own.get(item.py_name) or (
            inherited[item.py_name] if inherited.get(item.py_name, item.name) != item.name else None
        )
        if other is not None:
            raise SchemaError(
                item.location or model.location or Location("<schema>", 0),
                f"field '{item.name}' of '{model.name}' becomes '{item.py_name}' in Python,"
                f" which '{other}' already has",
            )
        own[item.py_name] = item.name
    return tuple(named)


def _enum_names(enum: EnumType, py_name: str) -> EnumType:
    """Member names; a member whose name another already took gets `_2`, `_3`...: values stay exact.

    Real schemas have such pairs (Graph's windowsMalwareCategory has `remoteControlSoftware` and
    `remote_Control_Software`), and a member name is only a Python alias of its value.
    """
    taken: set[str] = set()
    members = []
    for member in enum.members:
        name = constant_case(member.name)
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}_{number}"
        taken.add(candidate)
        members.append(replace(member, py_name=candidate))
    return replace(enum, py_name=py_name, members=tuple(members))


def _service_names(service: Service, parameters: dict[str, tuple[str, ...]], index: PackageIndex) -> Service:
    counts = Counter(field_name(operation.name) for operation in service.operations)
    renamed: list[Operation] = []
    for operation in service.operations:
        py_name = field_name(operation.name)
        binding = _binding(operation, index)
        if counts[py_name] > 1 and binding:
            py_name = f"{snake_case(binding)}_{py_name}"
        renamed.append(replace(operation, py_name=py_name))
    counts = Counter(operation.py_name for operation in renamed)
    for number, operation in enumerate(renamed):
        if counts[operation.py_name] > 1 and parameters.get(operation.qname):
            suffix = "_".join(snake_case(parameter) for parameter in parameters[operation.qname])
            renamed[number] = replace(operation, py_name=f"{operation.py_name}_with_{suffix}")
    _unique(((op.py_name, op.qname, op.name, op.location) for op in renamed), "operation")
    return replace(service, py_name=pascal_case(service.name), operations=tuple(renamed))

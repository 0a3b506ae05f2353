"""Gives every model, field, enum, member and operation a Python name, and refuses names that collide.

Models and enums share one namespace per package (the package re-exports them all). An element and a type
with the same schema name (a common XSD idiom) are told apart by suffixing the type with `Type`; two
different schema names that sanitise to the same Python name are an error at the second declaration.
"""

from __future__ import annotations

import keyword
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from generator.errors import SchemaError
from generator.ir import EnumType, Field, Location, Model, ModelRole, Operation, Package, Service

# Names the generated annotations use (modules imported whole, builtin types): inside a class body a field
# of that name would shadow them for the fields after it (Graph's `list` entity has a field `list`).
RESERVED_FIELD_NAMES = frozenset(
    {"dataclasses", "datetime", "decimal", "enum", "typing", "uuid"}
    | {"bool", "bytes", "float", "int", "list", "object", "str"}
    # The JSON codec's own fields on every OData model.
    | {"additional_data", "explicit_nulls"}
)

Declared = tuple[str, str, str, Location | None]
"""(Python name, qualified name, schema name, location)."""

_HARD_KEYWORDS = frozenset(keyword.kwlist)
_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z])")
_WORD_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]+")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-zA-Z]+")


def snake_case(name: str) -> str:
    text = _ACRONYM_BOUNDARY.sub(r"\1_\2", name)
    text = _WORD_BOUNDARY.sub(r"\1_\2", text)
    text = _NOT_IDENTIFIER.sub("_", text).strip("_").lower()
    text = re.sub(r"_+", "_", text) or "value"
    return f"_{text}" if text[0].isdigit() else text


def pascal_case(name: str) -> str:
    parts = [part for part in _NOT_ALPHANUMERIC.split(name) if part]
    text = "".join(part[0].upper() + part[1:] for part in parts) or "Value"
    return f"_{text}" if text[0].isdigit() else text


def constant_case(name: str) -> str:
    text = snake_case(name).upper()
    return f"VALUE{text}" if text.startswith("_") else text


def field_name(name: str) -> str:
    text = snake_case(name)
    # keyword.kwlist, not iskeyword/issoftkeyword: their answers change between Python versions.
    if text in _HARD_KEYWORDS or text in RESERVED_FIELD_NAMES:
        return f"{text}_"
    return text


def assign_names(package: Package) -> Package:
    parameters = _parameter_names(package)
    type_names = _type_names(package, parameters)
    models = tuple(
        replace(model, py_name=type_names[model.qname], fields=_field_names(model, package))
        for model in package.models
    )
    enums = tuple(_enum_names(enum, type_names[enum.qname]) for enum in package.enums)
    services = tuple(_service_names(service, parameters) for service in package.services)
    return replace(package, models=models, enums=enums, services=services)


def _type_names(package: Package, parameters: dict[str, tuple[str, ...]]) -> dict[str, str]:
    declared: list[Declared] = []
    names_of_types = {model.name for model in package.models if model.role is ModelRole.TYPE}
    element_names = {model.name for model in package.models if model.xml and model.xml.element}
    for model in package.models:
        py_name = pascal_case(model.name)
        is_plain_type = not (model.xml and model.xml.element)
        if is_plain_type and model.name in element_names:
            py_name += "Type"
        declared.append((py_name, model.qname, model.name, model.location))
    for enum in package.enums:
        py_name = pascal_case(enum.name)
        if enum.name in element_names or enum.name in names_of_types:
            py_name += "Type"
        declared.append((py_name, enum.qname, enum.name, enum.location))
    declared = _disambiguate_overloads(_disambiguate_namespaces(declared, package.namespace), parameters)
    return _unique(declared, "type")


def _disambiguate_namespaces(declared: list[Declared], main_namespace: str) -> list[Declared]:
    """Same-named types of other namespaces than the package's take their namespace's last segment as prefix:
    Graph's `microsoft.graph.callRecords.deviceInfo` becomes `CallRecordsDeviceInfo` beside `DeviceInfo`."""
    counts = Counter(py_name for py_name, *_ in declared)
    result = []
    for py_name, qname, name, location in declared:
        namespace = _namespace_of(qname)
        if counts[py_name] > 1 and namespace and namespace != main_namespace:
            py_name = pascal_case(re.split(r"[./:]", namespace.rstrip("/"))[-1]) + py_name
        result.append((py_name, qname, name, location))
    return result


def _namespace_of(qname: str) -> str:
    """`{urn:x}Name` -> `urn:x`; `microsoft.graph.callRecords.deviceInfo` -> `microsoft.graph.callRecords`."""
    if qname.startswith("{"):
        return qname[1:].split("}", 1)[0]
    return qname.split("(", 1)[0].rsplit("/", 1)[0].rsplit(".", 1)[0]


def _disambiguate_overloads(
    declared: list[Declared], parameters: dict[str, tuple[str, ...]]
) -> list[Declared]:
    """Bound OData operations share names across binding types (`restore`): prefix the binding type.

    Function overloads on one binding type (Graph's `additionalAccess()` and
    `additionalAccess(accessPackageId=...,incompatibleAccessPackageId=...)`) then take their parameters:
    `AccessPackageAssignmentCollectionAdditionalAccessWithAccessPackageIdIncompatibleAccessPackageIdResponse`.
    """
    result = []
    counts = Counter(py_name for py_name, *_ in declared)
    for py_name, qname, name, location in declared:
        binding = _binding_type(qname)
        if counts[py_name] > 1 and binding:
            py_name = pascal_case(binding) + py_name
        result.append((py_name, qname, name, location))
    counts = Counter(py_name for py_name, *_ in result)
    final = []
    for py_name, qname, name, location in result:
        operation, _, role = qname.rpartition("/")
        if counts[py_name] > 1 and parameters.get(operation) and py_name.endswith(role):
            suffix = "With" + "".join(pascal_case(parameter) for parameter in parameters[operation])
            py_name = py_name.removesuffix(role) + suffix + role
        final.append((py_name, qname, name, location))
    return final


def _parameter_names(package: Package) -> dict[str, tuple[str, ...]]:
    """Operation qualified name -> the names of its request parameters (fields of its request model)."""
    models = {model.qname: model for model in package.models}
    names: dict[str, tuple[str, ...]] = {}
    for service in package.services:
        for operation in service.operations:
            if operation.input is not None and operation.odata is not None and operation.input in models:
                names[operation.qname] = tuple(item.name for item in models[operation.input].fields)
    return names


def _binding_type(qname: str) -> str | None:
    """`ns.setPresence(ns.presence)/Request` -> `presence`, `ns.f(Collection(ns.user))` -> `userCollection`;
    None for names without a binding.

    Function overloads carry their whole signature (`ns.f(ns.user,Edm.String)`): the binding is the first.
    """
    operation = qname.rsplit("/", 1)[0]
    if "(" not in operation or not operation.endswith(")"):
        return None
    signature = operation[operation.index("(") + 1 : -1]
    first = signature.split(",", 1)[0]
    bound = first.removeprefix("Collection(").rstrip(")").rsplit(".", 1)[-1]
    # Bound to a collection of the type, as Graph binds `validateCredentials` to both.
    return (bound + "Collection" if first.startswith("Collection(") else bound) or None


def _unique(declared: Iterable[Declared], what: str) -> dict[str, str]:
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


def _field_names(model: Model, package: Package) -> tuple[Field, ...]:
    """Field names; redeclaring an inherited field of the same schema name overrides it (XSD restriction)."""
    inherited = {item.py_name: item.name for item in _inherited_fields(model, package)}
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


def _inherited_fields(model: Model, package: Package) -> list[Field]:
    by_qname = {candidate.qname: candidate for candidate in package.models}
    fields: list[Field] = []
    base = model.base
    seen = {model.qname}
    while base is not None and base in by_qname and base not in seen:
        seen.add(base)
        parent = by_qname[base]
        fields.extend(replace(item, py_name=field_name(item.name)) for item in parent.fields)
        base = parent.base
    return fields


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


def _service_names(service: Service, parameters: dict[str, tuple[str, ...]]) -> Service:
    counts = Counter(field_name(operation.name) for operation in service.operations)
    renamed: list[Operation] = []
    for operation in service.operations:
        py_name = field_name(operation.name)
        binding = _binding_type(operation.qname)
        if counts[py_name] > 1 and binding:
            py_name = f"{snake_case(binding)}_{py_name}"
        renamed.append(replace(operation, py_name=py_name))
    counts = Counter(operation.py_name for operation in renamed)
    for index, operation in enumerate(renamed):
        if counts[operation.py_name] > 1 and parameters.get(operation.qname):
            suffix = "_".join(snake_case(parameter) for parameter in parameters[operation.qname])
            renamed[index] = replace(operation, py_name=f"{operation.py_name}_with_{suffix}")
    _unique(((op.py_name, op.qname, op.name, op.location) for op in renamed), "operation")
    return replace(service, py_name=pascal_case(service.name), operations=tuple(renamed))

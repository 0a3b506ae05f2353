"""Gives every model, field, enum, member and operation a Python name; names never stop a valid schema.

Models and enums share one namespace per package (the package re-exports them all). Two schema names that
would become one Python name are told apart deterministically, in this order (wire names stay exact):

1. an element and a type with the same schema name (a common XSD idiom): the type takes the suffix `Type`;
   so does a type named like something the generated modules import (`Final`, `Envelope`, `SoapFault`...);
2. types of namespaces other than the package's take their namespace's last segment as prefix (Graph's
   `microsoft.graph.callRecords.deviceInfo` becomes `CallRecordsDeviceInfo`), more segments while that is
   not enough (`urn:a:v1:common` and `urn:b:v1:common`);
3. bound OData operations' messages take their binding type, then their parameters (see below);
4. a class name longer than 64 characters (an unnested anonymous type deep in others) keeps the last
   `_`-separated parts of its schema name that fit; enum member names are cut to 32 characters;
5. whatever still collides (`name1` and `Name1`, `RELATION-GROUP-TYPE` and `RELATION-GROUP_TYPE`) is
   numbered: the name spelled exactly like its Python name keeps it, else the first by qualified name, and
   the others take `_2`, `_3`... in qualified-name order.

Fields are told apart the same way within a model and its bases: inherited names stay, an attribute that
collides with an element takes the suffix `_attribute`, the rest are numbered. Operations are numbered too.
The first service takes the configured `service` name when there is one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.config import PackageConfig
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
    XmlNode,
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
    fields: dict[str, tuple[Field, ...]] = {}
    models = tuple(
        replace(model, py_name=type_names[model.qname], fields=_field_names(model, index, fields))
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
    return numbered([(_shortened(item.py_name, item.name), item.qname, item.name) for item in declared])


# Longer names would make lines black cannot wrap: `class <name>(`, `def _write_any_<name>(`, and an enum
# member as one token, `<Enum>.<MEMBER>` (at most 97 characters, within 110 at any indentation generated).
MAX_TYPE_NAME = 64
MAX_MEMBER_NAME = 32
MAX_FIELD_NAME = 60
_AMBIGUOUS = frozenset({"I", "O"})
"""Names pycodestyle takes for digits (E741): Travelport's one-letter codes `I` and `O` become `I_`, `O_`."""


def _shortened(py_name: str, name: str) -> str:
    """A class name of at most `MAX_TYPE_NAME` characters: an unnested anonymous type's name
    (`Fare_MasterPricerTravelBoardSearch_ticketChangeInfo_..._connectionDetails`) keeps its last parts."""
    if len(py_name) <= MAX_TYPE_NAME:
        return py_name
    parts = [part for part in name.split("_") if part]
    while len(parts) > 1 and len(pascal_case("_".join(parts))) > MAX_TYPE_NAME:
        parts.pop(0)
    text = pascal_case("_".join(parts))[-MAX_TYPE_NAME:]
    return text if text[0].isalpha() else f"T{text.lstrip('_')}"


def _disambiguate_namespaces(declared: list[_Declared], main_namespace: str) -> list[_Declared]:
    """Same-named types of other namespaces than the package's take their namespace's last segment as
    prefix, and more segments while two of them still share one."""
    counts = Counter(item.py_name for item in declared)
    result = []
    for item in declared:
        if counts[item.py_name] > 1 and item.namespace and item.namespace != main_namespace:
            rivals = {
                other.namespace
                for other in declared
                if other.py_name == item.py_name and other.namespace not in (item.namespace, main_namespace)
            }
            item = replace(item, py_name=_namespace_prefix(item.namespace, rivals) + item.py_name)
        result.append(item)
    return result


def _namespace_prefix(namespace: str, rivals: set[str]) -> str:
    """The fewest last segments of `namespace` (with letters) that the `rivals` do not end with."""
    segments = _segments(namespace)
    taken = [_segments(rival) for rival in rivals]
    for count in range(1, len(segments) + 1):
        prefix = segments[-count:]
        if all(other[-count:] != prefix for other in taken):
            return pascal_case("_".join(prefix))
    return pascal_case("_".join(segments))


def _segments(namespace: str) -> list[str]:
    """`http://uri.etsi.org/01903/v1.3.2#` -> [uri.etsi.org, 01903, v1.3.2] -> the ones with a letter;
    a dotted OData namespace by its dots."""
    separators = r"[/:#]" if re.search(r"[/:#]", namespace) else r"\."
    parts = [part for part in re.split(separators, namespace) if re.search("[A-Za-z]", part)]
    return [pascal_case(part) for part in parts] or ["Ns"]


def numbered(declared: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """(Python name, key, schema name) -> {key: a unique Python name}. Of several items wanting one name,
    the one whose schema name is spelled exactly like it keeps it (else the first by key); the others, in
    key order, take the first free `_2`, `_3`..."""
    items = list(declared)
    wanted = Counter(py_name for py_name, _key, _name in items)
    taken = set(wanted)
    names: dict[str, str] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for py_name, key, name in items:
        groups.setdefault(py_name, []).append((key, name))
    for py_name, group in groups.items():
        group.sort()
        exact = [entry for entry in group if entry[1] == py_name]
        ordered = exact[:1] + [entry for entry in group if entry not in exact[:1]]
        names[ordered[0][0]] = py_name
        number = 1
        for key, _name in ordered[1:]:
            number += 1
            while f"{py_name}_{number}" in taken:
                number += 1
            candidate = f"{py_name}_{number}"
            taken.add(candidate)
            names[key] = candidate
    return names


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


def _field_names(model: Model, index: PackageIndex, done: dict[str, tuple[Field, ...]]) -> tuple[Field, ...]:
    """Field names, unique over the model and its bases. Redeclaring an inherited field of the same schema
    name and node overrides it (XSD restriction) and keeps its name; inherited names are never taken.
    `done` holds the models named so far, by qualified name."""
    if model.qname in done:
        return done[model.qname]
    inherited: dict[str, Field] = {}
    for ancestor in reversed(index.ancestors(model)[1:]):
        for item in _field_names(ancestor, index, done):
            inherited.setdefault(item.py_name, item)
    taken = set(inherited)
    names: dict[int, str] = {}
    # Elements first, so an attribute of an element's name is the one that takes the suffix.
    order = sorted(range(len(model.fields)), key=lambda number: _is_attribute(model.fields[number]))
    for number in order:
        item = model.fields[number]
        override = next((base for base in inherited.values() if _same_field(base, item)), None)
        if override is not None:
            names[number] = override.py_name
            continue
        py_name = field_name(item.name)
        if len(py_name) > MAX_FIELD_NAME:
            py_name = py_name[:MAX_FIELD_NAME].rstrip("_")
        if py_name in taken and _is_attribute(item):
            py_name += "_attribute"
        candidate, count = py_name, 1
        while candidate in taken:
            count += 1
            candidate = f"{py_name}_{count}"
        taken.add(candidate)
        names[number] = candidate
    named = [replace(item, py_name=names[number]) for number, item in enumerate(model.fields)]
    done[model.qname] = tuple(named)
    return done[model.qname]


def _is_attribute(item: Field) -> bool:
    return item.xml is not None and item.xml.node is XmlNode.ATTRIBUTE


def _same_field(base: Field, item: Field) -> bool:
    """Whether `item` redeclares `base`: the same schema name, and for XML the same node and namespace."""
    if base.name != item.name:
        return False
    if base.xml is None or item.xml is None:
        return True
    return (base.xml.node, base.xml.namespace) == (item.xml.node, item.xml.namespace)


def _enum_names(enum: EnumType, py_name: str) -> EnumType:
    """Member names; a member whose name another already took gets `_2`, `_3`...: values stay exact.

    Real schemas have such pairs (Graph's windowsMalwareCategory has `remoteControlSoftware` and
    `remote_Control_Software`), and a member name is only a Python alias of its value.
    """
    taken: set[str] = set()
    members = []
    for member in enum.members:
        name = constant_case(member.name)
        if len(name) > MAX_MEMBER_NAME:
            name = name[:MAX_MEMBER_NAME].rstrip("_")
        if name in _AMBIGUOUS:
            name += "_"
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
    unique = numbered([(op.py_name, op.qname, op.name) for op in renamed])
    renamed = [replace(operation, py_name=unique[operation.qname]) for operation in renamed]
    return replace(service, py_name=pascal_case(service.name), operations=tuple(renamed))

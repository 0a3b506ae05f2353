"""Puts the permissions of the package's permissions file (read by `config.permissions`) into the IR:
`ODataOperation.scopes` and `.status`, and `ODataType.read_scopes` for GETs of an entity type. A name the
file uses that the package does not have is an error at the file."""

from __future__ import annotations

from dataclasses import replace

from generator.config import PackageConfig
from generator.config.permissions import Permissions
from generator.errors import SchemaError
from generator.ir import Model, Operation, Package


def run(package: Package, config: PackageConfig) -> Package:
    return apply_permissions(package, config.permissions) if config.permissions is not None else package


def apply_permissions(package: Package, permissions: Permissions) -> Package:
    where = permissions.location
    for qname in permissions.reads:
        model = package.index.models.get(qname)
        if model is None or model.odata is None:
            raise SchemaError(where, f"[read] names '{qname}', which is not a type of the package")
    names = {op.qualified_name for op in package.index.operations.values() if op.odata is not None}
    for qname in permissions.operations:
        if qname not in names:
            raise SchemaError(
                where, f"[operations] names '{qname}', which is not an operation of the package"
            )
    return replace(
        package,
        models=tuple(_model(model, permissions) for model in package.models),
        services=tuple(
            replace(service, operations=tuple(_operation(op, permissions) for op in service.operations))
            for service in package.services
        ),
    )


def _model(model: Model, permissions: Permissions) -> Model:
    if model.odata is None:
        return model
    return replace(model, odata=replace(model.odata, read_scopes=permissions.reads.get(model.qname, ())))


def _operation(operation: Operation, permissions: Permissions) -> Operation:
    if operation.odata is None:
        return operation
    name = operation.qualified_name
    odata = replace(
        operation.odata,
        scopes=permissions.operations.get(name, ()),
        status=permissions.statuses.get(name),
    )
    return replace(operation, odata=odata)

"""Adds a `<Type>CollectionResponse` message for each entity type an OData service serves as a collection (an
entity set or a collection-valued navigation property): the `{"value": [...]}` body of collection responses.
Paging links and counts (`@odata.nextLink`, `@odata.count`) are annotations and stay in `additional_data`."""

from __future__ import annotations

from dataclasses import replace

from generator.config import PackageConfig
from generator.ir import (
    Field,
    MessageKind,
    MessageOrigin,
    Model,
    ModelRole,
    ODataProperty,
    ODataType,
    Package,
    TypeKind,
    TypeRef,
)


def run(package: Package, config: PackageConfig) -> Package:
    return add_collection_responses(package)


def add_collection_responses(package: Package) -> Package:
    containers = [service.odata for service in package.services if service.odata is not None]
    if not containers:
        return package
    index = package.index
    served = {item.type for container in containers for item in container.entity_sets if not item.singleton}
    for model in package.models:
        served.update(
            item.type.name
            for item in model.fields
            if item.is_navigation and item.collection and item.type.kind is TypeKind.MODEL
        )
    added = [
        _collection(index.models[qname])
        for qname in sorted(served)
        if qname in index.models and index.collection_of(qname) is None
    ]
    taken = set(index.models)
    added = [model for model in added if model.qname not in taken]
    return replace(package, models=package.models + tuple(added)) if added else package


def _collection(model: Model) -> Model:
    value = Field(
        name="value",
        type=TypeRef(TypeKind.MODEL, model.qname, model.qname),
        required=True,
        collection=True,
        odata=ODataProperty(),
        location=model.location,
    )
    return Model(
        # A key no schema name can have (a qualified name has no `/`), shown in docs as the collection's.
        qname=f"{model.qname}/Collection",
        name=f"{model.name}CollectionResponse",
        fields=(value,),
        namespace=model.namespace,
        role=ModelRole.MESSAGE,
        origin=MessageOrigin(MessageKind.COLLECTION, model.qname),
        odata=ODataType(),
        doc=f"A collection of ``{model.qname}``: the body of a response listing them.",
        location=model.location,
    )

"""Adds a `<Type>CollectionResponse` message for each entity type served as a collection (an entity set or a
collection-valued navigation property): the `{"value": [...]}` body of OData collection responses. Paging
links and counts (`@odata.nextLink`, `@odata.count`) are annotations and stay in `additional_data`."""

from __future__ import annotations

from dataclasses import replace

from generator.ir import Field, FieldKind, Model, ModelRole, Package, SourceKind, TypeKind, TypeRef

COLLECTION_SUFFIX = "/Collection"


def add_collection_responses(package: Package) -> Package:
    if package.source is not SourceKind.CSDL:
        return package
    by_qname = {model.qname: model for model in package.models}
    served: set[str] = set()
    for service in package.services:
        if service.odata is not None:
            served.update(item.type for item in service.odata.entity_sets if not item.singleton)
    for model in package.models:
        served.update(
            item.type.name
            for item in model.fields
            if item.kind is FieldKind.NAVIGATION and item.collection and item.type.kind is TypeKind.MODEL
        )
    added = [_collection(by_qname[qname]) for qname in sorted(served) if qname in by_qname]
    added = [model for model in added if model.qname not in by_qname]
    return replace(package, models=package.models + tuple(added)) if added else package


def _collection(model: Model) -> Model:
    value = Field(
        name="value",
        type=TypeRef(TypeKind.MODEL, model.qname, model.qname),
        kind=FieldKind.PROPERTY,
        required=True,
        collection=True,
        location=model.location,
    )
    return Model(
        qname=model.qname + COLLECTION_SUFFIX,
        name=f"{model.name}CollectionResponse",
        fields=(value,),
        role=ModelRole.MESSAGE,
        doc=f"A collection of ``{model.qname}``: the body of a response listing them.",
        location=model.location,
    )

"""`add_collection_responses` on hand-built OData IR: one `<Name>CollectionResponse` message per entity type
the container serves as a collection (entity sets, collection-valued navigation), none for singletons, none
without a container, never two for one type."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import PackageConfig
from generator.ir import (
    EntitySet,
    Field,
    MessageKind,
    MessageOrigin,
    Model,
    ModelRole,
    ODataProperty,
    Package,
    Primitive,
    TypeKind,
    TypeRef,
)
from generator.passes import collections
from generator.passes.collections import add_collection_responses
from tests.irfactory import complex_type, entity, entity_set, nav, odata_package, prop, ref

MODELS = (
    entity("t.entity", prop("id", required=True), keys=("id",), abstract=True),
    entity(
        "t.thing",
        prop("name"),
        ref("detail", "t.detail"),
        ref("details", "t.detail", collection=True),
        nav("parts", "t.part", contains=True, collection=True),
        nav("friends", "t.person", collection=True),
        nav("owner", "t.owner"),
        base="t.entity",
    ),
    entity("t.part", prop("size", Primitive.INT), base="t.entity"),
    entity("t.person", prop("displayName"), base="t.entity"),
    entity("t.owner", prop("displayName"), base="t.entity"),
    entity("t.profile", prop("motto"), nav("owner", "t.owner"), base="t.entity"),
    entity("t.unserved", prop("note"), base="t.entity"),
    complex_type("t.detail", prop("text")),
)
ENTITY_SETS = (entity_set("things", "t.thing"), entity_set("me", "t.profile", singleton=True))


def build(entity_sets: tuple[EntitySet, ...] | None = ENTITY_SETS) -> Package:
    return odata_package(MODELS, entity_sets=entity_sets)


def added(before: Package, after: Package) -> list[Model]:
    assert all(model in after.models for model in before.models)  # the pass only adds
    return [model for model in after.models if model not in before.models]


def owners(package: Package) -> set[str]:
    return {
        model.origin.owner
        for model in package.models
        if model.origin is not None and model.origin.kind is MessageKind.COLLECTION
    }


def test_entity_sets_and_collection_valued_navigation_targets_get_one() -> None:
    package = build()
    result = add_collection_responses(package)
    assert {model.origin.owner for model in added(package, result) if model.origin} == {
        "t.thing",  # an entity set
        "t.part",  # contained, collection-valued
        "t.person",  # not contained, collection-valued
    }
    assert len(added(package, result)) == 3


@pytest.mark.parametrize(
    ("qname", "name", "namespace"),
    [("t.thing", "thingCollectionResponse", "t"), ("t.part", "partCollectionResponse", "t")],
)
def test_collection_response_message(qname: str, name: str, namespace: str) -> None:
    result = add_collection_responses(build())
    collection = result.index.collection_of(qname)
    assert collection is not None
    assert collection.name == name
    assert collection.namespace == namespace
    assert collection.role is ModelRole.MESSAGE
    assert collection.origin == MessageOrigin(MessageKind.COLLECTION, qname)
    assert collection.base is None
    assert collection.odata is not None and collection.odata.odata_type is None  # messages have no type name
    assert collection.qname not in {model.qname for model in MODELS}
    (value,) = collection.fields
    assert value.name == "value"
    assert value.type == TypeRef(TypeKind.MODEL, qname, qname)
    assert value.required and value.collection and not value.nullable
    assert value.odata == ODataProperty()
    assert not value.is_navigation
    assert collection in result.models
    assert result.index.models[collection.qname] == collection


@pytest.mark.parametrize(
    ("qname", "why"),
    [
        ("t.profile", "only a singleton"),
        ("t.owner", "only single-valued navigation"),
        ("t.detail", "a complex type, collection-valued but structural"),
        ("t.unserved", "served nowhere"),
        ("t.entity", "the base of served types"),
    ],
)
def test_no_collection_response(qname: str, why: str) -> None:
    result = add_collection_responses(build())
    assert result.index.collection_of(qname) is None, why
    assert qname not in owners(result)


def test_a_singleton_type_also_served_as_a_set_gets_one() -> None:
    package = build((*ENTITY_SETS, entity_set("profiles", "t.profile")))
    assert "t.profile" in owners(add_collection_responses(package))


def test_none_without_an_entity_container() -> None:
    package = build(None)
    result = add_collection_responses(package)
    assert result == package
    assert owners(result) == set()
    assert result.index.collection_of("t.thing") is None


def test_none_for_a_package_without_services() -> None:
    package = Package(name="t", namespace="t", models=MODELS, enums=())
    assert add_collection_responses(package) == package


def test_an_entity_set_of_a_type_the_package_lacks_adds_none() -> None:
    package = build((entity_set("ghosts", "t.ghost"),))
    result = add_collection_responses(package)
    assert "t.ghost" not in owners(result)
    assert owners(result) == {"t.part", "t.person"}  # navigation of the package's types still counts


def test_running_twice_adds_nothing_more() -> None:
    once = add_collection_responses(build())
    twice = add_collection_responses(once)
    assert twice == once
    assert len(twice.models) == len(once.models)


def test_an_existing_collection_response_is_kept() -> None:
    own = Model(
        qname="t.thingPage",
        name="thingPage",
        fields=(
            Field("value", TypeRef(TypeKind.MODEL, "t.thing", "t.thing"), required=True, collection=True),
        ),
        namespace="t",
        role=ModelRole.MESSAGE,
        origin=MessageOrigin(MessageKind.COLLECTION, "t.thing"),
    )
    package = odata_package((*MODELS, own), entity_sets=ENTITY_SETS)
    result = add_collection_responses(package)
    assert result.index.collection_of("t.thing") == own
    assert [model for model in result.models if model.origin and model.origin.owner == "t.thing"] == [own]


def test_run_is_the_pass() -> None:
    package = build()
    config = PackageConfig(name="t", spec=(Path("t.xml"),))
    assert collections.run(package, config) == add_collection_responses(package)

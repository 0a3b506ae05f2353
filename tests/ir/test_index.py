"""The package index: lookups, base chains, inherited fields and derived types every stage shares."""

from __future__ import annotations

from dataclasses import replace

from generator.ir import MessageKind, Module, Package
from generator.passes.collections import add_collection_responses
from tests.irfactory import (
    NS,
    element,
    entity,
    entity_set,
    enum,
    model,
    odata_package,
    package,
    prop,
)


def _chain_package() -> Package:
    base = model("Base", element("id"), element("name"))
    middle = model("Middle", element("size"), base=base.qname)
    # A restriction redeclares `name` lower down: the redeclared field replaces the inherited one in place.
    leaf = model(
        "Leaf", replace(element("name"), py_name="name", required=True), base=middle.qname, restricts=True
    )
    return package(base, middle, leaf, model("Other"))


def test_ancestors_all_fields_and_derived() -> None:
    named = _chain_package()
    index = named.index
    leaf = index.models[f"{{{NS}}}Leaf"]
    assert [item.name for item in index.ancestors(leaf)] == ["Leaf", "Middle", "Base"]
    assert index.root(leaf).name == "Base"
    fields = index.all_fields(leaf)
    assert [(item.name, item.required) for item in fields] == [("id", False), ("name", True), ("size", False)]
    assert [item.name for item in index.inherited_fields(leaf)] == ["size", "id", "name"]
    assert [item.name for item in index.derived(f"{{{NS}}}Base")] == ["Middle", "Leaf"]
    assert index.derived(f"{{{NS}}}Leaf") == []
    assert index.chain("{urn:test}Missing") == []


def test_an_extension_redeclaring_inherited_elements_puts_them_where_it_declares_them() -> None:
    # SDMX's DataStructureComponentsType: its base restricts GroupingType's elements away, and the extension
    # declares them again, in an order of its own.
    grouping = model("Grouping", element("measures"), element("groups"), element("dimensions"))
    emptied = model("Emptied", base=grouping.qname, restricts=True)
    components = model(
        "Components", element("dimensions"), element("groups"), element("measures"), base=emptied.qname
    )
    index = package(grouping, emptied, components).index
    assert [item.name for item in index.all_fields(components)] == ["dimensions", "groups", "measures"]
    assert [item.name for item in index.all_fields(emptied)] == ["measures", "groups", "dimensions"]


def test_a_base_outside_the_package_or_a_cycle_ends_the_chain() -> None:
    outside = model("Outside", base="{urn:elsewhere}Gone")
    first = model("First", base=f"{{{NS}}}Second")
    second = model("Second", base=f"{{{NS}}}First")
    index = package(outside, first, second).index
    assert [item.name for item in index.ancestors(outside)] == ["Outside"]
    assert [item.name for item in index.ancestors(first)] == ["First", "Second"]


def test_names_modules_and_operations() -> None:
    item = replace(model("Item"), py_name="ItemType")
    color = replace(enum("Color", "red"), py_name="Color")
    named = replace(
        package(item, enums=(color,)),
        modules=(Module("enums", enums=(color.qname,)), Module("models", models=(item.qname,))),
    )
    index = named.index
    assert (index.py_name(item.qname), index.py_name(color.qname)) == ("ItemType", "Color")
    assert (index.module_of(item.qname), index.module_of(color.qname)) == ("models", "enums")


def test_collection_responses_are_found_by_their_entity_type() -> None:
    thing = entity("t.thing", prop("id", required=True), keys=("id",))
    selected = add_collection_responses(odata_package([thing], entity_sets=[entity_set("things", "t.thing")]))
    collection = selected.index.collection_of("t.thing")
    assert collection is not None and collection.origin is not None
    assert collection.origin.kind is MessageKind.COLLECTION and collection.name == "thingCollectionResponse"
    assert selected.index.collection_of("t.other") is None


def test_the_index_is_built_once_per_package_value() -> None:
    named = package(model("Item"))
    assert named.index is named.index
    changed = replace(named, models=(*named.models, model("Other")))
    assert changed.index is not named.index and set(changed.index.models) == {
        f"{{{NS}}}Item",
        f"{{{NS}}}Other",
    }

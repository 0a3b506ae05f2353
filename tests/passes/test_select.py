"""`select_roots` on hand-built IR: one rule per test, on a small OData-like package (namespace `t`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.errors import SchemaError
from generator.frontends import read_spec
from generator.ir import EntitySet, Location, MessageKind, Package, Primitive, TypeKind
from generator.passes.select import select_roots
from tests.irfactory import (
    complex_type,
    entity,
    entity_set,
    message,
    nav,
    odata_enum,
    odata_package,
    operation,
    prop,
    ref,
)


def with_entity_sets(*entity_sets: EntitySet) -> Package:
    """PACKAGE with its container holding only `entity_sets`."""
    container = PACKAGE.services[0].odata
    assert container is not None
    return replace(
        PACKAGE, services=(replace(PACKAGE.services[0], odata=replace(container, entity_sets=entity_sets)),)
    )


OPERATIONS = (
    operation("act", "t.thing", request=True),
    operation("list", "t.thing", collection=True, returns="t.thing", returns_collection=True),
    operation("act", "t.person"),
    operation("find", "t.root", returns="t.thing"),
    operation("findAll", "t.person", collection=True, returns="t.thing", returns_collection=True),
    operation("findHidden", "t.lost", returns="t.thing"),
    operation("findOnSingleton", "t.root", collection=True, returns="t.thing", returns_collection=True),
    operation("top", None, returns="t.thing"),
)

MODELS = (
    entity("t.entity", prop("id", required=True), keys=("id",), abstract=True),
    entity(
        "t.thing",
        prop("name"),
        ref("status", "t.status", TypeKind.ENUM),
        ref("detail", "t.detail"),
        nav("owner", "t.person"),
        nav("parts", "t.part", contains=True, collection=True),
        base="t.entity",
    ),
    complex_type("t.detail", prop("text"), ref("shapes", "t.shape", collection=True)),
    complex_type("t.shape", abstract=True),
    complex_type("t.circle", prop("radius", Primitive.FLOAT), base="t.shape"),
    complex_type("t.square", prop("side", Primitive.FLOAT), base="t.shape"),
    entity("t.part", prop("size", Primitive.INT), base="t.entity"),
    entity(
        "t.person",
        prop("displayName"),
        ref("favourite", "t.color", TypeKind.ENUM),
        nav("thing", "t.thing", contains=True),
        nav("things", "t.thing", collection=True),
        base="t.entity",
    ),
    entity("t.employee", prop("salary", Primitive.DECIMAL), base="t.person"),
    entity(
        "t.root",
        prop("rid", required=True),
        prop("label"),
        nav("things", "t.thing", contains=True, collection=True),
        nav("loose", "t.thing", collection=True),
        keys=("rid",),
    ),
    entity("t.other", prop("note"), base="t.entity"),
    entity("t.lost", prop("note"), base="t.entity"),
    message("t.act(t.thing)", MessageKind.REQUEST, ref("kind", "t.kind", TypeKind.ENUM), name="actRequest"),
    message(
        "t.list(Collection(t.thing))",
        MessageKind.RESPONSE,
        ref("value", "t.thing", collection=True),
        name="listResponse",
    ),
    message(
        "t.findAll(Collection(t.person))",
        MessageKind.RESPONSE,
        ref("value", "t.thing", collection=True),
        name="findAllResponse",
    ),
    message(
        "t.findOnSingleton(Collection(t.root))",
        MessageKind.RESPONSE,
        ref("value", "t.thing", collection=True),
        name="findOnSingletonResponse",
    ),
)

ENTITY_SETS = (
    entity_set("things", "t.thing", ("owner", "people"), ("parts", "others")),
    entity_set("people", "t.person", ("things", "things"), ("t.employee/thing", "things")),
    entity_set("employees", "t.employee"),
    entity_set("root", "t.root", ("things/owner", "people"), ("loose", "things"), singleton=True),
    entity_set("others", "t.other"),
)

PACKAGE = odata_package(
    MODELS,
    (
        odata_enum("t.color", "red", "green"),
        odata_enum("t.kind", "a", "b"),
        odata_enum("t.status", "on", "off"),
    ),
    OPERATIONS,
    ENTITY_SETS,
)


def models(package: Package) -> dict[str, tuple[str, ...]]:
    return {model.qname: tuple(field.name for field in model.fields) for model in package.models}


def enums(package: Package) -> list[str]:
    return [enum_type.qname for enum_type in package.enums]


def operations(package: Package) -> list[str]:
    return [op.qname for service in package.services for op in service.operations]


def sets(package: Package) -> dict[str, tuple[tuple[str, str], ...]]:
    container = package.services[0].odata
    assert container is not None
    return {
        entity_set.name: tuple(
            ("/".join(segment.name for segment in binding.path), binding.target)
            for binding in entity_set.bindings
        )
        for entity_set in container.entity_sets
    }


# -- the rules -----------------------------------------------------------------------------------------


def test_empty_roots_keep_the_package() -> None:
    assert select_roots(PACKAGE, []) is PACKAGE


def test_enum_root() -> None:
    selected = select_roots(PACKAGE, ["t.color"])
    assert enums(selected) == ["t.color"]
    assert models(selected) == {}
    assert operations(selected) == []
    assert sets(selected) == {}


def test_type_root_is_whole_with_its_structural_closure() -> None:
    selected = select_roots(PACKAGE, ["t.thing"])
    kept = models(selected)
    assert kept["t.thing"] == ("name", "status", "detail", "owner")
    assert kept["t.entity"] == ("id",)
    assert kept["t.detail"] == ("text", "shapes")
    assert "t.part" not in kept
    assert "t.other" not in kept


def test_abstract_complex_types_bring_their_derived_types() -> None:
    assert set(models(select_roots(PACKAGE, ["t.detail"]))) == {"t.detail", "t.shape", "t.circle", "t.square"}
    # a derived type brings its base whole, so (the base being abstract) its siblings too
    assert set(models(select_roots(PACKAGE, ["t.circle"]))) == {"t.circle", "t.shape", "t.square"}
    # a concrete complex type does not bring its derived types
    concrete = replace(PACKAGE, models=tuple(replace(m, abstract=False) for m in PACKAGE.models))
    assert set(models(select_roots(concrete, ["t.shape"]))) == {"t.shape"}
    # an abstract entity type does not bring its derived types
    assert set(models(select_roots(PACKAGE, ["t.entity"]))) == {"t.entity"}


def test_enums_of_kept_types_only() -> None:
    assert enums(select_roots(PACKAGE, ["t.thing"])) == ["t.kind", "t.status"]
    assert enums(select_roots(PACKAGE, ["t.detail"])) == []


def test_navigation_kept_only_when_the_target_is_kept() -> None:
    selected = select_roots(PACKAGE, ["t.thing"])
    # owner -> t.person (kept as a stub: people/thing addresses t.thing); parts -> t.part (not kept)
    assert "owner" in models(selected)["t.thing"]
    assert "parts" not in models(selected)["t.thing"]
    assert "t.person" in models(selected)
    # navigation properties are not followed
    assert "t.part" not in models(selected)


def test_operations_bound_to_the_root_with_their_closure() -> None:
    selected = select_roots(PACKAGE, ["t.thing"])
    assert "t.act(t.thing)" in operations(selected)
    assert "t.list(Collection(t.thing))" in operations(selected)
    assert "t.act(t.person)" not in operations(selected)
    kept = models(selected)
    assert kept["t.act(t.thing)/Request"] == ("kind",)
    assert kept["t.list(Collection(t.thing))/Response"] == ("value",)
    assert "t.kind" in enums(selected)


def test_container_paths_to_the_root() -> None:
    selected = select_roots(PACKAGE, ["t.thing"])
    # things (its type), people (person.thing contains it), employees (inherited person.thing),
    # root (root.things contains it); not others
    assert list(sets(selected)) == ["things", "people", "employees", "root"]
    kept = models(selected)
    # stubs: declared keys and the navigation properties on kept paths only
    assert kept["t.root"] == ("rid", "things")
    assert kept["t.person"] == ("thing",)
    assert kept["t.employee"] == ()
    # a non-containment navigation does not address the root
    assert "loose" not in kept["t.root"]
    root = selected.index.models["t.root"]
    assert root.doc == "The t.root entity." and root.odata == PACKAGE.index.models["t.root"].odata


def test_containment_declared_on_a_base_of_the_set_type() -> None:
    package = with_entity_sets(entity_set("employees", "t.employee"))
    selected = select_roots(package, ["t.thing"])
    assert list(sets(selected)) == ["employees"]
    kept = models(selected)
    assert kept["t.employee"] == ()
    assert kept["t.person"] == ("thing",)


def test_operations_returning_the_root_need_an_addressable_binding_type() -> None:
    kept = operations(select_roots(PACKAGE, ["t.thing"]))
    assert "t.find(t.root)" in kept  # bound to the type of a singleton
    assert "t.findAll(Collection(t.person))" in kept  # collection-bound, people is an entity set
    assert "t.findHidden(t.lost)" not in kept  # no entity set or singleton has type t.lost
    assert "t.findOnSingleton(Collection(t.root))" not in kept  # a singleton cannot address a collection
    assert "t.top" not in kept  # unbound operations are not addressable


def test_operations_returning_the_root_keep_the_addressing_sets() -> None:
    package = with_entity_sets(entity_set("others", "t.other"), entity_set("losts", "t.lost"))
    selected = select_roots(package, ["t.thing"])
    assert "t.findHidden(t.lost)" in operations(selected)
    assert list(sets(selected)) == ["losts"]
    assert models(selected)["t.lost"] == ()
    assert "t.other" not in models(selected)
    assert models(selected)["t.entity"] == ("id",)


def test_operation_root_by_full_qname() -> None:
    selected = select_roots(PACKAGE, ["t.act(t.person)"])
    assert operations(selected) == ["t.act(t.person)"]
    kept = models(selected)
    # the binding type whole (with its structural closure), but no operations or paths of its own
    assert kept["t.person"] == ("displayName", "favourite")
    assert set(kept) == {"t.person", "t.entity"}
    assert enums(selected) == ["t.color"]
    assert sets(selected) == {}


def test_operation_root_by_bare_name_takes_every_overload() -> None:
    selected = select_roots(PACKAGE, ["t.act"])
    assert operations(selected) == ["t.act(t.person)", "t.act(t.thing)"]
    assert {"t.person", "t.thing", "t.act(t.thing)/Request"} <= set(models(selected))
    assert operations(select_roots(PACKAGE, ["t.top"])) == ["t.top"]


def test_path_root() -> None:
    selected = select_roots(PACKAGE, ["people/thing"])
    assert sets(selected) == {"people": ()}  # people.things -> things: neither kept
    kept = models(selected)
    assert kept["t.person"] == ("thing",)
    assert kept["t.thing"] == ("name", "status", "detail", "owner")
    # the operations bound to the end type, but not its other container paths
    assert operations(selected) == ["t.act(t.thing)", "t.list(Collection(t.thing))"]
    assert "t.root" not in kept


def test_path_root_through_an_inherited_navigation() -> None:
    selected = select_roots(PACKAGE, ["employees/thing"])
    assert list(sets(selected)) == ["employees"]
    kept = models(selected)
    assert kept["t.employee"] == ()
    assert kept["t.person"] == ("thing",)
    assert kept["t.entity"] == ("id",)


def test_longer_path_root_keeps_the_types_it_runs_through_as_stubs() -> None:
    selected = select_roots(PACKAGE, ["root/things/parts"])
    assert list(sets(selected)) == ["root"]
    kept = models(selected)
    assert kept["t.root"] == ("rid", "things")
    assert kept["t.thing"] == ("parts",)
    assert kept["t.part"] == ("size",)


def test_bare_entity_set_root_keeps_its_type_whole() -> None:
    selected = select_roots(PACKAGE, ["people"])
    assert sets(selected) == {"people": ()}
    kept = models(selected)
    # bound to t.person, single or collection; findAll brings t.thing, so person.thing and person.things stay
    assert operations(selected) == ["t.act(t.person)", "t.findAll(Collection(t.person))"]
    assert kept["t.person"] == ("displayName", "favourite", "thing", "things")
    # but not the other container paths of t.person or t.thing
    assert "t.find(t.root)" not in operations(selected)


def test_a_type_both_root_and_on_a_path_is_whole() -> None:
    selected = select_roots(PACKAGE, ["t.thing", "t.person"])
    assert models(selected)["t.person"] == ("displayName", "favourite", "thing", "things")
    assert models(selected)["t.thing"] == ("name", "status", "detail", "owner")


def test_navigation_bindings_need_both_ends() -> None:
    selected = select_roots(PACKAGE, ["t.thing"])
    bindings = sets(selected)
    # owner is kept and people is kept; parts is not kept and others is not kept
    assert bindings["things"] == (("owner", "people"),)
    # people.things is not a kept navigation; the cast path runs over person.thing, kept
    assert bindings["people"] == (("t.employee/thing", "things"),)
    # things/owner runs over kept navigations; loose is not kept
    assert bindings["root"] == (("things/owner", "people"),)


def test_unknown_roots() -> None:
    for root in ("t.nope", "nowhere", "people/nope", "people/displayName", "t.act(t.other)"):
        with pytest.raises(SchemaError) as caught:
            select_roots(PACKAGE, [root])
        assert caught.value.message == f"root '{root}' names no type, operation or container path"
        assert isinstance(caught.value.location, Location) and caught.value.location.path == "<roots>"


def test_output_is_sorted_and_keeps_schema_order() -> None:
    selected = select_roots(PACKAGE, ["t.thing", "t.color"])
    qnames = [model.qname for model in selected.models]
    assert qnames == sorted(qnames)
    assert enums(selected) == sorted(enums(selected))
    assert operations(selected) == sorted(operations(selected))


ROOT_SETS = [
    ["t.thing"],
    ["t.detail"],
    ["t.color"],
    ["t.act"],
    ["t.find(t.root)"],
    ["people/thing"],
    ["root/things/parts"],
    ["people"],
    ["t.thing", "t.person"],
    ["employees/thing", "t.circle", "t.top"],
]


@pytest.mark.parametrize("roots", ROOT_SETS, ids=lambda roots: "+".join(roots))
def test_selection_is_idempotent(roots: list[str]) -> None:
    selected = select_roots(PACKAGE, roots)
    assert select_roots(selected, roots) == selected


@pytest.mark.parametrize("roots", [r for r in ROOT_SETS if len(r) > 1], ids=lambda roots: "+".join(roots))
def test_root_order_does_not_matter(roots: list[str]) -> None:
    assert select_roots(PACKAGE, roots) == select_roots(PACKAGE, list(reversed(roots)))


def test_the_input_package_is_not_changed() -> None:
    before = repr(PACKAGE)
    select_roots(PACKAGE, ["t.thing"])
    assert repr(PACKAGE) == before


def test_selection_does_not_depend_on_the_file() -> None:
    located = replace(
        PACKAGE,
        models=tuple(
            replace(
                model,
                location=Location("other.xml", index),
                fields=tuple(replace(field, location=Location("other.xml", index)) for field in model.fields),
            )
            for index, model in enumerate(PACKAGE.models)
        ),
    )
    assert select_roots(located, ["t.thing"]) == select_roots(PACKAGE, ["t.thing"])


def test_an_xsd_element_root_by_clark_name_needs_no_suffix(tmp_path: Path) -> None:
    schema = tmp_path / "s.xsd"
    schema.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">'
        '<xs:complexType name="Order"><xs:sequence><xs:element name="id" type="xs:string"/></xs:sequence>'
        '</xs:complexType><xs:element name="Order" type="t:Order"/>'
        '<xs:element name="Note"><xs:complexType><xs:sequence><xs:element name="text" type="xs:string"/>'
        "</xs:sequence></xs:complexType></xs:element>"
        '<xs:element name="Other" type="xs:string"/></xs:schema>',
        encoding="utf-8",
    )
    package = read_spec(schema, package="p")
    kept = select_roots(package, ["{urn:t}Note"])
    assert [model.qname for model in kept.models] == ["{urn:t}Note#element"]
    ordered = select_roots(package, ["{urn:t}Order"])
    assert {model.name for model in ordered.models} == {"Order"}
    assert "{urn:t}Other" not in {model.qname for model in ordered.models}

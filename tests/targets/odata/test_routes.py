"""`read_routes` on hand-built OData IR: the REST routes an entity container gives (entity sets, singletons,
contained navigation, bound actions and functions), their handler names, operation ids, Starlette paths,
permissions, empty statuses and response models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from generator.ir import EntitySet, MessageKind, Model, Operation, Package, Primitive
from generator.passes.collections import add_collection_responses
from generator.targets.odata.routes import (
    MAX_HANDLER_NAME,
    MAX_NAVIGATION_DEPTH,
    KeySegment,
    Route,
    read_routes,
)
from tests.irfactory import entity, entity_set, message, nav, odata_package, operation, prop

ENTITY = entity("t.entity", prop("id", required=True), keys=("id",), abstract=True)
THING = entity(
    "t.thing",
    prop("name"),
    nav("parts", "t.part", contains=True, collection=True),
    nav("detail", "t.detail", contains=True),
    nav("owner", "t.person"),
    nav("friends", "t.person", collection=True),
    base="t.entity",
)
PART = entity("t.part", prop("size", Primitive.INT), base="t.entity")
DETAIL = entity("t.detail", prop("text"), base="t.entity")
PERSON = entity("t.person", prop("displayName"), base="t.entity")
LOST = entity("t.lost", prop("note"), base="t.entity")
MODELS = (ENTITY, THING, PART, DETAIL, PERSON, LOST)

FIND = operation("find", "t.thing", returns="t.part", request=True)
OPERATIONS = (
    operation("archive", "t.thing", request=True),
    operation("archiveAll", "t.thing", collection=True),
    operation("touch", "t.entity"),
    operation("touchAll", "t.entity", collection=True),
    operation("lonely", "t.lost"),
    FIND,
    operation("latest", "t.thing", collection=True, returns="t.thing"),
)
MESSAGES = (
    message("t.archive(t.thing)", MessageKind.REQUEST, prop("reason"), name="archiveRequest"),
    message(
        "t.find(t.thing)",
        MessageKind.REQUEST,
        prop("name"),
        prop("maxCount", Primitive.INT),
        name="findRequest",
    ),
)
ENTITY_SETS = (
    entity_set("things", "t.thing", ("owner", "people"), ("friends", "people")),
    entity_set("people", "t.person"),
    entity_set("me", "t.person", singleton=True),
)
FIND_PATH = "/things/{thing-id}/find(name={name},maxCount={maxCount})"


def build(
    models: Sequence[Model] = MODELS,
    operations: Sequence[Operation] = (),
    entity_sets: Sequence[EntitySet] = ENTITY_SETS,
    *,
    collections: bool = False,
) -> Package:
    package = odata_package(models, operations=operations, entity_sets=entity_sets)
    return add_collection_responses(package) if collections else package


def routes_of(
    models: Sequence[Model] = MODELS,
    operations: Sequence[Operation] = (),
    entity_sets: Sequence[EntitySet] = ENTITY_SETS,
    *,
    collections: bool = False,
) -> list[Route]:
    return read_routes(build(models, operations, entity_sets, collections=collections))


def table(routes: Sequence[Route]) -> set[tuple[str, str, str]]:
    return {(route.method, route.path, route.kind) for route in routes}


def find(routes: Sequence[Route], method: str, path: str) -> Route:
    """The one route with this method and path."""
    found = [route for route in routes if route.method == method and route.path == path]
    assert len(found) == 1, f"{method} {path}: {len(found)} routes"
    return found[0]


FULL = routes_of((*MODELS, *MESSAGES), OPERATIONS)


# -- entity sets and singletons -----------------------------------------------------------------------


def test_entity_set_gives_get_collection_and_get_by_key() -> None:
    routes = routes_of((ENTITY, PART), entity_sets=(entity_set("parts", "t.part"),))
    assert [(route.method, route.path, route.kind) for route in routes] == [
        ("GET", "/parts", "collection"),
        ("GET", "/parts/{part-id}", "entity"),
    ]
    listing, item = routes
    assert listing.keys == ()
    assert item.keys == (KeySegment("part-id", "t.part"),)
    assert listing.target == item.target == "t.part"
    assert item.response == "t.part"
    assert listing.operation is None and item.operation is None


@pytest.mark.parametrize(
    ("name", "type_", "key"),
    [
        ("things", "t.thing", "thing-id"),
        ("people", "t.person", "person-id"),
        ("staff", "t.person", "person-id"),
    ],
)
def test_key_is_named_after_the_entity_type(name: str, type_: str, key: str) -> None:
    routes = routes_of(entity_sets=(entity_set(name, type_),))
    assert find(routes, "GET", f"/{name}/{{{key}}}").keys == (KeySegment(key, type_),)


def test_singleton_gives_one_get() -> None:
    routes = routes_of((ENTITY, PERSON), entity_sets=(entity_set("me", "t.person", singleton=True),))
    assert table(routes) == {("GET", "/me", "entity")}
    (route,) = routes
    assert route.keys == ()
    assert route.response == "t.person"
    assert route.target == "t.person"


def test_no_entity_container_no_routes() -> None:
    assert read_routes(odata_package(MODELS, operations=OPERATIONS)) == []
    assert read_routes(Package(name="t", namespace="t", models=MODELS, enums=())) == []


# -- navigation ---------------------------------------------------------------------------------------


def test_contained_navigation_adds_collection_and_single_routes() -> None:
    routes = routes_of(entity_sets=(entity_set("things", "t.thing"),))
    assert table(routes) == {
        ("GET", "/things", "collection"),
        ("GET", "/things/{thing-id}", "entity"),
        ("GET", "/things/{thing-id}/parts", "collection"),
        ("GET", "/things/{thing-id}/parts/{part-id}", "entity"),
        ("GET", "/things/{thing-id}/detail", "entity"),
    }
    part = find(routes, "GET", "/things/{thing-id}/parts/{part-id}")
    assert part.keys == (KeySegment("thing-id", "t.thing"), KeySegment("part-id", "t.part"))
    assert part.target == part.response == "t.part"
    parts = find(routes, "GET", "/things/{thing-id}/parts")
    assert parts.keys == (KeySegment("thing-id", "t.thing"),)
    assert parts.target == "t.part"
    detail = find(routes, "GET", "/things/{thing-id}/detail")
    assert detail.keys == (KeySegment("thing-id", "t.thing"),)
    assert detail.target == detail.response == "t.detail"


def test_contained_navigation_of_a_singleton() -> None:
    routes = routes_of(entity_sets=(entity_set("mine", "t.thing", singleton=True),))
    assert table(routes) == {
        ("GET", "/mine", "entity"),
        ("GET", "/mine/parts", "collection"),
        ("GET", "/mine/parts/{part-id}", "entity"),
        ("GET", "/mine/detail", "entity"),
    }


def test_contained_navigation_declared_on_a_base_type() -> None:
    base = entity(
        "t.holder", prop("id", required=True), nav("notes", "t.note", contains=True, collection=True)
    )
    models = (base, entity("t.box", prop("label"), base="t.holder"), entity("t.note", prop("text")))
    routes = routes_of(models, entity_sets=(entity_set("boxes", "t.box"),))
    assert ("GET", "/boxes/{box-id}/notes/{note-id}", "entity") in table(routes)


def test_non_contained_navigation_adds_no_routes() -> None:
    routes = routes_of()
    paths = {route.path for route in routes}
    assert not [path for path in paths if "/owner" in path or "/friends" in path]
    # The targets are still served where the container puts them.
    assert {"/people", "/people/{person-id}", "/me"} <= paths


def test_key_names_are_numbered_when_a_path_repeats_a_type() -> None:
    folder = entity(
        "t.folder", prop("id", required=True), nav("children", "t.folder", contains=True, collection=True)
    )
    routes = routes_of((folder,), entity_sets=(entity_set("folders", "t.folder"),))
    deepest = max(routes, key=lambda route: len(route.keys))
    assert deepest.path == "/folders/{folder-id}/children/{folder-id1}/children/{folder-id2}"
    assert deepest.keys == tuple(
        KeySegment(name, "t.folder") for name in ("folder-id", "folder-id1", "folder-id2")
    )
    assert deepest.starlette_path == "/folders/{folder_id}/children/{folder_id1}/children/{folder_id2}"
    assert [key.parameter for key in deepest.keys] == ["folder_id", "folder_id1", "folder_id2"]


def test_navigation_stops_at_max_depth() -> None:
    assert MAX_NAVIGATION_DEPTH >= 1
    count = MAX_NAVIGATION_DEPTH + 2
    chain = [
        entity(f"t.n{number}", prop("id", required=True), nav("next", f"t.n{number + 1}", contains=True))
        for number in range(count)
    ]
    chain.append(entity(f"t.n{count}", prop("id", required=True)))
    routes = routes_of(chain, entity_sets=(entity_set("root", "t.n0", singleton=True),))
    assert sorted(route.path for route in routes) == [
        "/root" + "/next" * depth for depth in range(MAX_NAVIGATION_DEPTH + 1)
    ]


def test_self_containment_stops_at_max_depth() -> None:
    folder = entity("t.folder", prop("id", required=True), nav("child", "t.folder", contains=True))
    routes = routes_of((folder,), entity_sets=(entity_set("root", "t.folder", singleton=True),))
    assert max(route.path.count("/child") for route in routes) == MAX_NAVIGATION_DEPTH


# -- operations ---------------------------------------------------------------------------------------


def test_actions_bound_to_the_type_and_its_collection() -> None:
    routes = FULL
    archive = find(routes, "POST", "/things/{thing-id}/archive")
    assert archive.kind == "action"
    assert archive.keys == (KeySegment("thing-id", "t.thing"),)
    assert archive.operation is not None and archive.operation.qname == "t.archive(t.thing)"
    assert archive.request == "t.archive(t.thing)/Request"
    assert archive.response is None
    archive_all = find(routes, "POST", "/things/archiveAll")
    assert archive_all.keys == ()
    assert archive_all.request is None
    assert archive_all.operation is not None
    assert archive_all.operation.qname == "t.archiveAll(Collection(t.thing))"
    # An action bound to one entity is not on the collection path, nor the other way round.
    assert not [
        route for route in routes if route.path in ("/things/archive", "/things/{thing-id}/archiveAll")
    ]


def test_actions_bound_to_a_base_type_are_on_every_addressed_derived_type() -> None:
    paths = {route.path for route in FULL if route.method == "POST"}
    assert {
        "/things/{thing-id}/touch",
        "/things/{thing-id}/parts/{part-id}/touch",
        "/things/{thing-id}/detail/touch",
        "/people/{person-id}/touch",
        "/me/touch",
        "/things/touchAll",
        "/things/{thing-id}/parts/touchAll",
        "/people/touchAll",
    } <= paths
    assert "/me/touchAll" not in paths  # a singleton is no collection


def test_operations_bound_to_types_no_path_addresses_add_nothing() -> None:
    assert not [route for route in FULL if "lonely" in route.path]
    assert not [route for route in FULL if route.operation is not None and route.operation.name == "lonely"]


def test_function_parameters_are_path_keys() -> None:
    route = find(FULL, "GET", FIND_PATH)
    assert route.kind == "function"
    assert route.keys == (
        KeySegment("thing-id", "t.thing"),
        KeySegment("name", ""),
        KeySegment("maxCount", ""),
    )
    assert route.starlette_path == "/things/{thing_id}/find(name={name},maxCount={max_count})"
    assert [key.parameter for key in route.keys] == ["thing_id", "name", "max_count"]
    assert route.request is None  # the parameters travel in the URL, not in a body
    assert route.response == "t.part"


def test_function_without_parameters_bound_to_the_collection() -> None:
    route = find(FULL, "GET", "/things/latest()")
    assert route.kind == "function"
    assert route.keys == ()
    assert route.response == "t.thing"


# -- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "handler"),
    [
        ("GET", "/things", "list_things"),
        ("GET", "/things/{thing-id}", "get_things_item"),
        ("GET", "/things/{thing-id}/parts", "list_things_parts"),
        ("GET", "/things/{thing-id}/parts/{part-id}", "get_things_parts_item"),
        ("GET", "/things/{thing-id}/detail", "get_things_detail"),
        ("GET", "/me", "get_me"),
        ("POST", "/things/{thing-id}/archive", "things_archive"),
        ("POST", "/things/archiveAll", "things_archive_all"),
        ("POST", "/things/{thing-id}/parts/{part-id}/touch", "things_parts_touch"),
        ("POST", "/me/touch", "me_touch"),
        ("GET", FIND_PATH, "things_find"),
        ("GET", "/things/latest()", "things_latest"),
    ],
)
def test_handler_names(method: str, path: str, handler: str) -> None:
    assert find(FULL, method, path).handler == handler


def test_handler_names_are_unique_identifiers() -> None:
    handlers = [route.handler for route in FULL]
    assert len(set(handlers)) == len(handlers)
    assert all(handler.isidentifier() for handler in handlers)


def test_same_named_routes_are_numbered_in_route_order() -> None:
    models = (
        entity("t.thing", prop("id", required=True), keys=("id",)),
        message("t.f(t.thing,Edm.String)", MessageKind.REQUEST, prop("x"), name="fRequest"),
        message("t.f(t.thing,Edm.Int32)", MessageKind.REQUEST, prop("y", Primitive.INT), name="fRequest"),
        message(
            "t.f(t.thing,Edm.Boolean)", MessageKind.REQUEST, prop("z", Primitive.BOOLEAN), name="fRequest"
        ),
    )
    operations = (
        operation("act", "t.thing", collection=True),
        operation("act", "t.thing"),
        *(
            operation("f", "t.thing", returns="t.thing", request=True, signature=f"t.thing,{wire}")
            for wire in ("Edm.String", "Edm.Int32", "Edm.Boolean")
        ),
    )
    routes = routes_of(models, operations, (entity_set("things", "t.thing"),))
    acts = [route for route in routes if route.base_handler == "things_act"]
    assert [route.path for route in acts] == ["/things/act", "/things/{thing-id}/act"]  # collection first
    assert [route.handler for route in acts] == ["things_act", "things_act_2"]
    functions = [route for route in routes if route.kind == "function"]
    assert len({route.path for route in functions}) == 3
    assert [route.handler for route in functions] == ["things_f", "things_f_2", "things_f_3"]
    assert functions[0].operation_id == "get_things_by_thing_id_f"
    assert [route.operation_id for route in functions[1:]] == [
        "get_things_by_thing_id_f_2",
        "get_things_by_thing_id_f_3",
    ]
    assert acts[1].operation_id == "post_things_by_thing_id_act_2"
    ids = [route.operation_id for route in routes]
    assert len(set(ids)) == len(ids)
    assert read_routes(build(models, operations, (entity_set("things", "t.thing"),))) == routes


def test_numbered_handler_names_never_take_the_name_of_another_route() -> None:
    models = (entity("t.thing", prop("id", required=True), keys=("id",)),)
    operations = (
        operation("act", "t.thing", collection=True),
        operation("act", "t.thing"),
        operation("act_2", "t.thing", collection=True),
    )
    routes = routes_of(models, operations, (entity_set("things", "t.thing"),))
    handlers = [route.handler for route in routes]
    assert len(set(handlers)) == len(handlers), handlers


@pytest.mark.parametrize("collection", [False, True], ids=["entity", "collection"])
def test_same_named_operations_bound_to_a_type_and_its_base_give_one_route(collection: bool) -> None:
    models = (ENTITY, entity("t.thing", prop("name"), base="t.entity"))
    operations = (
        operation("act", "t.entity", collection=collection),
        operation("act", "t.thing", collection=collection),
    )
    routes = routes_of(models, operations, (entity_set("things", "t.thing"),))
    pairs = [(route.method, route.path) for route in routes]
    assert len(set(pairs)) == len(pairs), pairs
    # Bound operations are like methods of a class (OData Part 1, 11.5): the derived type's one overrides.
    path = "/things/act" if collection else "/things/{thing-id}/act"
    chosen = find(routes, "POST", path).operation
    assert chosen is not None and chosen.odata is not None and chosen.odata.bound_to == "t.thing"


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("GET", "/things", "get_things"),
        ("GET", "/things/{thing-id}", "get_things_by_thing_id"),
        ("GET", "/things/{thing-id}/parts/{part-id}", "get_things_by_thing_id_parts_by_part_id"),
        ("GET", "/me", "get_me"),
        ("POST", "/things/{thing-id}/archive", "post_things_by_thing_id_archive"),
        ("POST", "/things/archiveAll", "post_things_archiveAll"),
        ("GET", FIND_PATH, "get_things_by_thing_id_find"),
    ],
)
def test_operation_ids(method: str, path: str, operation_id: str) -> None:
    assert find(FULL, method, path).operation_id == operation_id


def test_operation_ids_are_unique() -> None:
    ids = [route.operation_id for route in FULL]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("path", "starlette_path"),
    [
        ("/things", "/things"),
        ("/things/{thing-id}", "/things/{thing_id}"),
        ("/things/{thing-id}/parts/{part-id}/touch", "/things/{thing_id}/parts/{part_id}/touch"),
        ("/me/touch", "/me/touch"),
    ],
)
def test_starlette_path(path: str, starlette_path: str) -> None:
    (route,) = [route for route in FULL if route.path == path]
    assert route.starlette_path == starlette_path


# -- permissions and statuses ---------------------------------------------------------------------------


def with_read_scopes(model: Model, *scopes: str) -> Model:
    assert model.odata is not None
    return replace(model, odata=replace(model.odata, read_scopes=scopes))


def with_permissions(op: Operation, *scopes: str, status: int | None = None) -> Operation:
    assert op.odata is not None
    return replace(op, odata=replace(op.odata, scopes=scopes, status=status))


def test_gets_need_the_read_scopes_of_their_type() -> None:
    models = (ENTITY, with_read_scopes(THING, "Thing.Read", "Thing.Read.All"), PART, DETAIL, PERSON)
    routes = routes_of(
        models, entity_sets=(entity_set("things", "t.thing"), entity_set("me", "t.thing", singleton=True))
    )
    for path in ("/things", "/things/{thing-id}", "/me"):
        assert find(routes, "GET", path).scopes == ("Thing.Read", "Thing.Read.All")
    assert find(routes, "GET", "/things/{thing-id}/parts").scopes == ()
    assert find(routes, "GET", "/things/{thing-id}/parts/{part-id}").scopes == ()


def test_operations_need_their_own_scopes_not_the_read_scopes() -> None:
    models = (*MODELS[:1], with_read_scopes(THING, "Thing.Read"), *MODELS[2:], *MESSAGES)
    operations = (with_permissions(OPERATIONS[0], "Thing.Write"), FIND)
    routes = routes_of(models, operations)
    assert find(routes, "POST", "/things/{thing-id}/archive").scopes == ("Thing.Write",)
    assert find(routes, "GET", FIND_PATH).scopes == ()  # a function without permissions checks none


@pytest.mark.parametrize(("status", "expected"), [(None, 204), (200, 200), (202, 202), (204, 204)])
def test_empty_status_of_operations(status: int | None, expected: int) -> None:
    operations = (
        with_permissions(OPERATIONS[0], status=status),
        with_permissions(OPERATIONS[1], status=status),
    )
    routes = routes_of((*MODELS, *MESSAGES), operations)
    assert find(routes, "POST", "/things/{thing-id}/archive").empty_status == expected
    assert find(routes, "POST", "/things/archiveAll").empty_status == expected


def test_empty_status_of_gets_is_204() -> None:
    assert {route.empty_status for route in FULL if route.operation is None} == {204}


# -- responses ------------------------------------------------------------------------------------------


def test_collection_routes_answer_the_collection_response_of_the_collections_pass() -> None:
    package = build(collections=True)
    routes = read_routes(package)
    for path, type_ in (
        ("/things", "t.thing"),
        ("/things/{thing-id}/parts", "t.part"),
        ("/people", "t.person"),
    ):
        collection = package.index.collection_of(type_)
        assert collection is not None and collection.origin is not None
        assert collection.origin.kind is MessageKind.COLLECTION
        assert find(routes, "GET", path).response == collection.qname
    assert find(routes, "GET", "/things/{thing-id}").response == "t.thing"
    assert find(routes, "GET", "/me").response == "t.person"


def test_collection_routes_answer_nothing_without_a_collection_response() -> None:
    routes = routes_of()
    assert {route.response for route in routes if route.kind == "collection"} == {None}
    assert find(routes, "GET", "/things/{thing-id}").response == "t.thing"


def test_function_overloads_sharing_a_path_keep_the_most_derived_and_others_stay() -> None:
    models = (ENTITY, entity("t.thing", prop("name"), base="t.entity"))
    operations = (
        operation("find", "t.entity", returns="t.thing", request=True),
        operation("find", "t.thing", returns="t.thing", request=True),
        operation("find", "t.thing", returns="t.thing", request=True, signature="t.thing,Edm.Int32"),
    )
    messages = (
        message("t.find(t.entity)", MessageKind.REQUEST, prop("name"), name="findBase"),
        message("t.find(t.thing)", MessageKind.REQUEST, prop("name"), name="findThing"),
        message("t.find(t.thing,Edm.Int32)", MessageKind.REQUEST, prop("top", Primitive.INT), name="findTop"),
    )
    routes = routes_of((*models, *messages), operations, (entity_set("things", "t.thing"),))
    functions = [route for route in routes if route.kind == "function"]
    assert [(route.path, route.operation.qname) for route in functions if route.operation] == [
        ("/things/{thing-id}/find(name={name})", "t.find(t.thing)"),
        ("/things/{thing-id}/find(top={top})", "t.find(t.thing,Edm.Int32)"),
    ]


def test_handler_parameters_never_clash() -> None:
    # Graph: `/users/{user-id}/...(userId=...)`; a parameter may also be a keyword or the handler's own.
    models = (ENTITY, entity("t.thing", prop("name"), base="t.entity"))
    operations = (operation("check", "t.thing", returns="t.thing", request=True),)
    request = message(
        "t.check(t.thing)",
        MessageKind.REQUEST,
        prop("thingId"),
        prop("from"),
        prop("context"),
        prop("thing_id"),
        name="checkRequest",
    )
    routes = routes_of((*models, request), operations, (entity_set("things", "t.thing"),))
    route = next(route for route in routes if route.kind == "function")
    parameters = [key.parameter for key in route.keys]
    assert parameters == ["thing_id", "thing_id_2", "from_", "context_", "thing_id_3"]
    assert route.starlette_path == (
        "/things/{thing_id}/check(thingId={thing_id_2},from={from_},context={context_},thing_id={thing_id_3})"
    )


def test_a_handler_named_after_a_deep_path_keeps_its_last_words_within_80_characters() -> None:
    path = (
        "/deviceAppManagement/mdmWindowsInformationProtectionPolicies/{id}/protectedAppLockerFiles/{file-id}"
    )
    route = Route("GET", path, (), "ns.file", "entity")
    assert (
        route.base_handler
        == "get_mdm_windows_information_protection_policies_protected_app_locker_files_item"
    )
    assert len(route.base_handler) <= MAX_HANDLER_NAME
    short = Route("GET", "/users/{user-id}/presence", (), "ns.presence", "entity")
    assert short.base_handler == "get_users_presence"

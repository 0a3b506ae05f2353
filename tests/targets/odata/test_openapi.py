"""`openapi_document` on hand-built OData IR: a valid OpenAPI 3.1 description (openapi-spec-validator) with
schemas for the package's types and enums, EDM primitives mapped as OpenAPI.NET.OData maps them, one path
item per route with its path parameters, request body and responses, and Graph's error shape."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from generator.frontends.csdl.index import PRIMITIVES
from generator.ir import (
    EnumType,
    Field,
    MessageKind,
    Model,
    ModelRole,
    ODataProperty,
    Operation,
    Package,
    Primitive,
    TypeKind,
    TypeRef,
)
from generator.passes.collections import add_collection_responses
from generator.targets.odata.openapi import openapi_document, openapi_json, primitive_schema
from generator.targets.odata.routes import Route, read_routes
from tests.irfactory import (
    complex_type,
    entity,
    entity_set,
    message,
    nav,
    odata_enum,
    odata_package,
    operation,
)
from tests.irfactory import prop as plain_prop
from tests.irfactory import ref as model_ref

JsonObject = dict[str, Any]


def edm(
    name: str,
    wire: str,
    *,
    required: bool = False,
    collection: bool = False,
    null_items: bool = False,
    doc: str = "",
    read_only: bool = False,
) -> Field:
    """A structural property of an EDM primitive type, as the CSDL front end reads it."""
    primitive = PRIMITIVES.get(wire, Primitive.ANY)
    return Field(
        name=name,
        type=TypeRef(TypeKind.PRIMITIVE, primitive.value, wire),
        required=required,
        nullable=not required,
        collection=collection,
        null_items=null_items,
        doc=doc,
        read_only=read_only,
        odata=ODataProperty(),
    )


def with_doc(item: Field, doc: str) -> Field:
    return replace(item, doc=doc)


def action(name: str, bound_to: str, *, status: int | None = None, **options: Any) -> Operation:
    op = operation(name, bound_to, **options)
    assert op.odata is not None
    return replace(op, odata=replace(op.odata, status=status), doc=f"Does {name}.")


CLOSED = replace(odata_enum("t.shape", "round", "square"), open=False)
MODELS = (
    entity("t.entity", edm("id", "Edm.String", required=True, read_only=True), keys=("id",), abstract=True),
    entity(
        "t.thing",
        edm("name", "Edm.String", doc="The display name."),
        edm("count", "Edm.Int32", required=True),
        edm("size", "Edm.Int64"),
        edm("ratio", "Edm.Double"),
        edm("price", "Edm.Decimal"),
        edm("created", "Edm.DateTimeOffset", read_only=True),
        edm("tags", "Edm.String", collection=True),
        edm("aliases", "Edm.String", collection=True, null_items=True),
        model_ref("status", "t.status", TypeKind.ENUM),
        model_ref("shape", "t.shape", TypeKind.ENUM),
        model_ref("detail", "t.detail"),
        model_ref("details", "t.detail", collection=True),
        nav("parts", "t.part", contains=True, collection=True),
        nav("owner", "t.part"),
        base="t.entity",
    ),
    entity("t.part", edm("size", "Edm.Int32"), base="t.entity"),
    complex_type("t.detail", edm("text", "Edm.String", required=True)),
    message(
        "t.rename(t.thing)",
        MessageKind.REQUEST,
        edm("name", "Edm.String", required=True),
        name="renameRequest",
    ),
    message(
        "t.search(Collection(t.thing))",
        MessageKind.REQUEST,
        edm("text", "Edm.String"),
        edm("top", "Edm.Int32"),
        name="searchRequest",
    ),
    message(
        "t.search(Collection(t.thing))",
        MessageKind.RESPONSE,
        model_ref("value", "t.thing", collection=True),
        name="searchResponse",
    ),
)
ENUMS = (odata_enum("t.status", "on", "off"), CLOSED)
OPERATIONS = (
    action("rename", "t.thing", request=True, status=200),
    action("archive", "t.thing"),
    operation("search", "t.thing", collection=True, request=True, returns="t.thing", returns_collection=True),
    operation("latest", "t.thing", collection=True, returns="t.thing"),
)
ENTITY_SETS = (
    entity_set("things", "t.thing", ("owner", "things")),
    entity_set("mine", "t.part", singleton=True),
)
PACKAGE = add_collection_responses(odata_package(MODELS, ENUMS, OPERATIONS, ENTITY_SETS))
ROUTES = read_routes(PACKAGE)
DOCUMENT = openapi_document(PACKAGE, ROUTES)
SCHEMAS: JsonObject = DOCUMENT["components"]["schemas"]
SEARCH_PATH = "/things/search(text={text},top={top})"


def ref_to(qname: str) -> JsonObject:
    return {"$ref": f"#/components/schemas/{qname}"}


def conforms(instance: object, schema: JsonObject) -> bool:
    """`instance` validates against `schema`, whose `$ref`s resolve in DOCUMENT's components."""
    validator = OAS31Validator({**schema, "components": DOCUMENT["components"]})
    return bool(validator.is_valid(instance))


def refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def properties(qname: str) -> JsonObject:
    """The schema's own properties (those of the second `allOf` part for derived types)."""
    schema = SCHEMAS[qname]
    own: JsonObject = schema["allOf"][1] if "allOf" in schema else schema
    props: JsonObject = own["properties"]
    return props


def operation_of(method: str, path: str) -> JsonObject:
    found: JsonObject = DOCUMENT["paths"][path][method]
    return found


# -- the document -------------------------------------------------------------------------------------


def test_document_validates() -> None:
    validate(DOCUMENT)
    assert DOCUMENT["openapi"].startswith("3.1")


def test_document_of_a_package_without_routes_validates() -> None:
    package = odata_package(MODELS, ENUMS)
    document = openapi_document(package, read_routes(package))
    validate(document)
    assert document["paths"] == {}


def test_json_text_is_the_document() -> None:
    text = openapi_json(PACKAGE, ROUTES)
    assert text.endswith("\n")
    assert json.loads(text) == DOCUMENT


def test_every_reference_resolves() -> None:
    found = set(refs(DOCUMENT))
    assert ref_to("t.thing")["$ref"] in found
    for target in found:
        section, _, name = target.removeprefix("#/components/").partition("/")
        assert name in DOCUMENT["components"][section], target


def test_service_information() -> None:
    assert DOCUMENT["info"]["title"] == "Svc"
    assert DOCUMENT["info"]["version"] == PACKAGE.version
    assert DOCUMENT["servers"] == [{"url": "/v1.0"}]
    assert DOCUMENT["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert DOCUMENT["security"] == [{"bearer": []}]


# -- schemas of types ---------------------------------------------------------------------------------


def test_types_and_enums_are_component_schemas_and_messages_are_not() -> None:
    types = {model.qname for model in PACKAGE.models if model.role is ModelRole.TYPE}
    messages = {model.qname for model in PACKAGE.models if model.role is ModelRole.MESSAGE}
    assert "t.thing/Collection" in messages and "t.rename(t.thing)/Request" in messages
    assert types <= set(SCHEMAS)
    assert {"t.status", "t.shape"} <= set(SCHEMAS)
    assert not messages & set(SCHEMAS)


def test_root_type_schema() -> None:
    schema = SCHEMAS["t.entity"]
    assert "allOf" not in schema
    assert schema["title"] == "entity"
    assert schema["type"] == "object"
    assert schema["description"] == "The t.entity entity."
    assert schema["properties"]["@odata.type"] == {"type": "string"}
    assert schema["properties"]["id"] == {"type": "string", "readOnly": True}


def test_root_complex_type_gets_odata_type() -> None:
    assert SCHEMAS["t.detail"]["properties"]["@odata.type"] == {"type": "string"}
    assert SCHEMAS["t.detail"]["properties"]["text"] == {"type": "string"}


def test_derived_type_schema_is_all_of_its_base_and_its_own_properties() -> None:
    schema = SCHEMAS["t.thing"]
    assert set(schema) == {"allOf"}
    base, own = schema["allOf"]
    assert base == ref_to("t.entity")
    assert own["title"] == "thing"
    assert own["type"] == "object"
    assert own["description"] == "The t.thing entity."
    assert "id" not in own["properties"]  # inherited through the base
    assert "@odata.type" not in own["properties"]  # the root has it
    assert set(own["properties"]) == {field.name for field in PACKAGE.index.models["t.thing"].fields}


def test_nullable_properties_are_any_of_null() -> None:
    props = properties("t.thing")
    assert props["name"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "description": "The display name.",
    }
    assert props["detail"] == {"anyOf": [ref_to("t.detail"), {"type": "null"}]}
    assert props["owner"] == {"anyOf": [ref_to("t.part"), {"type": "null"}]}
    assert props["status"] == {"anyOf": [ref_to("t.status"), {"type": "null"}]}
    int32 = primitive_schema("Edm.Int32", Primitive.INT)
    assert props["count"] == int32  # required: no null


def test_nullable_values_conform() -> None:
    thing = SCHEMAS["t.thing"]
    document = {"id": "1", "count": 3, "name": None, "detail": None, "status": None, "tags": ["a", "b"]}
    assert conforms(document, thing)
    assert not conforms({**document, "count": None}, thing)
    assert not conforms({**document, "name": 5}, thing)
    assert not conforms({**document, "detail": {"text": 5}}, thing)


def test_collections_are_arrays() -> None:
    props = properties("t.thing")
    assert props["tags"] == {"type": "array", "items": {"type": "string"}}
    assert props["aliases"] == {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "null"}]}}
    assert props["details"] == {"type": "array", "items": ref_to("t.detail")}
    assert props["parts"] == {"type": "array", "items": ref_to("t.part")}


def test_read_only_properties() -> None:
    props = properties("t.thing")
    assert props["created"]["readOnly"] is True
    assert props["created"]["anyOf"][0]["format"] == "date-time"
    assert [name for name, schema in props.items() if schema.get("readOnly")] == ["created"]


def test_descriptions() -> None:
    props = properties("t.thing")
    assert [name for name, schema in props.items() if "description" in schema] == ["name"]
    assert "description" not in SCHEMAS["t.detail"]  # no documentation, no description


def test_open_enum_is_any_of_its_members_and_any_string() -> None:
    schema = SCHEMAS["t.status"]
    assert schema == {
        "title": "status",
        "anyOf": [{"title": "status", "enum": ["on", "off"], "type": "string"}, {"type": "string"}],
    }
    assert conforms("on", schema) and conforms("newer", schema)
    assert not conforms(1, schema)


def test_closed_enum_lists_its_members() -> None:
    schema = SCHEMAS["t.shape"]
    assert schema == {"title": "shape", "enum": ["round", "square"], "type": "string"}
    assert conforms("round", schema)
    assert not conforms("oval", schema)


# -- EDM primitives -----------------------------------------------------------------------------------

# The patterns OpenAPI.NET.OData writes (its TripService output has the DateTimeOffset, Duration and Guid
# ones).
DATE = "^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$"
DATE_TIME = (
    "^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    "([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$"
)
TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?$"
DURATION = "^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+([.][0-9]+)?S)?)?$"
GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
NUMERIC = ref_to("ReferenceNumeric")

EDM_SCHEMAS: dict[str, JsonObject] = {
    "Edm.String": {"type": "string"},
    "Edm.Boolean": {"type": "boolean"},
    "Edm.Byte": {"type": "number", "format": "uint8", "minimum": 0, "maximum": 255},
    "Edm.SByte": {"type": "number", "format": "int8", "minimum": -128, "maximum": 127},
    "Edm.Int16": {"type": "number", "format": "int16", "minimum": -32768, "maximum": 32767},
    "Edm.Int32": {"type": "number", "format": "int32", "minimum": -(2**31), "maximum": 2**31 - 1},
    "Edm.Int64": {"oneOf": [{"type": "number", "format": "int64"}, {"type": "string"}]},
    "Edm.Decimal": {"oneOf": [{"type": "number", "format": "decimal"}, {"type": "string"}]},
    # anyOf where OpenAPI.NET.OData writes oneOf: 'INF' matches two branches, which oneOf refuses.
    "Edm.Double": {"anyOf": [{"type": "number", "format": "double"}, {"type": "string"}, NUMERIC]},
    "Edm.Single": {"anyOf": [{"type": "number", "format": "float"}, {"type": "string"}, NUMERIC]},
    "Edm.Date": {"type": "string", "format": "date", "pattern": DATE},
    "Edm.DateTimeOffset": {"type": "string", "format": "date-time", "pattern": DATE_TIME},
    "Edm.TimeOfDay": {"type": "string", "format": "time", "pattern": TIME},
    "Edm.Duration": {"type": "string", "format": "duration", "pattern": DURATION},
    "Edm.Guid": {"type": "string", "format": "uuid", "pattern": GUID},
    "Edm.Binary": {"type": "string", "format": "base64url"},
    "Edm.Stream": {"type": "string", "format": "binary"},
    "Edm.Untyped": {},
}


@pytest.mark.parametrize(("wire", "expected"), EDM_SCHEMAS.items(), ids=EDM_SCHEMAS.keys())
def test_primitive_schema(wire: str, expected: JsonObject) -> None:
    assert primitive_schema(wire, PRIMITIVES.get(wire, Primitive.ANY)) == expected


@pytest.mark.parametrize(("wire", "primitive"), PRIMITIVES.items(), ids=PRIMITIVES.keys())
def test_every_primitive_of_the_front_end_has_a_typed_schema(wire: str, primitive: Primitive) -> None:
    schema = primitive_schema(wire, primitive)
    branches = schema.get("oneOf") or schema.get("anyOf") or []
    assert "type" in schema or all("type" in branch for branch in branches[:2])


def test_reference_numeric_component() -> None:
    assert SCHEMAS["ReferenceNumeric"] == {"enum": ["-INF", "INF", "NaN"], "type": "string"}


VALUES = {
    "Edm.Byte": ([0, 255], [256, -1, "1"]),
    "Edm.SByte": ([-128, 127], [128, -129]),
    "Edm.Int16": ([-32768, 32767], [32768]),
    "Edm.Int32": ([-(2**31), 2**31 - 1], [2**31, "1"]),
    "Edm.Int64": ([2**53 + 1, "9223372036854775807"], [True, None]),  # IEEE754Compatible: also a string
    "Edm.Decimal": ([1.5, "0.10000000000000000001"], [None, [1]]),
    "Edm.Boolean": ([True, False], ["true", 1]),
    "Edm.Date": (["2024-02-29", "10000-01-01"], ["2024-13-01", "2024-02-30T00:00:00Z", "24-01-01"]),
    "Edm.DateTimeOffset": (
        ["2024-02-29T12:30:00Z", "2024-02-29T12:30:00.1234567+01:00", "2024-02-29T23:59:59-08:00"],
        ["2024-02-29T12:30:00", "2024-02-29 12:30:00Z", "2024-02-29T24:00:00Z", "2024-02-29T12:30Z"],
    ),
    "Edm.TimeOfDay": (["00:00:00", "23:59:59.1234567"], ["24:00:00", "12:60:00", "noon"]),
    "Edm.Duration": (["PT5M", "P1DT2H", "-PT0.5S", "PT4H"], ["5 minutes", "T5M", "PT5X"]),
    "Edm.Guid": (["fa8bf3dc-eca7-46b7-bad1-db199b62afc3"], ["fa8bf3dceca746b7bad1db199b62afc3", "x"]),
}


@pytest.mark.parametrize(("wire", "good", "bad"), [(w, *v) for w, v in VALUES.items()], ids=VALUES.keys())
def test_primitive_schema_accepts_the_wire_form(wire: str, good: list[object], bad: list[object]) -> None:
    schema = primitive_schema(wire, PRIMITIVES[wire])
    assert [value for value in good if not conforms(value, schema)] == []
    assert [value for value in bad if conforms(value, schema)] == []
    if "pattern" in schema:
        assert [
            value for value in good if isinstance(value, str) and not re.search(schema["pattern"], value)
        ] == []


@pytest.mark.parametrize("wire", ["Edm.Double", "Edm.Single"])
def test_floating_point_schema_accepts_numbers_and_also_strings(wire: str) -> None:
    schema = primitive_schema(wire, Primitive.FLOAT)
    assert conforms(1.5, schema) and conforms(-2, schema)
    assert conforms("1.5", schema)  # IEEE754Compatible
    assert not conforms(None, schema) and not conforms(True, schema)


@pytest.mark.parametrize("wire", ["Edm.Double", "Edm.Single"])
@pytest.mark.parametrize("value", ["INF", "-INF", "NaN"])
def test_floating_point_schema_accepts_what_the_codec_writes_for_special_values(
    wire: str, value: str
) -> None:
    assert conforms(value, primitive_schema(wire, Primitive.FLOAT))


# -- paths --------------------------------------------------------------------------------------------


def test_one_path_item_per_route() -> None:
    described = {(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item}
    assert described == {(route.method, route.path) for route in ROUTES}
    ids = [item["operationId"] for path in DOCUMENT["paths"].values() for item in path.values()]
    assert sorted(ids) == sorted(route.operation_id for route in ROUTES)
    assert len(set(ids)) == len(ids)


def test_every_path_template_has_its_path_parameter() -> None:
    for path, item in DOCUMENT["paths"].items():
        for operation_ in item.values():
            declared = [parameter["name"] for parameter in operation_.get("parameters", ())]
            assert declared == re.findall(r"\{([^}]+)\}", path), path


def test_path_parameters_of_keys() -> None:
    (parameter,) = operation_of("get", "/things/{thing-id}")["parameters"]
    assert parameter == {
        "name": "thing-id",
        "in": "path",
        "required": True,
        "description": "The unique identifier of thing",
        "schema": {"type": "string"},
    }
    nested = operation_of("get", "/things/{thing-id}/parts/{part-id}")["parameters"]
    assert [(item["name"], item["in"], item["required"]) for item in nested] == [
        ("thing-id", "path", True),
        ("part-id", "path", True),
    ]
    assert nested[1]["description"] == "The unique identifier of part"


def test_path_parameters_of_functions() -> None:
    parameters = operation_of("get", SEARCH_PATH)["parameters"]
    assert [(item["name"], item["in"], item["required"]) for item in parameters] == [
        ("text", "path", True),
        ("top", "path", True),
    ]
    assert "requestBody" not in operation_of("get", SEARCH_PATH)
    assert "parameters" not in operation_of("get", "/things/latest()")


def test_no_parameters_without_keys() -> None:
    assert "parameters" not in operation_of("get", "/things")
    assert "parameters" not in operation_of("get", "/mine")


def test_action_request_body() -> None:
    body = operation_of("post", "/things/{thing-id}/rename")["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema["type"] == "object"
    assert schema["properties"] == {"name": {"type": "string"}}
    assert schema["required"] == ["name"]
    assert conforms({"name": "x"}, schema) and not conforms({}, schema)
    assert "requestBody" not in operation_of("post", "/things/{thing-id}/archive")


def test_tags_and_summaries() -> None:
    rename = operation_of("post", "/things/{thing-id}/rename")
    assert rename["tags"] == ["things"]
    assert rename["summary"] == "Does rename."
    assert operation_of("get", "/mine")["tags"] == ["mine"]
    assert "summary" not in operation_of("get", "/things")


# -- responses ----------------------------------------------------------------------------------------


def json_schema_of(response: JsonObject) -> JsonObject:
    schema: JsonObject = response["content"]["application/json"]["schema"]
    return schema


def test_entity_response_is_the_type() -> None:
    for path in ("/things/{thing-id}", "/mine", "/things/latest()"):
        responses = operation_of("get", path)["responses"]
        assert set(responses) == {"200", "4XX", "5XX"}, path
        assert json_schema_of(responses["200"]) == ref_to("t.thing" if "things" in path else "t.part")


def test_collection_response_is_a_page_of_the_type() -> None:
    schema = json_schema_of(operation_of("get", "/things")["responses"]["200"])
    assert schema["title"] == "thingCollectionResponse"
    assert schema["properties"]["value"] == {"type": "array", "items": ref_to("t.thing")}
    assert schema["properties"]["@odata.nextLink"] == {"type": ["string", "null"]}
    page = {"value": [{"id": "1", "count": 1}], "@odata.nextLink": "https://x/things?$skiptoken=2"}
    assert conforms(page, schema)
    assert not conforms({"value": [{"id": 1, "count": 1}]}, schema)


def test_function_returning_a_collection_answers_its_message() -> None:
    schema = json_schema_of(operation_of("get", SEARCH_PATH)["responses"]["200"])
    assert schema["title"] == "searchResponse"
    assert schema["properties"]["value"] == {"type": "array", "items": ref_to("t.thing")}


@pytest.mark.parametrize(
    ("path", "status"), [("/things/{thing-id}/rename", "200"), ("/things/{thing-id}/archive", "204")]
)
def test_action_without_result_answers_its_empty_status(path: str, status: str) -> None:
    responses = operation_of("post", path)["responses"]
    assert set(responses) == {status, "4XX", "5XX"}
    assert "content" not in responses[status]


def test_a_collection_without_its_response_model_answers_empty() -> None:
    package = odata_package(MODELS, ENUMS, OPERATIONS, ENTITY_SETS)  # no collections pass
    document = openapi_document(package, read_routes(package))
    validate(document)
    assert set(document["paths"]["/things"]["get"]["responses"]) == {"204", "4XX", "5XX"}


def test_errors_are_graph_shaped() -> None:
    for item in DOCUMENT["paths"].values():
        for operation_ in item.values():
            assert operation_["responses"]["4XX"] == {"$ref": "#/components/responses/error"}
            assert operation_["responses"]["5XX"] == {"$ref": "#/components/responses/error"}
    error = DOCUMENT["components"]["responses"]["error"]
    assert json_schema_of(error) == ref_to("ODataErrors.ODataError")
    schema = SCHEMAS["ODataErrors.ODataError"]
    body = {
        "error": {
            "code": "itemNotFound",
            "message": "no presence for this user",
            "innerError": {
                "date": "2019-02-27T23:21:54",
                "request-id": "b1a2c3d4-0000-0000-0000-000000000000",
                "client-request-id": "b1a2c3d4-0000-0000-0000-000000000001",
            },
        }
    }
    assert conforms(body, schema)
    assert not conforms({}, schema)
    assert not conforms({"error": {"message": "no code"}}, schema)
    assert not conforms({"error": {**body["error"], "innerError": {"date": "yesterday"}}}, schema)


def test_a_model_schema_is_the_same_whatever_the_routes() -> None:
    assert openapi_document(PACKAGE, [])["components"] == DOCUMENT["components"]


def test_unused_imports_are_used() -> None:  # keeps the helpers honest for mypy and ruff
    assert isinstance(PACKAGE, Package) and all(isinstance(route, Route) for route in ROUTES)
    assert all(isinstance(item, (Model, EnumType)) for item in (*PACKAGE.models, *PACKAGE.enums))
    assert with_doc(plain_prop("x"), "d").doc == "d"

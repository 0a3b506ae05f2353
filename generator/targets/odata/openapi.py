"""OpenAPI 3.1 description of an OData service: its routes (`odata_routes`) and its types, with EDM types
mapped as Microsoft's OpenAPI.NET.OData converter maps them (formats, patterns, IEEE754-compatible numbers,
`allOf` for derived types, `@odata.type` on structured types, `anyOf` with `null` for nullable references).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.ir import EnumType, Field, Model, ModelRole, Package, PackageIndex, Primitive, TypeKind
from generator.targets.odata.routes import Route

JsonObject = dict[str, Any]

_DATE = "^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?"
_PATTERNS = {
    "Edm.DateTimeOffset": f"{_DATE[:-1]}T{_TIME}(Z|[+-][0-9][0-9]:[0-9][0-9])$",
    "Edm.Date": _DATE,
    "Edm.TimeOfDay": f"^{_TIME}$",
    "Edm.Duration": "^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+([.][0-9]+)?S)?)?$",
    "Edm.Guid": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
}
_INTEGERS = {
    "Edm.Byte": ("uint8", 0, 255),
    "Edm.SByte": ("int8", -128, 127),
    "Edm.Int16": ("int16", -32768, 32767),
    "Edm.Int32": ("int32", -2147483648, 2147483647),
}
_REFERENCE_NUMERIC = "ReferenceNumeric"
_ERROR = "ODataErrors.ODataError"


def openapi_document(package: Package, routes: Sequence[Route]) -> JsonObject:
    hierarchy = package.index
    service = next((item for item in package.services if item.odata is not None), None)
    schemas: JsonObject = {}
    for model in sorted(package.models, key=lambda item: item.qname):
        if model.role is ModelRole.TYPE:
            schemas[model.qname] = _model_schema(model, hierarchy)
    for enum in sorted(package.enums, key=lambda item: item.qname):
        schemas[enum.qname] = _enum_schema(enum)
    schemas[_REFERENCE_NUMERIC] = {"enum": ["-INF", "INF", "NaN"], "type": "string"}
    schemas.update(_error_schemas())
    paths: JsonObject = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, hierarchy)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": service.name if service is not None else package.name,
            "version": package.version,
            "description": package.doc
            or f"The {package.namespace} service, described by sodagen from its CSDL.",
        },
        "servers": [{"url": "/v1.0"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "error": {
                    "description": "error",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{_ERROR}"}}},
                }
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "security": [{"bearer": []}],
    }


def openapi_json(package: Package, routes: Sequence[Route]) -> str:
    return json.dumps(openapi_document(package, routes), indent=2, ensure_ascii=False) + "\n"


def _ref(qname: str) -> JsonObject:
    return {"$ref": f"#/components/schemas/{qname}"}


def _model_schema(model: Model, hierarchy: PackageIndex) -> JsonObject:
    own: JsonObject = {
        "title": model.name,
        "type": "object",
        "properties": _properties(model.fields, hierarchy),
    }
    if model.odata is not None and model.base is None:
        own["properties"]["@odata.type"] = {"type": "string"}
    if model.doc:
        own["description"] = model.doc
    if model.base is not None and model.base in hierarchy.models:
        return {"allOf": [_ref(model.base), own]}
    return own


def _properties(fields: tuple[Field, ...] | list[Field], hierarchy: PackageIndex) -> JsonObject:
    return {item.name: _field_schema(item, hierarchy) for item in fields}


def _field_schema(item: Field, hierarchy: PackageIndex) -> JsonObject:
    value = _value_schema(item, hierarchy)
    if item.collection:
        items = {"anyOf": [value, {"type": "null"}]} if item.null_items else value
        schema: JsonObject = {"type": "array", "items": items}
    elif item.nullable:
        schema = {"anyOf": [value, {"type": "null"}]}
    else:
        schema = value
    if item.doc:
        schema["description"] = item.doc
    if item.read_only:
        schema["readOnly"] = True
    return schema


def _value_schema(item: Field, hierarchy: PackageIndex) -> JsonObject:
    ref = item.type
    if ref.kind is TypeKind.MODEL:
        target = hierarchy.models.get(ref.name)
        if target is None or target.role is ModelRole.MESSAGE:
            return {"type": "object"}
        return _ref(ref.name)
    if ref.kind is TypeKind.ENUM:
        return _ref(ref.name)
    return primitive_schema(ref.wire, Primitive(ref.name))


def primitive_schema(wire: str, primitive: Primitive) -> JsonObject:
    """An EDM primitive as OpenAPI.NET.OData writes it (IEEE754Compatible numbers may also be strings)."""
    if wire in _INTEGERS:
        fmt, low, high = _INTEGERS[wire]
        return {"type": "number", "format": fmt, "maximum": high, "minimum": low}
    if wire == "Edm.Int64":
        return {"oneOf": [{"type": "number", "format": "int64"}, {"type": "string"}]}
    if wire in ("Edm.Double", "Edm.Single"):
        fmt = "double" if wire == "Edm.Double" else "float"
        # anyOf, not OpenAPI.NET.OData's oneOf: 'INF' is a string and a ReferenceNumeric, which oneOf refuses.
        return {"anyOf": [{"type": "number", "format": fmt}, {"type": "string"}, _ref(_REFERENCE_NUMERIC)]}
    if wire == "Edm.Decimal":
        return {"oneOf": [{"type": "number", "format": "decimal"}, {"type": "string"}]}
    if primitive is Primitive.BOOLEAN:
        return {"type": "boolean"}
    if wire in _PATTERNS:
        fmt = {
            "Edm.DateTimeOffset": "date-time",
            "Edm.Date": "date",
            "Edm.TimeOfDay": "time",
            "Edm.Duration": "duration",
            "Edm.Guid": "uuid",
        }[wire]
        return {"type": "string", "format": fmt, "pattern": _PATTERNS[wire]}
    if wire == "Edm.Binary":
        return {"type": "string", "format": "base64url"}
    if wire == "Edm.Stream":
        return {"type": "string", "format": "binary"}
    if primitive is Primitive.STRING:
        return {"type": "string"}
    return {}


def _enum_schema(enum: EnumType) -> JsonObject:
    schema: JsonObject = {
        "title": enum.name,
        "enum": [member.name for member in enum.members],
        "type": "string",
    }
    if enum.open:
        # OData enums are open: a newer member is a string the schema does not list yet.
        schema = {"title": enum.name, "anyOf": [schema, {"type": "string"}]}
    return schema


def _error_schemas() -> JsonObject:
    return {
        _ERROR: {
            "required": ["error"],
            "type": "object",
            "properties": {"error": _ref("ODataErrors.MainError")},
        },
        "ODataErrors.MainError": {
            "required": ["code", "message"],
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "target": {"type": ["string", "null"]},
                "details": {"type": "array", "items": {"type": "object"}},
                "innerError": _ref("ODataErrors.InnerError"),
            },
        },
        "ODataErrors.InnerError": {
            "type": "object",
            "properties": {
                # Graph writes the date without an offset ("2019-02-27T23:21:54"), so no date-time format.
                "date": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}",
                },
                "request-id": {"type": "string"},
                "client-request-id": {"type": "string"},
            },
        },
    }


def _operation(route: Route, hierarchy: PackageIndex) -> JsonObject:
    operation: JsonObject = {"operationId": route.operation_id, "tags": [route.path.strip("/").split("/")[0]]}
    if route.operation is not None and route.operation.doc:
        operation["summary"] = route.operation.doc
    if route.keys:
        operation["parameters"] = [
            {
                "name": key.name,
                "in": "path",
                "required": True,
                "description": (
                    f"The unique identifier of {hierarchy.models[key.entity_type].name}"
                    if key.entity_type
                    else f"Function parameter {key.name}, as OData URL text"
                ),
                "schema": {"type": "string"},
            }
            for key in route.keys
        ]
    if route.request is not None:
        request = hierarchy.models[route.request]
        operation["requestBody"] = {
            "description": "Action parameters",
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": _properties(request.fields, hierarchy),
                        "required": [item.name for item in request.fields if item.required],
                    }
                }
            },
        }
    responses: JsonObject = {}
    if route.response is None:
        responses[str(route.empty_status)] = {"description": "Success"}
    else:
        responses["200"] = {
            "description": "Success",
            "content": {"application/json": {"schema": _response_schema(route.response, hierarchy)}},
        }
    responses["4XX"] = {"$ref": "#/components/responses/error"}
    responses["5XX"] = {"$ref": "#/components/responses/error"}
    operation["responses"] = responses
    return operation


def _response_schema(qname: str, hierarchy: PackageIndex) -> JsonObject:
    model = hierarchy.models[qname]
    if model.role is ModelRole.TYPE:
        return _ref(qname)
    schema: JsonObject = {
        "title": model.name,
        "type": "object",
        "properties": _properties(model.fields, hierarchy),
    }
    schema["properties"]["@odata.nextLink"] = {"type": ["string", "null"]}
    return schema

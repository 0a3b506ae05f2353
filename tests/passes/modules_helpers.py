"""Hand-built IR for the modules and imports pass tests: models and enums in namespace `ns`, named as the
naming pass would have named them."""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import EnumMember, EnumType, Field, Model, ModelRole, Package, Primitive, TypeKind, TypeRef


def prim(name: str, primitive: Primitive) -> Field:
    return Field(name, TypeRef(TypeKind.PRIMITIVE, primitive.value, primitive.value))


def ref(name: str, qname: str, kind: TypeKind = TypeKind.MODEL) -> Field:
    return Field(name, TypeRef(kind, qname, qname))


def model(py_name: str, *fields: Field, role: ModelRole = ModelRole.TYPE, base: str | None = None) -> Model:
    return Model(f"ns.{py_name}", py_name, tuple(fields), role=role, base=base, py_name=py_name)


def enum(py_name: str) -> EnumType:
    return EnumType(f"ns.{py_name}", py_name, (EnumMember("a", "a", py_name="A"),), py_name=py_name)


def package(models: Sequence[Model], enums: Sequence[EnumType] = ()) -> Package:
    return Package("pkg", "urn:test", tuple(models), tuple(enums))

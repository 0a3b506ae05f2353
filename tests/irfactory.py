"""Small hand-built IR values for the pass and template tests."""

from __future__ import annotations

from generator.ir import (
    EnumMember,
    EnumType,
    Field,
    FieldKind,
    Location,
    Model,
    ModelRole,
    Package,
    Primitive,
    SourceKind,
    TypeKind,
    TypeRef,
    XmlBinding,
)

STRING = TypeRef(TypeKind.PRIMITIVE, Primitive.STRING, "xs:string")
NS = "urn:test"


def model_ref(qname: str) -> TypeRef:
    return TypeRef(TypeKind.MODEL, qname, qname)


def element(name: str, type_: TypeRef = STRING, line: int = 1) -> Field:
    return Field(name=name, type=type_, kind=FieldKind.ELEMENT, location=Location("t.xsd", line))


def model(
    name: str,
    *fields: Field,
    role: ModelRole = ModelRole.TYPE,
    base: str | None = None,
    element_name: str | None = None,
    line: int = 1,
) -> Model:
    xml = XmlBinding(NS, element_name, None if element_name else name)
    return Model(
        qname=f"{{{NS}}}{name}{'#element' if element_name else ''}",
        name=name,
        fields=tuple(fields),
        role=role,
        base=base,
        xml=xml,
        location=Location("t.xsd", line),
    )


def enum(name: str, *values: str) -> EnumType:
    return EnumType(
        qname=f"{{{NS}}}{name}",
        name=name,
        members=tuple(EnumMember(v, v) for v in values),
        location=Location("t.xsd", 1),
    )


def package(*models: Model, enums: tuple[EnumType, ...] = ()) -> Package:
    return Package(name="pkg", source=SourceKind.XSD, namespace=NS, models=models, enums=enums)

"""Small hand-built IR values for the pass, planner and target tests: XML-bound models (namespace `urn:test`)
and OData-bound ones (namespace `t`), built the way the front ends build them."""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import (
    EntitySet,
    EnumMember,
    EnumType,
    Field,
    Location,
    MessageKind,
    MessageOrigin,
    Model,
    ModelRole,
    NavigationBinding,
    ODataContainer,
    ODataOperation,
    ODataProperty,
    ODataType,
    Operation,
    OperationKind,
    Package,
    PathSegment,
    Primitive,
    Service,
    TypeKind,
    TypeRef,
    XmlField,
    XmlNode,
    XmlType,
)

# -- XML ------------------------------------------------------------------------------------------------

STRING = TypeRef(TypeKind.PRIMITIVE, Primitive.STRING, "xs:string")
NS = "urn:test"


def model_ref(qname: str) -> TypeRef:
    return TypeRef(TypeKind.MODEL, qname, qname)


def primitive(kind: Primitive, wire: str) -> TypeRef:
    return TypeRef(TypeKind.PRIMITIVE, kind.value, wire)


def element(
    name: str,
    type_: TypeRef = STRING,
    line: int = 1,
    *,
    required: bool = False,
    nullable: bool = False,
    collection: bool = False,
) -> Field:
    return Field(
        name=name,
        type=type_,
        required=required,
        nullable=nullable,
        collection=collection,
        xml=XmlField(XmlNode.ELEMENT, NS),
        location=Location("t.xsd", line),
    )


def attribute(
    name: str, type_: TypeRef = STRING, *, required: bool = False, default: str | None = None
) -> Field:
    return Field(name=name, type=type_, required=required, default=default, xml=XmlField(XmlNode.ATTRIBUTE))


def model(
    name: str,
    *fields: Field,
    role: ModelRole = ModelRole.TYPE,
    base: str | None = None,
    element_name: str | None = None,
    abstract: bool = False,
    line: int = 1,
    restricts: bool = False,
) -> Model:
    xml = XmlType(NS, element_name, None if element_name else name, restricts=restricts)
    return Model(
        qname=f"{{{NS}}}{name}{'#element' if element_name else ''}",
        name=name,
        fields=tuple(fields),
        namespace=NS,
        role=role,
        base=base,
        abstract=abstract,
        xml=xml,
        location=Location("t.xsd", line),
    )


def enum(name: str, *values: str) -> EnumType:
    return EnumType(
        qname=f"{{{NS}}}{name}",
        name=name,
        members=tuple(EnumMember(v, v) for v in values),
        namespace=NS,
        location=Location("t.xsd", 1),
    )


def package(*models: Model, enums: tuple[EnumType, ...] = (), services: tuple[Service, ...] = ()) -> Package:
    return Package(name="pkg", namespace=NS, models=models, enums=enums, services=services)


# -- OData ----------------------------------------------------------------------------------------------


def prop(name: str, kind: Primitive = Primitive.STRING, *, required: bool = False) -> Field:
    return Field(
        name=name,
        type=TypeRef(TypeKind.PRIMITIVE, kind.value, f"Edm.{kind.value}"),
        required=required,
        nullable=not required,
        odata=ODataProperty(),
    )


def ref(name: str, qname: str, kind: TypeKind = TypeKind.MODEL, *, collection: bool = False) -> Field:
    return Field(
        name=name,
        type=TypeRef(kind, qname, qname),
        nullable=True,
        collection=collection,
        odata=ODataProperty(),
    )


def nav(name: str, target: str, *, contains: bool = False, collection: bool = False) -> Field:
    return Field(
        name=name,
        type=TypeRef(TypeKind.MODEL, target, target),
        nullable=not collection,
        collection=collection,
        odata=ODataProperty(navigation=True, contains_target=contains),
    )


def _local(qname: str) -> tuple[str, str]:
    namespace, _, name = qname.rpartition(".")
    return namespace, name


def entity(
    qname: str, *fields: Field, base: str | None = None, keys: tuple[str, ...] = (), abstract: bool = False
) -> Model:
    namespace, name = _local(qname)
    return Model(
        qname=qname,
        name=name,
        fields=fields,
        namespace=namespace,
        base=base,
        abstract=abstract,
        odata=ODataType(odata_type=f"#{qname}", entity=True, keys=keys),
        doc=f"The {qname} entity.",
    )


def complex_type(qname: str, *fields: Field, base: str | None = None, abstract: bool = False) -> Model:
    namespace, name = _local(qname)
    return Model(
        qname=qname,
        name=name,
        fields=fields,
        namespace=namespace,
        base=base,
        abstract=abstract,
        odata=ODataType(odata_type=f"#{qname}"),
    )


def message(operation: str, kind: MessageKind, *fields: Field, name: str, namespace: str = "t") -> Model:
    """The request or response model of `operation` (its qualified name), as the CSDL front end makes it."""
    suffix = "Request" if kind is MessageKind.REQUEST else "Response"
    return Model(
        qname=f"{operation}/{suffix}",
        name=name,
        fields=fields,
        namespace=namespace,
        role=ModelRole.MESSAGE,
        origin=MessageOrigin(kind, operation),
        odata=ODataType(),
    )


def odata_enum(qname: str, *names: str) -> EnumType:
    namespace, name = _local(qname)
    members = tuple(EnumMember(name=item, value=str(index)) for index, item in enumerate(names))
    return EnumType(qname=qname, name=name, members=members, namespace=namespace, open=True)


def operation(
    name: str,
    bound_to: str | None,
    *,
    collection: bool = False,
    request: bool = False,
    returns: str | None = None,
    returns_collection: bool = False,
    signature: str | None = None,
    namespace: str = "t",
) -> Operation:
    """An OData action (a function when it `returns`), named as the CSDL front end names it."""
    if signature is not None:
        qname = f"{namespace}.{name}({signature})"
    elif bound_to is None:
        qname = f"{namespace}.{name}"
    else:
        qname = (
            f"{namespace}.{name}(Collection({bound_to}))" if collection else f"{namespace}.{name}({bound_to})"
        )
    output = None
    if returns is not None:
        output = f"{qname}/Response" if returns_collection else returns
    return Operation(
        qname=qname,
        name=name,
        qualified_name=f"{namespace}.{name}",
        namespace=namespace,
        input=f"{qname}/Request" if request else None,
        output=output,
        odata=ODataOperation(
            kind=OperationKind.FUNCTION if returns else OperationKind.ACTION,
            bound_to=bound_to,
            bound_collection=collection,
            returns=TypeRef(TypeKind.MODEL, returns, returns) if returns else None,
            returns_collection=returns_collection,
        ),
    )


def path(text: str) -> tuple[PathSegment, ...]:
    """`t.employee/thing`: segments with a dot are type casts."""
    return tuple(PathSegment(segment, type_cast="." in segment) for segment in text.split("/") if segment)


def entity_set(name: str, type_: str, *bindings: tuple[str, str], singleton: bool = False) -> EntitySet:
    return EntitySet(
        name=name,
        type=type_,
        singleton=singleton,
        bindings=tuple(NavigationBinding(path=path(route), target=target) for route, target in bindings),
    )


def odata_package(
    models: Sequence[Model],
    enums: Sequence[EnumType] = (),
    operations: Sequence[Operation] = (),
    entity_sets: Sequence[EntitySet] | None = None,
    *,
    namespace: str = "t",
) -> Package:
    """A package with one service; it has an entity container when `entity_sets` is given."""
    container = ODataContainer("Svc", namespace, tuple(entity_sets)) if entity_sets is not None else None
    service = Service(
        name="Svc", operations=tuple(sorted(operations, key=lambda op: op.qname)), odata=container
    )
    return Package(
        name="t",
        namespace=namespace,
        models=tuple(sorted(models, key=lambda item: item.qname)),
        enums=tuple(enums),
        services=(service,),
    )

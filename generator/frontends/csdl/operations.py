"""Actions and functions -> `Operation`, with their request (parameters) and response (wrapped value) models.

Qualified names: `ns.name` when unbound, `ns.name(ns.type)` or `ns.name(Collection(ns.type))` when bound;
overloads that would share such a name use every parameter type: `ns.name(ns.type,Edm.String)`.

CSDL 1.0-3.0 function imports are read the same way: bound when `IsBindable`, the return type in a
`ReturnType` attribute, output-only (`Mode="Out"`) parameters left out of the request.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from generator.frontends.csdl.annotations import read_notes
from generator.frontends.csdl.index import CsdlIndex, Declared, ResolvedType
from generator.frontends.csdl.types import structured_field, unique
from generator.frontends.csdl.xml import Element, child, children
from generator.ir import (
    Field,
    MessageKind,
    MessageOrigin,
    Model,
    ModelRole,
    ODataOperation,
    ODataProperty,
    ODataType,
    Operation,
    OperationKind,
    TypeKind,
)


@dataclass(frozen=True, slots=True)
class Signature:
    declared: Declared
    parameters: tuple[Element, ...]
    binding: ResolvedType | None
    short: str
    full: str


def signatures_of(index: CsdlIndex) -> list[Signature]:
    """Every operation's parameters and binding, in document order."""
    return [_signature(index, declared) for declared in index.operations]


def return_type(index: CsdlIndex, element: Element) -> tuple[Element | None, str | None]:
    """Where an operation's return type is written (`<ReturnType>` or, CSDL 1.0-3.0, the operation) and
    what it says; None when it returns nothing."""
    returns = child(element, "ReturnType")
    text = index.source.required(returns, "Type") if returns is not None else element.get("ReturnType")
    if text is None or not text.strip():
        return None, None
    return (returns if returns is not None else element), text


def read_operations(
    index: CsdlIndex, signatures: list[Signature], keep: AbstractSet[int] | None = None
) -> tuple[list[Operation], list[Model]]:
    """The operations of `signatures` (those at the positions in `keep`, when given) and their messages;
    each one's qualified name is told apart from all `signatures`' overloads."""
    counts: dict[str, int] = {}
    for signature in signatures:
        counts[signature.short] = counts.get(signature.short, 0) + 1
    operations: list[Operation] = []
    messages: list[Model] = []
    seen: set[str] = set()
    for position, signature in enumerate(signatures):
        qname = signature.short if counts[signature.short] == 1 else signature.full
        if qname in seen:
            raise index.source.error(signature.declared.element, f"duplicate operation '{qname}'")
        seen.add(qname)
        if keep is not None and position not in keep:
            continue
        operation, models = _operation(index, signature, qname)
        operations.append(operation)
        messages.extend(models)
    return operations, messages


def _wire(resolved: ResolvedType) -> str:
    return f"Collection({resolved.ref.wire})" if resolved.collection else resolved.ref.wire


def _signature(index: CsdlIndex, declared: Declared) -> Signature:
    source, element = index.source, declared.element
    parameters = tuple(
        parameter
        for parameter in children(element, "Parameter")
        if (parameter.get("Mode") or "In").strip() != "Out"
    )
    names: set[str] = set()
    for parameter in parameters:
        unique(index, parameter, names, f"parameter of '{declared.name}'")
    types = [index.resolve(parameter, source.required(parameter, "Type")) for parameter in parameters]
    binding = None
    short = declared.qname
    if source.boolean(element, "IsBound", False) or source.boolean(element, "IsBindable", False):
        if not parameters:
            raise source.error(element, f"bound {declared.kind.lower()} '{declared.name}' has no parameter")
        binding = types[0]
        short = f"{declared.qname}({_wire(binding)})"
    full = f"{declared.qname}({','.join(_wire(resolved) for resolved in types)})"
    return Signature(declared, parameters, binding, short, full)


def _operation(index: CsdlIndex, signature: Signature, qname: str) -> tuple[Operation, list[Model]]:
    source, declared = index.source, signature.declared
    element, name = declared.element, declared.name
    location = source.location(element)
    targets = tuple(dict.fromkeys((declared.qname, signature.short, signature.full)))
    models: list[Model] = []
    inputs = signature.parameters[1:] if signature.binding is not None else signature.parameters
    request = None
    if inputs:
        fields = tuple(
            structured_field(index, parameter, *(f"{target}/{parameter.get('Name')}" for target in targets))
            for parameter in inputs
        )
        request = f"{qname}/Request"
        models.append(
            Model(
                qname=request,
                name=f"{name}Request",
                fields=fields,
                namespace=declared.namespace,
                role=ModelRole.MESSAGE,
                origin=MessageOrigin(MessageKind.REQUEST, qname),
                odata=ODataType(),
                location=location,
            )
        )
    returns = child(element, "ReturnType")
    written, returned = return_type(index, element)
    resolved = None
    nullable = True
    output = None
    if written is not None and returned is not None:
        resolved = index.resolve(written, returned)
        nullable = source.boolean(returns, "Nullable", True) if returns is not None else True
        if resolved.collection or resolved.ref.kind is not TypeKind.MODEL:
            output = f"{qname}/Response"
            value = Field(
                name="value",
                type=resolved.ref,
                required=True,
                nullable=nullable,
                collection=resolved.collection,
                null_items=resolved.collection and nullable and not resolved.entity,
                odata=ODataProperty(),
                location=source.location(returns if returns is not None else element),
            )
            models.append(
                Model(
                    qname=output,
                    name=f"{name}Response",
                    fields=(value,),
                    namespace=declared.namespace,
                    role=ModelRole.MESSAGE,
                    origin=MessageOrigin(MessageKind.RESPONSE, qname),
                    odata=ODataType(),
                    location=location,
                )
            )
        else:
            output = resolved.ref.name
    binding = signature.binding
    odata = ODataOperation(
        kind=OperationKind(declared.kind.lower()),
        bound_to=binding.ref.name if binding is not None else None,
        bound_collection=binding.collection if binding is not None else False,
        returns=resolved.ref if resolved is not None else None,
        returns_collection=resolved.collection if resolved is not None else False,
        returns_nullable=nullable,
        entity_set_path=element.get("EntitySetPath"),
    )
    operation = Operation(
        qname=qname,
        name=name,
        qualified_name=declared.qname,
        namespace=declared.namespace,
        input=request,
        output=output,
        odata=odata,
        doc=read_notes(index, element, *targets).doc,
        location=location,
    )
    return operation, models

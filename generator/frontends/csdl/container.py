"""The entity containers -> one `ODataContainer`: entity sets and singletons in schema order.

CSDL 1.0-3.0 may declare several containers (and a spec of several documents one each): the container is the
default one (`m:IsDefaultEntityContainer="true"`) or else the first, and it holds the sets of all of them (a
set named like one already held is left out, with a warning). Their `AssociationSet`s give the navigation
bindings CSDL 4 writes as `NavigationPropertyBinding`s.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from generator.frontends.csdl.index import CsdlContainer, CsdlIndex, Declared
from generator.frontends.csdl.xml import Element, any_attribute, children, local_name
from generator.ir import EntitySet, NavigationBinding, ODataContainer, PathSegment


def main_container(index: CsdlIndex) -> CsdlContainer | None:
    for container in index.containers:
        if (any_attribute(container.element, "IsDefaultEntityContainer") or "").strip().lower() == "true":
            return container
    return index.containers[0] if index.containers else None


def read_container(index: CsdlIndex, operation_names: AbstractSet[str]) -> ODataContainer | None:
    """`operation_names`: the qualified names (without binding suffix) that imports may refer to."""
    main = main_container(index)
    if main is None:
        return None
    entity_sets: dict[str, EntitySet] = {}
    for container in [main, *(other for other in index.containers if other is not main)]:
        for entity_set in _entity_sets(index, container, operation_names):
            if entity_set.name in entity_sets:
                where = f"{container.namespace}.{container.name}"
                index.source.warn(container.element, f"entity set '{entity_set.name}' of {where} left out")
                continue
            entity_sets[entity_set.name] = entity_set
    return ODataContainer(name=main.name, namespace=main.namespace, entity_sets=tuple(entity_sets.values()))


def _entity_sets(
    index: CsdlIndex, container: CsdlContainer, operation_names: AbstractSet[str]
) -> list[EntitySet]:
    source = index.source
    entity_sets: list[EntitySet] = []
    association_sets = _association_sets(index, container.element)
    bases = _bases(index) if association_sets else {}
    for element in container.element.iterchildren():
        kind = local_name(element) if isinstance(element.tag, str) else ""
        if kind in ("ActionImport", "FunctionImport"):
            attribute = "Action" if kind == "ActionImport" else "Function"
            if kind == "FunctionImport" and element.get("Function") is None:
                continue  # CSDL 1.0-3.0: the import is the operation (see index._declare_imports)
            name = source.required(element, attribute)
            if index.qualify(name, element) not in operation_names:
                raise source.error(element, f"unknown {attribute.lower()} '{name}'")
            continue
        if kind not in ("EntitySet", "Singleton"):
            continue
        singleton = kind == "Singleton"
        type_name = source.required(element, "Type" if singleton else "EntityType")
        entity_type = index.lookup(element, type_name, ("EntityType",))
        name = source.required(element, "Name")
        bindings = [
            NavigationBinding(
                path=_segments(index, source.required(binding, "Path"), binding),
                # `Container/set` or `ns.Container/set` when the set is in another container: the set's name.
                target=index.normalise_target(source.required(binding, "Target"), binding).rpartition("/")[2],
            )
            for binding in children(element, "NavigationPropertyBinding")
        ]
        if association_sets:
            bound = {binding.path for binding in bindings}
            related = _related_types(index, bases, entity_type)
            for binding in _associated(index, related, name, association_sets):
                if binding.path not in bound:
                    bound.add(binding.path)
                    bindings.append(binding)
        entity_sets.append(
            EntitySet(name=name, type=entity_type.qname, singleton=singleton, bindings=tuple(bindings))
        )
    return entity_sets


def _association_sets(index: CsdlIndex, container: Element) -> dict[str, list[dict[str, str]]]:
    """Association qualified name -> for each of its sets in `container`, role -> entity set name. An end
    without a `Role` takes the association's role at its position."""
    found: dict[str, list[dict[str, str]]] = {}
    for association_set in children(container, "AssociationSet"):
        qname = index.qualify(index.source.required(association_set, "Association"), association_set)
        association = index.associations.get(qname)
        if association is None:
            raise index.source.error(association_set, f"unknown association '{qname}'")
        roles = [(end.get("Role") or "").strip() for end in children(association.element, "End")]
        ends: dict[str, str] = {}
        for position, end in enumerate(children(association_set, "End")):
            role = (end.get("Role") or "").strip() or (roles[position] if position < len(roles) else "")
            ends[role] = index.source.required(end, "EntitySet")
        found.setdefault(qname, []).append(ends)
    return found


def _associated(
    index: CsdlIndex,
    related: list[tuple[Declared, bool]],
    set_name: str,
    association_sets: dict[str, list[dict[str, str]]],
) -> list[NavigationBinding]:
    """The bindings of set `set_name`'s navigation properties (of the `related` types: its type, its base
    types, and, after a type cast, its derived types) that an association set ties to another set."""
    bindings: list[NavigationBinding] = []
    for declared, cast in related:
        for navigation in children(declared.element, "NavigationProperty"):
            relationship = navigation.get("Relationship")
            from_role, to_role = navigation.get("FromRole"), navigation.get("ToRole")
            if relationship is None or from_role is None or to_role is None:
                continue
            for ends in association_sets.get(index.qualify(relationship, navigation), ()):
                target = ends.get(to_role.strip())
                if ends.get(from_role.strip()) != set_name or target is None:
                    continue
                segment = PathSegment(index.source.required(navigation, "Name"))
                path = (PathSegment(declared.qname, type_cast=True), segment) if cast else (segment,)
                bindings.append(NavigationBinding(path=path, target=target))
                break
    return bindings


def _bases(index: CsdlIndex) -> dict[str, str]:
    """Entity type -> its base type, by qualified name."""
    bases: dict[str, str] = {}
    for declared in index.of_kind("EntityType"):
        base = declared.element.get("BaseType")
        if base is not None:
            bases[declared.qname] = index.qualify(base, declared.element)
    return bases


def _related_types(
    index: CsdlIndex, bases: dict[str, str], entity_type: Declared
) -> list[tuple[Declared, bool]]:
    """`entity_type` and its base types (no cast needed), then its derived types (a cast needed)."""
    related: list[tuple[Declared, bool]] = []
    qname: str | None = entity_type.qname
    while qname is not None and qname in index.declarations and len(related) <= len(bases):
        related.append((index.declarations[qname], False))
        qname = bases.get(qname)
    derived = [name for name in bases if _derives(bases, name, entity_type.qname)]
    related.extend((index.declarations[name], True) for name in derived)
    return related


def _derives(bases: dict[str, str], qname: str, ancestor: str) -> bool:
    seen = {qname}
    while qname in bases:
        qname = bases[qname]
        if qname == ancestor:
            return True
        if qname in seen:
            return False
        seen.add(qname)
    return False


def _segments(index: CsdlIndex, path: str, element: Element) -> tuple[PathSegment, ...]:
    """`members/microsoft.graph.user/manager`: navigation properties, and type casts by qualified name."""
    segments = []
    for segment in index.normalise_target(path, element).split("/"):
        if not segment:
            continue
        declared = index.declarations.get(segment)
        cast = "." in segment and declared is not None and declared.kind in ("EntityType", "ComplexType")
        segments.append(PathSegment(segment, type_cast=cast))
    return tuple(segments)

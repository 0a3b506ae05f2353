"""The entity container -> `ODataContainer`: entity sets and singletons in schema order."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from generator.frontends.csdl.index import CsdlContainer, CsdlIndex
from generator.frontends.csdl.xml import children, local_name
from generator.ir import EntitySet, NavigationBinding, ODataContainer, PathSegment


def read_container(
    index: CsdlIndex, container: CsdlContainer, operation_names: AbstractSet[str]
) -> ODataContainer:
    """`operation_names`: the qualified names (without binding suffix) that imports may refer to."""
    source = index.source
    entity_sets: list[EntitySet] = []
    for element in container.element.iterchildren():
        kind = local_name(element) if isinstance(element.tag, str) else ""
        if kind in ("ActionImport", "FunctionImport"):
            attribute = "Action" if kind == "ActionImport" else "Function"
            name = source.required(element, attribute)
            if index.qualify(name) not in operation_names:
                raise source.error(element, f"unknown {attribute.lower()} '{name}'")
            continue
        if kind not in ("EntitySet", "Singleton"):
            continue
        singleton = kind == "Singleton"
        type_name = source.required(element, "Type" if singleton else "EntityType")
        entity_type = index.lookup(element, type_name, ("EntityType",))
        bindings = tuple(
            NavigationBinding(
                path=_segments(index, source.required(binding, "Path")),
                # `Container/set` or `ns.Container/set` when the set is in another container: the set's name.
                target=index.normalise_target(source.required(binding, "Target")).rpartition("/")[2],
            )
            for binding in children(element, "NavigationPropertyBinding")
        )
        entity_sets.append(
            EntitySet(
                name=source.required(element, "Name"),
                type=entity_type.qname,
                singleton=singleton,
                bindings=bindings,
            )
        )
    return ODataContainer(name=container.name, namespace=container.namespace, entity_sets=tuple(entity_sets))


def _segments(index: CsdlIndex, path: str) -> tuple[PathSegment, ...]:
    """`members/microsoft.graph.user/manager`: navigation properties, and type casts by qualified name."""
    segments = []
    for segment in index.normalise_target(path).split("/"):
        if not segment:
            continue
        declared = index.declarations.get(segment)
        cast = "." in segment and declared is not None and declared.kind in ("EntityType", "ComplexType")
        segments.append(PathSegment(segment, type_cast=cast))
    return tuple(segments)

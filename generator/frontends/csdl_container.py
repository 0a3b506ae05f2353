"""The entity container -> `ODataContainer`: entity sets and singletons in schema order."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from generator.frontends.csdl_index import CsdlContainer, CsdlIndex
from generator.frontends.csdl_xml import children, local_name
from generator.ir import EntitySet, NavigationBinding, ODataContainer


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
                path=index.normalise_target(source.required(binding, "Path")),
                target=index.normalise_target(source.required(binding, "Target")),
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

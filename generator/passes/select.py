"""Selecting roots: keep only what the named types, operations and container paths need.

Roots are qualified names or container paths; an empty list keeps the package unchanged.

- Type root (`microsoft.graph.presence`): the type is kept whole with its closure: base types (whole), the
  types of its structural properties (whole), enum types, and, for an abstract complex type, its derived types
  (whole). Navigation properties are not followed; a kept type keeps a navigation property only when its
  target type is kept. The root also brings: every operation bound to it (single or collection), with the
  closure of its parameter and return types (request/response models are `<op qname>/Request` and
  `/Response`); the container paths that address it: entity sets and singletons of that type, and containment
  navigation properties one step from an entity set or singleton to it (declared on the set's type or a base
  of it); every operation returning it (or a collection of it) whose binding type is addressable (the type of
  a singleton or entity set; an entity set for collection-bound operations); those sets are kept too.
  Unbound operations are not addressable.
- XSD roots are Clark names: `{ns}Name` names a WSDL operation, else the global element and the type of
  that name (either may be missing), with the same closure as a type root. A bare name (`GetItem`) names
  the WSDL operations of that local name, in every port type.
- Operation root (`ns.op(ns.bindingType)`, or the bare `ns.op` for all overloads): the operation with the
  closure of its parameter and return types, and its binding type (whole).
- Path root (`users/presence`, `communications/presences`, `users`): the entity set or singleton, the
  navigation properties along the path, and the type at its end as a type kept whole (with the operations
  bound to it, but not its other container paths).

Types that are only on a path (the types of the entity sets and singletons, and the types declaring the
navigation properties followed) are kept as stubs: their base chain (as stubs), the key properties they
declare themselves (`JsonBinding.keys`), and only the navigation properties on kept paths. A type both whole
and a stub is whole. A `NavigationPropertyBinding` is kept only when its target entity set is kept and its
path runs over kept navigation properties. Models, enums and operations come out sorted by qualified name;
fields, entity sets and bindings keep their schema order. Selecting the output again with the same roots
gives the same package. An unknown root is a `SchemaError` at `<roots>:0`:
`root '{root}' names no type, operation or container path`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from generator.config import PackageConfig
from generator.errors import SchemaError
from generator.ir import (
    EntitySet,
    Field,
    Location,
    Model,
    Module,
    NavigationBinding,
    Operation,
    Package,
    Service,
    TypeKind,
)

ROOTS_LOCATION_PATH = "<roots>"


def run(package: Package, config: PackageConfig) -> Package:
    return select_roots(package, config.roots)


def select_roots(package: Package, roots: Sequence[str]) -> Package:
    """The part of `package` the roots need (see the module docstring); `package` itself is not changed."""
    if not roots:
        return package
    selection = _Selection(package)
    for root in roots:
        selection.add_root(root)
    return selection.build()


def _unknown_root(root: str) -> SchemaError:
    return SchemaError(
        Location(ROOTS_LOCATION_PATH, 0), f"root '{root}' names no type, operation or container path"
    )


class _Selection:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.index = package.index
        self.models: dict[str, Model] = self.index.models
        self.enum_names = set(self.index.enums)
        self.operations: list[Operation] = [op for service in package.services for op in service.operations]
        self.entity_sets: list[EntitySet] = [
            entity_set
            for service in package.services
            if service.odata is not None
            for entity_set in service.odata.entity_sets
        ]
        self.whole: set[str] = set()
        self.stubs: set[str] = set()
        self.navigations: set[tuple[str, str]] = set()
        """(declaring model, navigation property) pairs on kept paths."""
        self.kept_operations: set[str] = set()
        self.kept_sets: set[str] = set()

    # -- roots -----------------------------------------------------------------------------------------

    def add_root(self, root: str) -> None:
        name = root.strip()
        overloads = [op for op in self.operations if op.qname == name]
        if not overloads:
            overloads = [op for op in self.operations if op.qualified_name == name]
        if not overloads and not name.startswith("{"):
            # A WSDL operation by its local name (`GetItem`): every port type's operation of that name.
            overloads = [op for op in self.operations if op.odata is None and op.name == name]
        if overloads:
            for op in overloads:
                self._add_operation(op)
                if op.odata is not None and op.odata.bound_to is not None:
                    self._add_whole(op.odata.bound_to)
            return
        # An XSD element's Clark name (`{ns}Name`) names its model (`{ns}Name#element`) and the type of
        # the same name, when there is one.
        named = [item for item in (name, f"{name}#element") if item in self.models or item in self.enum_names]
        for item in named:
            self._type_root(item, paths=True)
        if named:
            return
        if not self._path_root(name):
            raise _unknown_root(root)

    def _type_root(self, qname: str, *, paths: bool) -> None:
        self._add_whole(qname)
        for op in self.operations:
            if op.odata is not None and op.odata.bound_to == qname:
                self._add_operation(op)
        if not paths:
            return
        for entity_set in self.entity_sets:
            if entity_set.type == qname:
                self._add_set(entity_set)
            for model in self.index.chain(entity_set.type):
                for field in model.fields:
                    if field.odata is not None and field.odata.contains_target and field.type.name == qname:
                        self._add_set(entity_set)
                        self.navigations.add((model.qname, field.name))
        for op in self.operations:
            odata = op.odata
            if odata is None or odata.bound_to is None or odata.returns is None:
                continue
            if odata.returns.kind is not TypeKind.MODEL or odata.returns.name != qname:
                continue
            addressing = [
                entity_set
                for entity_set in self.entity_sets
                if entity_set.type == odata.bound_to and not (odata.bound_collection and entity_set.singleton)
            ]
            if addressing:
                self._add_operation(op)
                for entity_set in addressing:
                    self._add_set(entity_set)

    def _path_root(self, root: str) -> bool:
        first, *rest = root.split("/")
        entity_set = next((candidate for candidate in self.entity_sets if candidate.name == first), None)
        if entity_set is None or entity_set.type not in self.models:
            return False
        steps: list[tuple[str, str]] = []
        through: list[str] = []
        current = entity_set.type
        for segment in rest:
            found = self._navigation(current, segment)
            if found is None or found[1].type.name not in self.models:
                return False
            steps.append((found[0].qname, found[1].name))
            through.append(current)
            current = found[1].type.name
        self._add_set(entity_set)
        self.navigations.update(steps)
        for qname in through[1:]:
            self._add_stub(qname)
        self._type_root(current, paths=False)
        return True

    # -- closures --------------------------------------------------------------------------------------

    def _add_whole(self, qname: str) -> None:
        pending = [qname]
        while pending:
            name = pending.pop()
            if name in self.whole:
                continue
            if name in self.enum_names:
                self.whole.add(name)
                continue
            model = self.models.get(name)
            if model is None:
                continue
            self.whole.add(name)
            if model.base is not None:
                pending.append(model.base)
            for field in model.fields:
                if not field.is_navigation and field.type.kind is not TypeKind.PRIMITIVE:
                    pending.append(field.type.name)
            if model.abstract and not (model.odata is not None and model.odata.entity):
                pending.extend(item.qname for item in self.index.derived(name) if item.base == name)

    def _add_stub(self, qname: str) -> None:
        for model in self.index.chain(qname):
            self.stubs.add(model.qname)
            for field in self._key_fields(model):
                if field.type.kind is not TypeKind.PRIMITIVE:
                    self._add_whole(field.type.name)

    def _add_set(self, entity_set: EntitySet) -> None:
        self.kept_sets.add(entity_set.name)
        self._add_stub(entity_set.type)

    def _add_operation(self, op: Operation) -> None:
        self.kept_operations.add(op.qname)
        names = [op.input, op.output, *op.faults]
        if op.soap is not None:
            names.extend([*op.soap.input_headers, *op.soap.output_headers])
        returns = op.odata.returns if op.odata is not None else None
        if returns is not None and returns.kind is not TypeKind.PRIMITIVE:
            names.append(returns.name)
        for name in names:
            if name is not None:
                self._add_whole(name)

    # -- lookups ---------------------------------------------------------------------------------------

    def _navigation(self, qname: str, name: str) -> tuple[Model, Field] | None:
        for model in self.index.chain(qname):
            for field in model.fields:
                if field.is_navigation and field.name == name:
                    return model, field
        return None

    @staticmethod
    def _key_fields(model: Model) -> list[Field]:
        keys = model.odata.keys if model.odata is not None else ()
        return [field for field in model.fields if not field.is_navigation and field.name in keys]

    # -- output ----------------------------------------------------------------------------------------

    def build(self) -> Package:
        kept = self.whole | self.stubs
        models = tuple(
            self._output_model(self.models[qname], kept) for qname in sorted(kept) if qname in self.models
        )
        enums = tuple(
            sorted(
                (enum for enum in self.package.enums if enum.qname in self.whole), key=lambda item: item.qname
            )
        )
        by_name = {model.qname: model for model in models}
        services = tuple(self._output_service(service, by_name) for service in self.package.services)
        kept_types = {model.qname for model in models} | {enum.qname for enum in enums}
        modules = tuple(
            replace(
                module,
                models=tuple(name for name in module.models if name in kept_types),
                enums=tuple(name for name in module.enums if name in kept_types),
            )
            for module in self.package.modules
        )
        return replace(
            self.package,
            models=models,
            enums=enums,
            services=services,
            modules=tuple(module for module in modules if _non_empty(module)),
        )

    def _output_model(self, model: Model, kept: set[str]) -> Model:
        if model.qname in self.whole:
            fields = tuple(
                field for field in model.fields if not field.is_navigation or field.type.name in kept
            )
        else:
            keys = {field.name for field in self._key_fields(model)}
            fields = tuple(
                field
                for field in model.fields
                if (not field.is_navigation and field.name in keys)
                or (
                    field.is_navigation
                    and (model.qname, field.name) in self.navigations
                    and field.type.name in kept
                )
            )
        return model if fields == model.fields else replace(model, fields=fields)

    def _output_service(self, service: Service, models: dict[str, Model]) -> Service:
        operations = tuple(
            sorted(
                (op for op in service.operations if op.qname in self.kept_operations),
                key=lambda item: item.qname,
            )
        )
        odata = service.odata
        if odata is not None:
            entity_sets = tuple(
                replace(
                    entity_set,
                    bindings=tuple(
                        binding
                        for binding in entity_set.bindings
                        if self._binding_kept(binding, entity_set.type, models)
                    ),
                )
                for entity_set in odata.entity_sets
                if entity_set.name in self.kept_sets
            )
            odata = replace(odata, entity_sets=entity_sets)
        return replace(service, operations=operations, odata=odata)

    def _binding_kept(self, binding: NavigationBinding, start: str, models: dict[str, Model]) -> bool:
        if binding.target not in self.kept_sets or not binding.path:
            return False
        current = start
        for number, segment in enumerate(binding.path, 1):
            if segment.type_cast:
                if segment.name not in models:
                    return False
                current = segment.name
                continue
            field = _output_field(models, current, segment.name)
            if field is None or field.type.kind is not TypeKind.MODEL:
                return False
            if number == len(binding.path):
                return field.is_navigation
            current = field.type.name
        return False


def _output_field(models: dict[str, Model], qname: str, name: str) -> Field | None:
    seen: set[str] = set()
    current: str | None = qname
    while current is not None and current not in seen and current in models:
        seen.add(current)
        model = models[current]
        for field in model.fields:
            if field.name == name:
                return field
        current = model.base
    return None


def _non_empty(module: Module) -> bool:
    return bool(module.models or module.enums)

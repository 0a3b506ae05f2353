"""Fills in each module's imports: whole standard-library modules first, then `from .x import ...` for the
enums and models it uses from its sibling modules, in the order ruff's isort rules expect."""

from __future__ import annotations

from dataclasses import replace

from generator.config import PackageConfig
from generator.ir import Import, Module, Package, PackageIndex, TypeKind
from generator.python import STDLIB_MODULE_OF
from generator.render.sorting import import_order, module_order


def _module_imports(module: Module, index: PackageIndex, parts: frozenset[str]) -> tuple[Import, ...]:
    """`parts`: the modules that are parts of a split module; what is taken from one of them only for
    annotations is imported for type checkers only."""
    stdlib: set[str] = set()
    relative: dict[str, set[str]] = {}
    runtime: set[str] = set()
    """The modules of `relative` needed when the module runs: enums (defaults) and base classes."""
    if module.enums:
        stdlib.add("enum")
    if module.models:
        stdlib.add("dataclasses")

    def use(qname: str, *, base: bool = False) -> None:
        if qname not in index.models and qname not in index.enums:
            return  # a base or type outside the package (it ends a chain, see PackageIndex.ancestors)
        where = index.module_of(qname)
        if where != module.name:
            name = index.py_name(qname)
            relative.setdefault(where, set()).add(name)
            if base or where not in parts:
                runtime.add(f"{where}.{name}")

    for qname in module.models:
        model = index.models[qname]
        if model.base is not None:
            use(model.base, base=True)
        for field in model.fields:
            primitive = field.type.primitive
            if primitive is not None:
                if primitive in STDLIB_MODULE_OF:
                    stdlib.add(STDLIB_MODULE_OF[primitive])
            elif field.type.kind in (TypeKind.MODEL, TypeKind.ENUM):
                use(field.type.name)
    imports = [Import(name, ()) for name in sorted(stdlib)]
    typed: list[Import] = []
    for where in sorted(relative, key=module_order):
        names = relative[where]
        needed = sorted((name for name in names if f"{where}.{name}" in runtime), key=import_order)
        annotations = sorted((name for name in names if f"{where}.{name}" not in runtime), key=import_order)
        if needed:
            imports.append(Import(f".{where}", tuple(needed)))
        if annotations:
            typed.append(Import(f".{where}", tuple(annotations), typing_only=True))
    if typed:
        imports.append(Import("typing", ("TYPE_CHECKING",)))
    return (*imports, *typed)


def run(package: Package, config: PackageConfig) -> Package:
    return assign_imports(package)


def assign_imports(package: Package) -> Package:
    parts = frozenset(module.name for module in package.modules if module.part_of is not None)
    modules = tuple(
        replace(module, imports=_module_imports(module, package.index, parts)) for module in package.modules
    )
    return replace(package, modules=modules)

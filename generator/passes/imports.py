"""Fills in each module's imports: whole standard-library modules first, then `from .x import ...` for the
enums and models it uses from its sibling modules, in the order ruff's isort rules expect."""

from __future__ import annotations

from dataclasses import replace

from generator.config import PackageConfig
from generator.ir import Import, Module, Package, PackageIndex, TypeKind
from generator.python import STDLIB_MODULE_OF
from generator.render.sorting import import_order


def _module_imports(module: Module, index: PackageIndex) -> tuple[Import, ...]:
    stdlib: set[str] = set()
    relative: dict[str, set[str]] = {}
    if module.enums:
        stdlib.add("enum")
    if module.models:
        stdlib.add("dataclasses")

    def use(qname: str) -> None:
        if qname not in index.models and qname not in index.enums:
            return  # a base or type outside the package (it ends a chain, see PackageIndex.ancestors)
        where = index.module_of(qname)
        if where != module.name:
            relative.setdefault(where, set()).add(index.py_name(qname))

    for qname in module.models:
        model = index.models[qname]
        if model.base is not None:
            use(model.base)
        for field in model.fields:
            primitive = field.type.primitive
            if primitive is not None:
                if primitive in STDLIB_MODULE_OF:
                    stdlib.add(STDLIB_MODULE_OF[primitive])
            elif field.type.kind in (TypeKind.MODEL, TypeKind.ENUM):
                use(field.type.name)
    imports = [Import(name, ()) for name in sorted(stdlib)]
    imports.extend(
        Import(f".{where}", tuple(sorted(names, key=import_order)))
        for where, names in sorted(relative.items())
    )
    return tuple(imports)


def run(package: Package, config: PackageConfig) -> Package:
    return assign_imports(package)


def assign_imports(package: Package) -> Package:
    modules = tuple(
        replace(module, imports=_module_imports(module, package.index)) for module in package.modules
    )
    return replace(package, modules=modules)

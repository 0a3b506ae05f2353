"""Fills in each module's imports: whole standard-library modules first, then `from .x import ...` for the
enums and models it uses from its sibling modules, in the order ruff's isort rules expect."""

from __future__ import annotations

from dataclasses import replace

from generator.config import PackageConfig
from generator.ir import Import, Model, Module, Package, TypeKind
from generator.python import STDLIB_MODULE_OF
from generator.render.sorting import import_order


def _module_imports(
    module: Module, models: dict[str, Model], home: dict[str, str], py_names: dict[str, str]
) -> tuple[Import, ...]:
    stdlib: set[str] = set()
    relative: dict[str, set[str]] = {}
    if module.enums:
        stdlib.add("enum")
    if module.models:
        stdlib.add("dataclasses")

    def use(qname: str) -> None:
        where = home.get(qname)
        if where is not None and where != module.name:
            relative.setdefault(where, set()).add(py_names[qname])

    for qname in module.models:
        model = models[qname]
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
    models = {model.qname: model for model in package.models}
    py_names = {model.qname: model.py_name for model in package.models}
    py_names.update((enum.qname, enum.py_name) for enum in package.enums)
    home: dict[str, str] = {}
    for module in package.modules:
        home.update((qname, module.name) for qname in (*module.models, *module.enums))
    modules = tuple(
        replace(module, imports=_module_imports(module, models, home, py_names)) for module in package.modules
    )
    return replace(package, modules=modules)

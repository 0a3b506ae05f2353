"""The models target: one Python module per `Module` of the package (`enums`, `models`, `messages`), typed
dataclasses and enums, from `templates/models/` and `templates/enums/`. Every package gets it. A module
split into parts (`_models_1`, ...) also gets the whole (`models.py`), re-exporting the parts' names
lazily (`templates/models/parts.py.jinja`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.ir import EnumType, Model, Module, Package
from generator.render.environment import Templates
from generator.targets.base import BaseTarget, Built, module_path

TEMPLATES = {
    "enums": "enums/module.py.jinja",
    "models": "models/module.py.jinja",
    "messages": "models/module.py.jinja",
}
PARTS_TEMPLATE = "models/parts.py.jinja"


@dataclass(frozen=True, slots=True)
class ModulePlan:
    module: Module
    template: str
    models: tuple[Model, ...]
    enums: tuple[EnumType, ...]


@dataclass(frozen=True, slots=True)
class ModelsPlan:
    package: Package
    modules: tuple[ModulePlan, ...]


class ModelsTarget(BaseTarget[ModelsPlan]):
    name = "models"

    def applies(self, package: Package) -> bool:
        return bool(package.modules)

    def plan(self, package: Package, built: Sequence[Built]) -> ModelsPlan:
        index = package.index
        return ModelsPlan(
            package,
            tuple(
                ModulePlan(
                    module,
                    TEMPLATES[module.part_of or module.name],
                    tuple(index.models[qname] for qname in module.models),
                    tuple(index.enums[qname] for qname in module.enums),
                )
                for module in package.modules
            ),
        )

    def files(self, plan: ModelsPlan, templates: Templates) -> dict[str, str]:
        files = {
            module_path(plan.package, f"{item.module.name}.py"): templates.render(
                item.template, module=item.module, models=list(item.models), enums=list(item.enums)
            )
            for item in plan.modules
        }
        wholes: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for item in plan.modules:
            if item.module.part_of is not None:
                names = tuple(model.py_name for model in item.models)
                wholes.setdefault(item.module.part_of, []).append((item.module.name, names))
        for whole, exports in wholes.items():
            files[module_path(plan.package, f"{whole}.py")] = templates.render(
                PARTS_TEMPLATE, whole=whole, exports=exports
            )
        return files

    def exports(self, plan: ModelsPlan) -> dict[str, tuple[str, ...]]:
        return {
            item.module.name: tuple(enum.py_name for enum in item.enums)
            + tuple(model.py_name for model in item.models)
            for item in plan.modules
        }

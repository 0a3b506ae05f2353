"""The package target: what makes the generated modules an installable project of their own. `pyproject.toml`
(the requirements, extras and data files the other targets named), `README.md` (their sections and the
public API), `__init__.py` (re-exporting what they export), `py.typed`, and the runtime modules they need,
copied verbatim from `generator/runtime/`; where a codec is generated, `setup.py` and `build_backend.py`,
which make its compiled build (mypyc) on request, and `MANIFEST.in`, which puts the backend in the sdist.
It runs last: its plan is made of what the others built."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.ir import Package
from generator.render.environment import Templates
from generator.render.sorting import module_order
from generator.runtime import runtime_source
from generator.targets.base import BaseTarget, Built, module_path


@dataclass(frozen=True, slots=True)
class PackagePlan:
    package: Package
    requires: tuple[str, ...]
    extras: tuple[tuple[str, tuple[str, ...]], ...]
    data_files: tuple[str, ...]
    """Data files inside the import package (`service.wsdl`), `py.typed` first."""
    exports: tuple[tuple[str, tuple[str, ...]], ...]
    """(module, names) the top level re-exports, by module name."""
    runtime: tuple[str, ...]
    compiled: tuple[str, ...]
    """Modules the compiled build compiles (none: the package has no compiled build)."""
    sections: tuple[str, ...]
    """README sections of the other targets."""

    @property
    def public_names(self) -> list[str]:
        return [name for _module, names in self.exports for name in names]

    @property
    def type_names(self) -> list[str]:
        return sorted(
            [model.py_name for model in self.package.models] + [enum.py_name for enum in self.package.enums]
        )

    @property
    def requirement_names(self) -> list[str]:
        """`lxml>=5.2` -> `lxml`: what the README says the package needs."""
        return [_project_name(requirement) for requirement in self.requires]


class PackageTarget(BaseTarget[PackagePlan]):
    name = "package"

    def applies(self, package: Package) -> bool:
        return True

    def plan(self, package: Package, built: Sequence[Built]) -> PackagePlan:
        requires: dict[str, None] = {}
        extras: dict[str, dict[str, None]] = {}
        runtime: dict[str, None] = {"_version.py": None}
        compiled: dict[str, None] = {}
        exports: dict[str, set[str]] = {}
        data: list[str] = []
        for item in built:
            requires.update(dict.fromkeys(item.dependencies.requires))
            runtime.update(dict.fromkeys(item.dependencies.runtime))
            compiled.update(dict.fromkeys(item.dependencies.compiled))
            for extra, names in item.dependencies.extras.items():
                extras.setdefault(extra, {}).update(dict.fromkeys(names))
            for module, names in item.exports.items():
                exports.setdefault(module, set()).update(names)
            data.extend(path.removeprefix(f"{package.name}/") for path in item.artifacts)
        return PackagePlan(
            package=package,
            requires=tuple(requires),
            extras=tuple((extra, tuple(names)) for extra, names in sorted(extras.items())),
            data_files=("py.typed", *data),
            exports=tuple(
                (module, tuple(sorted(exports[module]))) for module in sorted(exports, key=module_order)
            ),
            runtime=tuple(sorted(runtime)),
            compiled=tuple(sorted(compiled)),
            sections=tuple(item.readme for item in built if item.readme),
        )

    def files(self, plan: PackagePlan, templates: Templates) -> dict[str, str]:
        package = plan.package
        files = {
            "pyproject.toml": templates.render("package/pyproject.toml.jinja", plan=plan),
            "README.md": templates.render("package/README.md.jinja", plan=plan),
            module_path(package, "__init__.py"): templates.render("package/__init__.py.jinja", plan=plan),
            module_path(package, "py.typed"): "",
        }
        files.update({module_path(package, name): runtime_source(name) for name in plan.runtime})
        if plan.compiled:
            files["setup.py"] = templates.render("package/setup.py.jinja", plan=plan)
            files["build_backend.py"] = templates.render("package/build_backend.py.jinja", plan=plan)
            files["MANIFEST.in"] = "include build_backend.py\n"  # the sdist needs its build backend
        return files


def _project_name(requirement: str) -> str:
    for index, character in enumerate(requirement):
        if character in "<>=!~;[ ":
            return requirement[:index]
    return requirement

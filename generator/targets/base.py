"""What a target is: one kind of output a package may get (models, a codec, a server, the package files).

A target says whether it applies to a package (from the IR's bindings, never from the kind of schema), plans
it (a typed record its templates lay out), renders its files, and names what the package then needs: runtime
requirements, the runtime modules copied into it (`generator/runtime/`), data files, names re-exported at
the package's top level, a section of the package README. The pipeline runs every target that applies, in
the order of `TARGETS`; the package target comes last and sees what the others built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Generic, Protocol, TypeVar

from generator.ir import Package
from generator.render.environment import Templates

P = TypeVar("P")


SERVER_EXTRA: Final = ("starlette>=0.37", "uvicorn>=0.30", "httptools>=0.6")
"""The `server` extra of a package with stubs: Starlette for the app, uvicorn and its httptools parser for
`serving.HeaderDeadline`."""


@dataclass(frozen=True, slots=True)
class Dependencies:
    requires: tuple[str, ...] = ()
    """Requirements of the generated package (`lxml>=5.2`)."""
    extras: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Optional groups: `{"server": ("starlette>=0.37",)}`."""
    runtime: tuple[str, ...] = ()
    """Modules of `generator/runtime/` copied verbatim into the package (`_xml.py`)."""
    compiled: tuple[str, ...] = ()
    """Modules of the package (generated or runtime) its compiled build compiles with mypyc (`codec.py`)."""


@dataclass(frozen=True, slots=True)
class Built:
    """What one target added to a package."""

    target: str
    files: Mapping[str, str]
    """Path within the project folder (`um_service/codec.py`) -> text; Python is formatted afterwards."""
    artifacts: Mapping[str, str]
    """Data files shipped inside the import package, by path within the project folder."""
    dependencies: Dependencies
    exports: Mapping[str, tuple[str, ...]]
    """Module (`errors`) -> names the package's top level re-exports from it."""
    readme: str
    """A section of the package's README (Markdown), or ""."""


class Target(Protocol[P]):
    name: str

    def applies(self, package: Package) -> bool: ...

    def plan(self, package: Package, built: Sequence[Built]) -> P: ...

    def files(self, plan: P, templates: Templates) -> dict[str, str]: ...

    def artifacts(self, plan: P) -> dict[str, str]: ...

    def dependencies(self, plan: P) -> Dependencies: ...

    def exports(self, plan: P) -> dict[str, tuple[str, ...]]: ...

    def readme(self, plan: P, templates: Templates) -> str: ...


class BaseTarget(Generic[P]):
    """Defaults for the parts most targets do not have."""

    name = ""

    def artifacts(self, plan: P) -> dict[str, str]:
        return {}

    def dependencies(self, plan: P) -> Dependencies:
        return Dependencies()

    def exports(self, plan: P) -> dict[str, tuple[str, ...]]:
        return {}

    def readme(self, plan: P, templates: Templates) -> str:
        return ""


def build(target: Target[P], package: Package, built: Sequence[Built], templates: Templates) -> Built:
    plan = target.plan(package, built)
    return Built(
        target=target.name,
        files=target.files(plan, templates),
        artifacts=target.artifacts(plan),
        dependencies=target.dependencies(plan),
        exports=target.exports(plan),
        readme=target.readme(plan, templates),
    )


def module_path(package: Package, module: str) -> str:
    """Where a module of the package is written: `um_service/codec.py`."""
    return f"{package.name}/{module}"

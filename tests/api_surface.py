"""The public API of each generated package as text: every name in `__all__` of the package and of its
`codec` and `server` modules, with dataclass fields, enum members and signatures. Committed in tests/api/;
`python -m tests.api_surface` rewrites them after an intended change, so the change is a reviewable diff."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("um_service", "graph_presence")
SNAPSHOTS = ROOT / "tests" / "api"


def _importable() -> None:
    for name in PACKAGES:
        folder = str(ROOT / "generated" / name)
        if folder not in sys.path:
            sys.path.insert(0, folder)


def _describe(name: str, value: object) -> list[str]:
    if isinstance(value, type) and issubclass(value, enum.Enum):
        members = ", ".join(f"{member.name}={member.value!r}" for member in value)
        return [f"enum {name}({value.__bases__[0].__name__}): {members}"]
    if isinstance(value, type) and dataclasses.is_dataclass(value):
        bases = ", ".join(base.__name__ for base in value.__bases__ if base is not object)
        lines = [f"dataclass {name}({bases})"]
        for item in dataclasses.fields(value):
            default = ""
            if item.default is not dataclasses.MISSING:
                default = f" = {item.default!r}"
            elif item.default_factory is not dataclasses.MISSING:
                default = f" = {item.default_factory.__name__}()"
            lines.append(f"    {item.name}: {item.type}{default}")
        return lines
    if isinstance(value, type):
        lines = [f"class {name}({', '.join(base.__name__ for base in value.__bases__)})"]
        for attribute, member in sorted(vars(value).items()):
            if not attribute.startswith("_") and inspect.isfunction(member):
                lines.append(f"    def {attribute}{inspect.signature(member)}")
        return lines
    if callable(value):
        return [f"def {name}{inspect.signature(value)}"]
    return [f"{name}: {type(value).__name__}"]


def surface(package: str) -> str:
    _importable()
    lines: list[str] = []
    for module_name in (package, f"{package}.codec", f"{package}.server"):
        module = importlib.import_module(module_name)
        lines.append(f"# {module_name}")
        for name in sorted(getattr(module, "__all__", [])):
            if module_name != package and getattr(importlib.import_module(package), name, None) is getattr(
                module, name
            ):
                lines.append(f"{name}: same as {package}.{name}")
                continue
            lines.extend(_describe(name, getattr(module, name)))
    return "\n".join(lines) + "\n"


def main() -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        (SNAPSHOTS / f"{package}.txt").write_text(surface(package), encoding="utf-8")
        print(f"wrote {SNAPSHOTS / f'{package}.txt'}")


if __name__ == "__main__":
    main()

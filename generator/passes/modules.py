"""Splits the package into output modules: `enums`, `models` (types, and the messages types refer to) and
`messages`, each listed only when it has something in it, in a deterministic order (bases first).

A `models` or `messages` module of more than `LARGEST_MODULE` models is split into parts of
`MODELS_PER_PART` (`_models_1`, `_models_2`, ...; `part_of` names the whole), cut from its inheritance
trees walked depth first, so a part's bases are in it or in an earlier part: parts import each other at
run time only for base classes, and importing one model runs its part and the parts of its bases, not
all 4,800 models of Graph's metadata. The whole module (`models.py`) re-exports every part's names
lazily.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import replace

from generator.config import PackageConfig
from generator.errors import SchemaError
from generator.ir import Model, ModelRole, Module, Package, TypeKind

ENUMS = "enums"
MODELS = "models"
MESSAGES = "messages"
LARGEST_MODULE = 400
MODELS_PER_PART = 200


def referenced_models(model: Model) -> list[str]:
    """Qualified names of the models `model` refers to: its base class and its model-typed fields."""
    refs = [model.base] if model.base is not None else []
    refs.extend(f.type.name for f in model.fields if f.type.kind is TypeKind.MODEL)
    return refs


def _split(package: Package) -> tuple[list[Model], list[Model]]:
    by_qname = package.index.models
    in_models = {model.qname for model in package.models if model.role is ModelRole.TYPE}
    pending = list(in_models)
    while pending:
        for ref in referenced_models(by_qname[pending.pop()]):
            if ref in by_qname and ref not in in_models:
                in_models.add(ref)
                pending.append(ref)
    models = [model for model in package.models if model.qname in in_models]
    messages = [model for model in package.models if model.qname not in in_models]
    return models, messages


def order_models(models: Iterable[Model]) -> tuple[str, ...]:
    """Bases before the models derived from them, otherwise by `py_name` (then qualified name)."""
    members = {model.qname: model for model in models}
    waiting: dict[str, list[str]] = {}
    blocked: dict[str, int] = {}
    ready: list[tuple[str, str]] = []
    for model in members.values():
        if model.base is not None and model.base in members and model.base != model.qname:
            waiting.setdefault(model.base, []).append(model.qname)
            blocked[model.qname] = 1
        elif model.base == model.qname:
            raise SchemaError(model.location or model.qname, f"model {model.qname} derives from itself")
        else:
            heapq.heappush(ready, (model.py_name, model.qname))
    ordered: list[str] = []
    while ready:
        _, qname = heapq.heappop(ready)
        ordered.append(qname)
        for derived in waiting.get(qname, ()):
            blocked[derived] -= 1
            if not blocked[derived]:
                heapq.heappush(ready, (members[derived].py_name, derived))
    if len(ordered) != len(members):
        cycle = sorted(qname for qname in members if qname not in set(ordered))
        first = members[cycle[0]]
        raise SchemaError(first.location or first.qname, f"circular base classes: {', '.join(cycle)}")
    return tuple(ordered)


def check_bases(package: Package, config: PackageConfig) -> Package:
    """The package as it is, once no model derives from itself, directly or through others: before any
    pass walks the base classes (which recursed until Python's stack ran out)."""
    order_models(package.models)
    return package


def run(package: Package, config: PackageConfig) -> Package:
    return assign_modules(package)


def assign_modules(package: Package) -> Package:
    modules: list[Module] = []
    enums = sorted(package.enums, key=lambda enum: (enum.py_name, enum.qname))
    if enums:
        modules.append(Module(ENUMS, enums=tuple(enum.qname for enum in enums)))
    models, messages = _split(package)
    if models:
        modules.extend(_parts(MODELS, models))
    if messages:
        modules.extend(_parts(MESSAGES, messages))
    return replace(package, modules=tuple(modules))


def _parts(name: str, models: list[Model]) -> list[Module]:
    """The module, or its parts when it is large: cut from the inheritance trees walked depth first, so
    a part holds whole subtrees and its bases outside it are the few ancestors of those subtrees."""
    ordered = order_models(models)
    if len(ordered) <= LARGEST_MODULE:
        return [Module(name, models=ordered)]
    walked = _depth_first(models)
    return [
        Module(f"_{name}_{number}", models=walked[start : start + MODELS_PER_PART], part_of=name)
        for number, start in enumerate(range(0, len(walked), MODELS_PER_PART), 1)
    ]


def _depth_first(models: list[Model]) -> tuple[str, ...]:
    """Each inheritance tree in preorder (a base before its derived models), siblings by `py_name`."""
    members = {model.qname: model for model in models}
    children: dict[str | None, list[Model]] = {}
    for model in models:
        parent = model.base if model.base in members else None
        children.setdefault(parent, []).append(model)
    ordered: list[str] = []
    pending = sorted(children.get(None, []), key=_by_name, reverse=True)
    while pending:
        model = pending.pop()
        ordered.append(model.qname)
        pending.extend(sorted(children.get(model.qname, []), key=_by_name, reverse=True))
    return tuple(ordered)


def _by_name(model: Model) -> tuple[str, str]:
    return model.py_name, model.qname

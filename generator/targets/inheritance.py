"""Fields a model shares with a base, for the codecs: a model whose fields begin with all of an ancestor's,
read and written alike, reads and writes those through that ancestor's functions, so that the fields of a
type twenty others extend are written out once. Both codec plans (`soap/codec_plan.py`,
`odata/codec_plan.py`) choose the ancestor and order their tables with these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from generator.ir import Model, PackageIndex

SHARED_FIELDS = 2
"""Fewer fields than this are written out in each derived model rather than shared."""


class ModelPlan(Protocol):
    @property
    def model(self) -> Model: ...

    @property
    def py_name(self) -> str: ...

    @property
    def fields(self) -> Sequence[object]: ...


P = TypeVar("P", bound=ModelPlan)


def sharing_bases(index: PackageIndex, plans: Sequence[P]) -> dict[str, str]:
    """For each model (by qualified name) that shares its first fields: the nearest ancestor all of whose
    fields (at least `SHARED_FIELDS`) its own begin with, planned alike."""
    by_name = {plan.model.qname: plan for plan in plans}
    bases: dict[str, str] = {}
    for plan in plans:
        for ancestor in index.ancestors(plan.model)[1:]:
            known = by_name.get(ancestor.qname)
            if known is None:
                continue
            size = len(known.fields)
            if size >= SHARED_FIELDS and tuple(plan.fields[:size]) == tuple(known.fields):
                bases[plan.model.qname] = ancestor.qname
                break
    return bases


def base_first(plans: Sequence[P], bases: dict[str, str]) -> tuple[P, ...]:
    """`plans` in an order where each shared base comes before the models sharing its fields (the order
    their module-level tables must be made in), otherwise as they come."""
    by_name = {plan.model.qname: plan for plan in plans}
    ordered: dict[str, P] = {}

    def add(plan: P) -> None:
        base = bases.get(plan.model.qname)
        if base is not None:
            add(by_name[base])
        ordered.setdefault(plan.model.qname, plan)

    for plan in plans:
        add(plan)
    return tuple(ordered.values())

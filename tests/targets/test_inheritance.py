"""Which ancestor a model shares its first fields with, and the order shared tables are made in
(`generator/targets/inheritance.py`); the codec plans' own tests check what they make of it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Model, Package
from generator.passes.naming import assign_names
from generator.targets.inheritance import SHARED_FIELDS, base_first, sharing_bases
from tests.irfactory import element, model, package


@dataclass(frozen=True)
class _Plan:
    model: Model
    py_name: str
    fields: tuple[str, ...]


def _plans(named: Package, fields: dict[str, tuple[str, ...]]) -> list[_Plan]:
    return [_Plan(item, item.py_name, fields[item.py_name]) for item in named.models]


def test_the_nearest_ancestor_whose_fields_begin_the_model_s_is_shared() -> None:
    root = model("Root", element("a"), element("b"))
    middle = model("Middle", element("c"), base=root.qname)
    leaf = model("Leaf", element("d"), base=middle.qname)
    odd = model("Odd", element("x"), base=root.qname)
    named = assign_names(package(root, middle, leaf, odd))
    fields = {
        "Root": ("a", "b"),
        "Middle": ("a", "b", "c"),
        "Leaf": ("a", "b", "c", "d"),
        "Odd": ("b", "a", "x"),  # a restriction may reorder: read otherwise, not shared
    }
    bases = sharing_bases(named.index, _plans(named, fields))
    assert bases == {f"{{{named.namespace}}}Middle": root.qname, f"{{{named.namespace}}}Leaf": middle.qname}


def test_one_field_is_not_worth_sharing() -> None:
    root = model("Root", element("a"))
    child = model("Child", element("b"), base=root.qname)
    named = assign_names(package(root, child))
    assert SHARED_FIELDS == 2
    assert sharing_bases(named.index, _plans(named, {"Root": ("a",), "Child": ("a", "b")})) == {}


def test_bases_come_first() -> None:
    plans = [_Plan(model(name, element("x")), name, ()) for name in ("C", "A", "B", "D")]
    a, b, c = (plans[1].model.qname, plans[2].model.qname, plans[0].model.qname)
    assert [plan.py_name for plan in base_first(plans, {c: b, b: a})] == ["A", "B", "C", "D"]

"""Inheritance facts both codecs need: a model's fields with inherited ones, the models derived from it."""

from __future__ import annotations

from generator.ir import Field, Model, Package


class Hierarchy:
    def __init__(self, package: Package) -> None:
        self.models = {model.qname: model for model in package.models}
        self._derived: dict[str, list[str]] = {}
        for model in package.models:
            for ancestor in self.ancestors(model)[1:]:
                self._derived.setdefault(ancestor.qname, []).append(model.qname)

    def ancestors(self, model: Model) -> list[Model]:
        """`model` and its bases, nearest first; a base outside the package ends the chain."""
        chain = [model]
        seen = {model.qname}
        while chain[-1].base is not None and chain[-1].base in self.models and chain[-1].base not in seen:
            seen.add(chain[-1].base)
            chain.append(self.models[chain[-1].base])
        return chain

    def all_fields(self, model: Model) -> list[Field]:
        """Base fields first; a field redeclared lower down (XSD restriction) replaces the inherited one."""
        by_name: dict[str, Field] = {}
        for ancestor in reversed(self.ancestors(model)):
            for item in ancestor.fields:
                by_name[item.py_name] = item  # a replaced entry keeps its place in the dict's order
        return list(by_name.values())

    def derived(self, qname: str) -> list[Model]:
        """Models derived from `qname`, directly or not, in the package's order."""
        return [self.models[name] for name in self._derived.get(qname, [])]

    def root(self, model: Model) -> Model:
        return self.ancestors(model)[-1]

"""The one index of a package every stage uses: models, enums and operations by qualified name, base chains,
derived types, inherited fields, the module each name lives in. Built from a `Package` value, never changed.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.ir.package import Operation, Package
from generator.ir.types import EnumType, Field, MessageKind, Model
from generator.ir.xml import XmlNode


class PackageIndex:
    def __init__(self, package: Package) -> None:
        self.models: dict[str, Model] = {model.qname: model for model in package.models}
        self.enums: dict[str, EnumType] = {enum.qname: enum for enum in package.enums}
        self.operations: dict[str, Operation] = {
            operation.qname: operation for service in package.services for operation in service.operations
        }
        self._derived: dict[str, list[str]] = {}
        self._collections: dict[str, Model] = {}
        for model in package.models:
            for ancestor in self.ancestors(model)[1:]:
                self._derived.setdefault(ancestor.qname, []).append(model.qname)
            if model.origin is not None and model.origin.kind is MessageKind.COLLECTION:
                self._collections[model.origin.owner] = model
        self._modules = {
            qname: module.name for module in package.modules for qname in (*module.models, *module.enums)
        }

    def py_name(self, qname: str) -> str:
        """The Python name of a model or enum."""
        if qname in self.models:
            return self.models[qname].py_name
        return self.enums[qname].py_name

    def module_of(self, qname: str) -> str:
        """The generated module a model or enum is defined in (after the modules pass)."""
        return self._modules[qname]

    def ancestors(self, model: Model) -> list[Model]:
        """`model` and its bases, nearest first; a base outside the package ends the chain."""
        chain = [model]
        seen = {model.qname}
        while (base := chain[-1].base) is not None and base in self.models and base not in seen:
            seen.add(base)
            chain.append(self.models[base])
        return chain

    def chain(self, qname: str) -> list[Model]:
        """The model named `qname` and its bases, nearest first; empty for a name the package lacks."""
        model = self.models.get(qname)
        return self.ancestors(model) if model is not None else []

    def all_fields(self, model: Model) -> list[Field]:
        """Base fields first; a field redeclared lower down replaces the inherited one, in its place when
        the redeclaring type is an XSD restriction, else where that type declares it (an extension of a
        base restricted to nothing redeclares the elements it adds)."""
        by_name: dict[str, Field] = {}
        for ancestor in reversed(self.ancestors(model)):
            moves = ancestor.xml is None or not ancestor.xml.restricts
            for item in ancestor.fields:
                key = item.py_name or item.name
                if moves:
                    by_name.pop(key, None)
                by_name[key] = item
        return list(by_name.values())

    def defaulted_attributes(self, model: Model) -> list[Field]:
        """The optional single-valued XML attributes of `model` (own or inherited) with a schema default:
        a decoded object remembers which of them the document left out (`absent_attributes`)."""
        return [
            item
            for item in self.all_fields(model)
            if item.xml is not None
            and item.xml.node is XmlNode.ATTRIBUTE
            and item.default is not None
            and not item.required
            and not item.collection
        ]

    def introduces_absent_attributes(self, model: Model) -> bool:
        """Whether `model` declares the `absent_attributes` field (its base, if any, does not)."""
        return self._first_to(model, lambda item: bool(self.defaulted_attributes(item)))

    def _first_to(self, model: Model, needs: Callable[[Model], bool]) -> bool:
        """Whether `model` is the topmost of its chain that `needs` a field: it does, its base does not."""
        if not needs(model):
            return False
        base = self.models.get(model.base) if model.base else None
        return base is None or not needs(base)

    def keeps_element_order(self, model: Model) -> bool:
        """Whether a document may order `model`'s child elements otherwise than its fields (two of its
        elements, own or inherited, can interleave): a decoded object then records the document's order
        (`element_order`)."""
        interleaved = [
            item for item in self.all_fields(model) if item.xml is not None and item.xml.interleaved
        ]
        return len(interleaved) >= 2

    def introduces_element_order(self, model: Model) -> bool:
        """Whether `model` declares the `element_order` field (its base, if any, does not)."""
        return self._first_to(model, self.keeps_element_order)

    def introduces_foreign_type(self, model: Model) -> bool:
        """Whether `model` declares the `foreign_type` field: it is the root of an XML type hierarchy
        (abstract, or with derived types), whose values may come with an `xsi:type`."""
        polymorphic = model.abstract or bool(self._derived.get(model.qname))
        return model.xml is not None and polymorphic and self.ancestors(model)[-1] is model

    def inherited_fields(self, model: Model) -> list[Field]:
        """The fields of `model`'s bases, nearest base first."""
        return [item for ancestor in self.ancestors(model)[1:] for item in ancestor.fields]

    def derived(self, qname: str) -> list[Model]:
        """Models derived from `qname`, directly or not, in the package's order."""
        return [self.models[name] for name in self._derived.get(qname, [])]

    def root(self, model: Model) -> Model:
        return self.ancestors(model)[-1]

    def collection_of(self, qname: str) -> Model | None:
        """The `<Type>CollectionResponse` message of an entity type, when the collections pass made one."""
        return self._collections.get(qname)

"""What roots can reach, read off the index before any type is built (issue 13 item 4): with roots, the CSDL
front end builds the IR of these types and operations only, not of all 3,800 types of Graph's metadata.

It is a superset of what the select pass keeps (see passes/select.py), so the package after that pass is
the same as when every type is read (`tests/frontends/test_csdl_reach.py` checks it on real metadata):

- every root is taken as a type, as an operation (its name before any `(`: every overload) and as a
  container path, whichever it names;
- a type root brings itself whole, every operation bound to it or returning it (the binding type of one
  returning it as a stub);
- an operation brings its parameter and return types whole; an operation root its binding type whole;
- a path brings the types along it as stubs and the type at its end as a type root;
- the types of every entity set and singleton are stubs;
- a whole type brings its base, the types of its structural properties and, when it is an abstract
  complex type, the types derived from it, all whole; a stub brings its base chain as stubs and the types
  of the key properties it declares whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.frontends.csdl.index import TYPE_KINDS, CsdlIndex, Declared
from generator.frontends.csdl.operations import Signature, return_type
from generator.frontends.csdl.xml import Element, children, local_name

_STRUCTURED = ("EntityType", "ComplexType")


class Reach:
    def __init__(self, index: CsdlIndex, signatures: Sequence[Signature]) -> None:
        self.index = index
        self.signatures = signatures
        self.types: set[str] = set()
        """Every type to build: whole, stub or both."""
        self.operations: set[int] = set()
        """The positions in `signatures` of the operations to build."""
        self._whole: set[str] = set()
        self._stubs: set[str] = set()
        self._derived: dict[str, list[str]] = {}
        for declared in index.of_kind(*_STRUCTURED):
            base = self._base(declared)
            if base is not None:
                self._derived.setdefault(base, []).append(declared.qname)
        self._returns = [
            self._type_name(*return_type(index, signature.declared.element)) for signature in signatures
        ]

    def add_root(self, root: str) -> None:
        name = root.strip()
        operation = name.split("(", 1)[0]
        for position, signature in enumerate(self.signatures):
            if signature.declared.qname == operation:
                self._add_operation(position)
                if signature.binding is not None and signature.binding.declared is not None:
                    self._add_whole(signature.binding.declared.qname)
        if self._declared(name) is not None:
            self._type_root(name)
        self._path_root(name)

    def add_container(self) -> None:
        for container in self.index.containers:
            for element in container.element.iterchildren():
                attribute = {"EntitySet": "EntityType", "Singleton": "Type"}.get(_local(element))
                if attribute is not None:
                    name = self._type_name(element, element.get(attribute))
                    if name is not None:
                        self._add_stub(name)

    # -- roots -----------------------------------------------------------------------------------------

    def _type_root(self, qname: str) -> None:
        self._add_whole(qname)
        for position, signature in enumerate(self.signatures):
            binding = signature.binding
            bound = binding.declared.qname if binding is not None and binding.declared is not None else None
            if bound == qname:
                self._add_operation(position)
            elif self._returns[position] == qname:
                self._add_operation(position)
                if bound is not None:
                    self._add_stub(bound)

    def _path_root(self, path: str) -> None:
        first, *rest = path.split("/")
        current = None
        for container in self.index.containers:
            for element in container.element.iterchildren():
                kind = _local(element)
                if kind in ("EntitySet", "Singleton") and (element.get("Name") or "").strip() == first:
                    attribute = "EntityType" if kind == "EntitySet" else "Type"
                    current = self._type_name(element, element.get(attribute))
        if current is None:
            return
        for segment in rest:
            self._add_stub(current)
            current = self._navigation(current, segment)
            if current is None:
                return
        self._type_root(current)

    # -- closures --------------------------------------------------------------------------------------

    def _add_whole(self, qname: str) -> None:
        pending = [qname]
        while pending:
            name = pending.pop()
            declared = self._declared(name)
            if declared is None or name in self._whole:
                continue
            self._whole.add(name)
            self.types.add(name)
            if declared.kind not in _STRUCTURED:
                continue
            base = self._base(declared)
            if base is not None:
                pending.append(base)
            for member in children(declared.element, "Property"):
                member_type = self._type_name(member, member.get("Type"))
                if member_type is not None:
                    pending.append(member_type)
            abstract = (declared.element.get("Abstract") or "").strip().lower() == "true"
            if abstract and declared.kind == "ComplexType":
                pending.extend(self._derived.get(name, ()))

    def _add_stub(self, qname: str) -> None:
        seen: set[str] = set()
        declared = self._declared(qname)
        while declared is not None and declared.qname not in seen and declared.kind in _STRUCTURED:
            seen.add(declared.qname)
            self._stubs.add(declared.qname)
            self.types.add(declared.qname)
            keys = {
                (ref.get("Name") or "").strip()
                for key in children(declared.element, "Key")
                for ref in children(key, "PropertyRef")
            }
            for member in children(declared.element, "Property"):
                if (member.get("Name") or "").strip() in keys:
                    member_type = self._type_name(member, member.get("Type"))
                    if member_type is not None:
                        self._add_whole(member_type)
            base = self._base(declared)
            declared = self._declared(base) if base is not None else None

    def _add_operation(self, position: int) -> None:
        if position in self.operations:
            return
        self.operations.add(position)
        signature = self.signatures[position]
        inputs = signature.parameters[1:] if signature.binding is not None else signature.parameters
        for parameter in inputs:
            parameter_type = self._type_name(parameter, parameter.get("Type"))
            if parameter_type is not None:
                self._add_whole(parameter_type)
        returned = self._returns[position]
        if returned is not None:
            self._add_whole(returned)

    # -- lookups ---------------------------------------------------------------------------------------

    def _declared(self, qname: str) -> Declared | None:
        declared = self.index.declarations.get(qname)
        return declared if declared is not None and declared.kind in TYPE_KINDS else None

    def _base(self, declared: Declared) -> str | None:
        base = declared.element.get("BaseType")
        return self.index.qualify(base, declared.element) if base is not None else None

    def _type_name(self, element: Element | None, text: str | None) -> str | None:
        """The declared type a `Type` value names (inside `Collection(...)`); None for a primitive."""
        if element is None or text is None:
            return None
        name = text.strip()
        if name.startswith("Collection(") and name.endswith(")"):
            name = name[len("Collection(") : -1].strip()
        if "." not in name or name.startswith("Edm."):
            return None
        return self.index.qualify(name, element)

    def _navigation(self, qname: str, segment: str) -> str | None:
        """The type the navigation property `segment` of `qname` (or of a base) leads to."""
        seen: set[str] = set()
        declared = self._declared(qname)
        while declared is not None and declared.qname not in seen:
            seen.add(declared.qname)
            for member in children(declared.element, "NavigationProperty"):
                if (member.get("Name") or "").strip() != segment:
                    continue
                if member.get("Type") is None and member.get("Relationship") is not None:
                    return self._type_name(member, self.index.association_end(member)[0])
                return self._type_name(member, member.get("Type"))
            base = self._base(declared)
            declared = self._declared(base) if base is not None else None
        return None


def _local(element: Element) -> str:
    return local_name(element) if isinstance(element.tag, str) else ""

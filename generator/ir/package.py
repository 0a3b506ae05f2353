"""A generated package as the IR holds it: its types, its services and their operations, its modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.ir.odata import ODataContainer, ODataOperation
from generator.ir.refs import Location
from generator.ir.types import EnumType, Model
from generator.ir.xml import SoapOperation, SoapService

if TYPE_CHECKING:
    from generator.ir.index import PackageIndex


@dataclass(frozen=True, slots=True)
class Operation:
    qname: str
    name: str
    qualified_name: str
    """The name a user gives to select it: `{urn:x}SetOofStatus`, `microsoft.graph.setPresence`. Overloads
    and operations of one name bound to different types share it; `qname` tells them apart."""
    input: str | None
    """Qualified name of the request model (SOAP input element, or OData parameter body)."""
    output: str | None
    """Qualified name of the response model, None when the operation returns nothing."""
    faults: tuple[str, ...] = ()
    namespace: str = ""
    soap: SoapOperation | None = None
    odata: ODataOperation | None = None
    doc: str = ""
    py_name: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    operations: tuple[Operation, ...]
    soap: SoapService | None = None
    odata: ODataContainer | None = None
    doc: str = ""
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class Import:
    module: str
    names: tuple[str, ...]
    typing_only: bool = False
    """Needed by annotations only: imported under `if TYPE_CHECKING:` (the parts of a split module never
    import each other at run time but for base classes, so importing one part runs only what it needs)."""

    @property
    def relative(self) -> bool:
        """From a module of the package itself (`.models`)."""
        return self.module.startswith(".")


@dataclass(frozen=True, slots=True)
class Module:
    """One generated Python module and what it holds, in output order."""

    name: str
    models: tuple[str, ...] = ()
    enums: tuple[str, ...] = ()
    imports: tuple[Import, ...] = ()
    part_of: str | None = None
    """The module this one is a part of (`models` for `_models_3`), which re-exports it: large `models`
    and `messages` modules are split into parts (see passes/modules.py)."""


@dataclass(frozen=True, slots=True)
class Package:
    name: str
    namespace: str
    models: tuple[Model, ...]
    enums: tuple[EnumType, ...]
    services: tuple[Service, ...] = ()
    modules: tuple[Module, ...] = ()
    version: str = "0.1.0"
    doc: str = ""
    files_read: tuple[str, ...] = field(default=(), compare=False)
    """Every file the front end read, as absolute paths: what must be unchanged for a later run to reuse
    this one's output (see `output.record`)."""
    _index: PackageIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def index(self) -> PackageIndex:
        """Lookups by qualified name, base chains and derived types; built once per package value."""
        if self._index is None:
            from generator.ir.index import PackageIndex

            object.__setattr__(self, "_index", PackageIndex(self))
        assert self._index is not None
        return self._index

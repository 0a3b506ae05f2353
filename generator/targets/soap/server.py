"""The SOAP server target: `server.py`, a Starlette stub with a base class of one async method per operation
(from `templates/server/soap.py.jinja`), and the `service.wsdl` it serves, built from the IR. It applies to
packages with a SOAP service; it serves the first one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.ir import Operation, Package, Service
from generator.render.environment import Templates
from generator.render.filters import Symbol
from generator.targets.base import SERVER_EXTRA, BaseTarget, Built, Dependencies, module_path
from generator.targets.soap.wsdl import served_wsdl


@dataclass(frozen=True, slots=True)
class SoapServerPlan:
    package: Package
    service: Service
    models: tuple[str, ...]
    """Qualified names of the request, response and header models the stub names."""
    dispatch: tuple[tuple[str | None, tuple[Operation, ...]], ...]
    """Each request model with the operations it is the request of (several share one in some WSDLs: the
    SOAPAction tells them apart)."""

    def headers(self, operation: Operation) -> tuple[Symbol, ...]:
        """The models of the header blocks the WSDL declares for the operation's request."""
        names = operation.soap.input_headers if operation.soap is not None else ()
        return tuple(Symbol(self.package.index.py_name(name)) for name in names)


class SoapServerTarget(BaseTarget[SoapServerPlan]):
    name = "soap-server"

    def applies(self, package: Package) -> bool:
        return any(service.soap is not None for service in package.services)

    def plan(self, package: Package, built: Sequence[Built]) -> SoapServerPlan:
        service = next(service for service in package.services if service.soap is not None)
        used = [name for op in service.operations for name in (op.input, op.output) if name is not None]
        used += [name for op in service.operations if op.soap is not None for name in op.soap.input_headers]
        dispatch: dict[str | None, list[Operation]] = {}  # None: an empty Body (an input without parts)
        for operation in service.operations:
            dispatch.setdefault(operation.input, []).append(operation)
        groups = tuple((name, tuple(operations)) for name, operations in dispatch.items())
        return SoapServerPlan(package, service, tuple(dict.fromkeys(used)), groups)

    def files(self, plan: SoapServerPlan, templates: Templates) -> dict[str, str]:
        return {module_path(plan.package, "server.py"): templates.render("server/soap.py.jinja", plan=plan)}

    def artifacts(self, plan: SoapServerPlan) -> dict[str, str]:
        return {module_path(plan.package, "service.wsdl"): served_wsdl(plan.package, plan.service)}

    def readme(self, plan: SoapServerPlan, templates: Templates) -> str:
        return templates.render("server/readme.md.jinja", package=plan.package).strip()

    def dependencies(self, plan: SoapServerPlan) -> Dependencies:
        return Dependencies(
            extras={"server": SERVER_EXTRA}, runtime=("_http.py", "_soap_server.py", "serving.py")
        )

"""The OData server target: `server.py`, a Starlette stub with a base class of one async method per route
(routes read off the entity container, `routes.py`; from `templates/server/odata.py.jinja`), and the
`openapi.json` it serves (`openapi.py`). It applies to packages with an OData entity container."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.ir import Package, Service
from generator.render.environment import Templates
from generator.targets.base import SERVER_EXTRA, BaseTarget, Built, Dependencies, module_path
from generator.targets.odata.openapi import openapi_json
from generator.targets.odata.routes import Route, read_routes


@dataclass(frozen=True, slots=True)
class ODataServerPlan:
    package: Package
    service: Service
    routes: tuple[Route, ...]
    models: tuple[str, ...]
    """Qualified names of the request and response models the stub's signatures name."""


class ODataServerTarget(BaseTarget[ODataServerPlan]):
    name = "odata-server"

    def applies(self, package: Package) -> bool:
        return any(service.odata is not None for service in package.services)

    def plan(self, package: Package, built: Sequence[Built]) -> ODataServerPlan:
        service = next(service for service in package.services if service.odata is not None)
        routes = tuple(read_routes(package))
        used = [name for route in routes for name in (route.response, route.request) if name is not None]
        return ODataServerPlan(package, service, routes, tuple(dict.fromkeys(used)))

    def files(self, plan: ODataServerPlan, templates: Templates) -> dict[str, str]:
        server = templates.render("server/odata.py.jinja", plan=plan)
        return {module_path(plan.package, "server.py"): server}

    def artifacts(self, plan: ODataServerPlan) -> dict[str, str]:
        return {module_path(plan.package, "openapi.json"): openapi_json(plan.package, plan.routes)}

    def readme(self, plan: ODataServerPlan, templates: Templates) -> str:
        return templates.render("server/readme.md.jinja", package=plan.package).strip()

    def dependencies(self, plan: ODataServerPlan) -> Dependencies:
        return Dependencies(
            extras={"server": SERVER_EXTRA},
            runtime=("_http.py", "_odata_server.py", "_routes.py", "serving.py"),
        )

"""Both stubs in one ASGI app, behind the same development bearer tokens:
`/EWS/UM2007Legacy.asmx` (SOAP) and `/v1.0/...` (Graph REST)."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount

from .packages import ensure_generated_packages

ensure_generated_packages()

from graph_presence import server as graph_server  # noqa: E402
from um_service import server as um_server  # noqa: E402

from . import tokens  # noqa: E402
from .graph_service import GraphPresence  # noqa: E402
from .store import Store  # noqa: E402
from .um_service_impl import UnifiedMessaging  # noqa: E402


def create_app(db: Path, *, secret: str | None = None) -> Starlette:
    store = Store(db)

    async def graph_principal(request: Request) -> graph_server.Principal:
        try:
            user, scopes, _ = tokens.verify(request.headers.get("authorization"), key=secret)
        except tokens.InvalidToken as exc:
            raise graph_server.Unauthorized(str(exc)) from None
        store.ensure_user(user)
        return graph_server.Principal(id=user, scopes=scopes)

    async def um_principal(request: Request) -> object:
        try:
            user, _, _ = tokens.verify(request.headers.get("authorization"), key=secret)
        except tokens.InvalidToken as exc:
            raise um_server.Unauthorized(str(exc)) from None
        store.ensure_user(user)
        return user

    graph = graph_server.create_app(GraphPresence(store), authenticate=graph_principal, prefix="")
    um = um_server.create_app(UnifiedMessaging(store), authenticate=um_principal, path="/UM2007Legacy.asmx")
    return Starlette(routes=[Mount("/v1.0", app=graph), Mount("/EWS", app=um)])

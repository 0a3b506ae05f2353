"""Both stubs in one ASGI app, behind the same development bearer tokens:
`/EWS/UM2007Legacy.asmx` (SOAP) and `/v1.0/...` (Graph REST)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount

from .packages import ensure_generated_packages

ensure_generated_packages()

from graph_presence import server as graph_server  # noqa: E402
from um_service import server as um_server  # noqa: E402

from . import tokens  # noqa: E402
from .abandon import CLIENT_GONE  # noqa: E402
from .graph_service import GraphPresence  # noqa: E402
from .store import open_store  # noqa: E402
from .um_service_impl import UnifiedMessaging  # noqa: E402

DB_VARIABLE = "OOF_BRIDGE_DB"
"""Where `from_environment` (the app of each worker of `serve --workers N`) finds its store."""


def create_app(db: Path | str, *, secret: str | None = None) -> Starlette:
    """The bridge on the store at `db`: a SQLite file, or a `postgresql://` URL."""
    store = open_store(db)

    async def user_of(request: Request) -> tuple[str, frozenset[str]]:
        user, scopes, _ = tokens.verify(request.headers.get("authorization"), key=secret)
        CLIENT_GONE.set(request)  # the request's writes note a disconnect (`abandon`)
        await store.ensure_user(user)
        return user, scopes

    async def graph_principal(request: Request) -> graph_server.Principal:
        try:
            user, scopes = await user_of(request)
        except tokens.InvalidToken as exc:
            raise graph_server.Unauthorized(str(exc)) from None
        return graph_server.Principal(id=user, scopes=scopes)

    async def um_principal(request: Request) -> object:
        try:
            user, _ = await user_of(request)
        except tokens.InvalidToken as exc:
            raise um_server.Unauthorized(str(exc)) from None
        return user

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await store.close()

    graph = graph_server.create_app(GraphPresence(store), authenticate=graph_principal, prefix="")
    um = um_server.create_app(UnifiedMessaging(store), authenticate=um_principal, path="/UM2007Legacy.asmx")
    return Starlette(routes=[Mount("/v1.0", app=graph), Mount("/EWS", app=um)], lifespan=lifespan)


def from_environment() -> Starlette:
    """The app on the store `$OOF_BRIDGE_DB` names (an ASGI factory: one per worker process)."""
    return create_app(os.environ[DB_VARIABLE])

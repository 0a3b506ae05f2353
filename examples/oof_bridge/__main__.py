"""`python -m examples.oof_bridge serve --host 127.0.0.1 --port 8000 --db PATH [--workers N]` and
`python -m examples.oof_bridge token --user ID --scopes "Presence.Read Presence.ReadWrite"`."""

from __future__ import annotations

import click

from . import tokens


@click.group()
def main() -> None:
    """The oof_bridge example: Exchange UM (SOAP) and Graph presence (REST) on one SQLite store."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--db", required=True, help="A SQLite file, or a postgresql:// URL.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1), help="Processes.")
@click.option(
    "--header-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a client has to send a request's headers (408 and closed after).",
)
def serve(host: str, port: int, db: str, workers: int, header_timeout: float) -> None:
    """Serve both endpoints with uvicorn (tokens signed with $OOF_BRIDGE_SECRET or the dev secret)."""
    import os

    import uvicorn

    from .app import DB_VARIABLE
    from .header_deadline import TIMEOUT_VARIABLE

    # Each worker process builds its app, and its protocol's deadline, from the environment.
    os.environ[DB_VARIABLE] = db
    os.environ[TIMEOUT_VARIABLE] = str(header_timeout)
    uvicorn.run(
        "examples.oof_bridge.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http="examples.oof_bridge.header_deadline:HeaderDeadline",
    )


@main.command()
@click.option("--user", required=True, help="The user id (the token's oid).")
@click.option(
    "--scopes", default="Presence.Read Presence.ReadWrite", show_default=True, help="Delegated (scp)."
)
@click.option("--roles", default="", help="Application permissions (roles), e.g. Presence.ReadWrite.All.")
@click.option("--hours", default=8.0, show_default=True, type=float)
def token(user: str, scopes: str, roles: str, hours: float) -> None:
    """Print a development token (HS256, signed with $OOF_BRIDGE_SECRET or the dev secret)."""
    click.echo(tokens.issue(user, scopes, roles=roles, hours=hours))


if __name__ == "__main__":
    main()

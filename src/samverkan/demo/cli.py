"""``samverkan demo``: migrate, seed Linköping when empty, print the accounts, serve."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from samverkan.core.cli import DbOpt, HostOpt, PortOpt
from samverkan.core.db import session_scope
from samverkan.core.runtime import open_runtime
from samverkan.demo import data
from samverkan.demo.service import seed
from samverkan.web.cli import run_server

console = Console()
app = typer.Typer()


@app.command()
def demo(
    db: DbOpt = None,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    serve: Annotated[bool, typer.Option(help="Start the web server after seeding.")] = True,
) -> None:
    """Start samverkan with Linköping demo data (password samverkan-demo)."""
    rt = open_runtime(db)
    with session_scope(rt.sessionmaker) as s:
        created = seed(s)
    console.print(
        "Demodata för Linköping " + ("skapad." if created else "finns redan; återanvänds.")
    )
    typer.echo(f"Demokonton (lösenord för alla: {data.DEMO_PASSWORD}):")
    width = max(len(u[0]) for u in data.USERS)
    for email, _display, org, roles, superadmin, about in data.USERS:
        role = ", ".join(roles) + (", plattformsadmin" if superadmin else "")
        typer.echo(f"  {email:<{width}}  {org}: {role} — {about}")
    if serve:
        run_server(rt.settings.database_url, host, port)

"""``samverkan serve``: the web application and API on one address."""

from __future__ import annotations

import os

import typer
from rich.console import Console

from samverkan.core.cli import DbOpt, HostOpt, PortOpt
from samverkan.core.runtime import open_runtime

console = Console()
app = typer.Typer()


def run_server(rt_db: str | None, host: str, port: int) -> None:
    """Migrate the database and serve until Ctrl-C."""
    import uvicorn

    from samverkan.web.app import create_app

    rt = open_runtime(rt_db)
    settings = rt.settings
    if "SAMVERKAN_BASE_URL" not in os.environ:  # links (Open311 discovery) name this server
        settings = settings.model_copy(update={"base_url": f"http://{host}:{port}"})
    application = create_app(settings, rt.engine)
    console.print(f"samverkan lyssnar på http://{host}:{port}/  (Ctrl-C avslutar)")
    uvicorn.run(application, host=host, port=port, log_level="warning", proxy_headers=False)


@app.command()
def serve(db: DbOpt = None, host: HostOpt = "127.0.0.1", port: PortOpt = 8000) -> None:
    """Migrate and serve the web application and API."""
    run_server(db, host, port)

"""A live server on 127.0.0.1 (uvicorn in a thread) over a seeded Linköping demo database,
for tests that drive the product from outside: the browser, an Open311 client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from samverkan.core import migrate
from samverkan.core.db import make_engine, make_sessionmaker, session_scope
from samverkan.core.settings import Settings, load_settings
from samverkan.demo.service import seed
from samverkan.web.app import create_app


@dataclass
class Live:
    url: str
    engine: Engine
    settings: Settings


@contextmanager
def live_demo_server(
    folder: Path,
    *,
    incidents: bool = True,
    people: bool | None = None,
    employment: bool | None = None,
    housing: bool | None = None,
) -> Iterator[Live]:
    """Serve the seeded demo until the block ends; fails loudly if it does not start.

    ``incidents=False`` leaves out the two years of synthetic reports (for tests that count
    the reports they make themselves); ``people`` adds the person register's residents
    (by default with the reports); ``employment`` the employment programs, their participants,
    employers, openings and summer-job contracts (by default with the reports); ``housing``
    the housing safety of ``demo.housing`` (by default with the programs)."""
    db_file = folder / "demo.db"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # the port stays ours: no race with other processes
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    settings = load_settings(
        database_url=f"sqlite:///{db_file}",
        secret_key="x" * 40,
        base_url=url,
        language="sv",
        environment="development",
        tile_url="",  # no tile server: nothing may leave 127.0.0.1
    )
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    app = create_app(settings, engine)  # first: it configures the data key the seed uses
    with session_scope(make_sessionmaker(engine)) as session:
        assert seed(
            session, incidents=incidents, people=people, employment=employment, housing=housing
        )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="uvicorn", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Live(url, engine, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        engine.dispose()

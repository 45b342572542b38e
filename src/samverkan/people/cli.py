"""``samverkan people …``: data keys and their rotation, and erasure by the operator."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from samverkan.core import crypto
from samverkan.core.db import Base, session_scope
from samverkan.core.runtime import open_runtime
from samverkan.people import keys

console = Console()
app = typer.Typer(help="The person register: data keys.", no_args_is_help=True)
DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file.")]


@app.command("new-key")
def new_key() -> None:
    """Print a new random data key for SAMVERKAN_DATA_KEY (keep it with the backups)."""
    console.print(crypto.new_key(), soft_wrap=True)


@app.command("rotate-key")
def rotate_key(db: DbOpt = None) -> None:
    """Re-encrypt personal data under SAMVERKAN_DATA_KEY; the keys it was written with must be
    in SAMVERKAN_DATA_KEYS_OLD (comma-separated). Values already under the current key are
    left alone, so it can be run again."""
    rt = open_runtime(db)
    ring = crypto.KeyRing.from_settings(rt.settings)
    crypto.configure(ring)
    with session_scope(rt.sessionmaker, write=True) as session:
        changed = keys.rotate(session, Base.metadata.sorted_tables)
    total = sum(changed.values())
    console.print(
        f"Data key {ring.current_id}: {total} rows re-encrypted "
        + ", ".join(f"{t} {n}" for t, n in changed.items())
    )


@app.command("key-status")
def key_status(db: DbOpt = None) -> None:
    """How many encrypted values each data key holds (those not current need rotate-key)."""
    rt = open_runtime(db)
    ring = crypto.KeyRing.from_settings(rt.settings)
    with session_scope(rt.sessionmaker) as session:
        counts = keys.by_key(session, Base.metadata.sorted_tables)
    for kid, n in sorted(counts.items()):
        state = (
            "current"
            if kid == ring.current_id
            else ("old" if kid in ring.ids else "MISSING: not in SAMVERKAN_DATA_KEY(S_OLD)")
        )
        console.print(f"{kid}  {n:>8}  {state}")

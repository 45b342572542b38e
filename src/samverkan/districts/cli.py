"""``samverkan statistik import|indikatorer``: statistics files (PX, CSV) into the districts'
indicators, as an analyst's account (audited as them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from samverkan.core.cli import DbOpt
from samverkan.core.db import session_scope
from samverkan.core.errors import N_, NotFound
from samverkan.core.runtime import open_runtime
from samverkan.districts import queries, service, statfile
from samverkan.orgs import queries as org_queries

console = Console()
err = Console(stderr=True)
statistik_app = typer.Typer(
    help="District statistics: indicators from PX and CSV files.", no_args_is_help=True
)


@statistik_app.command("import")
def import_cmd(
    file: Path,
    user: Annotated[str, typer.Option(help="E-mail of the analyst importing (audited).")],
    map_: Annotated[
        list[str],
        typer.Option("--map", help="COLUMN=INDICATOR, or just INDICATOR for a one-column file."),
    ],
    region: Annotated[str | None, typer.Option(help="The PX file's area dimension.")] = None,
    time: Annotated[str | None, typer.Option(help="The PX file's year dimension.")] = None,
    org: Annotated[
        int | None, typer.Option(help="Organisation id, if the user has several.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Read FILE all or nothing; codes that match no area are listed."""
    try:
        table = statfile.read(file.read_bytes(), file.name, region=region, time=time)
    except statfile.StatFileError as exc:
        err.print(f"[red]fel[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        for pr in exc.problems:
            err.print(f"  {escape(pr.position)}: {escape(pr.message)}", highlight=False)
        err.print(f"Inget importerades från {escape(file.name)}.", highlight=False)
        raise typer.Exit(2) from None
    mapping = {}
    for item in map_:
        column, sep, code = item.rpartition("=")
        mapping[column.strip() if sep else ""] = code.strip()
    if "" in mapping and len(table.variables) == 1:
        mapping = {table.variables[0]: mapping.pop("")}
    with session_scope(open_runtime(db).sessionmaker) as s:
        account = org_queries.user_by_email(s, user)
        if account is None:
            raise NotFound(N_("user %(email)s not found"), field="user", email=user)
        p = org_queries.principal_for_user(s, account)
        result = service.import_table(s, p, table, file.name, mapping, org_id=org)
    console.print(
        f"{escape(file.name)}: {result.added} nya värden, {result.updated} ändrade, "
        f"{result.unchanged} oförändrade; år {', '.join(map(str, table.years))}.",
        highlight=False,
    )
    if result.unmatched:
        console.print(
            f"{len(result.unmatched)} koder hör inte till något område: "
            + ", ".join(escape(_named(u["code"], u["name"])) for u in result.unmatched),
            highlight=False,
            soft_wrap=True,
        )


def _named(code: str, name: str) -> str:
    """``0580R099 Okänt`` once, whether or not the file's name repeats the code."""
    return name if name.startswith(code) else f"{code} {name}".strip()


@statistik_app.command("indikatorer")
def indicators_cmd(db: DbOpt = None) -> None:
    """The indicators, their units and sources."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        table = Table("kod", "namn", "enhet", "källa")
        for ind in queries.indicators(s):
            table.add_row(ind.code, ind.name_sv, ind.unit, ind.source)
    console.print(table)

"""``samverkan areas import|list``: load area polygons from GeoJSON or GeoPackage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from samverkan.core.cli import DbOpt
from samverkan.core.db import session_scope
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.i18n import cli_gettext, cli_language
from samverkan.core.runtime import open_runtime
from samverkan.geo import queries, service
from samverkan.geo.importer import AreaFileError, read_areas
from samverkan.geo.models import AREA_KINDS
from samverkan.orgs import queries as org_queries

console = Console()
err = Console(stderr=True)
areas_app = typer.Typer(help="Areas: municipality, districts, sub-areas.", no_args_is_help=True)


@areas_app.command("import")
def import_cmd(
    file: Path,
    kind: Annotated[str, typer.Option(help="kommun|stadsdel|delomrade")] = "stadsdel",
    parent: Annotated[str | None, typer.Option(help="Name of the area above these.")] = None,
    name_field: Annotated[str | None, typer.Option(help="Property holding the name.")] = None,
    code_field: Annotated[str | None, typer.Option(help="Property holding the SCB code.")] = None,
    population_field: Annotated[str | None, typer.Option(help="Property with population.")] = None,
    layer: Annotated[str | None, typer.Option(help="GeoPackage layer.")] = None,
    approximate: Annotated[bool, typer.Option(help="Mark the outlines approximate.")] = False,
    group: Annotated[str | None, typer.Option(help="EST group that covers them.")] = None,
    db: DbOpt = None,
) -> None:
    """Import every polygon of FILE, or nothing: problems are listed with the feature index."""
    if kind not in AREA_KINDS:
        raise Invalid(
            N_("--kind %(value)s: expected one of %(kinds)s"),
            field="kind",
            value=repr(kind),
            kinds=", ".join(AREA_KINDS),
        )
    try:
        features = read_areas(
            file,
            name_field=name_field,
            code_field=code_field,
            population_field=population_field,
            layer=layer,
        )
    except AreaFileError as exc:
        for problem in exc.explained:
            text = problem.text(cli_gettext, cli_language())
            err.print(f"[red]fel[/red] {escape(text)}", highlight=False, soft_wrap=True)
        err.print(
            f"Inget importerades från {escape(str(file))} ({len(exc.problems)} fel).",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(2) from None
    with session_scope(open_runtime(db).sessionmaker) as s:
        parent_area = None
        if parent:
            parent_area = queries.area_by_name(s, parent)
            if parent_area is None:
                raise NotFound(N_("area %(name)s not found"), field="parent", name=parent)
        saved = service.import_areas(
            s, features, kind=kind, parent=parent_area, approximate=approximate, source=file.name
        )
        if group:
            g = org_queries.group_by_name(s, group)
            if g is None:
                raise NotFound(N_("EST group %(name)s not found"), field="group", name=group)
            ids = queries.group_area_ids(s, g.id) | {a.id for a in saved}
            service.set_group_areas(s, None, g.id, ids)
        console.print(f"{len(saved)} områden importerade från {file.name}.")


@areas_app.command("list")
def list_cmd(db: DbOpt = None) -> None:
    """List the areas."""
    with session_scope(open_runtime(db).sessionmaker) as s:
        table = Table("id", "namn", "typ", "kod", "ovanför")
        for a in queries.all_areas(s):
            table.add_row(str(a.id), a.name, a.kind, a.code or "", str(a.parent_id or ""))
        console.print(table)

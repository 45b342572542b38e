"""``samverkan lagesbild``: the week's picture as JSON or HTML; ``lagesbild rebuild``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from samverkan.core.cli import DbOpt
from samverkan.core.errors import N_, BadRequest, NotFound
from samverkan.core.runtime import open_runtime
from samverkan.geo import queries as geo_queries
from samverkan.incidents import counts
from samverkan.orgs import queries as org_queries
from samverkan.situation import mapdata, picture, report
from samverkan.situation.weeks import read_week

console = Console(stderr=True, soft_wrap=True)
lagesbild_app = typer.Typer(help="The weekly lägesbild (situation picture).")

FORMATS = ("json", "html", "pdf")


@lagesbild_app.callback(invoke_without_command=True)
def lagesbild(
    ctx: typer.Context,
    week: Annotated[
        str | None, typer.Option(help="ISO week, e.g. 2026-W48, v. 48 or a date (default: last)")
    ] = None,
    area: Annotated[list[str] | None, typer.Option(help="area name (repeat for more)")] = None,
    org: Annotated[
        str | None, typer.Option(help="as this organisation sees it (default: what is shared)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, html or pdf")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file (default: stdout)")
    ] = None,
    lang: Annotated[str, typer.Option(help="sv or en")] = "sv",
    db: DbOpt = None,
) -> None:
    """Print the week's lägesbild (all areas, or those named)."""
    if ctx.invoked_subcommand is not None:
        return
    if fmt not in FORMATS:
        raise BadRequest(
            N_("--format %(value)s: expected json, html or pdf"), field="format", value=repr(fmt)
        )
    if fmt == "pdf" and output is None:
        raise BadRequest(N_("--format pdf writes a file: give it with -o FILE"), field="output")
    w = read_week(week)
    rt = open_runtime(db, upgrade=False)
    with rt.sessionmaker() as session:
        if org:
            found = org_queries.org_by_name(session, org)
            if found is None:
                raise NotFound(N_("organisation %(name)s not found"), field="org", name=org)
            p = org_queries.reader_for_org(session, found)
        else:
            p = org_queries.shared_reader(session)
        ids = None
        if area:
            ids = []
            for name in area:
                a = geo_queries.area_by_name(session, name)
                if a is None:
                    raise BadRequest(N_("area %(name)s not found"), field="area", name=name)
                ids.append(a.id)
        pic = picture.build(session, p, w, ids)  # one picture, no cache needed
        language = "en" if lang == "en" else "sv"
        data = report.as_json(pic, language)
        if fmt == "json":
            out: str | bytes = json.dumps(data, ensure_ascii=False, indent=2)
        elif fmt == "html":
            out = report.as_html(data, language, mapdata.geojson(session, pic, None, language))
        else:
            try:
                out = report.as_pdf(data, language, mapdata.geojson(session, pic, None, language))
            except report.PdfUnavailable as exc:
                raise BadRequest(
                    N_("a PDF cannot be made here: %(problem)s"), field="format", problem=str(exc)
                ) from None
    if output is None:
        typer.echo(out)
    elif isinstance(out, bytes):
        output.write_bytes(out)
        console.print(f"Skrev {output}")
    else:
        output.write_text(out, encoding="utf-8")
        console.print(f"Skrev {output}")


@lagesbild_app.command()
def rebuild(db: DbOpt = None) -> None:
    """Count the weekly totals again from the stored incidents."""
    rt = open_runtime(db)
    with rt.engine.begin() as conn:
        n = counts.rebuild(conn)
    console.print(f"Räknade om veckosummorna: {n} händelser räknas.")

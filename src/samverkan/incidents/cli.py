"""``samverkan incidents import|fetch-polisen``: bulk intake from files and the police feed."""

from __future__ import annotations

import http.client
import json
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from samverkan.core.cli import DbOpt
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.i18n import cli_gettext, cli_language
from samverkan.core.runtime import open_runtime
from samverkan.core.validation import explain
from samverkan.incidents.bulk import ImportSummary, import_file
from samverkan.incidents.importers import polisen
from samverkan.incidents.importers.rows import MappingError
from samverkan.incidents.importers.tabular import FileProblem
from samverkan.orgs import queries as org_queries

console = Console(stderr=True, soft_wrap=True)
incidents_app = typer.Typer(help="Incidents: file import, police events.", no_args_is_help=True)


def _parse_map(values: list[str] | None) -> dict[str, str]:
    out = {}
    for v in values or []:
        field, sep, header = v.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise Invalid(
                N_("--map %(value)s: expected field=Header, e.g. date=Händelsedatum"),
                field="map",
                value=repr(v),
            )
        out[field.strip()] = header.strip()
    return out


def _run(
    db: str | None,
    file: Path,
    org: str,
    fmt: str,
    rejects: Path | None,
    mapping: dict[str, str],
    visibility: str,
) -> ImportSummary:
    rt = open_runtime(db)
    with rt.sessionmaker() as s:
        found = org_queries.org_by_name(s, org)
        if found is None:
            raise NotFound(N_("organisation %(name)s not found"), field="org", name=org)
        org_id = found.id
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(f"Importerar {file.name}", total=None)
        try:
            return import_file(
                rt.sessionmaker,
                file,
                org_id=org_id,
                fmt=fmt,
                rejects_path=rejects,
                overrides=mapping,
                visibility=visibility,
                on_start=lambda total: progress.update(task, total=total or None),
                on_progress=lambda done: progress.update(task, completed=done),
                lang=cli_language(),
            )
        except (FileProblem, MappingError) as exc:
            console.print(f"[red]fel[/red] {escape(exc.text(cli_gettext))}", highlight=False)
            console.print("Inget importerades.")
            raise typer.Exit(2) from None


def _report(summary: ImportSummary) -> None:
    out = Console(soft_wrap=True)
    out.print(
        f"Importerade: {summary.imported}  Dubbletter: {summary.duplicates}  "
        f"Avvisade: {summary.rejected}"
        + (f"  Hoppade över (sammanfattningar): {summary.skipped}" if summary.skipped else "")
    )
    if summary.redacted:
        rows = "rad" if summary.redacted == 1 else "rader"
        out.print(f"Personuppgifter togs bort ur {summary.redacted} {rows}.")
    if summary.rejected:
        out.print(f"Avvisade rader med radnummer och orsak: {summary.rejects_path}")


@incidents_app.command("import")
def import_cmd(
    file: Path,
    org: Annotated[str, typer.Option(help="Reporting organisation (name).")],
    fmt: Annotated[str, typer.Option("--format", help="auto|csv|xlsx|polisen-json")] = "auto",
    rejects: Annotated[Path | None, typer.Option(help="Where rejected rows go.")] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="field=Header overrides, e.g. date=Händelsedatum (repeat)."),
    ] = None,
    visibility: Annotated[
        str, typer.Option(help="delad|egen|polis for rows without one.")
    ] = "delad",
    db: DbOpt = None,
) -> None:
    """Import incidents from CSV, XLSX or the police's events JSON (re-runs add nothing)."""
    if fmt not in ("auto", "csv", "xlsx", "polisen-json"):
        raise Invalid(
            N_("--format %(value)s: expected auto, csv, xlsx or polisen-json"),
            field="format",
            value=repr(fmt),
        )
    if visibility not in ("delad", "egen", "polis"):
        raise Invalid(
            N_("--visibility %(value)s: expected delad, egen or polis"),
            field="visibility",
            value=repr(visibility),
        )
    summary = _run(db, file, org, fmt, rejects, _parse_map(map_), visibility)
    _report(summary)


@incidents_app.command("fetch-polisen")
def fetch_polisen(
    org: Annotated[str, typer.Option(help="The police organisation (name) to file them under.")],
    location: Annotated[str, typer.Option(help="Municipality, e.g. Linköping.")] = "Linköping",
    url: Annotated[str, typer.Option(help="Feed address.")] = polisen.FEED_URL,
    timeout: Annotated[float, typer.Option(help="Seconds to wait.")] = 15.0,
    db: DbOpt = None,
) -> None:
    """Fetch the police's live events for a municipality and import them."""
    query = urllib.parse.urlencode({"locationname": location})
    address = f"{url}?{query}"
    if not address.startswith(("https://", "http://")):
        raise Invalid(N_("--url must start with https:// or http://"), field="url")
    request = urllib.request.Request(address, headers={"User-Agent": "samverkan"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310
            body = resp.read()
    except (OSError, http.client.HTTPException, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        text = cli_gettext(
            N_(
                "cannot fetch %(address)s: %(reason)s. Is the network reachable? "
                "Nothing was imported."
            )
        ) % {"address": address, "reason": str(reason)}
        console.print(f"[red]fel[/red] {escape(text)}", highlight=False)
        raise typer.Exit(2) from None
    try:
        doc = json.loads(body)
    except ValueError as exc:
        text = cli_gettext(
            N_(
                "%(address)s did not answer with JSON (%(problem)s): expected the police events "
                "list. Nothing was imported."
            )
        ) % {"address": address, "problem": str(exc)}
        console.print(f"[red]fel[/red] {escape(text)}", highlight=False)
        raise typer.Exit(2) from None
    try:
        polisen.check_events(doc, address)
    except FileProblem as exc:
        console.print(f"[red]fel[/red] {escape(exc.text(cli_gettext))}", highlight=False)
        raise typer.Exit(2) from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "polisen.json"
        path.write_bytes(body)
        summary = _run(db, path, org, "polisen-json", Path(tmp) / "rejects.csv", {}, "delad")
    _report(summary)


categories_app = typer.Typer(help="The EST categories.", no_args_is_help=True)


@categories_app.command("list")
def categories_list(db: DbOpt = None) -> None:
    """List the categories with their codes."""
    from rich.table import Table

    from samverkan.incidents import queries

    with open_runtime(db).sessionmaker() as s:
        cats = queries.categories(s, include_retired=True)
        by_id = {c.id: c for c in cats}
        table = Table("kod", "svenska", "engelska", "under", "avvecklad")
        for c in cats:
            parent = by_id[c.parent_id].code if c.parent_id else ""
            table.add_row(c.code, c.label_sv, c.label_en, parent, "ja" if c.retired_at else "")
        Console().print(table)


@categories_app.command("add")
def categories_add(
    code: str,
    label_sv: Annotated[str, typer.Option("--sv", help="Swedish label.")],
    label_en: Annotated[str, typer.Option("--en", help="English label.")],
    parent: Annotated[str | None, typer.Option(help="Code of the category above.")] = None,
    db: DbOpt = None,
) -> None:
    """Add a category."""
    from pydantic import ValidationError

    from samverkan.core.db import session_scope
    from samverkan.incidents import service
    from samverkan.incidents.schemas import CategoryIn

    try:
        data = CategoryIn(code=code, label_sv=label_sv, label_en=label_en, parent=parent)
    except ValidationError as exc:
        err = exc.errors()[0]
        msgid, params = explain(err)
        raise Invalid(msgid, field=str(err["loc"][0]), **params) from None
    with session_scope(open_runtime(db).sessionmaker) as s:
        service.add_category(s, None, data)
    Console().print(f"Kategorin {code} är tillagd.")


@categories_app.command("retire")
def categories_retire(code: str, db: DbOpt = None) -> None:
    """Retire a category: no new reports use it, old ones keep it."""
    from samverkan.core.db import session_scope
    from samverkan.incidents import service

    with session_scope(open_runtime(db).sessionmaker) as s:
        service.set_category_retired(s, None, code, True)
    Console().print(f"Kategorin {code} är avvecklad.")

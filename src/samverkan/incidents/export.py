"""Incidents as CSV for the analyst's spreadsheet: streamed, visibility applied, and every cell
neutralised against formula injection (a cell starting with = + - @ is prefixed with ')."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy.orm import Session, sessionmaker

from samverkan.core.timeutil import to_local
from samverkan.incidents import queries
from samverkan.incidents.queries import IncidentFilter
from samverkan.orgs.policy import Principal

HEADERS = [
    "Id",
    "Datum",
    "Tid",
    "Kategori",
    "Kategorikod",
    "Område",
    "Plats",
    "Platsdetalj",
    "Beskrivning",
    "Latitud",
    "Longitud",
    "Precision",
    "Allvarlighet",
    "Misstänkt",
    "Organisation",
    "Synlighet",
    "Status",
    "Källa",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text that a spreadsheet shows, never evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return f"{value:.6f}".replace(".", ",")
    text = str(value)
    if isinstance(value, int):
        return text
    return "'" + text if text.startswith(_FORMULA) else text


def csv_stream(
    factory: sessionmaker[Session],
    p: Principal,
    f: IncidentFilter,
    lang: str = "sv",
    chunk: int = 500,
) -> Iterator[bytes]:
    """The CSV in chunks, read in its own session (the response outlives the request's)."""
    with factory() as session:
        yield from _rows(session, p, f, lang, chunk)


def _rows(
    session: Session, p: Principal, f: IncidentFilter, lang: str, chunk: int
) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    writer.writerow(HEADERS)
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")
    cursor = None
    while True:
        rows, cursor = queries.page(session, p, f, limit=chunk, cursor=cursor)
        buf.seek(0)
        buf.truncate()
        for i in rows:
            local = to_local(i.occurred_at)
            writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        i.id,
                        local.strftime("%Y-%m-%d"),
                        local.strftime("%H:%M"),
                        i.category.label(lang),
                        i.category.code,
                        i.area.name if i.area else "",
                        i.place_name,
                        i.place_detail,
                        i.description,
                        i.lat,
                        i.lon,
                        i.precision,
                        i.severity,
                        i.suspected,
                        i.org.name,
                        i.visibility,
                        i.status,
                        i.source,
                    )
                ]
            )
        yield buf.getvalue().encode("utf-8")
        if not cursor:
            break

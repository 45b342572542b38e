"""Bulk intake: a file's rows checked, placed and stored in batches, each batch committed.

A batch is one transaction, and every row carries an external id unique per source and
organisation (the file's own id, or a digest of the row), stored with ``ON CONFLICT DO
NOTHING``: an import can be killed at any moment and run again, and it ends with exactly the
rows of the file. Rejected rows go to a rejects file with their line number and the reason.
"""

from __future__ import annotations

import csv
import itertools
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core import audit
from samverkan.geo import queries as geo_queries
from samverkan.geo.crs import to_wgs84
from samverkan.geo.models import Area
from samverkan.incidents import counts
from samverkan.incidents.importers import polisen
from samverkan.incidents.importers.rows import (
    Record,
    RowError,
    RowParser,
    map_headers,
    norm,
    sqlite_time,
)
from samverkan.incidents.importers.tabular import (
    FileProblem,
    csv_cells,
    scan,
    sniff_format,
    xlsx_cells,
)
from samverkan.incidents.models import Category, Incident
from samverkan.incidents.redaction import redact
from samverkan.orgs import queries as org_queries

log = logging.getLogger(__name__)
BATCH = 5000


@dataclass
class ImportSummary:
    """What an import did: rows stored, rows already there, rows rejected (see ``rejects``)."""

    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    redacted: int = 0
    rows: int = 0
    rejects_path: Path | None = None
    notes: list[str] = field(default_factory=list)


class Rejects:
    """The rejects file, opened on the first rejected row (none is written when all are good)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: Any = None
        self._writer: Any = None
        self.count = 0

    def add(self, line: int, reason: str, row: dict[str, str] | None = None) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh, delimiter=";")
            self._writer.writerow(["rad", "orsak", "innehåll"])
        content = " | ".join(f"{k}={v[:2000]}" for k, v in (row or {}).items() if v)
        # the rejects file is a copy of partner data: no personnummer or phone numbers in it either
        self._writer.writerow([line, redact(reason).text, redact(content).text[:2000]])
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def category_lookup(session: Session) -> dict[str, int]:
    """Normalised code, Swedish and English label → category id (active categories only)."""
    out: dict[str, int] = {}
    for c in session.scalars(select(Category).where(Category.retired_at.is_(None))):
        for key in (c.code, c.label_sv, c.label_en):
            out.setdefault(norm(key), c.id)
    return out


def area_names(session: Session, allowed: set[int]) -> dict[str, int]:
    """Area name → id, for the areas the importing organisation's EST groups cover."""
    if not allowed:
        return {}
    rows = session.execute(select(Area.id, Area.name).where(Area.id.in_(allowed)))
    return {name: area_id for area_id, name in rows}


def allowed_areas(session: Session, org_id: int) -> set[int]:
    """Areas an organisation may file into: those its EST groups cover (as on the web form)."""
    return geo_queries.covered_area_ids(session, org_queries.group_ids_of_org(session, org_id))


class AllowedAreas:
    """An area index that answers -1 (no area) for areas the importer may not file into."""

    def __init__(self, index: Any, allowed: set[int]) -> None:
        self.index = index
        self.allowed = np.fromiter(allowed, dtype=np.int64) if allowed else np.zeros(0, np.int64)

    def lookup(self, lon: Any, lat: Any) -> Any:
        found = self.index.lookup(lon, lat)
        found[~np.isin(found, self.allowed)] = -1
        return found


def place(
    records: list[Record], index: Any
) -> list[tuple[float | None, float | None, int | None, str]]:
    """WGS 84 point, area id and precision of each record (vectorised over the batch)."""
    nan = np.nan
    lat = np.array([nan if r.lat is None else r.lat for r in records], dtype=float)
    lon = np.array([nan if r.lon is None else r.lon for r in records], dtype=float)
    sw = np.array([r.northing is not None for r in records])
    if sw.any():
        n = np.array([r.northing for r in records if r.northing is not None], dtype=float)
        e = np.array([r.easting for r in records if r.easting is not None], dtype=float)
        lat[sw], lon[sw] = to_wgs84(n, e)
    has_point = ~np.isnan(lat) & np.array([r.precision != "kommun" for r in records])
    area = np.full(len(records), -1, dtype=np.int64)
    if has_point.any():
        area[has_point] = index.lookup(lon[has_point], lat[has_point])
    out: list[tuple[float | None, float | None, int | None, str]] = []
    add = out.append
    for r, point, la, lo, a in zip(
        records, has_point.tolist(), lat.tolist(), lon.tolist(), area.tolist(), strict=True
    ):
        if r.precision == "kommun":  # the municipality's centre, not the event's place
            add((r.lat, r.lon, r.area_hint, "kommun"))
        elif point:
            add((la, lo, a if a >= 0 else r.area_hint, "exakt"))
        else:
            add((None, None, r.area_hint, "omrade"))
    return out


COLUMNS = (
    "org_id",
    "reporter_user_id",
    "reporter_token_id",
    "category_id",
    "area_id",
    "occurred_at",
    "occurred_end",
    "time_band",
    "reported_at",
    "lat",
    "lon",
    "precision",
    "place_name",
    "place_type",
    "place_detail",
    "description",
    "severity",
    "suspected",
    "people_count",
    "youth_involved",
    "police_report_filed",
    "police_report_ref",
    "visibility",
    "status",
    "duplicate_of_id",
    "source",
    "external_id",
    "url",
    "redacted_count",
    "updated_at",
)
# Columns with the same value in every imported row are written into the statement rather
# than bound row by row (fewer values to bind in the bulk import's hot path).
_SQLITE_CONSTANTS = {
    "reporter_user_id": "NULL",
    "reporter_token_id": "NULL",
    "occurred_end": "NULL",
    "status": "'mottagen'",
    "duplicate_of_id": "NULL",
}
_SQLITE_INSERT = (
    f"INSERT INTO incident ({', '.join(COLUMNS)}) "  # noqa: S608 - fixed names, bound values
    f"VALUES ({', '.join(_SQLITE_CONSTANTS.get(c, '?') for c in COLUMNS)}) "
    "ON CONFLICT DO NOTHING"
)


OUTSIDE = "the place lies outside the areas your EST groups cover: check the coordinates"


def store(
    conn: Connection,
    org_id: int,
    source: str,
    records: list[Record],
    index: Any,
    now: datetime,
    placed: list[tuple[float | None, float | None, int | None, str]] | None = None,
) -> int:
    """Insert a batch; returns how many were new (the rest were stored before).

    On SQLite the rows go straight to the driver's ``executemany`` (the hot path of a bulk
    import); elsewhere through SQLAlchemy Core with ``ON CONFLICT DO NOTHING``.
    """
    if not records:
        return 0
    if placed is None:
        placed = place(records, index)
    last_id = conn.scalar(select(func.max(Incident.id))) or 0
    new = _insert(conn, org_id, source, records, placed, now)
    _count(conn, org_id, records, placed, new, last_id)
    return new


def _count(
    conn: Connection,
    org_id: int,
    records: list[Record],
    placed: list[tuple[float | None, float | None, int | None, str]],
    new: int,
    last_id: int,
) -> None:
    """Add the rows just stored to the weekly totals (the writer's lock is still held, so
    the rows above ``last_id`` are this batch's)."""
    if not new:
        return
    pairs = list(zip(records, placed, strict=True))
    if new < len(records):  # some were stored before: count the new ones only, once each
        fresh = set(conn.scalars(select(Incident.external_id).where(Incident.id > last_id)))
        chosen = []
        for r, where in pairs:
            if r.external_id in fresh:
                fresh.discard(r.external_id)
                chosen.append((r, where))
        pairs = chosen
    totals = counts.count_rows(
        (r.occurred_at, r.time_band, where[2], r.category_id, org_id, r.visibility, "mottagen")
        for r, where in pairs
    )
    counts.apply(conn, totals)


def _insert(
    conn: Connection,
    org_id: int,
    source: str,
    records: list[Record],
    placed: list[tuple[float | None, float | None, int | None, str]],
    now: datetime,
) -> int:
    """The insert itself; returns how many rows were new."""
    if conn.dialect.name == "sqlite":
        stamp = sqlite_time(now)
        tuples = [
            (  # COLUMNS but those in _SQLITE_CONSTANTS
                org_id,
                r.category_id,
                area_id,
                r.occurred_text or sqlite_time(r.occurred_at),
                r.time_band,
                stamp,
                lat,
                lon,
                precision,
                r.place_name,
                r.place_type,
                r.place_detail,
                r.description,
                r.severity,
                int(r.suspected),
                r.people_count,
                None if r.youth is None else int(r.youth),
                int(r.police_report),
                r.police_ref,
                r.visibility,
                source,
                r.external_id,
                r.url,
                r.redacted,
                stamp,
            )
            for r, (lat, lon, area_id, precision) in zip(records, placed, strict=True)
        ]
        result = conn.exec_driver_sql(_SQLITE_INSERT, tuples)
        return int(result.rowcount)
    rows = [
        dict(
            zip(
                COLUMNS,
                (
                    org_id,
                    None,
                    None,
                    r.category_id,
                    area_id,
                    r.occurred_at,
                    None,
                    r.time_band,
                    now,
                    lat,
                    lon,
                    precision,
                    r.place_name,
                    r.place_type,
                    r.place_detail,
                    r.description,
                    r.severity,
                    r.suspected,
                    r.people_count,
                    r.youth,
                    r.police_report,
                    r.police_ref,
                    r.visibility,
                    "mottagen",
                    None,
                    source,
                    r.external_id,
                    r.url,
                    r.redacted,
                    now,
                ),
                strict=True,
            )
        )
        for r, (lat, lon, area_id, precision) in zip(records, placed, strict=True)
    ]
    table: Any = Incident.__table__
    stmt = pg_insert(table).on_conflict_do_nothing().returning(Incident.id)
    return len(conn.execute(stmt, rows).all())


def _content(row: Any) -> dict[str, str]:
    """A row as ``{name: text}`` for the rejects file."""
    if isinstance(row, dict):
        return {str(k): str(v) for k, v in row.items()}
    return {"värde": str(row)}


def run_import(
    factory: sessionmaker[Session],
    rows: Iterable[tuple[int, Any]],
    parse: Callable[[int, Any], Record | None],
    *,
    org_id: int,
    source: str,
    rejects: Rejects,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
    label: str = "",
    allowed: set[int] | None = None,
    content: Callable[[Any], dict[str, str]] = _content,
) -> ImportSummary:
    """Check, place and store ``rows`` in committed batches; never stops at a bad row.

    ``parse`` returns a record, None for a row to skip (counted), or raises RowError; the
    rejects file shows a rejected row as ``content`` gives it. Points in areas outside
    ``allowed`` are stored without an area, as on the web form.
    """
    summary = ImportSummary(rejects_path=rejects.path)
    now = datetime.now(UTC)
    batch: list[Record] = []
    with factory() as session:
        index: Any = geo_queries.area_index(session)
    if allowed is not None:
        index = AllowedAreas(index, allowed)

    def flush() -> None:
        if not batch:
            return
        placed = place(batch, index)
        keep = [i for i, where in enumerate(placed) if where[2] is not None]
        if len(keep) < len(batch):  # in no area of the importer's groups: reaches nobody
            for i in sorted(set(range(len(batch))) - set(keep)):
                rejects.add(batch[i].line, OUTSIDE)
            records = [batch[i] for i in keep]
            placed = [placed[i] for i in keep]
        else:
            records = batch
        with factory() as session, session.begin():
            new = store(session.connection(), org_id, source, records, index, now, placed)
        summary.imported += new
        summary.duplicates += len(records) - new
        batch.clear()

    add = batch.append
    n = skipped = redacted = 0  # rows seen, skipped, with text redacted (into summary below)
    try:
        for n, (line, row) in enumerate(rows, start=1):
            try:
                record = parse(line, row)
            except RowError as exc:
                rejects.add(line, str(exc), content(row))
                continue
            if record is None:
                skipped += 1
                continue
            if record.redacted:
                redacted += 1
            add(record)
            if len(batch) >= batch_size:
                flush()
                if on_progress:
                    on_progress(n)
        flush()
    finally:
        summary.rows, summary.skipped, summary.redacted = n, skipped, redacted
        summary.rejected = rejects.count
        rejects.close()
    if on_progress:
        on_progress(summary.rows)
    with factory() as session, session.begin():
        audit.record(
            session,
            "incidents.import",
            object_type="organisation",
            object_id=org_id,
            detail={
                "file": label,
                "imported": summary.imported,
                "duplicates": summary.duplicates,
                "rejected": summary.rejected,
                "skipped": summary.skipped,
            },
        )
    return summary


def import_file(
    factory: sessionmaker[Session],
    path: Path,
    *,
    org_id: int,
    fmt: str = "auto",
    rejects_path: Path | None = None,
    overrides: dict[str, str] | None = None,
    visibility: str = "delad",
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> ImportSummary:
    """Import a CSV, XLSX or police-events JSON file for one organisation.

    Raises FileProblem (or MappingError) when the file as a whole cannot be read; row problems
    go to the rejects file.
    """
    if not path.is_file():
        raise FileProblem(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise FileProblem(f"{path.name} is empty")
    fmt = sniff_format(path) if fmt == "auto" else fmt
    rejects = Rejects(rejects_path or path.with_name(path.name + ".rejects.csv"))
    folder = rejects.path.parent
    if rejects.path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise FileProblem(
            f"rejects file {rejects.path}: expected a file in an existing, writable folder; "
            "choose another with --rejects"
        )
    with factory() as session:
        categories = category_lookup(session)
        codes = {c.code: c.id for c in session.scalars(select(Category))}
        allowed = allowed_areas(session, org_id)
        names = area_names(session, allowed)
        kommun = municipality_finder(session, allowed)
    if fmt == "polisen-json":
        events = polisen.load(path)
        if on_start:
            on_start(len(events))
        now = datetime.now(UTC)
        return run_import(
            factory,
            polisen.rows(events),
            lambda n, ev: polisen.to_record(n, ev, codes, kommun, now),
            org_id=org_id,
            source="polisen",
            rejects=rejects,
            on_progress=on_progress,
            batch_size=batch_size,
            label=path.name,
            allowed=allowed,
        )
    if fmt == "xlsx":
        source_rows = xlsx_cells(path)
        total = 0
    elif fmt == "csv":
        encoding, total = scan(path)
        source_rows = csv_cells(path, encoding)
    else:
        raise FileProblem(f"--format {fmt!r}: expected auto, csv, xlsx or polisen-json")
    _, headers = next(source_rows)  # (1, headers) comes first, or FileProblem
    first = next(source_rows, None)
    if first is None:
        raise FileProblem(f"{path.name} has a header but no rows")
    parser = RowParser(
        map_headers(list(dict.fromkeys(headers)), overrides),
        categories,
        {norm(n): i for n, i in names.items()},
        headers=headers,
        area_words=names,
        default_visibility=visibility,
    )
    if on_start:
        on_start(max(total - 1, 0))
    return run_import(
        factory,
        itertools.chain([first], source_rows),
        parser.parse,
        org_id=org_id,
        source="import",
        rejects=rejects,
        on_progress=on_progress,
        batch_size=batch_size,
        label=path.name,
        allowed=allowed,
        content=parser.content,
    )


def municipality_finder(
    session: Session, allowed: set[int]
) -> Callable[[float, float], int | None]:
    """Point → the municipality-level area containing it (for police events), among ``allowed``."""
    from shapely import contains_xy, from_wkb

    kommuner = [
        (a_id, from_wkb(wkb))
        for a_id, wkb in session.execute(
            select(Area.id, Area.geom_wkb).where(Area.kind == "kommun", Area.id.in_(allowed))
        )
    ]

    def find(lon: float, lat: float) -> int | None:
        for area_id, geom in kommuner:
            if contains_xy(geom, lon, lat):
                return area_id
        return None

    return find

"""A batch of checked import rows placed in areas and stored in one statement.

Every row carries an external id unique per source and organisation, stored with ``ON
CONFLICT DO NOTHING``: a batch stored again stores nothing twice. The weekly totals take the
rows that were new in the same transaction. The columns written are those of the model
(``incidents.fields``): a record's field of a column's name is stored as it is.
"""

from __future__ import annotations

from datetime import datetime
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from samverkan.geo import queries as geo_queries
from samverkan.geo.crs import to_wgs84
from samverkan.incidents import counts
from samverkan.incidents.fields import COLUMNS
from samverkan.incidents.importers.rows import Record, sqlite_time
from samverkan.incidents.models import Incident
from samverkan.orgs import queries as org_queries


class Placed(NamedTuple):
    """Where a record is stored: its WGS 84 point, its area and how precise the place is."""

    lat: float | None
    lon: float | None
    area_id: int | None
    precision: str


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


def place(records: list[Record], index: Any) -> list[Placed]:
    """Where each record goes (vectorised over the batch): a point looked up in ``index``, the
    area the row named when the point is in none, the municipality for a police event."""
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
    out: list[Placed] = []
    add = out.append
    for r, point, la, lo, a in zip(
        records, has_point.tolist(), lat.tolist(), lon.tolist(), area.tolist(), strict=True
    ):
        if r.precision == "kommun":  # the municipality's centre, not the event's place
            add(Placed(r.lat, r.lon, r.area_hint, "kommun"))
        elif point:
            add(Placed(la, lo, a if a >= 0 else r.area_hint, "exakt"))
        else:
            add(Placed(None, None, r.area_hint, "omrade"))
    return out


# The insert's columns: the batch's own values, then the record's (its time first, as SQLite
# text there), then where it was placed; a column an import never sets has its value in
# _UNSET. Together they are every column of the model (a test checks).
_PER_BATCH = ("org_id", "source", "reported_at", "updated_at")
_FROM_RECORD = tuple(
    f
    for f in Record.__dataclass_fields__
    if f in COLUMNS and f not in Placed._fields and f != "occurred_at"
)
_UNSET: dict[str, Any] = {
    "reporter_user_id": None,
    "reporter_token_id": None,
    "occurred_end": None,
    "status": "mottagen",
    "duplicate_of_id": None,
}
BOUND = (*_PER_BATCH, "occurred_at", *_FROM_RECORD, *Placed._fields)
INSERTED = (*BOUND, *_UNSET)
_record_values = attrgetter(*_FROM_RECORD)


def _literal(value: Any) -> str:
    return "NULL" if value is None else f"'{value}'"


# The unset columns are written into the statement rather than bound row by row (fewer
# values to bind in the bulk import's hot path).
_SQLITE_INSERT = (
    f"INSERT INTO incident ({', '.join(INSERTED)}) "  # noqa: S608 - fixed names, bound values
    f"VALUES ({', '.join(['?'] * len(BOUND) + [_literal(v) for v in _UNSET.values()])}) "
    "ON CONFLICT DO NOTHING"
)


def store(
    conn: Connection,
    org_id: int,
    source: str,
    records: list[Record],
    index: Any,
    now: datetime,
    placed: list[Placed] | None = None,
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
    placed: list[Placed],
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
        (r.occurred_at, r.time_band, where.area_id, r.category_id, org_id, r.visibility, "mottagen")
        for r, where in pairs
    )
    counts.apply(conn, totals)


def _insert(
    conn: Connection,
    org_id: int,
    source: str,
    records: list[Record],
    placed: list[Placed],
    now: datetime,
) -> int:
    """The insert itself; returns how many rows were new."""
    pairs = zip(records, placed, strict=True)
    if conn.dialect.name == "sqlite":
        stamp = sqlite_time(now)
        texts = (org_id, source, stamp, stamp)
        tuples = [
            (*texts, r.occurred_text or sqlite_time(r.occurred_at), *_record_values(r), *where)
            for r, where in pairs
        ]
        result = conn.exec_driver_sql(_SQLITE_INSERT, tuples)
        return int(result.rowcount)
    batch = (org_id, source, now, now)
    rows = [
        {
            **dict(zip(BOUND, (*batch, r.occurred_at, *_record_values(r), *where), strict=True)),
            **_UNSET,
        }
        for r, where in pairs
    ]
    table: Any = Incident.__table__
    stmt = pg_insert(table).on_conflict_do_nothing().returning(Incident.id)
    return len(conn.execute(stmt, rows).all())

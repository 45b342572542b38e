"""Reads of incidents, always through the principal's :class:`~samverkan.orgs.policy.IncidentScope`.

Police-only and other organisations' own incidents are filtered in SQL, so they never reach a
row, a count, an export or a map dot of someone who may not see them.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from samverkan.core.timeutil import STOCKHOLM
from samverkan.geo import queries as geo_queries
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

_LOADS = (
    selectinload(Incident.category),
    selectinload(Incident.org),
    selectinload(Incident.area),
)


@dataclass(frozen=True)
class Reach:
    """The incidents a principal may see, resolved to ids once for a request: its
    organisations' own, and the shared ones (the police's too, for the police) in the areas its
    EST groups cover. Reads that narrow several statements take one of these (:func:`reach`)
    rather than the principal, so the covered areas are looked up once."""

    org_ids: frozenset[int]
    covered: frozenset[int]  # area ids
    shared: tuple[str, ...]  # the visibilities seen in covered areas
    nothing: bool = False  # a principal without any scope

    def clause(self, table: Any = None) -> ColumnElement[bool]:
        """SQL condition: the incident may be seen. ``table`` is another table with the same
        ``org_id``, ``visibility`` and ``area_id`` columns (the weekly totals)."""
        if self.nothing:
            return false()
        cols = Incident if table is None else table.c
        parts: list[ColumnElement[bool]] = []
        if self.org_ids:
            parts.append(cols.org_id.in_(self.org_ids))
        if self.covered:
            parts.append(and_(cols.visibility.in_(self.shared), cols.area_id.in_(self.covered)))
        return or_(*parts) if parts else false()


def reach(session: Session, p: Principal | None) -> Reach:
    """What ``p`` may see (``policy.incident_scope``), its EST groups' areas looked up."""
    scope = policy.incident_scope(p)
    if scope.empty:
        return Reach(frozenset(), frozenset(), (), nothing=True)
    covered = frozenset(geo_queries.covered_area_ids(session, scope.group_ids))
    shared = ("delad", "polis") if scope.police else ("delad",)
    return Reach(scope.org_ids, covered, shared)


def visible_clause(session: Session, p: Principal | None, table: Any = None) -> ColumnElement[bool]:
    """SQL condition: the incident may be seen by ``p`` (:meth:`Reach.clause`)."""
    return reach(session, p).clause(table)


@dataclass(frozen=True)
class IncidentFilter:
    """What the list and counts are narrowed to; dates are Stockholm calendar days."""

    area_id: int | None = None
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    status: str | None = None
    org_id: int | None = None


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=STOCKHOLM)


def filtered(session: Session, p: Principal | None, f: IncidentFilter) -> Select[Incident]:
    stmt = select(Incident).where(visible_clause(session, p))
    if f.area_id is not None:
        areas = geo_queries.descendant_ids(session, {f.area_id})
        stmt = stmt.where(Incident.area_id.in_(areas))
    if f.category:
        codes = category_codes_below(session, f.category)
        stmt = stmt.join(Category).where(Category.code.in_(codes))
    if f.date_from:
        stmt = stmt.where(Incident.occurred_at >= _day_start(f.date_from))
    if f.date_to:
        stmt = stmt.where(Incident.occurred_at < _day_start(f.date_to) + timedelta(days=1))
    if f.source:
        stmt = stmt.where(Incident.source == f.source)
    if f.status:
        stmt = stmt.where(Incident.status == f.status)
    if f.org_id is not None:
        stmt = stmt.where(Incident.org_id == f.org_id)
    return stmt


_BAD_CURSOR = "cursor is not valid; use next_cursor from the previous page"


def encode_cursor(inc: Incident) -> str:
    """Where a page ended: the last incident's time (µs since the epoch, UTC) and id."""
    micros = round(inc.occurred_at.timestamp() * 1_000_000)
    return base64.urlsafe_b64encode(f"t:{micros}:{inc.id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (time, id) behind a cursor; ValueError for anything that is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise ValueError(_BAD_CURSOR) from None
    kind, _, rest = raw.partition(":")
    micros, _, ident = rest.partition(":")
    if kind != "t" or not micros.lstrip("-").isdigit() or not ident.isdigit():
        raise ValueError(_BAD_CURSOR)
    try:
        moment = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(_BAD_CURSOR) from None
    return moment, int(ident)


def page(
    session: Session,
    p: Principal | None,
    f: IncidentFilter,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Incident], str | None]:
    """Newest first by when it happened (then by id), ``limit`` at a time; the cursor continues
    after the last one, so a page never repeats or skips a report however many are added."""
    stmt = filtered(session, p, f).options(*_LOADS)
    if cursor:
        moment, last_id = decode_cursor(cursor)
        stmt = stmt.where(
            or_(
                Incident.occurred_at < moment,
                and_(Incident.occurred_at == moment, Incident.id < last_id),
            )
        )
    order = (Incident.occurred_at.desc(), Incident.id.desc())
    rows = list(session.scalars(stmt.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]) if more and rows else None


def count(session: Session, p: Principal | None, f: IncidentFilter) -> int:
    sub = filtered(session, p, f).with_only_columns(Incident.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def incident(session: Session, p: Principal | None, incident_id: int) -> Incident | None:
    """One incident, or None when it does not exist or ``p`` may not see it."""
    stmt = select(Incident).where(Incident.id == incident_id, visible_clause(session, p))
    return session.scalar(stmt.options(*_LOADS))


def by_external_id(session: Session, source: str, org_id: int, external_id: str) -> Incident | None:
    return session.scalar(
        select(Incident).where(
            Incident.source == source,
            Incident.org_id == org_id,
            Incident.external_id == external_id,
        )
    )


def categories(session: Session, *, include_retired: bool = False) -> list[Category]:
    stmt = select(Category).order_by(Category.sort_order, Category.code)
    if not include_retired:
        stmt = stmt.where(Category.retired_at.is_(None))
    return list(session.scalars(stmt))


def category_by_code(session: Session, code: str) -> Category | None:
    return session.scalar(select(Category).where(Category.code == code.strip().lower()))


def category_codes_below(session: Session, code: str) -> set[str]:
    """The category and its sub-categories (Brand → Bilbrand, Containerbrand)."""
    cats = categories(session, include_retired=True)
    by_id = {c.id: c for c in cats}
    root = next((c for c in cats if c.code == code), None)
    if root is None:
        return {code}
    out = {root.code}
    for c in cats:
        parent = c.parent_id
        while parent is not None:
            if parent == root.id:
                out.add(c.code)
                break
            parent = by_id[parent].parent_id
    return out


def possible_duplicates(
    session: Session, p: Principal | None, inc: Incident, *, hours: float = 24, metres: float = 150
) -> list[Incident]:
    """Visible incidents of the same category near in time and space (the reviewer decides).

    Reports placed only at the municipality's centre (police events) are never compared by
    place: their position says nothing."""
    if inc.precision == "kommun":
        return []
    window = timedelta(hours=hours)
    stmt = select(Incident).where(
        visible_clause(session, p),
        Incident.id != inc.id,
        Incident.status != "dubblett",
        Incident.precision != "kommun",  # the municipality's centre says nothing of the place
        Incident.category_id == inc.category_id,
        Incident.occurred_at.between(inc.occurred_at - window, inc.occurred_at + window),
    )
    if inc.lat is not None and inc.lon is not None:
        dlat = metres / 111_320
        dlon = dlat / max(0.2, math.cos(math.radians(inc.lat)))
        stmt = stmt.where(
            Incident.lat.between(inc.lat - dlat, inc.lat + dlat),
            Incident.lon.between(inc.lon - dlon, inc.lon + dlon),
        )
    elif inc.area_id is not None:
        stmt = stmt.where(Incident.area_id == inc.area_id)
    return list(session.scalars(stmt.order_by(Incident.occurred_at).limit(20)))


def open311_requests(
    session: Session,
    p: Principal | None,
    start: datetime,
    end: datetime,
    codes: list[str],
    statuses: list[str],
) -> list[Incident]:
    """Open311 ``GET requests``: by the time reported, newest first, at most 1000."""
    stmt = select(Incident).where(
        visible_clause(session, p), Incident.reported_at >= start, Incident.reported_at <= end
    )
    if codes:
        stmt = stmt.join(Category).where(Category.code.in_(codes))
    if statuses == ["open"]:
        stmt = stmt.where(Incident.status == "mottagen")
    elif statuses == ["closed"]:
        stmt = stmt.where(Incident.status != "mottagen")
    stmt = stmt.options(*_LOADS).order_by(Incident.reported_at.desc()).limit(1000)
    return list(session.scalars(stmt))


def category_usage(session: Session) -> dict[int, int]:
    """How many incidents (of everyone: a platform figure, no rows shown) use each category."""
    rows = session.execute(
        select(Incident.category_id, func.count()).group_by(Incident.category_id)
    )
    return {int(cid): int(n) for cid, n in rows}


def has_children(session: Session, category_id: int) -> bool:
    return (
        session.scalar(select(Category.id).where(Category.parent_id == category_id).limit(1))
        is not None
    )

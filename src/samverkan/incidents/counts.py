"""Running weekly totals of incidents: the aggregates the lägesbild reads.

Every incident that counts (not a duplicate, placed in an area) adds one to the total of its
key: the ISO week and weekday it happened (Stockholm time), its time band, area, category,
reporting organisation and visibility. Writes keep the totals up to date in the same
transaction: ORM changes through the session hook below, bulk inserts by calling
:func:`apply` with the rows they stored. :func:`rebuild` recounts everything from the
incidents (``samverkan lagesbild rebuild``); :func:`recount` is what the totals must equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, event, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from samverkan.core.timeutil import STOCKHOLM
from samverkan.incidents.models import Incident, SlotCount, TotalsVersion, WeekCount

# Hours (Stockholm time) where each band of the day starts; see TIME_BAND_LABELS.
_BAND_STARTS = ((18, "kvall"), (10, "dag"), (6, "morgon"), (0, "natt"))
KEY_FIELDS = ("occurred_at", "time_band", "area_id", "category_id", "org_id", "visibility")


_SLOTS: Any = SlotCount.__table__
_WEEKS: Any = WeekCount.__table__


class Key(NamedTuple):
    """What one incident adds one to."""

    week: date  # the Monday of its ISO week
    area_id: int
    category_id: int
    org_id: int
    visibility: str
    weekday: int  # 0 = Monday
    band: str


def band_of(hour: int, time_band: str | None) -> str:
    """The reported time band, or the band of the hour when the time is known."""
    if time_band:
        return time_band
    return next(name for start, name in _BAND_STARTS if hour >= start)


@lru_cache(maxsize=1 << 16)
def _local_hour(utc_hour: datetime) -> tuple[date, int, int]:
    """The Monday, weekday and hour in Stockholm of a whole UTC hour (Stockholm's offsets are
    whole hours, so the hour decides them all; the bulk import asks for few distinct hours)."""
    local = utc_hour.astimezone(STOCKHOLM)
    day = local.date()
    weekday = day.weekday()
    return day - timedelta(days=weekday), weekday, local.hour


def key_of(
    occurred_at: datetime,
    time_band: str | None,
    area_id: int | None,
    category_id: int,
    org_id: int,
    visibility: str,
    status: str = "mottagen",
) -> Key | None:
    """The key an incident counts under, or None when it does not count."""
    if area_id is None or status == "dubblett":
        return None
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    monday, weekday, hour = _local_hour(
        occurred_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    )
    return Key(monday, area_id, category_id, org_id, visibility, weekday, band_of(hour, time_band))


_UPSERTS: dict[tuple[str, str], Any] = {}


def _upsert(conn: Connection, table: Any) -> Any:
    """``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, made once per dialect."""
    key = (conn.dialect.name, table.name)
    stmt = _UPSERTS.get(key)
    if stmt is None:
        ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
        stmt = ins.on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key.columns],
            set_={"n": table.c.n + ins.excluded.n},
        )
        _UPSERTS[key] = stmt
    return stmt


def apply(conn: Connection, deltas: Mapping[Key, int], *, note: bool = True) -> None:
    """Add ``deltas`` to the totals (negative for incidents that stopped counting); ``note``:
    count the change in the version (off only in the migration that makes the totals)."""
    slots = [dict(k._asdict(), n=n) for k, n in deltas.items() if n]
    if not slots:
        return
    if note:
        bump(conn)
    weeks: Counter[tuple[date, int, int, int, str]] = Counter()
    for k, n in deltas.items():
        weeks[(k.week, k.area_id, k.category_id, k.org_id, k.visibility)] += n
    week_rows = [
        {"week": w, "area_id": a, "category_id": c, "org_id": o, "visibility": v, "n": n}
        for (w, a, c, o, v), n in weeks.items()
        if n
    ]
    for table, rows in ((_SLOTS, slots), (_WEEKS, week_rows)):
        if not rows:
            continue
        conn.execute(_upsert(conn, table), rows)
    if any(n < 0 for n in deltas.values()):
        touched = {k.week for k in deltas}
        for table in (_SLOTS, _WEEKS):
            conn.execute(delete(table).where(table.c.week.in_(touched), table.c.n <= 0))


_BUMP = update(TotalsVersion).where(TotalsVersion.id == 1).values(n=TotalsVersion.n + 1)


def bump(conn: Connection) -> None:
    """Note that the totals changed (cached pictures made before are stale)."""
    conn.execute(_BUMP)


def version(conn: Connection) -> int:
    """How many times the totals have changed: equal numbers, equal totals."""
    return int(conn.scalar(select(TotalsVersion.n).where(TotalsVersion.id == 1)) or 0)


def count_rows(rows: Iterable[tuple[Any, ...]]) -> Counter[Key]:
    """Totals of rows shaped like :data:`KEY_FIELDS` (+ status)."""
    totals: Counter[Key] = Counter()
    for row in rows:
        key = key_of(*row)
        if key is not None:
            totals[key] += 1
    return totals


def recount(conn: Connection) -> Counter[Key]:
    """The totals as they should be, counted from the incidents."""
    cols = [getattr(Incident, f) for f in KEY_FIELDS]
    # streamed in chunks; the option is the statement's, never the connection's (on
    # PostgreSQL a connection-wide option would turn every later statement into a cursor)
    stmt = select(*cols, Incident.status).execution_options(yield_per=20_000)
    result = conn.execute(stmt)
    return count_rows(tuple(r) for r in result)


def stored(conn: Connection) -> Counter[Key]:
    """The totals as they are stored (by slot)."""
    t = _SLOTS
    return Counter(
        {
            Key(r.week, r.area_id, r.category_id, r.org_id, r.visibility, r.weekday, r.band): r.n
            for r in conn.execute(select(t)).mappings()
            if r.n
        }
    )


def stored_weeks(conn: Connection) -> Counter[tuple[Any, ...]]:
    """The week totals as they are stored."""
    t = _WEEKS
    rows = conn.execute(
        select(t.c.week, t.c.area_id, t.c.category_id, t.c.org_id, t.c.visibility, t.c.n)
    )
    return Counter({tuple(r[:5]): r[5] for r in rows if r[5]})


def rebuild(conn: Connection) -> int:
    """Throw the totals away and count them again; returns how many incidents count."""
    conn.execute(delete(_SLOTS))
    conn.execute(delete(_WEEKS))
    bump(conn)
    totals = recount(conn)
    apply(conn, totals)
    return sum(totals.values())


def _old_value(obj: Incident, name: str) -> Any:
    hist = inspect(obj).attrs[name].history
    if hist.deleted:
        return hist.deleted[0]
    return getattr(obj, name)


def _key_now(obj: Incident) -> Key | None:
    values: list[Any] = [getattr(obj, f) for f in (*KEY_FIELDS, "status")]
    return key_of(*values)


def _key_before(obj: Incident) -> Key | None:
    values: list[Any] = [_old_value(obj, f) for f in (*KEY_FIELDS, "status")]
    return key_of(*values)


@event.listens_for(Session, "after_flush")
def _count_flushed(session: Session, _ctx: object) -> None:
    """Keep the totals in step with incidents written through the ORM."""
    deltas: Counter[Key] = Counter()
    for obj in session.new:
        if isinstance(obj, Incident) and (key := _key_now(obj)) is not None:
            deltas[key] += 1
    for obj in session.deleted:
        if isinstance(obj, Incident) and (key := _key_before(obj)) is not None:
            deltas[key] -= 1
    for obj in session.dirty:
        if isinstance(obj, Incident) and session.is_modified(obj):
            before, now = _key_before(obj), _key_now(obj)
            if before != now:
                if before is not None:
                    deltas[before] -= 1
                if now is not None:
                    deltas[now] += 1
    if deltas:
        apply(session.connection(), deltas)

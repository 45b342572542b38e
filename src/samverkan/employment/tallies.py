"""Stored tallies of each program's pathway and outcomes, kept on every write: what the
dashboard (:mod:`samverkan.employment.reports`) reads instead of every participant.

What the dashboard counts is made of events, each on a day:

- a stage entered (the entries into each stage per month): :class:`Entry`;
- a spell ended after so many days, when the participant's next stage change is dated (the
  days in each stage; the spells still open on a day are read from the rows, through an
  index on ``StageChange.left_on``): :class:`Spell`;
- a participant referred, placed (of a kind) or exited (for a reason), counted in the groups
  of their district, gender and age band, and a follow-up moving into a status (``not_due``
  on the exit, ``due`` on its day, what was found when recorded) and out of the one before:
  :class:`Outcome`.

The tallies hold a program's events by the month they happen (tables in
:mod:`.tally_models`), so that the figures of a day are the tallies of the months before the
day's month and that month's events up to the day, counted from the rows.

ORM writes keep them in the same transaction through the session hooks below: before a flush
the events of every participant it touches are read as stored, after it they are read again
and the difference is added (:func:`apply`); the hook also keeps each stage change's
``program_id`` and ``left_on`` (the day of the next change). A write in SQL calls
:func:`forget` before it deletes participants and :func:`rebuild` after it inserts them.
:func:`recount` is what the stored tallies (:func:`stored`) must equal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    event,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from samverkan.employment.models import FollowUp, Participant, StageChange
from samverkan.employment.tally_models import EntryTally, OutcomeTally, SpellTally


class Entry(NamedTuple):
    """A change into ``stage`` dated in ``month``."""

    stage: str
    month: date


class Spell(NamedTuple):
    """A spell in ``stage`` ended after ``days`` days."""

    stage: str
    days: int


class Outcome(NamedTuple):
    """One of a group's counts (see :class:`.tally_models.OutcomeTally`)."""

    dimension: str
    value: str
    measure: str
    kind: str
    months: int


Key = Entry | Spell | Outcome
# (program, month, key) -> n
Tallies = Counter[tuple[int, date, Key]]

_TABLES: dict[Any, Any] = {
    Entry: EntryTally.__table__,
    Spell: SpellTally.__table__,
    Outcome: OutcomeTally.__table__,
}
PARTICIPANT = (
    Participant.id,
    Participant.program_id,
    Participant.district_id,
    Participant.gender,
    Participant.age_band,
    Participant.referred_on,
    Participant.placement,
    Participant.placed_on,
    Participant.exit_reason,
    Participant.exited_on,
)
FOLLOWUP = (
    FollowUp.participant_id,
    FollowUp.months,
    FollowUp.due_on,
    FollowUp.done_on,
    FollowUp.status,
)
CHANGE = (StageChange.program_id, StageChange.stage, StageChange.entered_on, StageChange.left_on)


def month_of(day: date) -> date:
    return day.replace(day=1)


def change_events(stage: str, entered_on: date, left_on: date | None) -> Iterator[tuple[date, Key]]:
    """A stage change's events: its entry and, once the next change is dated, its spell."""
    yield entered_on, Entry(stage, month_of(entered_on))
    if left_on is not None:
        yield left_on, Spell(stage, (left_on - entered_on).days)


def followup_status(
    day: date, exited_on: date, due_on: date, done_on: date | None, status: str | None
) -> str | None:
    """A follow-up's status on ``day``: None before the exit, then not due, due, and what was
    found ("unknown" when recorded without a status) from the day it is recorded."""
    if exited_on > day:
        return None
    if done_on is not None and done_on <= day:
        return status or "unknown"
    return "due" if due_on <= day else "not_due"


def followup_moves(
    exited_on: date, due_on: date, done_on: date | None, status: str | None
) -> Iterator[tuple[date, str, int]]:
    """(day, status, +1 or −1): the follow-up moving into and out of each status."""
    days = sorted({exited_on} | {d for d in (due_on, done_on) if d is not None and d > exited_on})
    was: str | None = None
    for day in days:
        now = followup_status(day, exited_on, due_on, done_on, status)
        if now != was:
            if was is not None:
                yield day, was, -1
            if now is not None:
                yield day, now, 1
            was = now


def groups(district_id: int | None, gender: str, age_band: str) -> list[tuple[str, str]]:
    """The groups a participant is counted in."""
    district = "" if district_id is None else str(district_id)
    return [("district", district), ("gender", gender), ("age_band", age_band)]


def participant_events(
    row: Sequence[Any], followups: Iterable[Sequence[Any]]
) -> Iterator[tuple[date, Outcome, int]]:
    """The outcome events of one participant (a row of :data:`PARTICIPANT`) and their
    follow-ups (rows of :data:`FOLLOWUP`): counted from the referral, a placement or an exit
    from its day (and not before the referral), a follow-up from the exit."""
    _id, _program, district_id, gender, age_band, referred_on, placement, placed_on = row[:8]
    exit_reason, exited_on = row[8], row[9]
    moves: list[tuple[date, str, str, int, int]] = [(referred_on, "participants", "", 0, 1)]
    if placement is not None and placed_on is not None:
        moves.append((max(referred_on, placed_on), "placement", placement, 0, 1))
    if exit_reason is not None and exited_on is not None:
        moves.append((max(referred_on, exited_on), "exit", exit_reason, 0, 1))
    if exited_on is not None:
        for _pid, months, due_on, done_on, status in followups:
            for day, what, sign in followup_moves(exited_on, due_on, done_on, status):
                moves.append((day, "followup", what, months, sign))
    for dimension, value in groups(district_id, gender, age_band):
        for day, measure, kind, months, sign in moves:
            yield day, Outcome(dimension, value, measure, kind, months), sign


def _by_participant(rows: Iterable[Sequence[Any]]) -> dict[int, list[Sequence[Any]]]:
    out: dict[int, list[Sequence[Any]]] = defaultdict(list)
    for r in rows:
        out[r[0]].append(r)
    return out


def outcome_events(
    conn: Connection, ids: Collection[int]
) -> Iterator[tuple[date, Outcome, int, int]]:
    """(day, key, sign, program) of the participants ``ids`` as stored."""
    every = list(ids)
    for k in range(0, len(every), 500):
        chunk = every[k : k + 500]
        follow = _by_participant(
            conn.execute(select(*FOLLOWUP).where(FollowUp.participant_id.in_(chunk)))
        )
        for row in conn.execute(select(*PARTICIPANT).where(Participant.id.in_(chunk))):
            for day, key, sign in participant_events(row, follow.get(row[0], ())):
                yield day, key, sign, row[1]


def events_of(conn: Connection, ids: Collection[int]) -> Tallies:
    """The tallies of the participants ``ids`` as stored."""
    out: Tallies = Counter()
    if not ids:
        return out
    for day, key, sign, program in outcome_events(conn, ids):
        out[(program, month_of(day), key)] += sign
    every = list(ids)
    for k in range(0, len(every), 500):
        chunk = every[k : k + 500]
        for program, stage, entered_on, left_on in conn.execute(
            select(*CHANGE).where(StageChange.participant_id.in_(chunk))
        ):
            for day, ckey in change_events(stage, entered_on, left_on):
                out[(program, month_of(day), ckey)] += 1
    return out


def recount(conn: Connection) -> Tallies:
    """The tallies as they should be, counted from every participant, change and follow-up."""
    out: Tallies = Counter()
    changes = conn.execute(select(*CHANGE).execution_options(yield_per=20_000))
    for program, stage, entered_on, left_on in changes:
        for day, ckey in change_events(stage, entered_on, left_on):
            out[(program, month_of(day), ckey)] += 1
    follow = _by_participant(conn.execute(select(*FOLLOWUP)))
    people = conn.execute(select(*PARTICIPANT).execution_options(yield_per=20_000))
    for row in people:
        for day, okey, sign in participant_events(row, follow.get(row[0], ())):
            out[(row[1], month_of(day), okey)] += sign
    return Counter({k: n for k, n in out.items() if n})


def stored(conn: Connection) -> Tallies:
    """The tallies as they are stored."""
    out: Tallies = Counter()
    for cls, table in _TABLES.items():
        fields = cls._fields
        for r in conn.execute(select(table)).mappings():
            if r["n"]:
                out[(r["program_id"], r["month"], cls(*(r[f] for f in fields)))] = r["n"]
    return out


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


def apply(
    conn: Connection, deltas: Mapping[tuple[int, date, Key], int], *, fresh: bool = False
) -> None:
    """Add ``deltas`` to the stored tallies (rows that come to 0 are deleted; ``fresh``: the
    tables are empty, nothing to delete)."""
    rows: dict[type, list[dict[str, Any]]] = defaultdict(list)
    for (program, month, key), n in deltas.items():
        if n:
            rows[type(key)].append({"program_id": program, "month": month, **key._asdict(), "n": n})
    for cls, values in rows.items():
        table = _TABLES[cls]
        for k in range(0, len(values), 5_000):
            conn.execute(_upsert(conn, table), values[k : k + 5_000])
        if not fresh:
            pk = [c.name for c in table.primary_key.columns]
            gone = delete(table).where(
                *(table.c[c] == bindparam(f"k_{c}") for c in pk), table.c.n == 0
            )
            conn.execute(gone, [{f"k_{c}": v[c] for c in pk} for v in values])


def forget(conn: Connection, ids: Collection[int]) -> None:
    """Take the participants ``ids`` out of the tallies (before they are deleted in SQL)."""
    gone = events_of(conn, ids)
    apply(conn, {k: -n for k, n in gone.items()})


def fill_spell_ends(conn: Connection) -> None:
    """Set every stage change's ``program_id`` and ``left_on`` from the rows (in SQL)."""
    sc: Any = StageChange.__table__
    people: Any = Participant.__table__
    nxt = sc.alias("nxt")
    program = select(people.c.program_id).where(people.c.id == sc.c.participant_id)
    conn.execute(update(sc).values(program_id=program.scalar_subquery()))
    later = or_(
        nxt.c.entered_on > sc.c.entered_on,
        and_(nxt.c.entered_on == sc.c.entered_on, nxt.c.id > sc.c.id),
    )
    first_later = select(func.min(nxt.c.entered_on)).where(
        nxt.c.participant_id == sc.c.participant_id, later
    )
    conn.execute(update(sc).values(left_on=first_later.scalar_subquery()))


def rebuild(conn: Connection) -> int:
    """Set the spells' ends, throw the tallies away and count them again; returns how many
    stage changes there are."""
    fill_spell_ends(conn)
    for table in _TABLES.values():
        conn.execute(delete(table))
    totals = recount(conn)
    apply(conn, totals, fresh=True)
    return sum(n for (_p, _m, key), n in totals.items() if isinstance(key, Entry))


# --- keeping them on every flush ---------------------------------------------------------

_PENDING = "samverkan.employment.tallies"
_KEPT = (Participant, StageChange, FollowUp)


def _ids(obj: object) -> set[int]:
    """The participants an object counts in, as stored and as it will be."""
    state = inspect(obj)
    name = "id" if isinstance(obj, Participant) else "participant_id"
    hist = state.attrs[name].history
    out = {v for v in (*hist.deleted, *hist.unchanged, *hist.added) if v is not None}
    owner = state.dict.get("participant") if isinstance(obj, StageChange) else None
    if owner is not None and owner.id is not None:
        out.add(owner.id)
    return out


def _keep_spells(session: Session, objects: Sequence[object]) -> None:
    """Each stage change's program and the day its spell ends, for the participants whose
    changes this flush adds, removes or redates."""
    owners: dict[int, tuple[Participant, list[StageChange]]] = {}
    for obj in objects:
        if not isinstance(obj, StageChange):
            continue
        owner = obj.participant
        if owner is None and obj.participant_id is not None:
            owner = session.get(Participant, obj.participant_id)
        if owner is None or owner in session.deleted:
            continue
        owners.setdefault(id(owner), (owner, []))[1].append(obj)
    for owner, touched in owners.values():
        rows = list(owner.changes) + [c for c in touched if c not in owner.changes]
        live = [c for c in rows if c not in session.deleted]
        order = {id(c): k for k, c in enumerate(live)}
        live.sort(key=lambda c: (c.entered_on, c.id is None, c.id or order[id(c)]))
        for c, nxt in zip(live, [*live[1:], None], strict=True):
            if c.program_id is None:
                c.program_id = owner.program_id
            end = nxt.entered_on if nxt is not None else None
            if c.left_on != end:
                c.left_on = end


@event.listens_for(Session, "before_flush")
def _read_before(session: Session, _ctx: object, _instances: object) -> None:
    session.info.pop(_PENDING, None)
    objects = [
        o
        for o in (*session.new, *session.dirty, *session.deleted)
        if isinstance(o, _KEPT)
        and (o in session.new or o in session.deleted or session.is_modified(o))
    ]
    if not objects:
        return
    _keep_spells(session, objects)
    before = {i for o in objects for i in _ids(o)}
    session.info[_PENDING] = (objects, events_of(session.connection(), before))


@event.listens_for(Session, "after_flush")
def _count_flushed(session: Session, _ctx: object) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    objects, before = pending
    ids = {i for o in objects for i in _ids(o)}
    after = events_of(session.connection(), ids)
    deltas = Counter(after)
    deltas.subtract(before)
    apply(session.connection(), {k: n for k, n in deltas.items() if n})

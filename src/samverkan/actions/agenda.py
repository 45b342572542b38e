"""A meeting's agenda, made from a week's lägesbild: the signals, the areas at orange or red,
and the actions due in the coming week or overdue.

The agenda is as of the meeting: a meeting that has been held keeps the agenda it had. Its
lägesbild is the last whole week before the meeting (never a week in progress), with the levels
the samordnare had set for it before the meeting began; its actions are those created before
the meeting began, open at that moment by their status history, due before the meeting's day
(overdue) or in the week from it (due). For a meeting still to come, "as of" is now: its
lägesbild is the last whole week so far, and moves on each Monday until the meeting is held.
The reader may ask for another week (the one in progress, an earlier one); the agenda says
which week it shows and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import queries
from samverkan.actions.models import OPEN_STATUSES, Action, Meeting
from samverkan.core.db import utcnow
from samverkan.core.timeutil import STOCKHOLM, IsoWeek, current_week, to_local
from samverkan.orgs.policy import Principal
from samverkan.situation import cache, weeks
from samverkan.situation.models import LevelOverride
from samverkan.situation.picture import AreaPicture, CategoryRow

RAISED = ("orange", "rod")


@dataclass
class Agenda:
    week: IsoWeek  # the week the meeting looks back on
    as_of: datetime  # the moment the agenda shows (the meeting's start, or now before it)
    held: bool = False  # the meeting has begun: the agenda no longer changes
    why: str = "last_whole"  # "last_whole" (the default), or "asked" (the reader chose it)
    state: weeks.State = "past"  # the week over, in progress or to come, as of now
    signals: list[tuple[AreaPicture, CategoryRow]] = field(default_factory=list)
    raised: list[tuple[AreaPicture, str]] = field(default_factory=list)  # (area, its level)
    due: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)


def meeting_start(m: Meeting) -> datetime:
    """When the meeting begins (its day and time in Stockholm), as an aware datetime."""
    try:
        hour, minute = (int(x) for x in m.starts.split(":"))
        at = time(hour, minute)
    except ValueError:
        at = time(0, 0)
    return datetime.combine(m.held_on, at, STOCKHOLM)


def status_at(a: Action, moment: datetime) -> str | None:
    """The action's status at ``moment`` by its history (None: it did not exist yet). An
    action without any status in its history (stored by hand) has its present status."""
    changes = sorted((e for e in a.history if e.to_status), key=lambda e: (e.at, e.id))
    if not changes:
        return a.status if a.created_at < moment else None
    status = None
    for e in changes:
        if e.at >= moment:
            break
        status = e.to_status
    return status


def agenda(
    session: Session,
    p: Principal | None,
    m: Meeting,
    now: datetime | None = None,
    week: IsoWeek | None = None,
) -> Agenda:
    """What the meeting should go through (what the reader may see of it), as of the meeting;
    its lägesbild of ``week`` when asked, else of the last whole week as of the meeting."""
    now = now or utcnow()
    start = meeting_start(m)
    as_of = min(start, now)
    last = last_whole_week(as_of)
    chosen = week or last
    pic = cache.build(session, p, chosen)
    out = Agenda(
        chosen,
        as_of,
        held=start <= now,
        why="last_whole" if chosen == last else "asked",
        state=weeks.state(chosen, now),
    )
    levels = _levels_as_of(session, [a.area_id for a in pic.areas], chosen, as_of)
    for a in pic.areas:
        out.signals.extend((a, r) for r in a.signals)
        level = levels.get(a.area_id, a.computed_level)
        if level in RAISED:
            out.raised.append((a, level))
    out.signals.sort(key=lambda x: -(x[1].score or 0))
    horizon = m.held_on + timedelta(days=7)
    for act in queries.agenda_actions(session, p, m.group_id, horizon, as_of):
        if status_at(act, as_of) not in OPEN_STATUSES:
            continue
        if act.due_on < m.held_on:
            out.overdue.append(act)
        else:
            out.due.append(act)
    return out


def _levels_as_of(
    session: Session, area_ids: list[int], week: IsoWeek, moment: datetime
) -> dict[int, str]:
    """The level each area had been given by hand for the week before ``moment`` (a level set
    later does not change what the meeting saw)."""
    if not area_ids:
        return {}
    rows = session.execute(
        select(LevelOverride.area_id, LevelOverride.level)
        .where(
            LevelOverride.area_id.in_(area_ids),
            LevelOverride.week == week.monday,
            LevelOverride.set_at < moment,
        )
        .order_by(LevelOverride.set_at, LevelOverride.id)
    )
    return {area_id: level for area_id, level in rows}


def last_whole_week(moment: datetime) -> IsoWeek:
    """The last week that was over at ``moment`` (Stockholm time): on a Wednesday, last week."""
    return current_week(moment) - 1


def meeting_week(held_on: date) -> IsoWeek:
    """The week a held meeting looks back on: the one before the meeting's week."""
    return IsoWeek.of(held_on) - 1


def days_of(week: IsoWeek, lang: str, year_of: datetime | None = None) -> str:
    """The week's days as written in running text: "23–29 november", "30 november–6 december",
    with the year when the week is not of ``year_of``'s year ("29 december 2025–4 januari
    2026")."""
    from babel.dates import format_date

    first, last = week.monday, week.monday + timedelta(days=6)
    locale = "sv" if lang != "en" else "en"
    year = to_local(year_of).year if year_of else last.year
    tail = "d MMMM" if last.year == year and first.year == year else "d MMMM y"
    if first.month == last.month and first.year == last.year:
        return f"{first.day}–{format_date(last, tail, locale=locale)}"
    head = "d MMMM" if first.year == last.year else tail
    return f"{format_date(first, head, locale=locale)}–{format_date(last, tail, locale=locale)}"

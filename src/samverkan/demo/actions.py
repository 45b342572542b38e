"""The demo's EST meetings and actions: weekly meetings of the last two months with their
decisions, and actions in every status (some overdue, some done long enough ago to be followed
up), consistent with the demo incidents (the klotter rise at Berga centrum gets a sanering)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import service
from samverkan.actions.models import Action, ActionEvent
from samverkan.actions.schemas import ActionIn, DecisionIn, MeetingIn
from samverkan.core.db import utcnow
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import data
from samverkan.geo import queries as geo_queries
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import EstGroup, User

# (weeks ago it was due, type, title, owner, area, place, status, categories)
ACTIONS = [
    (
        24,
        "belysning",
        "Ny belysning på gångvägen vid skolan",
        "Linköpings kommun",
        "Skäggetorp",
        "Skäggetorpsskolan, skolgården",
        "klar",
        ("belysning", "skadegorelse"),
    ),
    (
        20,
        "klottersanering",
        "Klottersanering i trapphusen",
        "Stångåstaden",
        "Skäggetorp",
        "Skäggetorp centrum, torget",
        "klar",
        ("klotter",),
    ),
    (
        16,
        "rojning",
        "Röj buskagen vid parkeringen",
        "Stångåstaden",
        "Ryd",
        "Rydsvägen, parkeringen",
        "klar",
        ("skymd_sikt", "bilbrand", "inbrott_stold"),
    ),
    (
        12,
        "faltarbetare",
        "Fältarbetare fredagskvällar",
        "Linköpings kommun",
        "Berga",
        "Berga centrum",
        "klar",
        ("ungdomsgrupp",),
    ),
    (
        6,
        "kamerabevakning",
        "Kamerabevakning av återvinningsstationen",
        "Lejonfastigheter",
        "Linköping, övriga tätorten",
        "Trädgårdstorget",
        "avbruten",
        ("containerbrand",),
    ),
    (
        2,
        "trygghetsvandring",
        "Extra trygghetsvandring i Ryd",
        "Linköpings kommun",
        "Ryd",
        "Rydsvägen",
        "planerad",
        ("ungdomsgrupp", "ordningsstorning"),
    ),
    (
        1,
        "dialog_boende",
        "Boendemöte om nedskräpning",
        "Willhem",
        "Ryd",
        "",
        "pagar",
        ("nedskrapning",),
    ),
    (
        -1,
        "klottersanering",
        "Sanera klottret vid Berga centrum",
        "Victoria Park",
        "Berga",
        "Berga centrum",
        "pagar",
        ("klotter",),
    ),
    (
        -1,  # the same week as the housing company's sanering: the calendar says coordinate
        "polisiar_narvaro",
        "Polisiär närvaro vid Berga centrum kvällstid",
        "Polisen lokalpolisområde Linköping",
        "Berga",
        "Berga centrum",
        "planerad",
        ("klotter",),
    ),
]


def seed_actions(session: Session, today: date) -> int:
    """Meetings and actions of the demo's EST group; returns how many actions.

    Everything is dated as it would have happened: a meeting was planned a week ahead, an
    action decided at the last meeting before it started (an action older than the demo's
    meetings was planned a week before it started, without a decision in them), begun on its
    start and closed on its due date; nothing is dated after now."""
    group = session.scalar(select(EstGroup).where(EstGroup.name == data.EST_GROUP))
    user = session.scalar(select(User).where(User.email == "samordnare@linkoping.demo"))
    if group is None or user is None:
        return 0
    p = org_queries.principal_for_user(session, user)
    orgs = {o.name: o.id for o in org_queries.all_orgs(session)}
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    monday = today - timedelta(days=today.weekday())
    now = utcnow()
    meetings = []
    for weeks_ago in range(8, 0, -1):
        held = monday - timedelta(weeks=weeks_ago) + timedelta(days=1)  # Tuesdays
        m = service.create_meeting(
            session,
            p,
            MeetingIn(
                group_id=group.id,
                held_on=held,
                title=f"EST-möte vecka {held.isocalendar()[1]}",
                minutes="Genomgång av lägesbilden, signaler och insatser.",
                participant_org_ids=[orgs[n] for n in orgs if n != "Hemgårdarnas BK"][:6],
            ),
            allow_past=True,
        )
        m.created_at = _at(held - timedelta(days=7), 9, now)
        meetings.append(m)
    made = 0
    for weeks_ago, kind, title, owner, area, place, status, cats in ACTIONS:
        due = monday - timedelta(weeks=weeks_ago) + timedelta(days=4)
        start = due - timedelta(days=4)
        spec = ActionIn(
            group_id=group.id,
            type=kind,
            title=title,
            owner_org_id=orgs[owner],
            area_id=areas[area],
            place_name=place,
            start_on=start,
            due_on=due,
            hours=float(8 + 4 * (made % 3)),
            cost_sek=5000 * (1 + made % 4),
            prompted_by="signal i lägesbilden" if weeks_ago <= 0 else "",
            category_codes=list(cats),
        )
        meeting = next((m for m in reversed(meetings) if m.held_on < start), None)
        if meeting is None:  # before the demo's meetings: planned the week before it started
            action = service.create_action(session, p, spec, allow_past_due=True)
            created = _at(start - timedelta(days=7), 10, now)
        else:  # decided during the meeting, an hour after it began
            d, (action,) = service.add_decision(
                session,
                p,
                meeting.id,
                DecisionIn(text=f"Beslut: {title}", actions=[spec]),
                allow_past_due=True,
            )
            created = _at(meeting.held_on, 10, now)
            d.created_at = created
        _set_status(action, status, created, start, due, now)
        made += 1
    session.flush()
    return made


def _at(day: date, hour: int, now: datetime) -> datetime:
    """``hour`` o'clock on ``day`` in Stockholm, or now if that is still to come."""
    return min(datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC), now)


def _set_status(
    a: Action, status: str, created: datetime, start: date, due: date, now: datetime
) -> None:
    """The demo's history as it would have happened (dates in the past)."""
    a.created_at = created
    for e in a.history:  # the creation
        e.at = created
    last = created
    if status in ("pagar", "klar", "avbruten"):
        last = max(_at(start, 8, now), created)
        a.history.append(
            ActionEvent(
                from_status="planerad",
                to_status="pagar",
                note="Påbörjad",
                at=last,
                org_id=a.owner_org_id,
            )
        )
    if status in ("klar", "avbruten"):
        last = max(_at(due, 16, now), last)
        a.history.append(
            ActionEvent(
                from_status="pagar",
                to_status=status,
                note="Utförd" if status == "klar" else "Avbruten: leverantören kunde inte",
                at=last,
                org_id=a.owner_org_id,
            )
        )
    a.status = status
    a.completed_on = due if status == "klar" else None
    a.updated_at = last

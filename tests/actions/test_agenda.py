"""A meeting's agenda is as of the meeting: a held meeting keeps the agenda it had, whatever is
planned, done or set afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from samverkan.actions import agenda, service
from samverkan.actions.models import Action, ActionEvent
from samverkan.actions.schemas import ActionIn, MeetingIn
from samverkan.core.timeutil import STOCKHOLM, today
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.situation import service as situation_service
from tests.conftest import World


def _principal(db: Session, world: World, persona: str = "samordnare") -> Principal:
    user = world.personas[persona].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC)


def _action(
    db: Session, p: Principal, world: World, title: str, due: date, created: datetime | None
) -> Action:
    a = service.create_action(
        db,
        p,
        ActionIn(
            group_id=world.ids["est_group"],
            type="klottersanering",
            title=title,
            owner_org_id=world.ids["bolag_org"],
            due_on=due,
        ),
        allow_past_due=True,
    )
    if created is not None:  # planned back then
        a.created_at = created
        a.updated_at = created
        for e in a.history:
            e.at = created
    return a


def _close(a: Action, status: str, at: datetime) -> None:
    a.history.append(ActionEvent(from_status=a.status, to_status=status, note="", at=at))
    a.status = status
    a.completed_on = at.date() if status == "klar" else None
    a.updated_at = at


def _section(html: str, heading: str, next_heading: str) -> str:
    start = html.index(heading)
    return html[start : html.index(next_heading, start)]


def test_a_held_meetings_agenda_is_as_of_the_meeting(db: Session, world: World) -> None:
    p = _principal(db, world)
    held = today() - timedelta(days=10)
    m = service.create_meeting(
        db, p, MeetingIn(group_id=world.ids["est_group"], held_on=held, starts="09:00")
    )
    before = _at(held - timedelta(days=7), 10)  # planned a week before the meeting
    _action(db, p, world, "Försenad och fortfarande öppen", held - timedelta(5), before)
    done_later = _action(db, p, world, "Försenad, klar efter mötet", held - timedelta(4), before)
    _close(done_later, "klar", _at(held + timedelta(days=2), 14))
    done_before = _action(db, p, world, "Klar före mötet", held - timedelta(days=3), before)
    _close(done_before, "klar", _at(held - timedelta(days=1), 14))
    cancelled = _action(db, p, world, "Avbruten före mötet", held - timedelta(days=3), before)
    _close(cancelled, "avbruten", _at(held - timedelta(days=2), 14))
    coming = _action(db, p, world, "Klar nästa vecka", held + timedelta(days=3), before)
    _close(coming, "klar", _at(held + timedelta(days=3), 14))  # done since, due then
    # planned today, at another meeting, with a due date long past: not on the old agenda
    _action(db, p, world, "Planerad i dag med gammalt datum", date(2020, 1, 1), None)
    _action(db, p, world, "Planerad i dag, klar om en vecka", held + timedelta(days=2), None)
    db.commit()

    ag = agenda.agenda(db, p, m)
    assert [a.title for a in ag.overdue] == [
        "Försenad och fortfarande öppen",
        "Försenad, klar efter mötet",
    ]
    assert [a.title for a in ag.due] == ["Klar nästa vecka"]
    assert ag.as_of == datetime.combine(held, time(9), STOCKHOLM)

    page = world.personas["samordnare"].client.get(f"/moten/{m.id}")
    assert page.status_code == 200
    overdue = _section(page.text, "3. Försenade insatser", "4. Insatser som ska vara klara")
    assert "Försenad och fortfarande öppen" in overdue
    assert "Försenad, klar efter mötet" in overdue
    assert "Planerad i dag med gammalt datum" not in overdue
    assert "Klar före mötet" not in overdue and "Avbruten före mötet" not in overdue
    due = _section(page.text, "4. Insatser som ska vara klara", "Protokoll och beslut")
    assert "Klar nästa vecka" in due and "Planerad i dag, klar om en vecka" not in due


def test_an_upcoming_meetings_agenda_is_as_of_now(db: Session, world: World) -> None:
    p = _principal(db, world)
    held = today() + timedelta(days=3)
    m = service.create_meeting(
        db, p, MeetingIn(group_id=world.ids["est_group"], held_on=held, starts="09:00")
    )
    _action(db, p, world, "Planerad i dag", held + timedelta(days=1), None)
    late = _action(db, p, world, "Sen", today() - timedelta(days=1), None)
    db.commit()
    ag = agenda.agenda(db, p, m)
    assert [a.title for a in ag.overdue] == ["Sen"] and [a.title for a in ag.due] == [
        "Planerad i dag"
    ]
    _close(late, "klar", datetime.now(UTC))
    db.commit()
    assert agenda.agenda(db, p, m).overdue == []  # done now: off the coming meeting's agenda


def test_the_lagesbild_part_keeps_the_levels_set_before_the_meeting(
    db: Session, world: World
) -> None:
    p = _principal(db, world)
    held = today() - timedelta(days=10)
    m = service.create_meeting(
        db, p, MeetingIn(group_id=world.ids["est_group"], held_on=held, starts="09:00")
    )
    week = agenda.meeting_week(held)
    earlier = situation_service.set_level(
        db, p, world.ids["ryd"], week, "orange", "Oro efter bränder", "gron"
    )
    earlier.set_at = _at(held - timedelta(days=1), 15)  # set the day before the meeting
    situation_service.set_level(  # set for that week after the meeting: not what it saw
        db, p, world.ids["skaggetorp"], week, "rod", "Efterhandsbedömning", "gron"
    )
    db.commit()
    ag = agenda.agenda(db, p, m)
    assert ag.week == week and ag.week.monday < held
    assert [(a.name, level) for a, level in ag.raised] == [("Ryd", "orange")]
    page = world.personas["samordnare"].client.get(f"/moten/{m.id}")
    raised = _section(page.text, "2. Områden på orange eller röd", "3. Försenade insatser")
    assert "Ryd: orange" in raised and "Skäggetorp" not in raised
    assert f"lägesbild {week.label()}" in page.text.lower()

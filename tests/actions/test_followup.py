"""Follow-up of a completed action: before/after against comparable areas (DiD)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import agenda, followup, service
from samverkan.actions.models import Action, Meeting
from samverkan.actions.schemas import ActionIn
from samverkan.core.runtime import open_runtime
from samverkan.core.timeutil import STOCKHOLM, IsoWeek, to_local
from samverkan.demo.service import seed
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import User
from samverkan.presence import queries as presence_queries
from tests.conftest import World


def _incidents(db: Session, world: World, area: str, first: date, weeks: int, n: int) -> None:
    cat = db.scalar(select(Category.id).where(Category.code == "klotter"))
    for i in range(n):
        day = first + timedelta(days=(i * 7 * weeks) // max(n, 1))
        when = datetime.combine(day, time(20), tzinfo=STOCKHOLM).astimezone(UTC)
        db.add(
            Incident(
                org_id=world.ids["bolag_org"],
                category_id=cat,
                area_id=world.ids[area],
                occurred_at=when,
                precision="omrade",
                source="formular",
            )
        )


def _principal(db: Session, world: World, persona: str):
    user = world.personas[persona].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


def test_a_drop_beyond_the_comparison_is_a_decrease(db: Session, world: World) -> None:
    p = _principal(db, world, "samordnare")
    a = service.create_action(
        db,
        p,
        ActionIn(
            group_id=world.ids["est_group"],
            type="klottersanering",
            title="Klottersanering Skäggetorp",
            owner_org_id=world.ids["bolag_org"],
            area_id=world.ids["skaggetorp"],
            start_on=date(2026, 6, 1),
            due_on=date(2026, 6, 5),
        ),
        allow_past_due=True,  # recording work of the past
    )
    a.status, a.completed_on = "klar", date(2026, 6, 5)
    before, after = date(2026, 4, 6), date(2026, 6, 8)  # 8 weeks each side of the action
    _incidents(db, world, "skaggetorp", before, 8, 40)
    _incidents(db, world, "skaggetorp", after, 8, 10)
    _incidents(db, world, "ryd", before, 8, 30)
    _incidents(db, world, "ryd", after, 8, 30)
    db.flush()
    f = followup.follow_up(db, p, a, today=date(2026, 11, 1))
    assert f.status == "done" and f.control_areas == ("Ryd",)
    assert f.before == (date(2026, 4, 6), date(2026, 5, 31))
    assert f.after == (date(2026, 6, 8), date(2026, 8, 2))
    e = f.effect
    assert e is not None
    assert (e.treated_before, e.treated_after, e.control_before, e.control_after) == (
        40,
        10,
        30,
        30,
    )
    assert round(e.change_pct) == -75 and e.ci_high_pct < 0
    assert e.code == "decrease"
    db.commit()  # the page reads through the same connection
    page = world.personas["samordnare"].client.get(f"/insatser/{a.id}")
    assert "minskning" in page.text and "95 %-intervall" in page.text
    # too early while the after-window runs; nothing to say for an action not done
    assert followup.follow_up(db, p, a, today=date(2026, 7, 1)).status == "too_early"
    a.status = "pagar"
    assert followup.follow_up(db, p, a, today=date(2026, 11, 1)).status == "not_done"


def test_too_few_incidents_to_say(db: Session, world: World) -> None:
    p = _principal(db, world, "samordnare")
    a = service.create_action(
        db,
        p,
        ActionIn(
            group_id=world.ids["est_group"],
            type="belysning",
            title="Ny belysning",
            owner_org_id=world.ids["kommun_org"],
            area_id=world.ids["ryd"],
            due_on=date(2026, 6, 5),
        ),
        allow_past_due=True,  # recording work of the past
    )
    a.status, a.completed_on = "klar", date(2026, 6, 5)
    db.flush()
    f = followup.follow_up(db, p, a, today=date(2026, 11, 1))
    assert f.status == "done" and f.effect is not None and f.effect.code == "too_few"
    assert f.categories == ("belysning", "otrygg_plats", "skadegorelse")


def test_the_demo_holds_meetings_and_actions_in_every_status(tmp_path: Path) -> None:
    rt = open_runtime(f"sqlite:///{tmp_path / 'demo.db'}")
    today = date(2026, 11, 25)  # a Wednesday: the demo as made that day (not the day it runs)
    with rt.sessionmaker() as s:
        seed(s, today=today)
        s.commit()
        statuses = {a.status for a in s.scalars(select(Action))}
        assert statuses == {"planerad", "pagar", "klar", "avbruten"}
        assert len(list(s.scalars(select(Meeting)))) == 8
        overdue = [
            a
            for a in s.scalars(select(Action))
            if a.status in ("planerad", "pagar") and a.due_on < today
        ]
        assert overdue
        done = [a for a in s.scalars(select(Action)) if a.status == "klar"]
        user = s.scalar(select(User).where(User.email == "samordnare@linkoping.demo"))
        p = org_queries.principal_for_user(s, user)
        results = [followup.follow_up(s, p, a, today) for a in done]
        assert all(f.status == "done" and f.effect is not None for f in results)
        # the history is dated as it happened: created, begun and closed in the past, in order
        now = datetime.now(UTC)
        for a in s.scalars(select(Action)):
            times = [e.at for e in a.history]
            assert times == sorted(times) and all(t <= now for t in times), a.title
            assert a.history[0].at == a.created_at
        for a in done:
            closed = a.history[-1]
            assert closed.to_status == "klar" and closed.note == "Utförd"
            assert to_local(closed.at).date() == a.completed_on < today, a.title
            assert to_local(a.created_at).date() < a.start_on  # type: ignore[operator]
        # a held meeting's agenda is as of then: the actions open then, not those planned since
        held = [m for m in s.scalars(select(Meeting).order_by(Meeting.held_on))]
        last = agenda.agenda(s, p, held[-1])
        assert {a.title for a in last.overdue} == {"Extra trygghetsvandring i Ryd"}
        first = agenda.agenda(s, p, held[0])
        assert not first.overdue and not first.due
        # The area teams and their plan for the coming week: every member out, none beyond
        # their hours, the most hours where the district's incidents are.
        teams = presence_queries.teams(s, p)
        assert sorted(t.area.name for t in teams) == ["Berga", "Ryd", "Skäggetorp"]
        (plan,) = presence_queries.plans(s, p)
        assert plan.week == IsoWeek.of(today).monday + timedelta(weeks=1)
        worked: dict[int, int] = {}
        for st in plan.stints:
            worked[st.member_id] = worked.get(st.member_id, 0) + st.end_hour - st.start_hour
        members = [m for t in teams for m in t.members]
        assert set(worked) == {m.id for m in members}
        assert all(worked[m.id] <= m.hours for m in members)
        assert plan.objective >= plan.greedy_objective
    rt.engine.dispose()

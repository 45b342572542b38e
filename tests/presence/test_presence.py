"""Area teams and presence plans: hours go where and when the incidents are, within the rules;
infeasible plans and actions beyond a team's hours are refused in words, nothing half-saved;
the plan is a timetable page, a PDF and an iCalendar file, for the group only."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, NotFound
from samverkan.core.timeutil import STOCKHOLM, current_week, today
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import queries as org_queries
from samverkan.presence import risk, service
from samverkan.presence.models import PresencePlan, Team
from samverkan.presence.schemas import MemberIn, TeamIn
from tests.conftest import World

HOT = (58.432, 15.582)  # a square in Skäggetorp: Friday evenings
CALM = (58.424, 15.574)  # a car park: a few afternoons
FRIDAY_EVENING = range(4 * 24 + 18, 4 * 24 + 24)


def _principal(db: Session, world: World, persona: str = "samordnare"):
    user = world.personas[persona].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


def _incident(db: Session, world: World, where: tuple[float, float], when: datetime, name: str):
    cat = db.scalar(select(Category.id).where(Category.code == "klotter"))
    db.add(
        Incident(
            org_id=world.ids["bolag_org"],
            category_id=cat,
            area_id=world.ids["skaggetorp"],
            occurred_at=when.astimezone(UTC),
            lat=where[0],
            lon=where[1],
            place_name=name,
            precision="exakt",
            source="formular",
        )
    )


@pytest.fixture
def hotspot(db: Session, world: World) -> World:
    """Seven weeks of Friday-evening klotter at the square, a few afternoons at the car park."""
    monday = current_week().monday
    for w in range(1, 8):
        friday = monday - timedelta(weeks=w) + timedelta(days=4)
        for k in range(5):
            _incident(
                db, world, HOT, datetime.combine(friday, time(19 + k % 4), STOCKHOLM), "Torget"
            )
        if w % 2:
            tuesday = friday - timedelta(days=3)
            _incident(
                db, world, CALM, datetime.combine(tuesday, time(14), STOCKHOLM), "Parkeringen"
            )
    db.commit()
    return world


def _team(db: Session, world: World, min_hours: float = 0, hours: tuple[float, ...] = (20, 20)):
    p = _principal(db, world)
    members = [
        MemberIn(name=f"Person {i}", role="trygghetsvard", org_id=world.ids["kommun_org"], hours=h)
        for i, h in enumerate(hours, 1)
    ]
    team = service.create_team(
        db,
        p,
        TeamIn(
            group_id=world.ids["est_group"],
            area_id=world.ids["skaggetorp"],
            name="Team Skäggetorp",
            min_hours=min_hours,
            members=members,
        ),
    )
    db.commit()
    return team


def test_the_week_profile_follows_the_reported_bands() -> None:
    share = risk.profile([(4, "kvall", 30), (1, "dag", 4)])
    assert share.shape == (168,) and share.sum() == pytest.approx(1.0)
    assert share[4 * 24 + 20] == pytest.approx(share.max())  # Friday 20:00
    # Half an incident a day over its 24 hours: a Friday evening hour weighs
    # (30 / 6 + 0.5 / 24) / (0.5 / 24) = 241 times a quiet hour.
    assert share[4 * 24 + 20] / share[2 * 24 + 20] == pytest.approx(241)
    assert share[1 * 24 + 12] / share[2 * 24 + 20] == pytest.approx((4 / 8 + 0.5 / 24) / (0.5 / 24))
    assert np.allclose(risk.profile([]), 1 / 168)


def test_the_plan_puts_the_hours_where_and_when_the_incidents_are(
    db: Session, hotspot: World
) -> None:
    team = _team(db, hotspot)
    p = _principal(db, hotspot)
    plan = service.make_plan(db, p, hotspot.ids["est_group"], current_week() + 1)
    db.commit()
    hours_at: dict[str, int] = {}
    worked: dict[int, list[tuple[int, int]]] = {}
    for s in plan.stints:
        hours_at[s.place] = hours_at.get(s.place, 0) + s.end_hour - s.start_hour
        worked.setdefault(s.member_id, []).append((s.start_hour, s.end_hour))
    assert max(hours_at, key=hours_at.__getitem__) == "Torget"
    assert hours_at["Torget"] > hours_at.get("Parkeringen", 0)
    for m in team.members:  # within their hours, never two places at once
        spans = sorted(worked[m.id])
        assert sum(b - a for a, b in spans) <= m.hours
        assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
        # both are out on Friday evening, when the square is busiest
        assert all(any(a <= h < b for a, b in spans) for h in FRIDAY_EVENING)
    assert plan.objective >= plan.greedy_objective - 1e-9
    assert plan.status == "optimal"


def test_an_infeasible_plan_is_explained_and_nothing_is_saved(db: Session, world: World) -> None:
    _team(db, world, min_hours=100, hours=(10, 20))
    p = _principal(db, world)
    with pytest.raises(Invalid) as err:
        service.make_plan(db, p, world.ids["est_group"], current_week() + 1)
    assert "Team Skäggetorp" in err.value.text()
    assert "needs at least 100 h but its people have 30 h" in err.value.text()
    db.rollback()
    assert db.scalar(select(func.count()).select_from(PresencePlan)) == 0


def test_the_plan_is_for_the_samordnare_and_the_members_employers_and_made_by_a_samordnare(
    db: Session, hotspot: World
) -> None:
    """Plans name people and their night shifts: a reporter of an organisation with nobody in
    the teams gets 404 until a colleague joins a team; only a samordnare makes the plan."""
    team = _team(db, hotspot)  # the municipality's people
    c = hotspot.personas["rapportor"]
    r = c.client.post(
        "/narvaro/plan", data={"group_id": hotspot.ids["est_group"], "csrf_token": c.csrf}
    )
    assert r.status_code == 403
    s = hotspot.personas["samordnare"]
    r = s.client.post(
        "/narvaro/plan",
        data={"group_id": hotspot.ids["est_group"], "week": "", "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/narvaro/plan/")
    url = r.headers["location"]
    assert c.client.get(url).status_code == 404
    assert c.client.get(f"/narvaro/team/{team.id}").status_code == 404
    assert "Person 1" not in c.client.get("/narvaro").text
    assert hotspot.personas["forening"].client.get(url).status_code == 404
    assert hotspot.personas["outsider"].client.get(url).status_code == 404
    police = hotspot.personas["polis"].client.get(url)  # a samordnare of the group
    assert police.status_code == 200 and "Person 1" in police.text
    service.add_member(
        db,
        _principal(db, hotspot),
        team.id,
        MemberIn(name="Bovärd", role="trygghetsvard", org_id=hotspot.ids["bolag_org"], hours=8),
    )
    db.commit()
    page = c.client.get(url)
    assert page.status_code == 200 and "Person 1" in page.text and "Torget" in page.text


def test_teams_members_and_plan_through_the_pages(db: Session, hotspot: World) -> None:
    s = hotspot.personas["samordnare"]
    r = s.client.post(
        "/narvaro/team",
        data={
            "group_id": hotspot.ids["est_group"],
            "area_id": hotspot.ids["skaggetorp"],
            "name": "Trygghetsteam Skäggetorp",
            "min_hours": "10",
            "csrf_token": s.csrf,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    team = db.scalar(select(Team))
    assert team is not None
    for name, role, hours in [("Amira", "trygghetsvard", "24"), ("Yusuf", "brobyggare", "16,5")]:
        r = s.client.post(
            f"/narvaro/team/{team.id}/medlem",
            data={
                "name": name,
                "role": role,
                "org_id": hotspot.ids["bolag_org"],
                "hours": hours,
                "csrf_token": s.csrf,
            },
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    bad = s.client.post(
        f"/narvaro/team/{team.id}/medlem",
        data={"name": "X", "role": "chef", "org_id": 1, "hours": "8", "csrf_token": s.csrf},
    )
    assert bad.status_code == 422 and "en medlem behöver namn, roll" in bad.text
    page = s.client.get("/narvaro")
    assert "Trygghetsteam Skäggetorp" in page.text and "brobyggare" in page.text
    assert "40,5" in page.text or "40.5" in page.text  # the team's hours a week
    week = str(current_week() + 1)
    r = s.client.post(
        "/narvaro/plan",
        data={"group_id": hotspot.ids["est_group"], "week": week, "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    page = s.client.get(url)
    assert "Amira" in page.text and "Yusuf" in page.text and "Fredag" in page.text
    pdf = s.client.get(url + "/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Amira" in text and "Torget" in text and "Endast för samverkansgruppen" in text
    ics = s.client.get(url + "/ics")
    cal = Calendar.from_ical(ics.content)
    events = list(cal.walk("VEVENT"))
    plan = db.scalar(select(PresencePlan))
    assert plan is not None and len(events) == len(plan.stints) > 0
    first = min(events, key=lambda e: e.decoded("dtstart"))
    start = first.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert start.date() >= (current_week() + 1).monday
    # Made again for the same week, the plan replaces the old one.
    s.client.post(
        "/narvaro/plan",
        data={"group_id": hotspot.ids["est_group"], "week": week, "csrf_token": s.csrf},
    )
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PresencePlan)) == 1


def test_the_api_lists_teams_and_plans_for_the_group_only(api, db: Session, hotspot: World) -> None:
    """An organisation's token sees the teams its people are in, and those teams' plans."""
    team = _team(db, hotspot)
    p = _principal(db, hotspot)
    officer = MemberIn(
        name="Konstapel", role="faltarbetare", org_id=hotspot.ids["polis_org"], hours=8
    )
    service.add_member(db, p, team.id, officer)
    plan = service.make_plan(db, p, hotspot.ids["est_group"], current_week())
    db.commit()
    r = api("polis")("GET", "/api/v1/teams")
    assert r.status_code == 200
    (t,) = r.json()
    assert (t["name"], t["hours"], len(t["members"])) == ("Team Skäggetorp", 48.0, 3)
    assert api("rapportor")("GET", "/api/v1/teams").json() == []  # nobody of theirs in it
    assert api("rapportor")("GET", f"/api/v1/presence-plans/{plan.id}").status_code == 404
    assert api("outsider")("GET", "/api/v1/teams").json() == []
    assert api("outsider")("GET", f"/api/v1/teams/{team.id}").status_code == 404
    r = api("polis")("GET", f"/api/v1/presence-plans/{plan.id}")
    body = r.json()
    assert body["week"] == str(current_week())
    assert body["hours"] == sum(st.end_hour - st.start_hour for st in plan.stints) > 0
    first = body["stints"][0]
    assert first["start"].endswith(("+01:00", "+02:00"))  # Stockholm time
    assert api("outsider")("GET", f"/api/v1/presence-plans/{plan.id}").status_code == 404
    ics = api("polis")("GET", f"/api/v1/presence-plans/{plan.id}.ics")
    assert ics.status_code == 200
    assert len(list(Calendar.from_ical(ics.content).walk("VEVENT"))) == len(plan.stints)


def _action(world: World, **kw: object) -> dict[str, object]:
    body: dict[str, object] = {
        "group_id": world.ids["est_group"],
        "type": "trygghetsvandring",
        "title": "Extra trygghetsvandringar",
        "owner_org_id": world.ids["kommun_org"],
        "start_on": today().isoformat(),
        "due_on": (today() + timedelta(days=13)).isoformat(),
    }
    body.update(kw)
    return body


def test_an_action_beyond_the_teams_hours_is_refused(api, db: Session, world: World) -> None:
    team = _team(db, world)  # 40 h a week: 80 h over two weeks
    call = api("samordnare")
    r = call("POST", "/api/v1/actions", json=_action(world, team_id=team.id, hours=50))
    assert r.status_code == 201, r.text
    assert r.json()["team_id"] == team.id
    first = r.json()["id"]
    r = call("POST", "/api/v1/actions", json=_action(world, team_id=team.id, hours=40))
    assert r.status_code == 422
    body = r.json()
    assert body["field"] == "hours"
    assert "beyond the capacity of team Team Skäggetorp" in body["detail"]
    assert "80 h" in body["detail"] and "other actions hold 50 h, 30 h are left" in body["detail"]
    assert call(
        "POST", "/api/v1/actions", json=_action(world, team_id=team.id, hours=30)
    ).is_success
    r = call("PATCH", f"/api/v1/actions/{first}", json={"hours": 60})
    assert r.status_code == 422 and r.json()["field"] == "hours"
    assert call("GET", f"/api/v1/actions/{first}").json()["hours"] == 50.0  # nothing half-saved
    elsewhere = call(
        "POST", "/api/v1/actions", json=_action(world, team_id=team.id, area_id=world.ids["ryd"])
    )
    assert elsewhere.status_code == 422 and elsewhere.json()["field"] == "team_id"
    assert "the action's area is outside it" in elsewhere.json()["detail"]
    other = api("outsider")("POST", "/api/v1/actions", json=_action(world, team_id=team.id))
    assert other.status_code in (403, 404)


def test_a_team_only_in_the_groups_areas_and_orgs(db: Session, world: World) -> None:
    p = _principal(db, world)
    with pytest.raises(NotFound) as err:
        service.create_team(
            db,
            p,
            TeamIn(group_id=world.ids["est_group"], area_id=world.ids["navestad"], name="X"),
        )
    assert "area" in str(err.value)
    with pytest.raises(Invalid) as bad:
        service.create_team(
            db,
            p,
            TeamIn(
                group_id=world.ids["est_group"],
                area_id=world.ids["ryd"],
                name="Y",
                members=[
                    MemberIn(
                        name="Z", role="brobyggare", org_id=world.ids["norrkoping_org"], hours=5
                    )
                ],
            ),
        )
    assert bad.value.field == "org_id"


def test_a_member_who_leaves_stays_in_the_plans_made_before(db: Session, hotspot: World) -> None:
    team = _team(db, hotspot)
    p = _principal(db, hotspot)
    plan = service.make_plan(db, p, hotspot.ids["est_group"], current_week() + 1)
    db.commit()
    before = sorted((s.person, s.start_hour, s.end_hour) for s in plan.stints)
    gone = team.members[0]
    service.remove_member(db, p, gone.id)
    db.commit()
    db.expire_all()
    again = db.get(PresencePlan, plan.id)
    assert again is not None
    assert sorted((s.person, s.start_hour, s.end_hour) for s in again.stints) == before
    assert any(s.person == "Person 1" and s.member_id is None for s in again.stints)
    page = hotspot.personas["samordnare"].client.get(f"/narvaro/plan/{plan.id}")
    assert "Person 1" in page.text


def test_hours_and_minimum_are_edited_within_what_a_week_allows(
    db: Session, hotspot: World
) -> None:
    team = _team(db, hotspot)
    s = hotspot.personas["samordnare"]
    member = team.members[0]
    r = s.client.post(
        f"/narvaro/medlem/{member.id}/timmar",
        data={"hours": "32,5", "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    db.expire_all()
    assert db.get(Team, team.id).hours == 52.5  # type: ignore[union-attr]
    for bad in ("58", "nan", "x"):
        r = s.client.post(
            f"/narvaro/medlem/{member.id}/timmar", data={"hours": bad, "csrf_token": s.csrf}
        )
        assert r.status_code == 422, bad
    r = s.client.post(
        f"/narvaro/team/{team.id}/minimum", data={"min_hours": "60", "csrf_token": s.csrf}
    )
    assert (r.status_code == 422 and "52,5" in r.text) or "52.5" in r.text
    r = s.client.post(
        f"/narvaro/team/{team.id}/minimum",
        data={"min_hours": "30", "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    db.expire_all()
    assert db.get(Team, team.id).min_hours == 30  # type: ignore[union-attr]
    reader = hotspot.personas["rapportor"]
    r = reader.client.post(
        f"/narvaro/team/{team.id}/minimum", data={"min_hours": "0", "csrf_token": reader.csrf}
    )
    assert r.status_code == 404  # nobody of the reporter's organisation is in the team


def test_closing_and_reopening_an_action_does_not_escape_the_capacity(
    api, db: Session, world: World
) -> None:
    team = _team(db, world)
    call = api("samordnare")
    r = call("POST", "/api/v1/actions", json=_action(world, team_id=team.id, hours=60))
    a = r.json()["id"]
    assert call("PATCH", f"/api/v1/actions/{a}", json={"status": "klar"}).status_code == 200
    # a closed action may record what it took…
    assert call("PATCH", f"/api/v1/actions/{a}", json={"hours": 100}).status_code == 200
    # …but opened again it must fit the team
    r = call("PATCH", f"/api/v1/actions/{a}", json={"status": "pagar"})
    assert r.status_code == 422 and r.json()["field"] == "hours"
    assert call("GET", f"/api/v1/actions/{a}").json()["status"] == "klar"


def test_the_plan_leaves_free_the_hours_the_teams_actions_hold_and_warns_when_they_grow(
    api, db: Session, hotspot: World
) -> None:
    """Nobody double-booked across partners' work: an action given to the team holds part of
    its week, the plan gives its people only the rest, and an action added after the plan is
    shown as hours beyond the team's week until the plan is made again."""
    team = _team(db, hotspot)  # 2 × 20 h
    week = current_week() + 1
    sunday = week.monday + timedelta(days=6)
    call = api("samordnare")
    in_week = {"start_on": week.monday.isoformat(), "due_on": sunday.isoformat()}
    r = call("POST", "/api/v1/actions", json=_action(hotspot, team_id=team.id, hours=14, **in_week))
    assert r.status_code == 201, r.text
    s = hotspot.personas["samordnare"]
    made = s.client.post(
        "/narvaro/plan",
        data={"group_id": hotspot.ids["est_group"], "week": str(week), "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    db.expire_all()
    plan = db.scalar(select(PresencePlan))
    assert plan is not None
    planned = sum(x.end_hour - x.start_hour for x in plan.stints)
    # 40 h less the action's 14 h: each person 13 h, in shifts of 2–8 h
    assert 0 < planned <= 26
    page = s.client.get(made.headers["location"])
    assert "Teamens vecka" in page.text and "Hålls av teamets insatser" in page.text
    assert 'data-label="Hålls av teamets insatser">14,0</td>' in page.text
    assert "gör planen igen" not in page.text.lower()
    later = _action(hotspot, team_id=team.id, hours=10, title="Dialog med boende", **in_week)
    assert call("POST", "/api/v1/actions", json=later).status_code == 201
    page = s.client.get(made.headers["location"])
    over = 14 + 10 + planned - 40
    assert (
        f"Team Skäggetorp: dess insatser håller nu 24,0 h av veckan, och med planens {planned} h "
        f"är det {over:.1f}".replace(".", ",")
        + " h mer än dess 40,0 h i veckan. Gör planen igen."
    ) in page.text
    again = s.client.post(
        "/narvaro/plan",
        data={"group_id": hotspot.ids["est_group"], "week": str(week), "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert again.status_code == 303
    page = s.client.get(again.headers["location"])
    assert "Gör planen igen" not in page.text
    assert 'data-label="Hålls av teamets insatser">24,0</td>' in page.text


def test_a_team_cannot_drop_below_its_districts_minimum(db: Session, world: World) -> None:
    """The minimum holds as members' hours change, not only when it is set: lowering hours
    or removing a member below it is refused in words, and nothing changes."""
    team = _team(db, world, min_hours=30)  # 2 × 20 h
    s = world.personas["samordnare"]
    first = team.members[0]
    r = s.client.post(
        f"/narvaro/medlem/{first.id}/timmar",
        data={"hours": "5", "csrf_token": s.csrf},
        headers={"referer": f"http://testserver/narvaro/team/{team.id}"},
    )
    assert r.status_code == 422
    assert (
        "Team Skäggetorp skulle få 25 h i veckan, mindre än de 30 h som stadsdelen ska få: "
        "sänk teamets minsta timmar först"
    ) in r.text
    assert f'href="/narvaro/team/{team.id}">Tillbaka till formuläret' in r.text
    r = s.client.post(f"/narvaro/medlem/{first.id}/ta-bort", data={"csrf_token": s.csrf})
    assert r.status_code == 422 and "skulle få 20 h i veckan" in r.text
    db.expire_all()
    assert sorted(m.hours for m in db.get(Team, team.id).members) == [20, 20]
    ok = s.client.post(
        f"/narvaro/medlem/{first.id}/timmar",
        data={"hours": "10", "csrf_token": s.csrf},
        follow_redirects=False,
    )
    assert ok.status_code == 303

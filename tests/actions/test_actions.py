"""Actions and meetings through the API and the service: history, overdue, one-step
decisions, bad input with clear messages and nothing half-saved, the iCalendar feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.actions import service
from samverkan.actions.models import Action, Decision
from samverkan.actions.schemas import ActionIn, DecisionIn, MeetingIn
from samverkan.core.errors import Invalid
from samverkan.core.timeutil import today
from samverkan.orgs import queries as org_queries
from tests.conftest import World


def _action(world: World, **kw: object) -> dict[str, object]:
    body: dict[str, object] = {
        "group_id": world.ids["est_group"],
        "type": "klottersanering",
        "title": "Sanera klotter vid torget",
        "owner_org_id": world.ids["bolag_org"],
        "due_on": (today() + timedelta(days=7)).isoformat(),
    }
    body.update(kw)
    return body


def test_a_partner_plans_and_updates_its_action_with_history(api, world: World) -> None:
    call = api("rapportor")
    r = call("POST", "/api/v1/actions", json=_action(world, hours=6, cost_sek=4500))
    assert r.status_code == 201, r.text
    a = r.json()
    assert (a["status"], a["owner_org"], a["hours"], a["overdue"]) == (
        "planerad",
        "Stångåstaden",
        6.0,
        False,
    )
    r = call("PATCH", f"/api/v1/actions/{a['id']}", json={"status": "pagar", "note": "Beställt"})
    assert r.status_code == 200
    r = call("PATCH", f"/api/v1/actions/{a['id']}", json={"status": "klar"})
    done = r.json()
    assert done["status"] == "klar" and done["completed_on"] == today().isoformat()
    steps = [(h["from_status"], h["to_status"], h["note"]) for h in done["history"]]
    assert steps == [
        (None, "planerad", ""),
        ("planerad", "pagar", "Beställt"),
        ("pagar", "klar", ""),
    ]


def test_overdue_actions_per_organisation(api, db: Session, world: World) -> None:
    call = api("rapportor")
    r = call("POST", "/api/v1/actions", json=_action(world, title="Försenad"))
    assert r.status_code == 201
    late = db.get(Action, r.json()["id"])
    assert late is not None
    late.due_on = today() - timedelta(days=3)  # planned in time, not done in time
    db.commit()
    assert call("POST", "/api/v1/actions", json=_action(world, title="I tid")).status_code == 201
    r = call("GET", f"/api/v1/actions?overdue=true&owner={world.ids['bolag_org']}")
    assert [a["title"] for a in r.json()] == ["Försenad"]
    assert r.json()[0]["overdue"] is True


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"owner_org_id": None}, "owner_org_id", ""),
        ({"start_on": "2099-12-10", "due_on": "2099-12-01"}, "", "before start_on"),
        ({"type": "fest"}, "type", ""),
        ({"owner_org_id": "norrkoping_org"}, "owner_org_id", "not an organisation of the group"),
    ],
)
def test_bad_actions_name_the_field(
    api, world: World, change: dict[str, object], field: str, words: str
) -> None:
    body = _action(world)
    for k, v in change.items():
        body[k] = world.ids[v] if isinstance(v, str) and v in world.ids else v
    if body.get("owner_org_id") is None:
        body.pop("owner_org_id")
    r = api("rapportor")("POST", "/api/v1/actions", json=body)
    assert r.status_code == 422, r.text
    text = r.text
    assert field in text and words in text


def test_a_decision_creates_its_actions_in_one_step_or_none(db: Session, world: World) -> None:
    user = world.personas["samordnare"].user
    assert user is not None
    p = org_queries.principal_for_user(db, user)
    m = service.create_meeting(
        db,
        p,
        MeetingIn(
            group_id=world.ids["est_group"],
            held_on=today() - timedelta(days=3),  # within the year a meeting may be
            participant_org_ids=[world.ids["kommun_org"], world.ids["polis_org"]],
        ),
    )
    spec = ActionIn.model_validate(
        _action(world, title="Extra trygghetsvandring", type="trygghetsvandring")
    )
    d, made = service.add_decision(db, p, m.id, DecisionIn(text="Vandring fredag", actions=[spec]))
    assert [a.decision_id for a in made] == [d.id]
    before = db.scalar(select(func.count(Decision.id)))
    bad = ActionIn.model_validate(_action(world, owner_org_id=world.ids["norrkoping_org"]))
    nested = db.begin_nested()
    with pytest.raises(Invalid) as err:
        service.add_decision(db, p, m.id, DecisionIn(text="Halvt beslut", actions=[spec, bad]))
    nested.rollback()
    assert err.value.field == "owner_org_id"
    assert db.scalar(select(func.count(Decision.id))) == before  # nothing half-saved
    assert db.scalar(select(func.count(Action.id))) == 1


def test_the_calendar_feed_is_valid_rfc_5545(api, world: World) -> None:
    call = api("rapportor")
    start = today() + timedelta(days=4)  # due dates are never past when planned
    due = start + timedelta(days=2)
    r = call(
        "POST",
        "/api/v1/actions",
        json=_action(world, start_on=start.isoformat(), due_on=due.isoformat()),
    )
    assert r.status_code == 201, r.text
    r = call("GET", "/api/v1/actions.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    (event,) = [c for c in cal.walk("VEVENT")]
    assert str(event["summary"]) == "Sanera klotter vid torget (klottersanering, Stångåstaden)"
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == due + timedelta(days=1)  # all-day: exclusive end
    assert str(event["status"]) == "TENTATIVE"
    # calendar programs that cannot send headers use ?token=
    token = world.personas["rapportor"].token
    anon = world.personas["anonymous"].client
    assert anon.get(f"/api/v1/actions.ics?token={token}").status_code == 200
    assert anon.get("/api/v1/actions.ics?token=fel").status_code == 401


def test_the_reporter_sees_what_was_done_about_the_incident(api, world: World) -> None:
    call = api("rapportor")
    r = call(
        "POST",
        "/api/v1/incidents",
        json={
            "category": "klotter",
            "occurred_at": "2026-11-20T22:15:00",
            "lat": 58.43,
            "lon": 15.58,
        },
    )
    incident = r.json()["id"]
    r = call("POST", "/api/v1/actions", json=_action(world, incident_ids=[incident]))
    assert r.status_code == 201 and r.json()["incident_ids"] == [incident]
    action = r.json()["id"]
    page = world.personas["forening"].client.get(f"/handelser/{incident}")
    assert "Vad som gjorts" in page.text and f'href="/insatser/{action}"' in page.text
    page = world.personas["forening"].client.get(f"/insatser/{action}")
    assert "Följs upp när insatsen är klar." in page.text
    assert f'href="/handelser/{incident}"' in page.text
    # an incident the planner may not see cannot be named
    r = call("POST", "/api/v1/actions", json=_action(world, incident_ids=[999_999]))
    assert r.status_code == 404 and "999999" in r.text

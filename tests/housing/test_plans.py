"""Safety plans per area or property: risks with their level, measures with owners and due days
(optionally an EST action the editor may see), reviews; overdue reviews and measures listed on a
day. The housing company's case workers only; another landlord, the police and the samordnare
404. Refusals name the field, and nothing is half-saved."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.actions import service as action_service
from samverkan.actions.schemas import ActionIn
from samverkan.housing.analysis.plan_risk import level
from samverkan.housing.plan_models import PlanMeasure, SafetyPlan
from samverkan.orgs import queries as org_queries
from tests.conftest import World
from tests.housing.test_case_http import Bolag, bolag  # noqa: F401  (the fixture)

START = date(2026, 1, 1)


def plan(b: Bolag, world: World, **kw: object) -> dict:
    body = {
        "title": "Trygghetsplan Skäggetorp 2026",
        "area_id": world.ids["skaggetorp"],
        "property_name": "Bergsrådsvägen 10–16",
        "starts_on": START.isoformat(),
        "ends_on": "2026-12-31",
        "review_on": "2026-03-01",
        **kw,
    }
    got = b.api.post(f"/api/v1/housing/plans?org_id={b.org_id}", json=body)
    assert got.status_code == 201, got.text
    return got.json()


def test_risk_levels_band_likelihood_times_consequence() -> None:
    assert [level(1, 1), level(2, 3), level(3, 3), level(4, 4)] == [
        "low",
        "medium",
        "high",
        "very_high",
    ]


def test_a_plan_with_risks_measures_and_an_overdue_review(
    bolag: Bolag,  # noqa: F811
    world: World,
) -> None:
    made = plan(bolag, world)
    pid = made["id"]
    risk = bolag.api.post(
        f"/api/v1/housing/plans/{pid}/risks",
        json={"description": "Mörk gångväg vid tvättstugan", "likelihood": 3, "consequence": 3},
    )
    assert risk.status_code == 201, risk.text
    measure = bolag.api.post(
        f"/api/v1/housing/plans/{pid}/measures",
        json={
            "what": "Ny belysning längs gångvägen",
            "owner": "Fastighetsförvaltningen",
            "due_on": "2026-02-15",
            "risk_id": risk.json()["id"],
        },
    )
    assert measure.status_code == 201, measure.text
    got = bolag.api.get(f"/api/v1/housing/plans/{pid}").json()
    assert got["title"] == "Trygghetsplan Skäggetorp 2026"
    assert [r["description"] for r in got["risks"]] == ["Mörk gångväg vid tvättstugan"]
    assert "Ny belysning längs gångvägen" in str(got["measures"])

    overdue = bolag.api.get("/api/v1/housing/plans/overdue?on=2026-03-10").json()
    assert len(overdue["reviews"]) == 1  # due 1 March, not held
    assert [m["what"] for m in overdue["measures"]] == ["Ny belysning längs gångvägen"]
    before = bolag.api.get("/api/v1/housing/plans/overdue?on=2026-02-01").json()
    assert before["reviews"] == [] and before["measures"] == []

    review_id = got["reviews"][0]["id"]
    held = bolag.api.put(
        f"/api/v1/housing/plans/{pid}/reviews/{review_id}",
        json={"held_on": "2026-03-12", "note": "Belysningen försenad."},
    )
    assert held.status_code == 200, held.text
    after = bolag.api.get("/api/v1/housing/plans/overdue?on=2026-03-20").json()
    assert after["reviews"] == []

    page = bolag.client.get(f"/boende/trygghetsplaner/{pid}")
    assert page.status_code == 200
    assert "Mörk gångväg vid tvättstugan" in page.text
    assert "Ny belysning längs gångvägen" in page.text


def test_a_measure_links_only_an_est_action_the_editor_may_see(
    bolag: Bolag,  # noqa: F811
    world: World,
    db: Session,
) -> None:
    samordnare = org_queries.principal_for_user(db, world.personas["samordnare"].user)
    assert samordnare is not None
    action = action_service.create_action(
        db,
        samordnare,
        ActionIn(
            group_id=world.ids["est_group"],
            type="belysning",
            title="Belysning Skäggetorps centrum",
            area_id=world.ids["skaggetorp"],
            owner_org_id=world.ids["bolag_org"],
            due_on=date(2026, 4, 1),
        ),
        allow_past_due=True,
    )
    db.commit()
    pid = plan(bolag, world)["id"]
    linked = bolag.api.post(
        f"/api/v1/housing/plans/{pid}/measures",
        json={
            "what": "Belysning",
            "owner": "Kommunen",
            "due_on": "2026-04-01",
            "action_id": action.id,
        },
    )
    assert linked.status_code == 201, linked.text
    assert linked.json()["action_id"] == action.id
    unknown = bolag.api.post(
        f"/api/v1/housing/plans/{pid}/measures",
        json={"what": "Annat", "owner": "Kommunen", "due_on": "2026-04-01", "action_id": 999_999},
    )
    assert unknown.status_code == 422
    assert "action_id" in unknown.text
    n = db.scalar(select(func.count(PlanMeasure.id)))
    assert n == 1  # the refused one was not stored


def test_bad_input_is_refused_with_the_field_and_nothing_is_stored(
    bolag: Bolag,  # noqa: F811
    world: World,
    db: Session,
) -> None:
    nowhere = bolag.api.post(
        f"/api/v1/housing/plans?org_id={bolag.org_id}",
        json={"title": "Ingenstans", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert nowhere.status_code == 422
    backwards = bolag.api.post(
        f"/api/v1/housing/plans?org_id={bolag.org_id}",
        json={
            "title": "Baklänges",
            "property_name": "Hus 1",
            "starts_on": "2026-12-31",
            "ends_on": "2026-01-01",
        },
    )
    assert backwards.status_code == 422
    pid = plan(bolag, world)["id"]
    bad_risk = bolag.api.post(
        f"/api/v1/housing/plans/{pid}/risks",
        json={"description": "Något", "likelihood": 5, "consequence": 1},
    )
    assert bad_risk.status_code == 422 and "likelihood" in bad_risk.text
    assert db.scalar(select(func.count(SafetyPlan.id))) == 1
    page = bolag.client.post(
        "/boende/trygghetsplaner",
        data={
            "csrf_token": bolag.csrf,
            "title": "",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "property_name": "Hus 2",
        },
    )
    assert page.status_code == 422
    assert db.scalar(select(func.count(SafetyPlan.id))) == 1


def test_nobody_else_sees_a_plan(bolag: Bolag, world: World) -> None:  # noqa: F811
    pid = plan(bolag, world)["id"]
    for key in ("samordnare", "polis", "rapportor", "outsider", "forening"):
        persona = world.personas[key]
        got = persona.client.get(f"/boende/trygghetsplaner/{pid}")
        assert got.status_code == 404, key
        assert "Trygghetsplan Skäggetorp" not in got.text
    for key in ("rapportor", "polis", "outsider"):
        token = world.personas[key].token
        from fastapi.testclient import TestClient

        api = TestClient(bolag.api.app, headers={"Authorization": f"Bearer {token}"})
        got = api.get(f"/api/v1/housing/plans/{pid}")
        assert got.status_code == 404, key
        assert "Skäggetorp 2026" not in got.text

"""The yearly evaluation (page and API) and the coordinated calendar page, for the group only."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import followup, service
from samverkan.actions.analysis.evaluation import pool
from samverkan.actions.schemas import ActionIn
from samverkan.core.timeutil import STOCKHOLM, current_week, today
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import queries as org_queries
from tests.conftest import World

YEAR = 2026


def _incidents(db: Session, world: World, area: str, first: date, n: int) -> None:
    cat = db.scalar(select(Category.id).where(Category.code == "klotter"))
    for i in range(n):
        day = first + timedelta(days=(i * 56) // n)
        db.add(
            Incident(
                org_id=world.ids["bolag_org"],
                category_id=cat,
                area_id=world.ids[area],
                occurred_at=datetime.combine(day, time(20), STOCKHOLM).astimezone(UTC),
                precision="omrade",
                source="formular",
            )
        )


def _done(db: Session, p, world: World, kind: str, area: str, start: date, title: str):
    codes = {"klottersanering": ["klotter"], "belysning": ["belysning"]}.get(kind, [])
    a = service.create_action(
        db,
        p,
        ActionIn(
            group_id=world.ids["est_group"],
            type=kind,
            title=title,
            owner_org_id=world.ids["bolag_org"],
            area_id=world.ids[area],
            start_on=start,
            due_on=start + timedelta(days=4),
            hours=10,
            cost_sek=5000,
            category_codes=codes,
        ),
        allow_past_due=True,  # recording work of the past
    )
    a.status, a.completed_on = "klar", start + timedelta(days=4)
    return a


def test_the_yearly_report_pools_each_types_actions(api, db: Session, world: World) -> None:
    p = org_queries.principal_for_user(db, world.personas["samordnare"].user)
    # Two klottersaneringar in Skäggetorp (8 weeks before: 40 and 36 incidents, after: 10 and 12)
    # against Ryd (30 → 30 both times); a lighting in Ryd with no incidents of its kind.
    first = _done(db, p, world, "klottersanering", "skaggetorp", date(YEAR, 3, 2), "Sanering 1")
    second = _done(db, p, world, "klottersanering", "skaggetorp", date(YEAR, 6, 1), "Sanering 2")
    _done(db, p, world, "belysning", "ryd", date(YEAR, 5, 4), "Lampor")
    recent = _done(db, p, world, "stadning", "ryd", today() - timedelta(days=14), "Städning")
    for start, before, after in [(date(YEAR, 3, 2), 40, 10), (date(YEAR, 6, 1), 36, 12)]:
        _incidents(db, world, "skaggetorp", start - timedelta(weeks=8), before)
        _incidents(db, world, "skaggetorp", start + timedelta(weeks=1), after)
        _incidents(db, world, "ryd", start - timedelta(weeks=8), 30)
        _incidents(db, world, "ryd", start + timedelta(weeks=1), 30)
    db.commit()
    effects = [followup.follow_up(db, p, a, today()).effect for a in (first, second)]
    assert all(e is not None and e.code == "decrease" for e in effects)
    pooled = pool([e.log_ratio for e in effects], [e.se for e in effects])  # type: ignore[union-attr]

    r = api("rapportor")("GET", f"/api/v1/actions/evaluation?year={YEAR}")
    assert r.status_code == 200, r.text
    body = r.json()
    by_type = {t["type"]: t for t in body["types"]}
    sanering = by_type["klottersanering"]
    assert (sanering["n_actions"], sanering["n_pooled"], sanering["code"]) == (2, 2, "decrease")
    assert sanering["change_pct"] == round(100 * math.expm1(pooled.log_ratio), 1)
    assert sanering["ci_pct"][1] < 0 and sanering["hours"] == 20 and sanering["cost_sek"] == 10000
    assert [a["title"] for a in sanering["actions"]] == ["Sanering 1", "Sanering 2"]
    assert by_type["belysning"]["code"] == "too_few" and by_type["belysning"]["change_pct"] is None
    assert body["too_early"] == ([recent.id] if recent.completed_on.year == YEAR else [])
    # the action closed ten days ago is too early to judge, in the report of its own year
    # (2026's or a later one: whichever year the suite runs in)
    late = api("rapportor")("GET", f"/api/v1/actions/evaluation?year={recent.completed_on.year}")
    assert late.json()["too_early"] == [recent.id]
    assert api("outsider")("GET", f"/api/v1/actions/evaluation?year={YEAR}").json()["types"] == []
    assert api("rapportor")("GET", "/api/v1/actions/evaluation?year=1999").status_code == 422

    page = world.personas["polis"].client.get(f"/insatser/utvardering?ar={YEAR}")
    assert page.status_code == 200
    assert "Utvärdering 2026" in page.text and "klottersanering" in page.text
    assert "minskning" in page.text and "för få händelser för att säga något" in page.text
    assert "Sanering 2" in page.text
    other = world.personas["outsider"].client.get(f"/insatser/utvardering?ar={YEAR}")
    assert "Sanering" not in other.text and "Ingen insats som avslutades 2026" in other.text
    bad = world.personas["polis"].client.get("/insatser/utvardering?ar=1850")
    assert bad.status_code == 400 and "ar måste vara ett år från 2000" in bad.text


def test_the_calendar_shows_where_partners_meet(api, db: Session, world: World) -> None:
    monday = current_week().monday
    for persona, org, title in [
        ("rapportor", "bolag_org", "Klottersanering i trapphusen"),
        ("polis", "polis_org", "Polisiär närvaro vid torget"),
    ]:
        r = api(persona)(
            "POST",
            "/api/v1/actions",
            json={
                "group_id": world.ids["est_group"],
                "type": "klottersanering" if persona == "rapportor" else "polisiar_narvaro",
                "title": title,
                "owner_org_id": world.ids[org],
                "area_id": world.ids["skaggetorp"],
                "start_on": monday.isoformat(),
                "due_on": (monday + timedelta(days=6)).isoformat(),  # due this week: not past
            },
        )
        assert r.status_code == 201, r.text
    page = world.personas["forening"].client.get("/insatser/kalender")
    assert page.status_code == 200
    assert "Klottersanering i trapphusen" in page.text and "Polisiär närvaro" in page.text
    assert "Polisen Linköping och Stångåstaden är alla igång – samordna." in page.text
    assert 'class="overlap"' in page.text
    weeks_on = current_week() + 10  # weeks to come (a fixed 2027-W10 is this week some day)
    later = world.personas["forening"].client.get(f"/insatser/kalender?fran={weeks_on}&veckor=4")
    assert "Klottersanering i trapphusen" not in later.text
    other = world.personas["outsider"].client.get("/insatser/kalender")
    assert "Klottersanering i trapphusen" not in other.text
    bad = world.personas["forening"].client.get("/insatser/kalender?fran=2026-W99")
    assert bad.status_code == 400 and "2026-W99" in bad.text

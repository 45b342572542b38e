"""The districts' API: a statistics file posted as the body, a district's profile and an
indicator's series with its comparisons, district plans refused without an indicator or a
deadline, and the follow-up's verdicts with their reasons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.districts import plan_routes, routes
from samverkan.districts.models import DistrictPlan, Goal, IndicatorValue, Target
from tests.districts.conftest import DAY, DistrictWorld

CSV = (
    "kod;namn;år;sysselsatta;trygghet\n"
    "0580R005;Skäggetorp;2023;51,2;60\n"
    "0580R005;Skäggetorp;2024;53,0;62\n"
    "0580R005;Skäggetorp;2025;54,1;66\n"
    "0580R010;Ryd;2025;63,1;71\n"
    "0580R020;Berga;2025;67,0;74\n"
    "0580R099;Okänd;2025;40,0;50\n"
).encode()


@pytest.fixture(autouse=True)
def _day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "today", lambda: DAY)
    monkeypatch.setattr(plan_routes, "today", lambda: DAY)


def _import(client, dw: DistrictWorld, body: bytes = CSV, name: str = "scb.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/districts/imports",
        params={
            "filename": name,
            "map": ["sysselsatta=sysselsattning_20_64", "trygghet=trygghetsindex"],
        },
        content=body,
        headers=dw.auth(),
    )


def test_a_csv_file_becomes_indicator_values(client, dw: DistrictWorld, db: Session) -> None:
    r = _import(client, dw)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["added"] == 10 and body["years"] == [2023, 2024, 2025]
    assert body["unmatched"] == [{"code": "0580R099", "name": "Okänd"}]
    s = dw.areas["Skäggetorp"]
    r = client.get(f"/api/v1/districts/{s}/indicators/sysselsattning_20_64", headers=dw.auth())
    assert r.status_code == 200
    got = r.json()
    assert [(p["year"], p["value"]) for p in got["values"]] == [
        (2023, 51.2),
        (2024, 53.0),
        (2025, 54.1),
    ]
    assert got["municipality"] == []  # Linköping itself was not in the file
    r = client.get(f"/api/v1/districts/{s}/profile", headers=dw.auth())
    latest = {x["indicator"]: x["value"] for x in r.json()["latest"]}
    assert latest["trygghetsindex"] == 66 and r.json()["code"] == "0580R005"
    listed = client.get("/api/v1/districts/imports", headers=dw.auth()).json()
    assert [x["filename"] for x in listed] == ["scb.csv"]


def test_comparison_with_the_same_area_type(client, dw: DistrictWorld) -> None:
    assert _import(client, dw).status_code == 201
    for name in ("Skäggetorp", "Ryd", "Berga"):
        kind = 1
        r = client.put(
            f"/api/v1/districts/{dw.areas[name]}/profile",
            json={"area_type": kind, "police_class": "utsatt" if name == "Skäggetorp" else None},
            headers=dw.auth(),
        )
        assert r.status_code == 200, r.text
    r = client.get(
        f"/api/v1/districts/{dw.areas['Skäggetorp']}/indicators/sysselsattning_20_64",
        headers=dw.auth(),
    )
    got = r.json()
    assert got["same_type_areas"] == 2
    assert got["same_type"] == [{"year": 2025, "value": 65.05, "suppressed": False}]


def test_a_broken_csv_is_refused_naming_line_and_column(
    client, dw: DistrictWorld, db: Session
) -> None:
    bad = CSV.replace(b"2024;53,0", b"2024;femtio")
    r = _import(client, dw, bad)
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert any("3" in e["position"] and e["field"] == "sysselsatta" for e in errors), errors
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def _plan(dw: DistrictWorld, goals: list[dict]) -> dict:  # type: ignore[type-arg]
    return {
        "area_id": dw.areas["Skäggetorp"],
        "title": "Skäggetorp 2024–2030",
        "first_year": 2024,
        "last_year": 2030,
        "goals": goals,
    }


GOALS = [
    {
        "title": "Fler i arbete",
        "targets": [
            {
                "indicator": "sysselsattning_20_64",
                "baseline_year": 2023,
                "target_value": 60,
                "deadline_year": 2030,
            }
        ],
    },
    {
        "title": "Tryggare boende",
        "targets": [
            {
                "indicator": "trygghetsindex",
                "baseline_year": 2023,
                "baseline_value": 60,
                "target_value": 65,
                "deadline_year": 2027,
            }
        ],
    },
    {
        "title": "Mindre klotter",
        "targets": [
            {
                "indicator": "est_klotter",
                "baseline_year": 2023,
                "baseline_value": 40,
                "target_value": 20,
                "deadline_year": 2028,
            }
        ],
    },
]


@pytest.mark.parametrize(
    ("goal", "field", "words"),
    [
        ({"title": "Utan indikator", "targets": []}, "targets", "at least one indicator"),
        (
            {
                "title": "Utan slutår",
                "targets": [
                    {
                        "indicator": "ohalsotal",
                        "baseline_year": 2023,
                        "baseline_value": 30,
                        "target_value": 25,
                    }
                ],
            },
            "deadline_year",
            "deadline",
        ),
        (
            {
                "title": "Slutår före",
                "targets": [
                    {
                        "indicator": "ohalsotal",
                        "baseline_year": 2023,
                        "baseline_value": 30,
                        "target_value": 25,
                        "deadline_year": 2020,
                    }
                ],
            },
            "deadline_year",
            "2023",
        ),
    ],
)
def test_a_goal_needs_an_indicator_and_a_target_a_deadline(
    client,
    dw: DistrictWorld,
    db: Session,
    goal: dict,
    field: str,
    words: str,  # type: ignore[type-arg]
) -> None:
    r = client.post("/api/v1/district-plans", json=_plan(dw, [GOALS[1], goal]), headers=dw.auth())
    assert r.status_code == 422 and field in r.text and words in r.text, r.text
    assert db.scalar(select(func.count()).select_from(DistrictPlan)) == 0
    assert db.scalar(select(func.count()).select_from(Goal)) == 0


def test_the_follow_up_says_reached_on_track_or_behind_with_the_reason(
    client, dw: DistrictWorld, db: Session
) -> None:
    assert _import(client, dw).status_code == 201
    dw.report(db, datetime(2023, 3, 1, 12, tzinfo=UTC), 58.43, 15.58)  # EST from March 2023
    db.commit()
    r = client.post("/api/v1/district-plans", json=_plan(dw, GOALS), headers=dw.auth())
    assert r.status_code == 201, r.text
    plan = r.json()
    jobs, safe, klotter = plan["goals"]
    # 51.2 in 2023 → 60 by 2030: the path says 53.7 in 2025, 54.1 is ahead of it
    assert jobs["targets"][0]["baseline_value"] == 51.2
    assert jobs["status"] == "on_track", jobs
    assert "54.1 in 2025" in jobs["targets"][0]["reason"] and "53.7" in jobs["targets"][0]["reason"]
    assert safe["status"] == "reached" and "66" in safe["targets"][0]["reason"]
    # no klotter reported in 2024–2025: 0 each year is below the target of 20
    assert klotter["status"] == "reached", klotter
    # a worse year makes the jobs goal fall behind the path
    r = client.post(
        "/api/v1/districts/values",
        json={
            "indicator": "sysselsattning_20_64",
            "area_id": dw.areas["Skäggetorp"],
            "year": 2025,
            "value": 52.0,
        },
        headers=dw.auth(),
    )
    assert r.status_code == 201
    again = client.get(f"/api/v1/district-plans/{plan['id']}", headers=dw.auth()).json()
    assert again["goals"][0]["status"] == "behind"
    assert "short of the path" in again["goals"][0]["targets"][0]["reason"]
    assert db.scalar(select(func.count()).select_from(Target)) == 3


def test_plans_are_read_by_partners_and_changed_by_their_owner(client, dw: DistrictWorld) -> None:
    assert _import(client, dw).status_code == 201
    r = client.post("/api/v1/district-plans", json=_plan(dw, GOALS[:1]), headers=dw.auth())
    plan_id = r.json()["id"]
    police = dw.world.personas["polis"].token
    assert (
        client.get(f"/api/v1/district-plans/{plan_id}", headers=dw.auth(police)).status_code == 200
    )
    outsider = dw.world.personas["outsider"].token
    r = client.get(f"/api/v1/district-plans/{plan_id}", headers=dw.auth(outsider))
    assert r.status_code == 404 and "Skäggetorp" not in r.text
    # Stångåstaden's analyst reads the municipality's plan but may not add to it
    r = client.post(
        f"/api/v1/district-plans/{plan_id}/goals", json=GOALS[1], headers=dw.auth(dw.bolag_token)
    )
    assert r.status_code == 404
    r = client.post(f"/api/v1/district-plans/{plan_id}/goals", json=GOALS[1], headers=dw.auth())
    assert r.status_code == 201 and len(r.json()["goals"]) == 2

"""An intervention evaluated through the API: the comparable districts (same kind, same
parent), the DiD of a rate in its unit, the synthetic control saying too few with five
districts to compare with, EST counts through the actions' DiD, and who may see it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from samverkan.districts import evaluation, plan_routes, service
from samverkan.districts.plan_models import Intervention
from samverkan.districts.schemas import ValueIn
from tests.districts.conftest import DAY, DistrictWorld

TOO_FEW = "för få jämförelseområden för att säga något"
PEERS = ("Ryd", "Berga", "Lambohov", "Ekholmen", "Johannelund")


@pytest.fixture(autouse=True)
def _day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_routes, "today", lambda: DAY)


def _trygghet(db: Session, dw: DistrictWorld) -> None:
    """2016–2025: every district about 60 and drifting up alike, Skäggetorp 8 points higher
    from 2021 (its own trygghetsvärdar)."""
    for k, name in enumerate(("Skäggetorp", *PEERS)):
        for year in range(2016, 2026):
            value = 55 + 2 * k + 0.5 * (year - 2016) + (0.3 if (year + k) % 2 else -0.3)
            if name == "Skäggetorp" and year >= 2021:
                value += 8
            service.set_value(
                db,
                dw.analyst,
                ValueIn(indicator="trygghetsindex", area_id=dw.areas[name], year=year, value=value),
            )
    db.commit()


def _intervention(client, dw: DistrictWorld, indicator: str, start: int = 2021) -> int:  # type: ignore[no-untyped-def]
    r = client.post(
        "/api/v1/district-interventions",
        json={
            "area_id": dw.areas["Skäggetorp"],
            "title": "Egna trygghetsvärdar ersätter väktare",
            "start_year": start,
            "indicator": indicator,
        },
        headers=dw.auth(),
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_a_rate_is_compared_with_the_districts_alike(
    client, dw: DistrictWorld, db: Session
) -> None:
    _trygghet(db, dw)
    item = _intervention(client, dw, "trygghetsindex")
    r = client.get(f"/api/v1/district-interventions/{item}/evaluation", headers=dw.auth())
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["years"] == list(range(2016, 2026))
    assert sorted(d["name"] for d in got["donors"]) == sorted(PEERS)  # not Linköping itself
    did = got["result"]["did"]
    assert did["estimate"] == pytest.approx(8, abs=0.5)
    assert did["ci_low"] < 8 < did["ci_high"] and did["ci_low"] > 0
    assert did["verdict"] == "ökning" and did["n_control_areas"] == 5
    synth = got["result"]["synth"]
    assert (synth["code"], synth["verdict"]) == ("too_few", TOO_FEW)  # 1/6 > 0.10
    assert got["result"]["years_before"] == [2016, 2017, 2018, 2019, 2020]


def test_est_counts_go_through_the_action_did(client, dw: DistrictWorld, db: Session) -> None:
    for year in (2023, 2024, 2025):
        for month in range(1, 1 + (8 if year < 2024 else 2)):
            dw.report(db, datetime(year, month, 2, 12, tzinfo=UTC), 58.43, 15.58)  # 2023-01-02: W01
    db.commit()
    item = _intervention(client, dw, "est_klotter", start=2024)
    got = client.get(f"/api/v1/district-interventions/{item}/evaluation", headers=dw.auth())
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["years"] == [2023, 2024, 2025] and body["treated"] == [8.0, 2.0, 2.0]
    did = body["result"]["did"]
    # the actions' Effect on 2023 against 2024 (equal windows); no klotter in the other
    # districts, so it honestly says too few incidents
    assert (did["treated_before"], did["treated_after"], did["control_before"]) == (8, 2, 0)
    assert (did["code"], did["verdict"]) == ("too_few", "för få händelser för att säga något")
    assert body["result"]["synth"]["verdict"] == TOO_FEW


def test_the_evaluation_is_404_for_those_who_may_not_see_it(client, dw: DistrictWorld) -> None:
    item = _intervention(client, dw, "trygghetsindex")
    outsider = dw.world.personas["outsider"].token
    r = client.get(f"/api/v1/district-interventions/{item}/evaluation", headers=dw.auth(outsider))
    assert r.status_code == 404 and "Egna" not in r.text
    listed = client.get("/api/v1/district-interventions", headers=dw.auth(outsider))
    assert listed.status_code == 200 and listed.json() == []
    mine = client.get("/api/v1/district-interventions", headers=dw.auth()).json()
    assert [x["title"] for x in mine] == ["Egna trygghetsvärdar ersätter väktare"]


def test_the_evaluation_as_it_stood_at_a_years_end(client, dw: DistrictWorld, db: Session) -> None:
    """The yearly report of 2022 judges on 2016–2022 only: two years after the start."""
    _trygghet(db, dw)
    item = db.get(Intervention, _intervention(client, dw, "trygghetsindex"))
    assert item is not None
    then = evaluation.evaluate(db, dw.analyst, item, DAY, until_year=2022)
    assert then.years == list(range(2016, 2023))
    assert then.result is not None and then.result.years_after == (2021, 2022)
    now = evaluation.evaluate(db, dw.analyst, item, DAY)
    assert now.years[-1] == 2025

"""Eviction prevention over HTTP: the CSV upload as the request body (422 with every line and
nothing saved; 201 with the list), a case with steps, notice and window, consent and the
meeting list, the outcome; another organisation's token 404."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.housing.eviction_models import ArrearsList
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Organisation
from tests.conftest import World, make_user
from tests.people.conftest import Caseworkers, number

URL = "/api/v1/housing/arrears"


@dataclass
class Bolag:
    api: TestClient
    org_id: int


@pytest.fixture
def bolag(app, db: Session, world: World, people_world: Caseworkers) -> Bolag:
    org = db.get(Organisation, world.ids["bolag_org"])
    assert org is not None
    user = make_user(db, "tina@stangastaden.test", org, "handlaggare")
    db.flush()
    _tok, secret = org_service.create_token(db, None, org.id, "Tinas skript", user_id=user.id)
    db.commit()
    return Bolag(TestClient(app, headers={"Authorization": f"Bearer {secret}"}), org.id)


def _csv(*lines: str) -> bytes:
    return ("Personnummer;Namn;Lgh;Skuld\n" + "\n".join(lines) + "\n").encode("cp1252")


def test_upload_refusal_then_list_case_meeting(
    app, db: Session, world: World, bolag: Bolag, people_world: Caseworkers
) -> None:
    params = {"org_id": bolag.org_id, "month": "2026-11"}
    headers = {"Content-Type": "text/csv"}
    bad = _csv(f"{number(701)};Testa Ett;1101;12 000,50 kr", f"{number(702)};Testa Två;1102;abc")
    r = bolag.api.post(URL, params=params, content=bad, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {"line": 3, "field": "hyresskuld", "reason": "not an amount in kronor (e.g. 12 000,50)"}
    ]
    assert db.scalar(select(func.count()).select_from(ArrearsList)) == 0
    good = _csv(f"{number(701)};Testa Ett;1101;12 000,50 kr", f"{number(702)};Testa Två;1102;800")
    r = bolag.api.post(URL, params=params, content=good, headers=headers)
    assert r.status_code == 201, r.text
    entries = r.json()["entries"]
    assert [e["amount_ore"] for e in entries] == [1_200_050, 80_000]
    ep = entries[0]["episode_id"]
    r = bolag.api.post(f"{URL}/cases/{ep}/steps", json={"kind": "visit", "on": "2026-11-05"})
    assert r.status_code == 201 and r.json()["steps"][0]["kind"] == "visit"
    r = bolag.api.post(f"{URL}/cases/{ep}/notice", json={"notified_on": "2026-11-30"})
    assert r.json()["window_last_day"] == "2026-12-21"
    r = bolag.api.post(f"{URL}/cases/{ep}/consent", json={"consent": True, "on": "2026-11-06"})
    assert r.status_code == 200
    r = bolag.api.get(f"{URL}/meeting", params={"org_id": bolag.org_id})
    assert [m["episode_id"] for m in r.json()] == [ep]
    assert "Testa Två" not in r.text
    r = bolag.api.post(
        f"{URL}/cases/{ep}/outcome", json={"outcome": "plan_kept", "on": "2026-12-01"}
    )
    assert r.status_code == 422
    r = bolag.api.post(f"{URL}/cases/{ep}/outcome", json={"outcome": "avoided", "on": "2026-12-01"})
    assert r.json()["outcome"] == "avoided"
    r = bolag.api.get(URL, params={"org_id": bolag.org_id})
    assert [x["month"] for x in r.json()] == ["2026-11"]
    for who in ("handlaggare", "nkpg_handlaggare"):
        assert who in people_world.principals
    r = TestClient(app).get(f"{URL}/cases/{ep}")
    assert r.status_code == 401

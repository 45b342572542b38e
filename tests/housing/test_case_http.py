"""The disturbance cases over HTTP: the API for a case worker's personal token (list with a
status filter, open, one case with its steps, steps, termination, close, deadlines), the pages
under /boende/storningsarenden, and /boende. Every read of a case is logged in the register's
access log; a refusal is 422 with the reason and nothing half-saved; every other caller 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.housing.models import CaseStep, DisturbanceCase
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Organisation
from samverkan.people.models import PersonAccess
from tests.conftest import World, login_client, make_user
from tests.people.conftest import Caseworkers, number

DAY = date(2026, 3, 2)


@dataclass
class Bolag:
    """Stångåstaden's case worker: a logged-in client, its CSRF token and a personal token."""

    client: TestClient
    csrf: str
    api: TestClient
    org_id: int
    user_id: int


@pytest.fixture
def bolag(app, db: Session, world: World, people_world: Caseworkers) -> Bolag:
    org = db.get(Organisation, world.ids["bolag_org"])
    assert org is not None
    user = make_user(db, "tina@stangastaden.test", org, "handlaggare")
    db.flush()
    _tok, secret = org_service.create_token(db, None, org.id, "Tinas skript", user_id=user.id)
    db.commit()
    client, csrf = login_client(app, db, user)
    db.commit()
    api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    return Bolag(client, csrf, api, org.id, user.id)


def new_case(b: Bolag, world: World, serial: int = 611, **kw: object) -> dict:
    body = {
        "person": {
            "pnr": number(serial),
            "name": "Hyresgäst Påhittad",
            "basis": {"purpose": "housing", "basis": "legal_obligation", "since": "2026-01-01"},
        },
        "flat": "Bergsrådsvägen 12 B, lgh 1201",
        "area_id": world.ids["skaggetorp"],
        "opened_on": DAY.isoformat(),
        "source": "neighbour",
        "note": "Hög musik nattetid.",
        "place": "Trapphus Bergsrådsvägen 12 B",
        **kw,
    }
    got = b.api.post(f"/api/v1/housing/cases?org_id={b.org_id}", json=body)
    assert got.status_code == 201, got.text
    return got.json()


def _reads(db: Session, person_id: int, view: str) -> int:
    return int(
        db.scalar(
            select(func.count(PersonAccess.id)).where(
                PersonAccess.person_id == person_id, PersonAccess.view == view
            )
        )
        or 0
    )


def test_the_api_follows_a_case_from_complaint_to_the_rent_tribunal(
    db: Session, world: World, bolag: Bolag
) -> None:
    case = new_case(bolag, world)
    cid = case["id"]
    assert case["status"] == "open" and [s["kind"] for s in case["steps"]] == ["complaint"]
    assert case["tenant"] == "Hyresgäst Påhittad" and case["place"].startswith("Trapphus")
    early = bolag.api.post(f"/api/v1/housing/cases/{cid}/termination", json={"on": "2026-03-10"})
    assert early.status_code == 422 and "very_serious" in early.text
    warn = {"kind": "warning", "on": "2026-03-05", "rectify_by": "2026-03-20"}
    assert bolag.api.post(f"/api/v1/housing/cases/{cid}/steps", json=warn).status_code == 201
    due = bolag.api.get("/api/v1/housing/cases/deadlines?on=2026-03-25").json()
    assert [c["id"] for c in due] == [cid]
    warned = bolag.api.get("/api/v1/housing/cases?status=warned").json()
    assert [c["id"] for c in warned] == [cid]
    assert bolag.api.get("/api/v1/housing/cases?status=closed").json() == []
    notice = {"kind": "social_notice", "on": "2026-03-05"}
    assert bolag.api.post(f"/api/v1/housing/cases/{cid}/steps", json=notice).status_code == 201
    term = bolag.api.post(f"/api/v1/housing/cases/{cid}/termination", json={"on": "2026-03-25"})
    assert term.status_code == 201, term.text
    done = bolag.api.post(
        f"/api/v1/housing/cases/{cid}/close", json={"outcome": "rent_tribunal", "on": "2026-04-02"}
    )
    assert done.status_code == 200 and done.json()["outcome"] == "rent_tribunal"
    one = bolag.api.get(f"/api/v1/housing/cases/{cid}").json()
    kinds = [s["kind"] for s in one["steps"]]
    assert kinds == ["complaint", "warning", "social_notice", "termination"]
    assert _reads(db, case["person_id"], "api") >= 5


def test_the_42_path_needs_its_reason_and_nothing_is_half_saved(
    db: Session, world: World, bolag: Bolag
) -> None:
    cid = new_case(bolag, world, serial=612)["id"]
    url = f"/api/v1/housing/cases/{cid}/termination"
    short = bolag.api.post(url, json={"on": "2026-03-03", "very_serious": True, "reason": "hot"})
    assert short.status_code == 422 and "reason" in short.text
    db.expire_all()
    stored = db.get(DisturbanceCase, cid)
    assert stored is not None and stored.status == "open"
    assert db.scalar(select(func.count(CaseStep.id)).where(CaseStep.case_id == cid)) == 1
    reason = "Hot med kniv mot grannen i trapphuset."
    ok = bolag.api.post(url, json={"on": "2026-03-03", "very_serious": True, "reason": reason})
    assert ok.status_code == 201
    assert bolag.api.get(f"/api/v1/housing/cases/{cid}").json()["very_serious"] is True


@pytest.mark.parametrize("who", ["samordnare", "polis", "rapportor", "outsider", "handlaggare"])
def test_nobody_else_sees_a_case(
    world: World, bolag: Bolag, people_world: Caseworkers, who: str
) -> None:
    cid = new_case(bolag, world, serial=613)["id"]
    client, _csrf = people_world.clients[who]
    page = client.get(f"/boende/storningsarenden/{cid}")
    assert page.status_code == 404 and "Påhittad" not in page.text
    if who in ("rapportor", "polis", "outsider"):  # their organisation tokens
        token = TestClient(
            client.app, headers={"Authorization": f"Bearer {world.personas[who].token}"}
        )
        got = token.get(f"/api/v1/housing/cases/{cid}")
        assert got.status_code == 404 and "Påhittad" not in got.text
        assert token.get("/api/v1/housing/cases").status_code == 404


def test_the_pages_open_a_case_and_refuse_a_termination_with_the_reason(
    db: Session, world: World, bolag: Bolag
) -> None:
    c, csrf = bolag.client, bolag.csrf
    assert c.get("/boende/storningsarenden/ny").status_code == 200
    form = {
        "csrf_token": csrf,
        "pnr": number(614),
        "name": "Grannstörare Exempelsson",
        "basis": "legal_obligation",
        "since": "2026-01-01",
        "flat": "Ryd 4, lgh 1001",
        "opened_on": DAY.isoformat(),
        "source": "on_call",
        "area_id": str(world.ids["ryd"]),
        "place": "Trapphus Ryd 4",
    }
    bad = c.post("/boende/storningsarenden/ny", data={**form, "place_lat": "abc"})
    assert bad.status_code == 422 and 'id="p-errors"' in bad.text
    assert db.scalar(select(func.count(DisturbanceCase.id))) == 0
    made = c.post("/boende/storningsarenden/ny", data=form, follow_redirects=False)
    assert made.status_code == 303, made.text[-800:]
    url = made.headers["location"]
    page = c.get(url)
    assert page.status_code == 200 and "Grannstörare Exempelsson" in page.text
    assert 'data-kind="complaint"' in page.text and 'id="place-value"' in page.text
    refused = c.post(f"{url}/uppsagning", data={"csrf_token": csrf, "on": "2026-03-04"})
    assert refused.status_code == 422 and 'id="p-errors"' in refused.text
    assert 'data-kind="termination"' not in refused.text
    step = {"csrf_token": csrf, "kind": "warning", "on": "2026-03-03", "rectify_by": "2026-03-10"}
    assert c.post(f"{url}/steg", data=step, follow_redirects=False).status_code == 303
    no_date = c.post(f"{url}/steg", data={**step, "rectify_by": ""})
    assert no_date.status_code == 422
    serious = {
        "csrf_token": csrf,
        "on": "2026-03-04",
        "very_serious": "1",
        "reason": "Hot mot personal och grannar.",
    }
    assert c.post(f"{url}/uppsagning", data=serious, follow_redirects=False).status_code == 303
    closed = {"csrf_token": csrf, "outcome": "enforcement", "on": "2026-04-01"}
    assert c.post(f"{url}/avslut", data=closed, follow_redirects=False).status_code == 303
    final = c.get(url).text
    assert 'data-outcome="enforcement"' in final and 'data-status="closed"' in final
    listing = c.get("/boende/storningsarenden?status=closed")
    assert "Grannstörare Exempelsson" in listing.text
    pid = db.scalar(select(DisturbanceCase.person_id))
    assert pid is not None and _reads(db, pid, "page") >= 3 and _reads(db, pid, "list") >= 1


def test_the_start_page_links_every_part_and_counts_the_cases(
    world: World, bolag: Bolag, people_world: Caseworkers
) -> None:
    new_case(bolag, world, serial=615)
    page = bolag.client.get("/boende")
    assert page.status_code == 200
    for href in (
        "/boende/storningsarenden",
        "/boende/hyresskulder",
        "/boende/ronderingar",
        "/boende/arbetsordrar",
        "/boende/trygghetsplaner",
        "/boende/en-vag-in",
    ):
        assert f'href="{href}"' in page.text
    assert 'id="count-cases-open">1<' in page.text
    client, _ = people_world.clients["polis"]
    assert client.get("/boende").status_code == 404

"""The bosocial contracts over HTTP: the landlord's JSON and page never carry the social
services' notes nor the subtenant's personnummer (a marker planted in a visit's note is absent
for the landlord and present for the housing unit); another landlord gets 404; every subtenant
shown is a read in the register's access log; a takeover before the trial's end is refused on
the page with the field named, nothing saved; the dashboard's decisions due."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.housing.bosocial_models import BosocialContract, BosocialDecision
from samverkan.people.models import Person, PersonAccess
from tests.housing import test_bosocial
from tests.housing.test_bosocial import MARKER, Bosocial

bosocial = test_bosocial.bosocial  # the fixture, shared


def _api(b: Bosocial, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {b.tokens[who]}"}


def _client(b: Bosocial, who: str) -> Any:
    return b.clients[who][0]


def _pnr(db: Session, b: Bosocial) -> str:
    c = db.get(BosocialContract, b.contract_id)
    assert c is not None
    person = db.get(Person, c.person_id)
    assert person is not None
    return person.pnr


def test_the_landlords_json_never_has_the_notes_or_the_personnummer(
    db: Session, bosocial: Bosocial
) -> None:
    b, url = bosocial, f"/api/v1/housing/bosocial/contracts/{bosocial.contract_id}"
    pnr = _pnr(db, b)
    unit = _client(b, "unit").get(url, headers=_api(b, "unit"))
    assert unit.status_code == 200, unit.text
    assert MARKER in unit.text and pnr in unit.text and unit.json()["visits"]
    landlord = _client(b, "landlord").get(url, headers=_api(b, "landlord"))
    assert landlord.status_code == 200, landlord.text
    body = landlord.json()
    assert MARKER not in landlord.text and pnr not in landlord.text
    assert "visits" not in body and "pnr" not in body and "lease_number" not in body
    assert body["subtenant"] == "Andrahand Syntetisk 901"
    listed = _client(b, "landlord").get(
        "/api/v1/housing/bosocial/contracts", headers=_api(b, "landlord")
    )
    assert listed.status_code == 200 and len(listed.json()) == 1
    assert MARKER not in listed.text and pnr not in listed.text
    other = _client(b, "other").get(url, headers=_api(b, "other"))
    assert other.status_code == 404 and "Andrahand" not in other.text
    others = _client(b, "other").get("/api/v1/housing/bosocial/contracts", headers=_api(b, "other"))
    assert others.status_code == 200 and others.json() == []


def test_the_landlords_page_never_has_the_notes(db: Session, bosocial: Bosocial) -> None:
    b, url = bosocial, f"/boende/en-vag-in/kontrakt/{bosocial.contract_id}"
    pnr = _pnr(db, b)
    unit = _client(b, "unit").get(url)
    assert unit.status_code == 200, unit.text
    assert MARKER in unit.text and pnr in unit.text and 'id="visit-form"' in unit.text
    landlord = _client(b, "landlord").get(url)
    assert landlord.status_code == 200
    assert MARKER not in landlord.text and pnr not in landlord.text
    assert 'id="visit-form"' not in landlord.text and 'id="decision-form"' not in landlord.text
    assert 'id="payment-form"' in landlord.text and "Andrahand Syntetisk 901" in landlord.text
    listing = _client(b, "landlord").get("/boende/en-vag-in/kontrakt")
    assert listing.status_code == 200 and MARKER not in listing.text and pnr not in listing.text
    for who in ("other", "polis", "samordnare_only"):
        assert _client(b, who).get(url).status_code == 404, who


def test_every_subtenant_shown_is_a_logged_read(db: Session, bosocial: Bosocial) -> None:
    b = bosocial
    before = db.scalar(select(func.count()).select_from(PersonAccess)) or 0
    _client(b, "landlord").get(f"/boende/en-vag-in/kontrakt/{b.contract_id}")
    _client(b, "unit").get(
        f"/api/v1/housing/bosocial/contracts/{b.contract_id}", headers=_api(b, "unit")
    )
    db.expire_all()
    rows = list(db.scalars(select(PersonAccess).order_by(PersonAccess.id).offset(before)))
    assert [(r.user_id, r.view) for r in rows] == [
        (b.landlord.user_id, "page"),
        (b.unit.user_id, "api"),
    ]


def test_the_landlord_reports_a_payment_from_the_page_and_a_disturbance_by_api(
    db: Session, bosocial: Bosocial
) -> None:
    b = bosocial
    client, csrf = b.clients["landlord"]
    r = client.post(  # type: ignore[attr-defined]
        f"/boende/en-vag-in/kontrakt/{b.contract_id}/hyra",
        data={"csrf_token": csrf, "month": "2024-07", "status": "late"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    r = _client(b, "landlord").post(
        f"/api/v1/housing/bosocial/contracts/{b.contract_id}/disturbances",
        headers=_api(b, "landlord"),
        json={"on": "2024-08-02", "kind": "noise", "note": "Fest till kl. 03"},
    )
    assert r.status_code == 201, r.text
    r = _client(b, "landlord").post(
        f"/api/v1/housing/bosocial/contracts/{b.contract_id}/visits",
        headers=_api(b, "landlord"),
        json={"on": "2024-08-02", "visitor": "x"},
    )
    assert r.status_code == 404
    got = (
        _client(b, "unit")
        .get(f"/api/v1/housing/bosocial/contracts/{b.contract_id}", headers=_api(b, "unit"))
        .json()
    )
    assert got["record"] == {"on_time": 0, "late": 1, "unpaid": 0, "disturbances": 1}


def test_an_early_takeover_is_refused_on_the_page_with_the_field_named(
    db: Session, bosocial: Bosocial
) -> None:
    b = bosocial
    client, csrf = b.clients["unit"]
    r = client.post(  # type: ignore[attr-defined]
        f"/boende/en-vag-in/kontrakt/{b.contract_id}/beslut",
        data={"csrf_token": csrf, "decision": "takeover", "on": "2025-06-01"},
        follow_redirects=False,
    )
    assert r.status_code == 422
    assert 'id="p-errors"' in r.text and "2025-12-03" in r.text
    assert db.scalar(select(func.count()).select_from(BosocialDecision)) == 0
    r = _client(b, "unit").post(
        f"/api/v1/housing/bosocial/contracts/{b.contract_id}/decision",
        headers=_api(b, "unit"),
        json={"decision": "takeover", "on": "2025-06-01"},
    )
    assert r.status_code == 422 and "2025-12-03" in r.text


def test_the_dashboard_lists_decisions_due_and_overdue(db: Session, bosocial: Bosocial) -> None:
    b = bosocial
    url = "/api/v1/housing/bosocial/dashboard?on={}"
    due = _client(b, "unit").get(url.format("2025-10-01"), headers=_api(b, "unit")).json()
    assert [c["id"] for c in due["due"]] == [b.contract_id] and due["overdue"] == []
    assert MARKER not in str(due)
    late = _client(b, "landlord").get(url.format("2026-01-10"), headers=_api(b, "landlord"))
    assert [c["id"] for c in late.json()["overdue"]] == [b.contract_id]
    page = _client(b, "unit").get("/boende/en-vag-in?dag=2025-10-01")
    assert page.status_code == 200 and f'data-contract="{b.contract_id}"' in page.text
    assert date(2025, 12, 3).isoformat() in page.text

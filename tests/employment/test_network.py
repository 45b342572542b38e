"""The employer network: employers with their contact and a checked organisation number,
openings that must name a known SSYK 2012 unit group, changes checked as a whole, and the
network visible to the owning organisation's case workers only."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, NotFound
from samverkan.core.models import AuditEvent
from samverkan.core.personnummer import luhn_digit
from samverkan.employment import network
from samverkan.employment.models import Employer, Opening
from samverkan.employment.network_schemas import EmployerIn, OpeningIn
from tests.people.conftest import Caseworkers
from tests.people.test_personal_tokens import _make_own_token

ORGNR = "556036079" + luhn_digit("556036079")  # a made-up aktiebolag's number
BASE = "/api/v1/employment"


def _employer(db: Session, cw: Caseworkers, **over: object) -> Employer:
    data = EmployerIn(
        **{
            "name": "Fasad & Puts AB (demo)",
            "kind": "contractor",
            "orgnr": ORGNR,
            "contact_name": "Kim Kontakt",
            "contact_email": "kim@example.com",
            **over,
        }
    )
    x = network.create_employer(db, cw.principals["handlaggare"], data, cw.ids["kommun_org"])
    db.commit()
    return x


def _opening_in(employer_id: int, **over: object) -> OpeningIn:
    return OpeningIn(
        **{
            "employer_id": employer_id,
            "title": "Fastighetsskötare",
            "ssyk": "9629",
            "skills": ["Truckkort", "städning"],
            "languages": ["SV"],
            "start_on": date(2026, 5, 4),
            "places": 2,
            **over,
        }
    )


def test_an_employer_is_stored_with_its_number_formatted_and_audited(
    db: Session, people_world: Caseworkers
) -> None:
    x = _employer(db, people_world, orgnr=ORGNR[:6] + ORGNR[6:])
    assert x.orgnr == f"{ORGNR[:6]}-{ORGNR[6:]}" and x.kind == "contractor"
    assert [e.name for e in network.employers(db, people_world.principals["handlaggare"])] == [
        "Fasad & Puts AB (demo)"
    ]
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "employer"))
    assert list(events) == ["employer.create"]


@pytest.mark.parametrize(
    ("orgnr", "words"),
    [
        (ORGNR[:9] + str((int(ORGNR[9]) + 1) % 10), "check digit"),
        ("8403091234", "personnummer"),  # a sole trader's number is a person's
        ("55603", "10 digits"),
    ],
)
def test_a_wrong_organisation_number_is_refused_naming_the_field(orgnr: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        EmployerIn(name="X", kind="private", orgnr=orgnr)
    (e,) = err.value.errors()
    assert e["loc"] == ("orgnr",) and words in e["msg"]


@pytest.mark.parametrize(
    ("ssyk", "words"),
    [
        ("", "needs its occupation"),
        ("1999", "is not an SSYK 2012 code"),
        ("515", "unit group"),
    ],
)
def test_an_opening_without_a_known_occupation_is_refused(ssyk: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        _opening_in(1, ssyk=ssyk)
    (e,) = err.value.errors()
    assert e["loc"] == ("ssyk",) and words in e["msg"]


def test_an_opening_needs_a_point_in_sweden() -> None:
    with pytest.raises(ValidationError) as err:
        _opening_in(1, lat=15.6, lon=58.4)  # swapped
    assert "in Sweden" in str(err.value)
    with pytest.raises(ValidationError):
        _opening_in(1, lat=58.4)
    assert _opening_in(1, lat=58.41, lon=15.62).lat == 58.41


def test_an_opening_belongs_to_an_employer_of_the_same_organisation(
    db: Session, people_world: Caseworkers
) -> None:
    p = people_world.principals["handlaggare"]
    boss = _employer(db, people_world)
    o = network.create_opening(db, p, _opening_in(boss.id), people_world.ids["kommun_org"])
    db.commit()
    assert o.skills == ["truckkort", "städning"] and o.languages == ["sv"]
    assert network.opening_out(o).occupation == "Övriga servicearbetare"
    nils = people_world.principals["nkpg_handlaggare"]
    with pytest.raises(Invalid) as err:  # Norrköping's case worker, Linköping's employer
        network.create_opening(db, nils, _opening_in(boss.id), people_world.ids["norrkoping_org"])
    assert err.value.field == "employer_id"
    with pytest.raises(NotFound):
        network.create_opening(db, nils, _opening_in(boss.id), people_world.ids["kommun_org"])
    db.rollback()
    assert db.scalar(select(func.count(Opening.id))) == 1
    assert network.opening(db, nils, o.id) is None and network.employers(db, nils) == []


def test_the_api_keeps_the_network_to_its_owner_and_checks_a_change_as_a_whole(
    app, db: Session, people_world: Caseworkers, world
) -> None:
    secret, _ = _make_own_token(people_world)
    api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    org = people_world.ids["kommun_org"]
    made = api.post(
        f"{BASE}/employers?org_id={org}",
        json={"name": "Måleri Öst (demo)", "kind": "contractor", "orgnr": ORGNR},
    )
    assert made.status_code == 201, made.text
    eid = made.json()["id"]
    bad = api.patch(f"{BASE}/employers/{eid}", json={"orgnr": "556036-0790", "name": "Nytt"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "orgnr"
    assert api.get(f"{BASE}/employers/{eid}").json()["name"] == "Måleri Öst (demo)"
    ok = api.patch(f"{BASE}/employers/{eid}", json={"contact_phone": "070-000 00 01"})
    assert ok.status_code == 200 and ok.json()["contact_phone"] == "070-000 00 01"
    assert ok.json()["orgnr"] == f"{ORGNR[:6]}-{ORGNR[6:]}"

    body = {"employer_id": eid, "title": "Målare", "start_on": "2026-04-01"}
    none = api.post(f"{BASE}/openings?org_id={org}", json=body)
    assert none.status_code == 422 and none.json()["detail"][0]["field"] == "ssyk"
    made = api.post(f"{BASE}/openings?org_id={org}", json={**body, "ssyk": "7131"})
    assert made.status_code == 201, made.text
    opening = made.json()
    assert opening["occupation"] and opening["employer"] == "Måleri Öst (demo)"
    wrong = api.patch(f"{BASE}/openings/{opening['id']}", json={"ssyk": "71"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "ssyk"
    closed = api.patch(f"{BASE}/openings/{opening['id']}", json={"status": "closed"})
    assert closed.json()["status"] == "closed" and closed.json()["ssyk"] == "7131"
    assert api.get(f"{BASE}/openings?status=open").json() == []
    assert [o["id"] for o in api.get(f"{BASE}/openings?status=closed").json()] == [opening["id"]]

    org_token = world.personas["rapportor"].token
    other = TestClient(app, headers={"Authorization": f"Bearer {org_token}"})
    assert other.get(f"{BASE}/employers/{eid}").status_code == 404
    assert other.get(f"{BASE}/openings/{opening['id']}").status_code == 404
    assert other.get(f"{BASE}/employers").status_code == 404
    assert "Måleri" not in other.get(f"{BASE}/employers").text

"""/api/v1/associations end to end: the register, an agreement, the association reporting its
activities, the follow-up at the pace of the period, the payment after the report — and every
refusal of the issue with the field named (the API speaks English; the pages say it in Swedish),
with nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.associations.models import Activity, Agreement, Association, Attendance
from samverkan.core.models import AuditEvent
from tests.associations.conftest import DAY, AssocWorld

BASE = "/api/v1/associations"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API's today is the world's day (the service takes it from the route)."""
    import samverkan.associations.routes as routes

    monkeypatch.setattr(routes, "today", lambda: DAY)


def activity(aw: AssocWorld, **over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "agreement_id": aw.agreement.id,
        "held_on": "2026-03-03",
        "district_id": aw.world.ids["skaggetorp"],
        "kind": "idrott",
        "form": "traning",
        "title": "Öppen träning",
        "minutes": 90,
        "leaders": 2,
        "attendance": [
            {"age_band": "7-12", "gender": "flicka", "people": 6},
            {"age_band": "13-16", "gender": "pojke", "people": 5},
        ],
    }
    return {**body, **over}


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_the_association_reports_and_the_supporter_sees_the_follow_up(
    client, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    for day, minutes in (("2026-02-03", 90), ("2026-02-10", 45), ("2026-03-03", 60)):
        r = client.post(
            f"{BASE}/{aw.hbk.id}/activities",
            json=activity(aw, held_on=day, minutes=minutes),
            headers=aw.auth("hamid"),
        )
        assert r.status_code == 201, r.text
    assert r.json()["counts"] is True and r.json()["participants"] == 11
    r = client.post(
        f"{BASE}/{aw.hbk.id}/activities",
        json=activity(aw, form="evenemang", title="Grillkväll", attendance=[]),
        headers=aw.auth("hamid"),
    )
    assert r.json()["counts"] is False and r.json()["shortfalls"] == ["too_few"]

    f = client.get(f"{BASE}/agreements/{aw.agreement.id}/followup", headers=aw.auth("stina"))
    assert f.status_code == 200
    body = f.json()
    train, events = body["commitments"]
    assert (train["delivered"], train["required"], train["matching"]) == (2, 30, 3)
    assert train["not_counted"] == {"too_short": 1}
    assert train["expected"] == pytest.approx(30 * 181 / 365, abs=0.05)
    assert train["status"] == "behind" and body["behind"] is True
    assert (events["delivered"], events["not_counted"]) == (0, {"too_few": 1})
    assert body["activities"] == 4 and body["participants"] == 33
    assert body["by_age_band"] == {"7-12": 18, "13-16": 15}
    assert body["by_gender"] == {"flicka": 18, "pojke": 15}
    assert body["by_kind"] == {"idrott": 4}
    # the association sees the same follow-up; the list marks what counts
    mine = client.get(f"{BASE}/agreements/{aw.agreement.id}/activities", headers=aw.auth("hamid"))
    assert [a["counts"] for a in mine.json()] == [True, False, True, False]


def test_an_agreement_splits_its_amount_into_periods_paid_after_the_report(
    client, assoc_world: AssocWorld, db: Session
) -> None:
    aw = assoc_world
    periods = client.get(f"{BASE}/agreements/{aw.agreement.id}", headers=aw.auth("stina")).json()[
        "periods"
    ]
    assert [(p["period_start"], p["period_end"], p["amount_sek"]) for p in periods] == [
        ("2026-01-01", "2026-06-30", 60_000),
        ("2026-07-01", "2026-12-31", 60_000),
    ]
    first, second = (p["id"] for p in periods)
    url = f"{BASE}/agreements/{aw.agreement.id}/periods"
    r = client.post(f"{url}/{first}/release", headers=aw.auth("stina"))
    assert r.status_code == 422
    assert "only after the report for the period is in" in r.text
    # the second period ends on 31 December: on 30 June its report cannot be handed in yet
    r = client.post(f"{url}/{second}/report", headers=aw.auth("hamid"))
    assert r.status_code == 422 and "2026-12-31" in r.text
    # the supporter may not hand in the association's report, nor the association release
    assert client.post(f"{url}/{first}/report", headers=aw.auth("stina")).status_code == 403
    r = client.post(f"{url}/{first}/report", headers=aw.auth("hamid"))
    assert r.status_code == 200 and r.json()["status"] == "reported"
    assert client.post(f"{url}/{first}/release", headers=aw.auth("hamid")).status_code == 403
    r = client.post(f"{url}/{first}/release", headers=aw.auth("stina"))
    assert r.status_code == 200 and r.json()["status"] == "released"
    codes = db.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == str(aw.agreement.id))
    )
    assert {"agreement.period_report", "agreement.release"} <= set(codes)


def test_a_report_for_another_associations_agreement_is_404_and_stores_nothing(
    client, assoc_world: AssocWorld, db: Session
) -> None:
    aw = assoc_world
    before = count(db, Activity)
    # Ryds Dansförening reports under Hemgårdarnas BK's agreement: neither is its own
    r = client.post(f"{BASE}/{aw.dans.id}/activities", json=activity(aw), headers=aw.auth("dina"))
    assert r.status_code == 404 and "Fotboll" not in r.text
    r = client.post(f"{BASE}/{aw.hbk.id}/activities", json=activity(aw), headers=aw.auth("dina"))
    assert r.status_code == 404 and "Hemgårdarnas" not in r.text
    for path in (f"agreements/{aw.agreement.id}", f"agreements/{aw.agreement.id}/followup"):
        r = client.get(f"{BASE}/{path}", headers=aw.auth("dina"))
        assert r.status_code == 404 and "Fotboll" not in r.text
    assert count(db, Activity) == before


def test_the_supporter_sees_but_does_not_report(client, assoc_world: AssocWorld) -> None:
    aw = assoc_world
    r = client.post(f"{BASE}/{aw.hbk.id}/activities", json=activity(aw), headers=aw.auth("stina"))
    assert r.status_code == 403 and "only the association itself" in r.text


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"held_on": "2025-12-31"}, "held_on", "2026-01-01–2026-12-31"),
        ({"held_on": "2026-07-01"}, "held_on", "after today"),
        ({"attendance": [{"age_band": "7-12", "gender": "flicka", "people": -3}]}, "people", ""),
        ({"attendance": [{"age_band": "7-12", "gender": "flicka", "people": 5000}]}, "people", ""),
        ({"attendance": [{"age_band": "5-9", "gender": "flicka", "people": 3}]}, "age_band", ""),
        (
            {
                "attendance": [
                    {"age_band": "7-12", "gender": "flicka", "people": 3},
                    {"age_band": "7-12", "gender": "flicka", "people": 2},
                ]
            },
            "attendance",
            "given twice",
        ),
        ({"minutes": 0}, "minutes", ""),
        ({"leaders": -1}, "leaders", ""),
        ({"district_id": "{ryd}"}, "district_id", "not registered as active"),
        ({"kind": "bingo"}, "kind", ""),
    ],
)
def test_a_bad_activity_is_refused_naming_the_field_and_nothing_is_saved(
    client, assoc_world: AssocWorld, db: Session, over: dict[str, object], field: str, words: str
) -> None:
    aw = assoc_world
    if over.get("district_id") == "{ryd}":
        over = {"district_id": aw.world.ids["ryd"]}
    before = (count(db, Activity), count(db, Attendance))
    r = client.post(
        f"{BASE}/{aw.hbk.id}/activities", json=activity(aw, **over), headers=aw.auth("hamid")
    )
    assert r.status_code == 422, r.text
    assert field in r.text and words in r.text
    assert (count(db, Activity), count(db, Attendance)) == before


@pytest.mark.parametrize(
    ("orgnr", "words"),
    [
        ("802400-1236", "check digit"),  # the check digit is 5
        ("8024001", "10 digits"),
        ("850410-1232", "personnummer"),
    ],
)
def test_an_organisation_number_with_a_wrong_check_digit_is_refused(
    client, assoc_world: AssocWorld, db: Session, orgnr: str, words: str
) -> None:
    aw = assoc_world
    before = count(db, Association)
    r = client.post(
        BASE,
        json={"name": "Kodklubben", "orgnr": orgnr, "kinds": ["programmering"]},
        headers=aw.auth("stina"),
    )
    assert r.status_code == 422 and "orgnr" in r.text and words in r.text, r.text
    assert count(db, Association) == before


def test_the_register_knows_an_association_once(client, assoc_world: AssocWorld) -> None:
    aw = assoc_world
    r = client.post(
        BASE,
        json={"name": "Kodklubben", "orgnr": "8024001235", "kinds": ["programmering"]},
        headers=aw.auth("stina"),
    )
    assert r.status_code == 422 and "802400-1235" in r.text
    r = client.post(
        BASE,
        json={
            "name": "Kodklubben Skäggetorp",
            "orgnr": "802600-1233",
            "kinds": ["programmering"],
            "district_ids": [aw.world.ids["skaggetorp"]],
            "contacts": [{"name": "Kim Kodare", "email": "kim@example.se"}],
        },
        headers=aw.auth("stina"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["orgnr"] == "802600-1233" and r.json()["contacts"][0]["name"] == "Kim Kodare"
    names = [a["name"] for a in client.get(BASE, headers=aw.auth("stina")).json()]
    assert names == ["Hemgårdarnas BK", "Kodklubben Skäggetorp", "Ryds Dansförening"]
    # an association sees itself only
    assert [a["name"] for a in client.get(BASE, headers=aw.auth("hamid")).json()] == [
        "Hemgårdarnas BK"
    ]


def agreement(aw: AssocWorld, **over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "association_id": aw.dans.id,
        "title": "Dans i Ryd",
        "amount_sek": 30_000,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "commitments": [{"description": "40 danspass", "required": 40}],
    }
    return {**body, **over}


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"period_end": "2025-12-31"}, "period_end"),
        ({"amount_sek": -5}, "amount_sek"),
        ({"commitments": []}, "commitments"),
        ({"commitments": [{"description": "noll", "required": 0}]}, "required"),
        ({"rule_age_min": 8}, "rule_age_min"),
        ({"rule_age_min": 17, "rule_age_max": 12}, "rule_age_max"),
        ({"commitments": [{"description": "x", "required": 3, "forms": ["bingo"]}]}, "forms"),
        (
            {"commitments": [{"description": "x", "required": 3, "district_id": "{skaggetorp}"}]},
            "district_id",
        ),
    ],
)
def test_a_bad_agreement_is_refused_naming_the_field(
    client, assoc_world: AssocWorld, db: Session, over: dict[str, object], field: str
) -> None:
    aw = assoc_world
    if over.get("commitments") and over["commitments"][0].get("district_id") == "{skaggetorp}":  # type: ignore[index]
        over = {
            "commitments": [
                {"description": "x", "required": 3, "district_id": aw.world.ids["skaggetorp"]}
            ]
        }
    before = count(db, Agreement)
    r = client.post(f"{BASE}/agreements", json=agreement(aw, **over), headers=aw.auth("stina"))
    assert r.status_code == 422 and field in r.text, r.text
    assert count(db, Agreement) == before


def test_the_municipalitys_supporter_sees_the_association_not_the_agreement(
    client, assoc_world: AssocWorld, db: Session
) -> None:
    from samverkan.orgs import service as org_service

    aw = assoc_world
    _t, secret = org_service.create_token(
        db, None, aw.world.ids["kommun_org"], "sara", user_id=aw.world.ids["samordnare_user"]
    )
    db.commit()
    h = {"Authorization": f"Bearer {secret}"}
    names = [a["name"] for a in client.get(BASE, headers=h).json()]
    assert "Hemgårdarnas BK" in names
    assert client.get(f"{BASE}/agreements", headers=h).json() == []
    r = client.get(f"{BASE}/agreements/{aw.agreement.id}/followup", headers=h)
    assert r.status_code == 404 and "Fotboll" not in r.text
    # the municipality makes its own agreement with the same association
    r = client.post(
        f"{BASE}/agreements",
        json=agreement(aw, association_id=aw.hbk.id, title="Kommunens föreningsbidrag"),
        headers=h,
    )
    assert r.status_code == 201 and r.json()["supporter"] == "Linköpings kommun"
    mine = client.get(f"{BASE}/agreements", headers=aw.auth("hamid")).json()
    assert sorted(a["title"] for a in mine) == [
        "Fotboll för Skäggetorp 2026",
        "Kommunens föreningsbidrag",
    ]


def test_the_follow_up_counts_each_payment_period_s_activities(
    client, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    for day, minutes in (("2026-02-03", 90), ("2026-03-10", 30), ("2026-06-30", 60)):
        r = client.post(
            f"{BASE}/{aw.hbk.id}/activities",
            json=activity(aw, held_on=day, minutes=minutes),
            headers=aw.auth("hamid"),
        )
        assert r.status_code == 201
    f = client.get(f"{BASE}/agreements/{aw.agreement.id}/followup", headers=aw.auth("stina"))
    first, second = f.json()["periods"]
    assert (first["counted"], second["counted"]) == (2, 0)  # the 30-minute one is too short
    plain = client.get(f"{BASE}/agreements/{aw.agreement.id}", headers=aw.auth("stina")).json()
    assert plain["periods"][0]["counted"] is None  # only a follow-up counts

"""Summer jobs required through procurement: Stångåstaden's case worker makes a contract with
a contractor, the contractor's reporter reports the young people employed, and the follow-up
measures what was delivered against the contract's pace. The day is always given (``on``), so
no test depends on today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import NotFound
from samverkan.core.models import AuditEvent
from samverkan.employment import summer
from samverkan.employment.models import SummerContract, SummerReport
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import OrgIn
from tests.conftest import World, make_user

BASE = "/api/v1/summer-jobs"
START, END = date(2026, 6, 1), date(2026, 8, 31)


@dataclass
class Summer:
    """The parties of the summer-job tests: their API tokens and principals."""

    owner: str  # Stångåstaden's case worker, personal token
    reporter: str  # Bygg & Mark AB's reporter, personal token
    contractor_org: str  # Bygg & Mark AB's organisation token
    other: str  # Måleri AB's organisation token (another contractor)
    owner_p: Principal
    reporter_p: Principal
    other_p: Principal
    ids: dict[str, int]


@pytest.fixture
def sj(db: Session, world: World) -> Summer:
    bolag = db.get(Organisation, world.ids["bolag_org"])
    assert bolag is not None
    bygg = org_service.create_org(db, None, OrgIn(name="Bygg & Mark AB", kind="annan"))
    maleri = org_service.create_org(db, None, OrgIn(name="Måleri AB", kind="annan"))
    hugo = make_user(db, "hugo@stangastaden.test", bolag, "handlaggare")
    berit = make_user(db, "berit@byggmark.test", bygg, "rapportor")
    mats = make_user(db, "mats@maleri.test", maleri, "rapportor")
    db.flush()
    _, owner = org_service.create_token(db, None, bolag.id, "Hugos skript", user_id=hugo.id)
    _, reporter = org_service.create_token(db, None, bygg.id, "Berits skript", user_id=berit.id)
    _, bygg_token = org_service.create_token(db, None, bygg.id, "Bygg & Marks nyckel")
    _, other = org_service.create_token(db, None, maleri.id, "Måleris nyckel")
    db.commit()
    return Summer(
        owner=owner,
        reporter=reporter,
        contractor_org=bygg_token,
        other=other,
        owner_p=org_queries.principal_for_user(db, hugo),
        reporter_p=org_queries.principal_for_user(db, berit),
        other_p=org_queries.principal_for_user(db, mats),
        ids={
            **world.ids,
            "bygg_org": bygg.id,
            "maleri_org": maleri.id,
        },
    )


@pytest.fixture
def api(app) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _contract(api: TestClient, sj: Summer, **over: object) -> dict:
    body = {
        "contractor_org_id": sj.ids["bygg_org"],
        "reference": "UH-2026-014",
        "title": "Underhåll Skäggetorp",
        "target_group": "16–19 år, boende i området",
        "required_people": 100,
        "required_months": 150,
        "period_start": START.isoformat(),
        "period_end": END.isoformat(),
        **over,
    }
    r = api.post(f"{BASE}/contracts", json=body, headers=_h(sj.owner))
    assert r.status_code == 201, r.text
    return r.json()


def _report(api: TestClient, token: str, contract_id: int, **over: object):
    body = {
        "employed_on": "2026-06-15",
        "age_band": "15-17",
        "district_id": over.pop("district_id", None),
        "people": 10,
        "months": 1.5,
        **over,
    }
    return api.post(f"{BASE}/contracts/{contract_id}/reports", json=body, headers=_h(token))


def _reports(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(SummerReport)) or 0


def test_a_contract_behind_its_pace_is_behind_with_a_warning(
    api: TestClient, db: Session, sj: Summer
) -> None:
    c = _contract(api, sj)
    assert c["org_id"] == sj.ids["bolag_org"] and c["contractor"] == "Bygg & Mark AB"
    r = _report(api, sj.reporter, c["id"], district_id=sj.ids["skaggetorp"], people=20)
    assert r.status_code == 201, r.text

    # 31 July: 61 of 92 days passed, 66.3 people expected, 20 employed → behind
    got = api.get(f"{BASE}/contracts/{c['id']}?on=2026-07-31", headers=_h(sj.owner)).json()
    assert got["status"] == "behind"
    assert got["delivered_people"] == 20 and got["delivered_months"] == 30
    assert got["expected_people"] == pytest.approx(100 * 61 / 92, abs=0.05)
    assert got["share"] == pytest.approx(0.2)
    assert got["remaining_people"] == 80 and got["days_left"] == 31
    assert "Behind" in got["warning"] and "20 of 100" in got["warning"]
    assert "2026-07-31" in got["warning"]

    # the same through the service with the day fixed, and the list
    f = summer.followup(db, sj.owner_p, c["id"], on=date(2026, 7, 31))
    assert f.status == "behind" and f.warning is not None
    listed = summer.contracts(db, sj.owner_p, on=date(2026, 7, 31))
    assert [(x.id, x.status, x.delivered_people) for x in listed] == [(c["id"], "behind", 20)]

    # early in the period the same 20 are ahead; after it, short
    assert summer.followup(db, sj.owner_p, c["id"], on=date(2026, 6, 10)).status == "ahead"
    after = summer.followup(db, sj.owner_p, c["id"], on=date(2026, 9, 1))
    assert after.status == "ended_short" and after.warning and "80 short" in after.warning
    before = summer.followup(db, sj.owner_p, c["id"], on=date(2026, 5, 1))
    assert before.status == "not_started" and before.warning is None


def test_another_contractors_contract_is_404_and_stores_nothing(
    api: TestClient, db: Session, sj: Summer
) -> None:
    c = _contract(api, sj)
    r = _report(api, sj.other, c["id"], district_id=sj.ids["skaggetorp"])
    assert r.status_code == 404
    assert "Underhåll" not in r.text and "Bygg" not in r.text
    # as if it did not exist: the same answer as for a contract that does not
    missing = _report(api, sj.other, c["id"] + 1000, district_id=sj.ids["skaggetorp"])
    assert missing.status_code == 404
    assert r.json()["detail"].replace(str(c["id"]), "N") == missing.json()["detail"].replace(
        str(c["id"] + 1000), "N"
    )
    assert _reports(db) == 0
    reported = select(func.count()).where(AuditEvent.action == "summer_report.create")
    assert db.scalar(reported) == 0
    # nor does it see the contract, in the list or alone
    assert api.get(f"{BASE}/contracts", headers=_h(sj.other)).json() == []
    assert api.get(f"{BASE}/contracts/{c['id']}", headers=_h(sj.other)).status_code == 404
    with pytest.raises(NotFound):
        summer.report(
            db,
            sj.other_p,
            c["id"],
            summer.ReportIn(
                employed_on=date(2026, 6, 15),
                age_band="15-17",
                district_id=sj.ids["skaggetorp"],
                people=3,
                months=1,
            ),
        )


def test_a_report_dated_outside_the_period_is_refused_naming_the_field(
    api: TestClient, db: Session, sj: Summer
) -> None:
    c = _contract(api, sj)
    for day in ("2026-05-31", "2026-09-01"):
        r = _report(api, sj.reporter, c["id"], district_id=sj.ids["ryd"], employed_on=day)
        assert r.status_code == 422, r.text
        assert r.json()["field"] == "employed_on"
        assert "2026-06-01" in r.json()["detail"] and "2026-08-31" in r.json()["detail"]
    # both ends of the period are in it
    for day in ("2026-06-01", "2026-08-31"):
        r = _report(api, sj.reporter, c["id"], district_id=sj.ids["ryd"], employed_on=day)
        assert r.status_code == 201, r.text
    assert _reports(db) == 2


@pytest.mark.parametrize("people", [0, -3])
def test_zero_or_negative_people_are_refused(
    api: TestClient, db: Session, sj: Summer, people: int
) -> None:
    c = _contract(api, sj)
    r = _report(api, sj.reporter, c["id"], district_id=sj.ids["ryd"], people=people)
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["detail"]] == ["people"]
    assert _reports(db) == 0


def test_bad_reports_are_refused_before_anything_is_stored(
    api: TestClient, db: Session, sj: Summer
) -> None:
    c = _contract(api, sj)
    cases = [
        ({"district_id": 999_999}, "district_id"),
        ({"district_id": sj.ids["linkoping"]}, "district_id"),  # a municipality, not a district
    ]
    for over, field in cases:
        r = _report(api, sj.reporter, c["id"], **over)
        assert r.status_code == 422 and r.json()["field"] == field, r.text
    refused: list[tuple[dict[str, object], str]] = [
        ({"age_band": "12-14"}, "age_band"),
        ({"months": -1}, "months"),
        ({"name": "Kalle"}, "name"),  # no names, and no field the report does not have
    ]
    for extra, name in refused:
        r = _report(api, sj.reporter, c["id"], district_id=sj.ids["ryd"], **extra)
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["detail"]] == [name]
    assert _reports(db) == 0


def test_the_owner_sees_the_follow_up_by_age_band_and_district(
    api: TestClient, db: Session, sj: Summer
) -> None:
    c = _contract(api, sj)
    sk, ryd = sj.ids["skaggetorp"], sj.ids["ryd"]
    for token, over in [
        (sj.reporter, {"age_band": "18-24", "district_id": sk, "people": 4, "months": 2}),
        (sj.reporter, {"age_band": "15-17", "district_id": sk, "people": 10, "months": 1}),
        (sj.contractor_org, {"age_band": "15-17", "district_id": ryd, "people": 6, "months": 2}),
    ]:
        r = _report(api, token, c["id"], **over)
        assert r.status_code == 201, r.text
    got = api.get(f"{BASE}/contracts/{c['id']}?on=2026-06-30", headers=_h(sj.owner))
    assert got.status_code == 200
    f = got.json()
    assert f["delivered_people"] == 20 and f["delivered_months"] == 30
    assert f["by_age_band"] == [
        {"age_band": "15-17", "people": 16, "months": 22},
        {"age_band": "18-24", "people": 4, "months": 8},
    ]
    assert f["by_district"] == [
        {"district_id": ryd, "district": "Ryd", "people": 6, "months": 12},
        {"district_id": sk, "district": "Skäggetorp", "people": 14, "months": 18},
    ]
    assert len(f["reports"]) == 3 and "reported_by_user_id" not in f["reports"][0]
    # the months required have a pace of their own: 30 of 150, 48.9 expected by 30 June
    assert f["months_status"] == "behind" and f["months_share"] == pytest.approx(0.2)
    # the contractor follows up its own contract the same way
    mine = api.get(f"{BASE}/contracts/{c['id']}?on=2026-06-30", headers=_h(sj.reporter))
    assert mine.status_code == 200 and mine.json()["by_age_band"] == f["by_age_band"]


def test_who_sees_and_makes_contracts(api: TestClient, db: Session, sj: Summer) -> None:
    c = _contract(api, sj)
    other = _contract(api, sj, contractor_org_id=sj.ids["maleri_org"], reference="UH-2026-015")
    ids = {c["id"], other["id"]}
    assert {x["id"] for x in api.get(f"{BASE}/contracts", headers=_h(sj.owner)).json()} == ids
    for token in (sj.reporter, sj.contractor_org):
        mine = api.get(f"{BASE}/contracts?on=2026-06-01", headers=_h(token)).json()
        assert [x["id"] for x in mine] == [c["id"]]
    # the owner sees its contract but does not report under it: 403
    r = _report(api, sj.owner, c["id"], district_id=sj.ids["ryd"])
    assert r.status_code == 403
    # a contractor, or an organisation token of the housing company, does not make contracts
    body = {
        "org_id": sj.ids["bolag_org"],
        "contractor_org_id": sj.ids["bygg_org"],
        "reference": "X",
        "title": "X",
        "target_group": "X",
        "required_people": 1,
        "period_start": "2026-06-01",
        "period_end": "2026-06-30",
    }
    world_bolag_token = api.post(f"{BASE}/contracts", json=body, headers=_h(sj.reporter))
    assert world_bolag_token.status_code == 404
    assert _contract_count(db) == 2


def _contract_count(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(SummerContract)) or 0


def test_a_contract_is_checked_and_audited(api: TestClient, db: Session, sj: Summer) -> None:
    def post(**over: object):
        body = {
            "contractor_org_id": sj.ids["bygg_org"],
            "reference": "UH-1",
            "title": "T",
            "target_group": "G",
            "required_people": 5,
            "period_start": "2026-06-01",
            "period_end": "2026-08-31",
            **over,
        }
        return api.post(f"{BASE}/contracts", json=body, headers=_h(sj.owner))

    r = post(contractor_org_id=999_999)
    assert r.status_code == 422 and r.json()["field"] == "contractor_org_id"
    r = post(contractor_org_id=sj.ids["bolag_org"])
    assert r.status_code == 422 and r.json()["field"] == "contractor_org_id"
    # another municipality's partner: not one the owner may see, so not found (never named)
    r = post(contractor_org_id=sj.ids["norrkoping_org"])
    assert r.status_code == 422 and r.json()["field"] == "contractor_org_id"
    assert "Norrköping" not in r.text
    r = post(org_id=sj.ids["kommun_org"])  # not the case worker's organisation
    assert r.status_code == 404
    r = post(period_end="2026-05-31")
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["detail"]] == ["period_end"]
    r = post(required_people=0)
    assert r.status_code == 422
    assert _contract_count(db) == 0

    c = post().json()
    rep = _report(api, sj.reporter, c["id"], district_id=sj.ids["ryd"], people=2)
    assert rep.status_code == 201
    db.expire_all()
    events = list(
        db.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "summer_contract")
            .order_by(AuditEvent.id)
        )
    )
    assert [(e.action, e.object_id) for e in events] == [
        ("summer_contract.create", str(c["id"])),
        ("summer_report.create", str(c["id"])),
    ]
    assert events[1].detail is not None and events[1].detail["people"] == 2
    assert "Kalle" not in str(events[1].detail)

"""The summer-job pages over HTTP: Stångåstaden's case worker follows the contracts and adds
one from the form, Bygg & Mark AB's reporter sees its own contract and reports from the form,
and Måleri AB's reporter, Norrköping's case worker and the kommun's samordnare get 404 with no
name of the contract. Refusals name the field (asked in English: the msgids), keep what was
typed and save nothing. Every page is shown for a fixed day (``?dag=``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.employment import summer
from samverkan.employment.models import SummerContract, SummerReport
from samverkan.employment.summer_pages import contractor_only
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import OrgIn
from tests.conftest import login_client, make_user
from tests.people.conftest import Caseworkers

BASE = "/sysselsattning/sommarjobb"
START, END = date(2026, 6, 1), date(2026, 8, 31)
DAY = "2026-07-31"  # 61 of the period's 92 days passed: 66.3 of 100 expected


@dataclass
class Parties:
    """The owner's case worker and the contractors' reporters: logged-in clients (with their
    CSRF tokens), principals and the organisations' ids."""

    clients: dict[str, tuple[TestClient, str]]
    principals: dict[str, Principal]
    ids: dict[str, int]


@pytest.fixture
def parties(app, db: Session, people_world: Caseworkers) -> Parties:
    bolag = db.get(Organisation, people_world.ids["bolag_org"])
    assert bolag is not None
    bygg = org_service.create_org(db, None, OrgIn(name="Bygg & Mark AB", kind="annan"))
    maleri = org_service.create_org(db, None, OrgIn(name="Måleri AB", kind="annan"))
    users = {
        "owner": make_user(db, "hugo@stangastaden.test", bolag, "handlaggare"),
        "reporter": make_user(db, "berit@byggmark.test", bygg, "rapportor"),
        "other": make_user(db, "mats@maleri.test", maleri, "rapportor"),
    }
    db.commit()
    clients = {k: login_client(app, db, u) for k, u in users.items()}
    db.commit()
    for key in ("nkpg_handlaggare", "samordnare_only", "polis"):
        clients[key] = people_world.clients[key]
    principals = {k: org_queries.principal_for_user(db, u) for k, u in users.items()}
    ids = {**people_world.ids, "bygg_org": bygg.id, "maleri_org": maleri.id}
    return Parties(clients, principals, ids)


def _get(parties: Parties, url: str, who: str = "owner", lang: str = ""):
    client, _ = parties.clients[who]
    if lang:
        client.cookies.set("samverkan_lang", lang)
    return client.get(url)


def _post(parties: Parties, url: str, who: str = "owner", lang: str = "", **data: str):
    client, csrf = parties.clients[who]
    if lang:
        client.cookies.set("samverkan_lang", lang)
    return client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)


def _contract(db: Session, parties: Parties, contractor: str = "bygg_org", **over) -> int:
    data = {
        "contractor_org_id": parties.ids[contractor],
        "reference": "UH-2026-014",
        "title": "Underhåll Skäggetorp",
        "target_group": "16–19 år, boende i området",
        "required_people": 100,
        "required_months": 150,
        "period_start": START,
        "period_end": END,
        **over,
    }
    contract = summer.create_contract(db, parties.principals["owner"], summer.ContractIn(**data))
    db.commit()
    return contract.id


def _report(db: Session, parties: Parties, contract_id: int, district: str, **over) -> None:
    data = {
        "employed_on": date(2026, 6, 15),
        "age_band": "15-17",
        "district_id": parties.ids[district],
        "people": 10,
        "months": 1.5,
        **over,
    }
    summer.report(db, parties.principals["reporter"], contract_id, summer.ReportIn(**data))
    db.commit()


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def _part(text: str, pattern: str) -> str:
    found = re.search(pattern, text, re.S)
    assert found, pattern
    return found.group(0)


def _behind(db: Session, parties: Parties) -> int:
    """A contract of 100 people: 20 employed in Skäggetorp (15–17), 5 in Ryd (18–24)."""
    cid = _contract(db, parties)
    _report(db, parties, cid, "skaggetorp", people=20)
    _report(db, parties, cid, "ryd", people=5, age_band="18-24", months=2.0)
    return cid


def test_the_owner_sees_its_contracts_and_the_follow_up_with_the_numbers(
    db: Session, parties: Parties
) -> None:
    cid = _behind(db, parties)
    page = _get(parties, f"{BASE}?dag={DAY}")
    assert page.status_code == 200, page.text[-800:]
    row = _part(page.text, rf'<tr id="avtal-{cid}".*?</tr>')
    assert 'data-status="behind"' in row and 'class="badge"' in row and "⚠" in row
    assert "UH-2026-014" in row and "Underhåll Skäggetorp" in row and "Bygg &amp; Mark AB" in row
    assert "Stångåstaden" in row and "2026-06-01" in row and "2026-08-31" in row
    assert "<strong>25</strong> / 100" in row
    assert "40,0 / 150,0" in row  # months: 20 × 1.5 + 5 × 2
    assert "25 %" in row
    assert 'id="contract-form"' in page.text  # the owner may add a contract

    page = _get(parties, f"{BASE}/{cid}?dag={DAY}")
    assert page.status_code == 200, page.text[-800:]
    text = page.text
    assert 'id="delivered">25<' in text and 'id="required">100<' in text
    assert 'id="share">25<' in text
    assert 'id="expected">66,3<' in text
    assert 'id="remaining">75<' in text and 'id="days-left">31<' in text
    bar = _part(text, r'<svg[^>]*id="pace-bar".*?</svg>')  # 25 of 100 drawn, 66.3 marked
    assert 'class="bar-delivered" x="0" y="4" width="180.0"' in bar and 'x1="477.4"' in bar
    warning = _part(text, r'id="pace-warning".*?</p>')
    for number in ("25", "100", "66", "2026-07-31", "75", "31"):
        assert number in warning
    bands = _part(text, r'id="by-age-band".*?</table>')
    assert re.search(r"15-17 [^<]*</th><td[^>]*>20</td><td[^>]*>30,0</td>\s*<td[^>]*>80 %", bands)
    assert re.search(r"18-24 [^<]*</th><td[^>]*>5</td><td[^>]*>10,0</td>", bands)
    districts = _part(text, r'id="by-district".*?</table>')
    assert re.search(r"Ryd</th><td[^>]*>5</td>", districts)
    assert re.search(r"Skäggetorp</th><td[^>]*>20</td>", districts)
    assert text.count('<tr id="rapport-') == 2
    assert 'id="report-form"' not in text  # the owner does not report

    # in English the warning is the service's own sentence
    en = _get(parties, f"{BASE}/{cid}?dag={DAY}", lang="en").text
    expected = summer.followup(db, parties.principals["owner"], cid, date(2026, 7, 31)).warning
    assert expected and str(escape(expected)) in en
    # early in the period the same 25 are ahead; after it, short
    assert 'data-status="ahead"' in _get(parties, f"{BASE}/{cid}?dag=2026-06-10").text
    after = _get(parties, f"{BASE}/{cid}?dag=2026-09-01").text
    assert 'id="status" data-status="ended_short"' in after and 'id="pace-warning"' in after


def test_a_contract_is_added_from_the_form(db: Session, parties: Parties) -> None:
    page = _get(parties, f"{BASE}?dag=2026-06-15").text
    form = _part(page, r'<select id="c-contractor".*?</select>')
    offered = re.findall(r'<option value="(\d+)"', form)
    assert str(parties.ids["bygg_org"]) in offered and str(parties.ids["maleri_org"]) in offered
    assert str(parties.ids["kommun_org"]) in offered  # an EST partner
    assert str(parties.ids["bolag_org"]) not in offered  # itself
    assert "Norrköping" not in page  # another municipality: not named

    r = _post(
        parties,
        BASE,
        dag="2026-06-15",
        contractor_org_id=str(parties.ids["bygg_org"]),
        reference="UH-2026-020",
        title="Underhåll Ryd",
        target_group="16–19 år",
        required_people="40",
        required_months="52,5",
        period_start="2026-06-01",
        period_end="2026-08-31",
    )
    assert r.status_code == 303, r.text[-800:]
    found = re.fullmatch(rf"{BASE}/(\d+)\?dag=2026-06-15", r.headers["location"])
    assert found
    contract = db.get(SummerContract, int(found.group(1)))
    assert contract is not None
    assert (contract.org_id, contract.contractor_org_id) == (
        parties.ids["bolag_org"],
        parties.ids["bygg_org"],
    )
    assert (contract.required_people, contract.required_months) == (40, 52.5)
    assert (contract.period_start, contract.period_end) == (START, END)
    page = _get(parties, r.headers["location"])
    assert page.status_code == 200 and "UH-2026-020" in page.text
    assert 'id="no-reports"' in page.text


GOOD = {
    "reference": "UH-2026-021",
    "title": "Underhåll Berga",
    "target_group": "16–19 år",
    "required_people": "40",
    "period_start": "2026-06-01",
    "period_end": "2026-08-31",
}


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"period_end": "2026-05-01"}, "end of the period"),
        ({"required_people": "x"}, "people required"),
        ({"required_people": "0"}, "people required"),
        ({"required_months": "många"}, "months of work required"),
        ({"contractor": "norrkoping_org"}, "contractor"),  # not offered: another municipality
        ({"contractor": "bolag_org"}, "contractor"),  # itself
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_field_is_refused_by_name_and_nothing_is_saved(
    db: Session, parties: Parties, bad: dict[str, str], field: str
) -> None:
    before = _count(db, SummerContract)
    data = {**GOOD, **bad}
    contractor = parties.ids[data.pop("contractor", "bygg_org")]
    r = _post(parties, BASE, lang="en", contractor_org_id=str(contractor), **data)
    assert r.status_code == 422, r.text[-800:]
    errors = _part(r.text, r'id="p-errors".*?</div>')
    assert f"<strong>{field}</strong>" in errors
    assert 'value="Underhåll Berga"' in r.text or not data["title"]  # what was typed stays
    assert f'<option value="{parties.ids["bygg_org"]}"' in r.text
    assert "Norrköping" not in r.text
    assert _count(db, SummerContract) == before


def test_the_contractor_sees_its_own_contract_and_reports_from_the_form(
    db: Session, parties: Parties
) -> None:
    cid = _behind(db, parties)
    theirs = _contract(db, parties, "maleri_org", reference="UH-2026-015", title="Målning Ryd")
    page = _get(parties, f"{BASE}?dag={DAY}", who="reporter")
    assert page.status_code == 200, page.text[-800:]
    assert f'id="avtal-{cid}"' in page.text and "Stångåstaden" in page.text
    assert "Målning Ryd" not in page.text and f'id="avtal-{theirs}"' not in page.text
    assert 'id="contract-form"' not in page.text  # a contractor adds no contract

    follow = _get(parties, f"{BASE}/{cid}?dag={DAY}", who="reporter").text
    form = _part(follow, r'<form[^>]*id="report-form".*?</form>')
    assert f'<option value="{parties.ids["skaggetorp"]}"' in form
    assert f'<option value="{parties.ids["ryd"]}"' in form
    assert "Navestad" not in form  # districts of the owner's EST group only
    assert 'value="2026-07-31"' in form  # the day shown, within the period

    r = _post(
        parties,
        f"{BASE}/{cid}/rapporter",
        who="reporter",
        dag=DAY,
        employed_on="2026-07-20",
        age_band="18-24",
        district_id=str(parties.ids["skaggetorp"]),
        people="3",
        months="1,5",
    )
    assert r.status_code == 303, r.text[-800:]
    found = re.fullmatch(rf"{BASE}/{cid}\?dag={DAY}#rapport-(\d+)", r.headers["location"])
    assert found
    row = db.get(SummerReport, int(found.group(1)))
    assert row is not None and (row.people, row.months, row.age_band) == (3, 1.5, "18-24")
    after = _get(parties, r.headers["location"], who="reporter").text
    assert 'id="delivered">28<' in after and 'id="remaining">72<' in after
    assert f'<tr id="rapport-{row.id}"' in after
    bands = _part(after, r'id="by-age-band".*?</table>')
    assert re.search(r"18-24 [^<]*</th><td[^>]*>8</td><td[^>]*>14,5</td>", bands)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"people": "0"}, "number of people"),
        ({"people": "tre"}, "number of people"),
        ({"months": "30"}, "months of work"),
        ({"employed_on": "2026-09-15"}, "employed on"),  # after the period
        ({"age_band": "12-14"}, "age band"),
        ({"district": "linkoping"}, "district"),  # a municipality, not a district
    ],
)
def test_a_bad_report_is_refused_by_name_and_nothing_is_saved(
    db: Session, parties: Parties, bad: dict[str, str], field: str
) -> None:
    cid = _contract(db, parties)
    data = {"employed_on": "2026-06-20", "age_band": "15-17", "people": "3", "months": "2", **bad}
    district = data.pop("district", "skaggetorp")
    r = _post(
        parties,
        f"{BASE}/{cid}/rapporter",
        who="reporter",
        lang="en",
        district_id=str(parties.ids[district]),
        **data,
    )
    assert r.status_code == 422, r.text[-800:]
    errors = _part(r.text, r'id="p-errors".*?</div>')
    assert f"<strong>{field}</strong>" in errors
    assert 'id="report-form"' in r.text and f'value="{data["people"]}"' in r.text
    assert _count(db, SummerReport) == 0


def test_another_contractor_and_another_municipality_get_404_without_the_contract(
    db: Session, parties: Parties
) -> None:
    cid = _behind(db, parties)
    for who in ("other", "nkpg_handlaggare", "polis"):
        page = _get(parties, f"{BASE}/{cid}?dag={DAY}", who=who)
        assert page.status_code == 404, (who, page.status_code)
        assert "Underhåll Skäggetorp" not in page.text and "UH-2026-014" not in page.text
        listed = _get(parties, f"{BASE}?dag={DAY}", who=who)
        assert listed.status_code == 200, who  # their own (empty) list
        assert "Underhåll Skäggetorp" not in listed.text and f'id="avtal-{cid}"' not in listed.text
    r = _post(
        parties,
        f"{BASE}/{cid}/rapporter",
        who="other",
        employed_on="2026-06-20",
        age_band="15-17",
        district_id=str(parties.ids["skaggetorp"]),
        people="3",
        months="2",
    )
    assert r.status_code == 404 and "Underhåll Skäggetorp" not in r.text
    assert _count(db, SummerReport) == 2
    # a samordnare with no other role has neither programs nor contracts
    assert _get(parties, BASE, who="samordnare_only").status_code == 404
    # another municipality's case worker may not add a contract for Stångåstaden
    r = _post(
        parties,
        BASE,
        who="nkpg_handlaggare",
        org_id=str(parties.ids["bolag_org"]),
        contractor_org_id=str(parties.ids["bygg_org"]),
        **GOOD,
    )
    assert r.status_code == 404 and _count(db, SummerContract) == 1


def test_the_owner_gets_no_report_form_and_its_report_is_refused(
    db: Session, parties: Parties
) -> None:
    cid = _contract(db, parties)
    page = _get(parties, f"{BASE}/{cid}?dag={DAY}")
    assert page.status_code == 200 and 'id="report-form"' not in page.text
    r = _post(
        parties,
        f"{BASE}/{cid}/rapporter",
        employed_on="2026-06-20",
        age_band="15-17",
        district_id=str(parties.ids["skaggetorp"]),
        people="3",
        months="2",
    )
    assert r.status_code == 403, r.text[-800:]
    assert 'id="p-errors"' in r.text and _count(db, SummerReport) == 0


def test_the_contractor_finds_the_summer_jobs_in_the_menu(db: Session, parties: Parties) -> None:
    assert contractor_only(parties.principals["reporter"])
    assert not contractor_only(parties.principals["owner"])  # the employment pages instead
    start = _get(parties, "/", who="reporter").text
    assert f'href="{BASE}"' in start
    assert f'href="{BASE}"' not in _get(parties, "/").text
    assert _get(parties, f"{BASE}?dag=not-a-day", who="reporter").status_code == 422


def test_only_a_company_s_reporter_gets_the_summer_jobs_entry() -> None:
    from samverkan.orgs.policy import Principal

    def reporter(kind: str) -> Principal:
        return Principal(
            user_id=1,
            token_id=None,
            org_id=7,
            roles={7: frozenset({"rapportor"})},
            org_kinds={7: kind},
        )

    assert contractor_only(reporter("annan"))
    for kind in ("bostadsbolag", "polis", "forening", "kommun"):
        assert not contractor_only(reporter(kind)), kind

"""The associations' pages over HTTP (asked in English, the msgids; Swedish is the catalog's):
Stångåstaden's case worker registers an association and makes an agreement from the forms and
follows it up on a fixed day — each commitment delivered against its pace, the activities that
did not count and why, the reach; Hemgårdarnas BK's reporter reports activities from the
agreement's page and hands in a period's report; the payment is released only after it. Every
refusal names its field beside the input, keeps what was typed and saves nothing; another
association's reporter gets 404, the supporter may not report."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.associations import service
from samverkan.associations.models import Activity, Agreement, Association, PaymentPeriod
from samverkan.associations.schemas import ActivityIn
from samverkan.core.i18n import translations
from samverkan.orgs.models import User
from tests.associations.conftest import DAY, AssocWorld
from tests.conftest import login_client

ON = DAY.isoformat()  # 2026-06-30: 181 of 2026's 365 days passed


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' today is the world's day."""
    import samverkan.associations.agreement_pages as agreement_pages
    import samverkan.associations.pages as pages

    monkeypatch.setattr(pages, "today", lambda: DAY)
    monkeypatch.setattr(agreement_pages, "today", lambda: DAY)


class Who:
    """Logged-in clients in English: the supporter (Stina), Hemgårdarnas BK (Hamid), Ryds
    Dansförening (Dina)."""

    def __init__(self, app: Any, db: Session, aw: AssocWorld) -> None:
        self.clients: dict[str, tuple[TestClient, str]] = {}
        for key, p in (("stina", aw.supporter), ("hamid", aw.hemgarden), ("dina", aw.dancer)):
            user = db.get(User, p.user_id)
            assert user is not None
            client, csrf = login_client(app, db, user)
            client.cookies.set("samverkan_lang", "en")
            self.clients[key] = (client, csrf)
        db.commit()

    def get(self, who: str, url: str) -> Any:
        return self.clients[who][0].get(url, follow_redirects=False)

    def post(self, who: str, url: str, **data: Any) -> Any:
        client, csrf = self.clients[who]
        return client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)


@pytest.fixture
def who(app: Any, db: Session, assoc_world: AssocWorld) -> Who:
    return Who(app, db, assoc_world)


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def activity(aw: AssocWorld, **over: Any) -> dict[str, Any]:
    form = {
        "held_on": "2026-03-03",
        "district_id": str(aw.world.ids["skaggetorp"]),
        "kind": "idrott",
        "form": "traning",
        "title": "Öppen träning",
        "minutes": "90",
        "leaders": "2",
        "att_7-12_flicka": "6",
        "att_13-16_pojke": "5",
    }
    return {**form, **over}


def seed_activities(db: Session, aw: AssocWorld) -> None:
    """Three trainings that count, one too short, one without a leader (each 11 people)."""
    for day, minutes, leaders in (
        ("2026-02-03", 90, 2),
        ("2026-02-10", 90, 1),
        ("2026-03-03", 60, 1),
        ("2026-03-10", 30, 1),
        ("2026-03-17", 90, 0),
    ):
        data = {
            **{k: v for k, v in activity(aw).items() if not k.startswith("att_")},
            "held_on": day,
            "minutes": minutes,
            "leaders": leaders,
            "agreement_id": aw.agreement.id,
            "attendance": [
                {"age_band": "7-12", "gender": "flicka", "people": 6},
                {"age_band": "13-16", "gender": "pojke", "people": 5},
            ],
        }
        service.report_activity(db, aw.hemgarden, aw.hbk.id, ActivityIn.model_validate(data), DAY)
    db.commit()


def beside(html: str, field: str) -> str:
    """The refusal shown beside the input ``field``."""
    found = re.search(rf'id="err-{re.escape(field)}"[^>]*>([^<]+)<', html)
    assert found, f"no refusal beside {field}"
    return html_lib.unescape(found.group(1))


# --- the start page and the follow-up ---------------------------------------------------------


def test_the_supporter_follows_the_agreement_up_on_a_day(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    seed_activities(db, aw)
    start = who.get("stina", f"/foreningar?dag={ON}")
    assert start.status_code == 200
    card = start.text.split(f'id="avtal-{aw.agreement.id}"', 1)[1].split("</article>")[0]
    assert "Fotboll för Skäggetorp 2026" in card and 'data-behind="yes"' in card
    assert '<span class="delivered">3</span> of <span class="required">30</span>' in card
    assert "expected by 2026-06-30: 14.9" in card and "Behind" in card
    assert "Ryds Dansförening" in start.text and 'id="register-link"' in start.text

    page = who.get("stina", f"/foreningar/avtal/{aw.agreement.id}?dag={ON}")
    assert page.status_code == 200
    text = page.text
    train = text.split(f'id="c-{aw.agreement.commitments[0].id}"', 1)[1].split("</dl>")[0]
    assert 'data-status="behind"' in train
    assert (
        '<strong class="delivered">3</strong>' in train
        and '(<span class="share">10</span> %)' in train
    )
    assert '<dd class="expected">14.9</dd>' in train and '<dd class="days-left">184</dd>' in train
    assert "too short: 1" in train and "too few leaders: 1" in train
    assert '<dd class="matching">5</dd>' in train
    warning = text.split('id="pace-warning"', 1)[1].split("</div>")[0]
    assert "3 of 30 delivered by 2026-06-30" in warning and "expects 14.9" in warning
    assert "184 days" in warning
    assert '<dd id="activity-count">5</dd>' in text
    assert '<dd id="participant-count">55</dd>' in text
    band = text.split('id="by-age-band"', 1)[1].split("</table>")[0]
    assert "7–12 years" in band and ">30<" in band and ">25<" in band
    assert "girls and women" in text.split('id="by-gender"', 1)[1].split("</table>")[0]
    assert "Skäggetorp" in text.split('id="by-district"', 1)[1].split("</table>")[0]
    rows = text.split('id="activities"', 1)[1].split("</table>")[0]
    assert rows.count('data-counts="yes"') == 3 and rows.count('data-counts="no"') == 2
    assert f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.pdf" in text
    assert f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.csv" in text
    # the supporter sees no report form, but may release
    assert 'id="activity-form"' not in text and "Release the payment" in text
    assert "The report is handed in" not in text


def test_the_start_page_narrows_to_a_district(who: Who, assoc_world: AssocWorld) -> None:
    ryd = assoc_world.world.ids["ryd"]
    r = who.get("stina", f"/foreningar?stadsdel={ryd}&dag={ON}")
    assert r.status_code == 200
    listed = r.text.split('id="associations"', 1)[1]
    assert "Ryds Dansförening" in listed and "Hemgårdarnas BK" not in listed
    assert "Fotboll för Skäggetorp 2026" not in r.text  # Hemgårdarnas BK's agreement
    assert f'<option value="{ryd}" selected>' in r.text


def test_swedish_is_the_default(who: Who, assoc_world: AssocWorld) -> None:
    client = who.clients["stina"][0]
    client.cookies.set("samverkan_lang", "sv")
    r = client.get(f"/foreningar/avtal/{assoc_world.agreement.id}?dag={ON}")
    sv = translations("sv").gettext
    assert r.status_code == 200 and sv("Release the payment") in r.text
    assert sv("behind pace") in r.text  # "efter takten"


# --- registering ------------------------------------------------------------------------------


def register_form(aw: AssocWorld, **over: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "Skäggetorps Schackklubb",
        "orgnr": "802400-0005",
        "kinds": ["kultur", "laxhjalp"],
        "district_ids": [str(aw.world.ids["skaggetorp"]), str(aw.world.ids["ryd"])],
        "description": "Schack för barn varje onsdag.",
        "contact_name": "Sune Schack",
        "contact_role": "ordförande",
        "contact_email": "sune@example.se",
        "contact_phone": "013-123456",
    }
    return {**form, **over}


def test_the_supporter_registers_an_association(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    form = who.get("stina", "/foreningar/ny")
    assert form.status_code == 200 and 'name="orgnr"' in form.text
    assert 'name="district_ids"' in form.text and "Skäggetorp" in form.text
    r = who.post("stina", "/foreningar/ny", **register_form(assoc_world))
    assert r.status_code == 303
    assoc_id = int(r.headers["location"].rsplit("/", 1)[1])
    page = who.get("stina", r.headers["location"])
    assert page.status_code == 200
    assert '<dd id="orgnr">802400-0005</dd>' in page.text
    assert "culture" in page.text and "homework help" in page.text
    assert "Ryd, Skäggetorp" in page.text
    assert "Sune Schack" in page.text and "013-123456" in page.text
    assert db.get(Association, assoc_id) is not None


def test_a_wrong_check_digit_is_refused_beside_the_field(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    before = count(db, Association)
    r = who.post("stina", "/foreningar/ny", **register_form(assoc_world, orgnr="802400-0006"))
    assert r.status_code == 422
    assert "organisation number" in r.text  # the field's name in the list above the form
    assert beside(r.text, "orgnr")
    assert 'value="Skäggetorps Schackklubb"' in r.text and 'value="802400-0006"' in r.text
    assert re.search(r'value="kultur" checked', r.text)
    assert count(db, Association) == before
    # no kind ticked: refused beside the kinds
    r = who.post("stina", "/foreningar/ny", **register_form(assoc_world, kinds=[]))
    assert r.status_code == 422 and beside(r.text, "kinds")
    assert count(db, Association) == before


def test_only_supporters_register(who: Who) -> None:
    assert who.get("hamid", "/foreningar/ny").status_code == 404
    assert who.post("hamid", "/foreningar/ny", name="X").status_code == 404


# --- a new agreement --------------------------------------------------------------------------


def agreement_form(aw: AssocWorld, **over: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "association_id": str(aw.dans.id),
        "title": "Dans i Ryd 2026",
        "amount_sek": "40000",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "counter_performance": "Öppen dans för unga.",
        "payment_periods": "2",
        "rule_min_minutes": "60",
        "rule_min_leaders": "1",
        "rule_min_participants": "",
        "rule_age_min": "",
        "rule_age_max": "",
        "c1_description": "20 öppna danspass",
        "c1_required": "20",
        "c1_unit": "tillfallen",
        "c1_forms": ["oppen"],
        "c1_district_id": str(aw.world.ids["ryd"]),
        "c2_description": "",
        "c2_required": "",
        "c2_unit": "tillfallen",
        "c3_unit": "deltagare",
    }
    return {**form, **over}


def test_the_supporter_makes_an_agreement(who: Who, db: Session, assoc_world: AssocWorld) -> None:
    aw = assoc_world
    form = who.get("stina", f"/foreningar/avtal/ny?forening={aw.dans.id}&lok=1")
    assert form.status_code == 200 and "Ryds Dansförening" in form.text
    assert 'name="rule_min_minutes" type="text" value="60"' in form.text
    assert 'name="rule_age_max" type="text" value="25"' in form.text
    assert "LOK-stöd" in form.text
    r = who.post("stina", "/foreningar/avtal/ny", **agreement_form(aw))
    assert r.status_code == 303, r.text[-2000:]
    agreement = db.get(Agreement, int(r.headers["location"].rsplit("/", 1)[1]))
    assert agreement is not None and len(agreement.commitments) == 1  # the empty rows left out
    assert agreement.commitments[0].forms == ["oppen"]
    assert [p.amount_sek for p in agreement.periods] == [20000, 20000]
    page = who.get("stina", f"{r.headers['location']}?dag={ON}")
    assert "20 öppna danspass" in page.text and "Dans i Ryd 2026" in page.text
    assert re.search(r'<span id="amount">40\D?000</span>', page.text)


def test_an_agreement_without_commitments_or_in_a_foreign_district_is_refused(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    before = count(db, Agreement)
    empty = agreement_form(aw, c1_description="", c1_required="", c1_forms=[], c1_district_id="")
    r = who.post("stina", "/foreningar/avtal/ny", **empty)
    assert r.status_code == 422 and beside(r.text, "c1_description")
    assert 'value="Dans i Ryd 2026"' in r.text
    foreign = agreement_form(aw, c1_district_id=str(aw.world.ids["skaggetorp"]))
    r = who.post("stina", "/foreningar/avtal/ny", **foreign)
    assert r.status_code == 422
    assert "not registered as active" in beside(r.text, "c1_district_id")
    r = who.post("stina", "/foreningar/avtal/ny", **agreement_form(aw, rule_age_max="24"))
    assert r.status_code == 422 and "age band" in beside(r.text, "rule_age_max")
    assert count(db, Agreement) == before


# --- the association reports ------------------------------------------------------------------


def test_the_association_reports_an_activity_and_sees_it_counted(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    url = f"/foreningar/avtal/{aw.agreement.id}"
    page = who.get("hamid", f"{url}?dag={ON}")
    assert page.status_code == 200 and 'id="activity-form"' in page.text
    assert 'name="att_7-12_flicka"' in page.text and 'name="att_26-_annat"' in page.text
    assert "Release the payment" not in page.text
    r = who.post("hamid", f"{url}/aktiviteter", dag=ON, **activity(aw))
    assert r.status_code == 303
    assert r.headers["location"] == f"{url}?dag={ON}#aktiviteter"
    page = who.get("hamid", f"{url}?dag={ON}")
    train = page.text.split(f'id="c-{aw.agreement.commitments[0].id}"', 1)[1].split("</dl>")[0]
    assert '<strong class="delivered">1</strong>' in train
    assert '<dd id="participant-count">11</dd>' in page.text
    start = who.get("hamid", f"/foreningar?dag={ON}")
    assert f'href="{url}#rapportera"' in start.text and 'id="register-link"' not in start.text


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"held_on": "2025-12-01"}, "held_on", "within the agreement's period"),
        ({"att_7-12_flicka": "-2"}, "att_7-12_flicka", "at least 0"),
        ({"leaders": "-1"}, "leaders", "at least 0"),
        ({"minutes": "mycket"}, "minutes", "whole number"),
    ],
)
def test_a_refused_activity_names_its_field_and_saves_nothing(
    who: Who, db: Session, assoc_world: AssocWorld, over: dict[str, str], field: str, words: str
) -> None:
    aw = assoc_world
    before = count(db, Activity)
    r = who.post(
        "hamid", f"/foreningar/avtal/{aw.agreement.id}/aktiviteter", **activity(aw, **over)
    )
    assert r.status_code == 422
    assert words in beside(r.text, field)
    assert 'value="Öppen träning"' in r.text  # kept
    assert count(db, Activity) == before


def test_a_district_the_association_is_not_active_in_is_refused(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    ryd = str(aw.world.ids["ryd"])
    r = who.post(
        "hamid",
        f"/foreningar/avtal/{aw.agreement.id}/aktiviteter",
        **activity(aw, district_id=ryd),
    )
    assert r.status_code == 422 and "not registered as active" in beside(r.text, "district_id")
    assert count(db, Activity) == 0


def test_another_association_gets_404_and_the_supporter_may_not_report(
    who: Who, db: Session, assoc_world: AssocWorld
) -> None:
    aw = assoc_world
    url = f"/foreningar/avtal/{aw.agreement.id}"
    for r in (
        who.get("dina", url),
        who.post("dina", f"{url}/aktiviteter", **activity(aw)),
        who.get("dina", f"/foreningar/{aw.hbk.id}"),
        who.post("dina", f"/foreningar/{aw.hbk.id}/aktiviteter", **activity(aw)),
    ):
        assert r.status_code == 404
        assert "Fotboll för Skäggetorp" not in r.text
    assert "Fotboll för Skäggetorp" not in who.get("dina", "/foreningar").text
    r = who.post("stina", f"{url}/aktiviteter", **activity(aw))
    assert r.status_code == 403
    assert count(db, Activity) == 0


def test_an_activity_outside_any_agreement(who: Who, db: Session, assoc_world: AssocWorld) -> None:
    aw = assoc_world
    url = f"/foreningar/{aw.hbk.id}"
    page = who.get("hamid", url)
    assert 'id="activity-form"' in page.text and f'action="{url}/aktiviteter"' in page.text
    r = who.post("hamid", f"{url}/aktiviteter", **activity(aw, title="Sommarlovsfotboll"))
    assert r.status_code == 303 and r.headers["location"] == f"{url}#aktiviteter"
    found = db.scalar(select(Activity).where(Activity.title == "Sommarlovsfotboll"))
    assert found is not None and found.agreement_id is None and found.participants == 11
    page = who.get("stina", url)
    assert "Sommarlovsfotboll" in page.text and "Ada Ordförande" in page.text
    row = page.text.split(f'id="aktivitet-{found.id}"', 1)[1].split("</tr>")[0]
    assert 'class="num participants" data-label="Participants">–<' in row  # no party to it
    own = who.get("hamid", url).text.split(f'id="aktivitet-{found.id}"', 1)[1].split("</tr>")[0]
    assert 'data-label="Participants">11<' in own
    assert 'id="activity-form"' not in page.text
    r = who.post("hamid", f"{url}/aktiviteter", **activity(aw, held_on="2026-07-01"))
    assert r.status_code == 422 and "after today" in beside(r.text, "held_on")


# --- the payment periods ----------------------------------------------------------------------


def test_release_only_after_the_report(who: Who, db: Session, assoc_world: AssocWorld) -> None:
    aw = assoc_world
    first = aw.agreement.periods[0]
    url = f"/foreningar/avtal/{aw.agreement.id}"
    r = who.post("stina", f"{url}/perioder/1/frigor", dag=ON)
    assert r.status_code == 422
    assert "only after the report for the period is in" in r.text
    r = who.post("hamid", f"{url}/perioder/2/rapport", dag=ON)
    assert r.status_code == 422 and "once the period has ended" in r.text
    assert who.post("hamid", f"{url}/perioder/1/frigor").status_code == 403
    assert who.post("stina", f"{url}/perioder/1/rapport").status_code == 403
    r = who.post("hamid", f"{url}/perioder/1/rapport", dag=ON)
    assert r.status_code == 303 and r.headers["location"].endswith("#period-1")
    r = who.post("stina", f"{url}/perioder/1/frigor", dag=ON)
    assert r.status_code == 303
    db.expire_all()
    period = db.get(PaymentPeriod, first.id)
    assert period is not None and period.status == "released"
    page = who.get("hamid", f"{url}?dag={ON}")
    row = page.text.split('id="period-1"', 1)[1].split("</tr>")[0]
    assert 'data-status="released"' in row and "payment released" in row
    assert who.post("dina", f"{url}/perioder/1/rapport").status_code == 404
    assert who.post("stina", f"{url}/perioder/3/frigor").status_code == 404  # no third period

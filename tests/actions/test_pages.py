"""The actions' pages as people use them: the status form of an action, the decision and
meeting forms that refuse with a message beside the form and save nothing, and what the pages
say (labels, verdicts in the page's language, Swedish typography, the PDF's title)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.actions import queries, service
from samverkan.actions.models import Action, Decision, Meeting
from samverkan.actions.schemas import ActionIn, MeetingIn
from samverkan.core.errors import Conflict, Invalid
from samverkan.core.timeutil import STOCKHOLM, current_week, today
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from tests.conftest import World


def _principal(db: Session, world: World, persona: str = "samordnare") -> Principal:
    user = world.personas[persona].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


def _post(world: World, persona: str, url: str, data: dict[str, Any]) -> Any:
    who = world.personas[persona]
    return who.client.post(url, data={**data, "csrf_token": who.csrf}, follow_redirects=False)


def _plan(db: Session, world: World, title: str = "Sanera klotter vid torget", **kw: Any) -> Action:
    body: dict[str, Any] = {
        "group_id": world.ids["est_group"],
        "type": "klottersanering",
        "title": title,
        "owner_org_id": world.ids["bolag_org"],
        "due_on": today() + timedelta(days=7),
    }
    body.update(kw)
    a = service.create_action(db, _principal(db, world), ActionIn(**body), allow_past_due=True)
    db.commit()
    return a


def _text(html: str) -> str:
    """The page's words, tags removed (how a reader or a screen reader meets them)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# --- the status of an action, on its page ----------------------------------------------------


def test_the_owner_moves_the_action_on_from_its_page(db: Session, world: World) -> None:
    a = _plan(db, world)
    url = f"/insatser/{a.id}"
    page = world.personas["rapportor"].client.get(url)
    assert "Uppdatera status" in page.text and f'action="{url}/status"' in page.text
    assert 'name="csrf_token"' in page.text
    r = _post(world, "rapportor", f"{url}/status", {"status": "pagar", "note": "Beställt"})
    assert r.status_code == 303 and r.headers["location"] == f"{url}#status-h"
    r = _post(world, "rapportor", f"{url}/status", {"status": "klar", "note": "Sanerat"})
    assert r.status_code == 303
    db.expire_all()
    done = db.get(Action, a.id)
    assert done is not None and done.status == "klar" and done.completed_on == today()
    page = world.personas["rapportor"].client.get(url)
    assert "<dt>Status</dt><dd>klar</dd>" in page.text
    text = _text(page.text)
    assert "Stångåstaden: planerad → pågår. Beställt" in text
    assert "Stångåstaden: pågår → klar. Sanerat" in text
    # the same through the API's rule: a samordnare of the group may too
    r = _post(world, "samordnare", f"{url}/status", {"status": "pagar", "note": "Öppnad igen"})
    assert r.status_code == 303


def test_others_get_no_status_form_and_may_not_post_it(db: Session, world: World) -> None:
    a = _plan(db, world)
    page = world.personas["forening"].client.get(f"/insatser/{a.id}")
    assert page.status_code == 200 and "Uppdatera status" not in page.text
    r = _post(world, "forening", f"/insatser/{a.id}/status", {"status": "klar"})
    assert r.status_code == 403
    r = _post(world, "outsider", f"/insatser/{a.id}/status", {"status": "klar"})
    assert r.status_code == 404
    db.expire_all()
    assert db.get(Action, a.id).status == "planerad"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"status": "fest", "note": "Hej"}, "välj en status: planerad, pågår, klar eller avbruten"),
        ({"status": "planerad", "note": ""}, "insatsen är redan planerad"),
        ({"status": "klar", "note": "x" * 501}, "anteckningen är längre än 500 tecken"),
    ],
)
def test_a_refused_status_shows_the_page_again_with_why(
    db: Session, world: World, form: dict[str, str], message: str
) -> None:
    a = _plan(db, world)
    r = _post(world, "rapportor", f"/insatser/{a.id}/status", form)
    assert r.status_code == 422
    assert "Sanera klotter vid torget" in r.text  # the action's page, not an error page
    assert 'role="alert"' in r.text and message in r.text
    assert f">{form['note']}</textarea>" in r.text  # what was typed is kept
    db.expire_all()
    assert [e.to_status for e in db.get(Action, a.id).history] == ["planerad"]  # type: ignore[union-attr]


# --- decisions: half an action is refused, nothing is saved ------------------------------------


def _meeting(db: Session, world: World, held: date | None = None) -> Meeting:
    m = service.create_meeting(
        db,
        _principal(db, world),
        MeetingIn(group_id=world.ids["est_group"], held_on=held or today(), starts="09:00"),
    )
    db.commit()
    return m


def _count(db: Session, model: Any) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_a_decision_with_half_an_action_is_refused_and_kept_in_the_form(
    db: Session, world: World
) -> None:
    m = _meeting(db, world)
    form = {"text": "Tunneln saneras", "title": "Sanera tunneln", "type": "", "owner_org_id": ""}
    r = _post(world, "samordnare", f"/moten/{m.id}/beslut", form)
    assert r.status_code == 422
    assert "Inget sparades" in r.text
    assert "insatsen saknar typ" in r.text
    assert "insatsen saknar ägare" in r.text
    assert "insatsen saknar slutdatum (fältet ”Klart senast”)" in r.text
    assert "insatsen saknar titel" not in r.text
    assert ">Tunneln saneras</textarea>" in r.text and 'value="Sanera tunneln"' in r.text
    assert 'id="d-type" name="type" aria-invalid="true"' in r.text
    assert _count(db, Decision) == 0 and _count(db, Action) == 0


def test_a_refused_action_saves_not_even_the_decision(db: Session, world: World) -> None:
    m = _meeting(db, world)
    form = {
        "text": "Tunneln saneras",
        "title": "Sanera tunneln",
        "type": "klottersanering",
        "owner_org_id": str(world.ids["bolag_org"]),
        "due_on": "2020-01-01",
    }
    r = _post(world, "samordnare", f"/moten/{m.id}/beslut", form)
    assert r.status_code == 422
    assert "slutdatumet 2020-01-01 har redan passerat" in r.text
    assert ">Tunneln saneras</textarea>" in r.text
    assert _count(db, Decision) == 0 and _count(db, Action) == 0
    due = (today() + timedelta(days=7)).isoformat()
    r = _post(world, "samordnare", f"/moten/{m.id}/beslut", {**form, "due_on": due})
    assert r.status_code == 303
    assert _count(db, Decision) == 1 and _count(db, Action) == 1
    r = _post(world, "samordnare", f"/moten/{m.id}/beslut", {"text": "Bara ett beslut"})
    assert r.status_code == 303 and _count(db, Decision) == 2 and _count(db, Action) == 1
    page = world.personas["samordnare"].client.get(f"/moten/{m.id}")
    assert "Bara ett beslut" in page.text and "Tunneln saneras → " in _text(page.text)


# --- meetings: no twins, no implausible dates; actions: not due in the past ---------------------


def test_the_same_meeting_twice_is_refused_with_its_date(db: Session, world: World) -> None:
    day = (today() + timedelta(days=5)).isoformat()
    form = {"group_id": str(world.ids["est_group"]), "held_on": day, "starts": "09:00"}
    assert _post(world, "samordnare", "/moten", form).status_code == 303
    r = _post(world, "samordnare", "/moten", form)
    assert r.status_code == 409
    assert f"gruppen har redan ett möte {day} kl. 09:00" in r.text
    assert 'href="/moten/' in r.text and f'value="{day}"' in r.text  # the form, filled in
    assert _count(db, Meeting) == 1
    assert _post(world, "samordnare", "/moten", {**form, "starts": "13:00"}).status_code == 303
    with pytest.raises(Conflict) as err:
        service.create_meeting(
            db,
            _principal(db, world),
            MeetingIn(group_id=world.ids["est_group"], held_on=date.fromisoformat(day)),
        )
    assert err.value.field == "held_on" and err.value.status == 409


def test_two_requests_racing_for_one_meeting_give_a_conflict_not_a_500(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When both pass the service's check at once (PostgreSQL serialises nothing), the unique
    index refuses the second: a 409 in words, nothing half-saved."""
    day = (today() + timedelta(days=6)).isoformat()
    form = {"group_id": str(world.ids["est_group"]), "held_on": day, "starts": "10:00"}
    assert _post(world, "samordnare", "/moten", form).status_code == 303
    monkeypatch.setattr(queries, "meeting_at", lambda *a: None)  # the check saw nothing yet
    r = _post(world, "samordnare", "/moten", form)
    assert r.status_code == 409
    assert f"gruppen har redan ett möte {day} kl. 10:00" in r.text
    assert _count(db, Meeting) == 1


@pytest.mark.parametrize(
    ("held", "message"),
    [
        ("1900-01-01", "mötesdatumet 1900-01-01 ligger mer än ett år bakåt i tiden"),
        (
            (today() + timedelta(days=3 * 365)).isoformat(),
            "ligger mer än två år framåt i tiden",
        ),
        ("2026-13-01", "Ange mötets grupp, datum"),
    ],
)
def test_an_implausible_meeting_date_is_refused_by_name(
    db: Session, world: World, held: str, message: str
) -> None:
    form = {"group_id": str(world.ids["est_group"]), "held_on": held, "starts": "09:00"}
    r = _post(world, "samordnare", "/moten", form)
    assert r.status_code == 422
    assert message.lower() in r.text.lower() and "Nytt möte" in r.text
    assert _count(db, Meeting) == 0


def test_a_meeting_a_year_back_is_still_recorded(db: Session, world: World) -> None:
    m = _meeting(db, world, today() - timedelta(days=360))
    assert m.id and _count(db, Meeting) == 1
    with pytest.raises(Invalid) as err:
        _meeting(db, world, today() - timedelta(days=367))
    assert err.value.field == "held_on"


def test_an_action_due_in_the_past_is_refused_unless_recording_history(
    api, db: Session, world: World
) -> None:
    body = {
        "group_id": world.ids["est_group"],
        "type": "klottersanering",
        "title": "Gammal",
        "owner_org_id": world.ids["bolag_org"],
        "due_on": "2020-01-01",
    }
    r = api("rapportor")("POST", "/api/v1/actions", json=body)
    assert r.status_code == 422
    assert r.json()["field"] == "due_on" and "2020-01-01" in r.json()["detail"]
    assert _count(db, Action) == 0
    ok = api("rapportor")("POST", "/api/v1/actions", json={**body, "due_on": str(today())})
    assert ok.status_code == 201  # today is not past
    p = _principal(db, world)
    with pytest.raises(Invalid):
        service.create_action(db, p, ActionIn(**body))
    old = service.create_action(db, p, ActionIn(**body), allow_past_due=True)
    assert old.due_on == date(2020, 1, 1)


# --- what the pages say ------------------------------------------------------------------------


def _incidents(db: Session, world: World, area: str, code: str, first: date, n: int) -> None:
    cat = db.scalar(select(Category.id).where(Category.code == code))
    for i in range(n):
        day = first + timedelta(days=(i * 56) // n)
        db.add(
            Incident(
                org_id=world.ids["bolag_org"],
                category_id=cat,
                area_id=world.ids[area],
                occurred_at=datetime.combine(day, time(20), STOCKHOLM).astimezone(UTC),
                precision="omrade",
                source="formular",
            )
        )


def test_the_follow_up_names_categories_and_verdicts_in_the_pages_language(
    db: Session, world: World
) -> None:
    a = _plan(
        db,
        world,
        "Skydda busshållplatsen",
        type="kamerabevakning",
        area_id=world.ids["skaggetorp"],
        start_on=date(2026, 6, 1),
        due_on=date(2026, 6, 5),
        category_codes=["skadegorelse"],
    )
    a.status, a.completed_on = "klar", date(2026, 6, 5)
    _incidents(db, world, "skaggetorp", "skadegorelse", date(2026, 4, 6), 40)
    _incidents(db, world, "skaggetorp", "skadegorelse", date(2026, 6, 8), 10)
    _incidents(db, world, "ryd", "skadegorelse", date(2026, 4, 6), 30)
    _incidents(db, world, "ryd", "skadegorelse", date(2026, 6, 8), 30)
    db.commit()
    client = world.personas["samordnare"].client
    sv = client.get(f"/insatser/{a.id}").text
    assert "<strong>minskning:</strong> \u221275 %" in sv  # a minus sign; no space before the colon
    assert "Händelser av Skadegörelse:" in sv and "skadegorelse" not in _text(sv)
    client.cookies.set("samverkan_lang", "en")
    en = client.get(f"/insatser/{a.id}").text
    assert "<strong>decrease:</strong> \u221275 %" in en and "minskning" not in en
    assert "Incidents of Vandalism:" in en
    year = client.get("/insatser/utvardering?ar=2026").text
    assert "<strong>decrease</strong>" in year and "minskning" not in year
    assert "Skydda busshållplatsen</a> (" in year and "): decrease, \u221275 %" in year


def test_the_calendar_puts_the_colon_right_after_the_week(api, world: World) -> None:
    monday = current_week().monday
    for persona, org, kind in [
        ("rapportor", "bolag_org", "klottersanering"),
        ("polis", "polis_org", "polisiar_narvaro"),
    ]:
        r = api(persona)(
            "POST",
            "/api/v1/actions",
            json={
                "group_id": world.ids["est_group"],
                "type": kind,
                "title": f"Insats {persona}",
                "owner_org_id": world.ids[org],
                "area_id": world.ids["skaggetorp"],
                "start_on": monday.isoformat(),
                "due_on": (monday + timedelta(days=6)).isoformat(),
            },
        )
        assert r.status_code == 201, r.text
    week = current_week().label()
    client = world.personas["forening"].client
    sv = client.get("/insatser/kalender").text
    assert f"<strong>Skäggetorp, {week}:</strong> Polisen Linköping och Stångåstaden är alla" in sv
    client.cookies.set("samverkan_lang", "en")
    en = _text(client.get("/insatser/kalender").text)
    assert f"Skäggetorp, {week}: Polisen Linköping and Stångåstaden are all active" in en
    assert " :" not in en


def test_all_actions_include_the_overdue_ones(db: Session, world: World) -> None:
    late = _plan(db, world, "Försenad sanering")
    late.due_on = today() - timedelta(days=3)
    _plan(db, world, "Sanering i tid")
    db.commit()
    page = world.personas["rapportor"].client.get("/insatser").text
    overdue, everything = page.split("<h2>Alla insatser</h2>")
    assert "Försenad sanering" in overdue and "Sanering i tid" not in overdue
    assert "Försenad sanering" in everything and "Sanering i tid" in everything


def test_the_meeting_pdf_names_the_date_once(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    printed: list[str] = []

    class Html:
        def __init__(self, string: str) -> None:
            printed.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7"

    monkeypatch.setattr(weasyprint, "HTML", Html)
    day = (today() + timedelta(days=4)).isoformat()
    form = {"group_id": str(world.ids["est_group"]), "held_on": day, "starts": "09:00"}
    r = _post(world, "samordnare", "/moten", form)
    assert r.status_code == 303
    client = world.personas["samordnare"].client
    assert client.get(r.headers["location"] + "/pdf").status_code == 200
    week = date.fromisoformat(day).isocalendar()[1]  # untitled: the week of its day, as the demo's
    assert f"<h1>EST-möte vecka {week}, {day} 09:00</h1>" in printed[-1]
    page = client.get(r.headers["location"]).text
    assert _text(page).count(day) == 1
    # a meeting whose stored title names its date (as the web form once made them)
    old = _meeting(db, world, today() + timedelta(days=6))
    old.title = f"EST-möte {old.held_on}"
    db.commit()
    assert client.get(f"/moten/{old.id}/pdf").status_code == 200
    assert f"<h1>EST-möte {old.held_on} 09:00</h1>" in printed[-1]
    named = _meeting(db, world, today() + timedelta(days=8))
    named.title = "EST-möte vecka 49"
    db.commit()
    client.get(f"/moten/{named.id}/pdf")
    assert f"<h1>EST-möte vecka 49, {named.held_on} 09:00</h1>" in printed[-1]

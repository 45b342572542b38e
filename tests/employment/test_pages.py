"""The employment programs' pages over HTTP: the caseload with its filters, enrolling from the
register or as a new person (refusals in Swedish naming the field, what was typed kept, nothing
saved), the participant's page with its timeline, the next step refused in words (a placement
before the intake, an exit without a reason), coaching notes redacted, the plan, the
follow-ups; every read logged; 404 for every caller who may not see the participant."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.employment import pages, service
from samverkan.employment.models import CoachingSession, Participant, PlanStep, StageChange
from samverkan.employment.schemas import ParticipantIn, ProgramIn, StageIn
from samverkan.people.models import Person, PersonAccess
from samverkan.people.schemas import BasisIn, PersonIn
from tests.people.conftest import Caseworkers, number

TODAY = date(2026, 6, 1)
NAME = "Dana Deltagare"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "today", lambda: TODAY)


def _client(cw: Caseworkers, who: str = "handlaggare") -> tuple[TestClient, str]:
    return cw.clients[who]


def _program(db: Session, cw: Caseworkers, name: str = "Linkstep") -> int:
    p = cw.principals["handlaggare"]
    x = service.create_program(db, p, ProgramIn(name=name, kind="coaching"), cw.ids["kommun_org"])
    db.commit()
    return x.id


def _enrol(
    db: Session, cw: Caseworkers, program_id: int, serial: int, name: str = NAME, **kw
) -> Participant:
    data = ParticipantIn(
        person=PersonIn(
            pnr=number(serial),
            name=name,
            basis=BasisIn(purpose="employment", basis="consent", since=date(2026, 1, 5)),
        ),
        referral="af",
        entry_status="long_term_unemployed",
        age_band="25-29",
        gender="woman",
        education="isced_3_4",
        referred_on=kw.pop("referred_on", date(2026, 3, 2)),
        **kw,
    )
    x = service.enrol(db, cw.principals["handlaggare"], program_id, data)
    db.commit()
    return x


def _move(db: Session, cw: Caseworkers, x: Participant, stage: str, on: date, **kw) -> None:
    service.move(db, cw.principals["handlaggare"], x.id, StageIn(stage=stage, on=on, **kw))
    db.commit()


def _post(cw: Caseworkers, url: str, who: str = "handlaggare", **form):
    client, csrf = _client(cw, who)
    return client.post(url, data={**form, "csrf_token": csrf}, follow_redirects=False)


ENROL = {
    "referred_on": "2026-03-02",
    "pnr": number(501),
    "name": NAME,
    "basis": "consent",
    "since": "2026-01-05",
    "referral": "af",
    "entry_status": "long_term_unemployed",
    "age_band": "25-29",
    "gender": "woman",
    "education": "isced_3_4",
    "languages": "sv, AR",
    "licence": "ja",
    "skills": "Städning, truck",
}


def test_a_program_is_created_and_a_new_person_enrolled_from_the_form(
    db: Session, people_world: Caseworkers
) -> None:
    r = _post(people_world, "/sysselsattning/program", name="Jobbfabriken", kind="job_factory")
    assert r.status_code == 303
    program_id = int(r.headers["location"].rsplit("=", 1)[-1])
    client, _ = _client(people_world)
    start = client.get("/sysselsattning")
    assert "Jobbfabriken" in start.text and "jobbfabrik" in start.text  # the kind in Swedish
    form = client.get(f"/sysselsattning/ny?program={program_id}")
    assert 'list="ssyk-units"' in form.text and "5152 Fastighetsskötare" in form.text
    r = client.post(
        "/sysselsattning/ny",
        data={
            **ENROL,
            "program_id": str(program_id),
            "district_id": str(people_world.ids["skaggetorp"]),
            "occupations": ["5152 Fastighetsskötare", "Städare", ""],
            "csrf_token": _client(people_world)[1],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[-1500:]
    x = db.scalar(select(Participant))
    assert x is not None and r.headers["location"] == f"/sysselsattning/deltagare/{x.id}"
    assert x.occupations == ["5152", "9111"] and x.languages == ["ar", "sv"] and x.licence
    assert x.skills == ["städning", "truck"]
    page = client.get(r.headers["location"])
    for text in (
        NAME,
        "Jobbfabriken",
        "5152 Fastighetsskötare",
        "långtidsarbetslös",
        "Skäggetorp",
        f'href="/personer/{x.person_id}"',
        "remitterad",
    ):
        assert text in page.text, text
    views = db.scalars(select(PersonAccess.view).where(PersonAccess.person_id == x.person_id))
    assert "page" in list(views)


def test_a_refused_enrolment_names_the_field_keeps_the_input_and_saves_nothing(
    db: Session, people_world: Caseworkers
) -> None:
    program_id = _program(db, people_world)
    good = number(502)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    form = {**ENROL, "pnr": wrong, "program_id": str(program_id), "occupations": ["5152"]}
    r = _post(people_world, "/sysselsattning/ny", **form)
    assert r.status_code == 422
    assert "Inget sparades" in r.text and "kontrollsiffran stämmer inte" in r.text
    assert f'value="{wrong}"' in r.text and f'value="{NAME}"' in r.text
    assert 'value="sv, AR"' in r.text and 'value="5152"' in r.text
    r = _post(people_world, "/sysselsattning/ny", **{**form, "pnr": good, "occupations": "99999"})
    assert r.status_code == 422 and "99999 är ingen SSYK 2012-kod" in r.text
    r = _post(people_world, "/sysselsattning/ny", **{**form, "pnr": good, "entry_status": ""})
    assert r.status_code == 422 and "<strong>status vid inskrivning</strong>" in r.text
    assert db.scalar(select(func.count(Person.id))) == 0
    assert db.scalar(select(func.count(Participant.id))) == 0
    r = _post(people_world, "/sysselsattning/ny", **{**form, "pnr": good})
    assert r.status_code == 303
    again = _post(people_world, "/sysselsattning/ny", **{**form, "pnr": good})
    assert again.status_code == 409 and "/sysselsattning/deltagare/" in again.text
    assert db.scalar(select(func.count(Participant.id))) == 1


def test_a_person_of_the_register_is_found_and_enrolled(
    db: Session, people_world: Caseworkers
) -> None:
    program_id = _program(db, people_world)
    client, csrf = _client(people_world)
    person = client.post(
        "/personer/ny",
        data={
            "pnr": number(503),
            "name": "Rut Registrerad",
            "purpose": "employment",
            "basis": "public_task",
            "since": "2026-01-15",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    person_id = int(person.headers["location"].rsplit("/", 1)[-1])
    found = client.get("/sysselsattning/ny", params={"q": "rut", "program": program_id})
    assert f'name="person_id" value="{person_id}"' in found.text
    assert "Rut Registrerad" in found.text and number(503) not in found.text  # masked
    data = {k: v for k, v in ENROL.items() if k not in ("pnr", "name")}
    r = _post(
        people_world,
        "/sysselsattning/ny",
        **data,
        person_id=str(person_id),
        program_id=str(program_id),
    )
    assert r.status_code == 303
    x = db.scalar(select(Participant))
    assert x is not None and x.person_id == person_id
    assert db.scalar(select(func.count(Person.id))) == 1
    nobody = _post(people_world, "/sysselsattning/ny", **data, program_id=str(program_id))
    assert nobody.status_code == 422 and "Inget sparades" in nobody.text


def test_the_caseload_filters_and_shows_stage_days_follow_up_and_coach(
    db: Session, people_world: Caseworkers
) -> None:
    linkstep = _program(db, people_world)
    other = _program(db, people_world, "Jobbfabriken")
    a = _enrol(db, people_world, linkstep, 511, "Alva Aktiv", district_id=people_world.ids["ryd"])
    _move(db, people_world, a, "intake", date(2026, 3, 9))
    _move(db, people_world, a, "active", date(2026, 5, 2))
    b = _enrol(db, people_world, linkstep, 512, "Bo Avslutad")
    _move(db, people_world, b, "intake", date(2026, 3, 9))
    _move(db, people_world, b, "exited", date(2026, 4, 20), exit_reason="job")
    _enrol(db, people_world, other, 513, "Cia Remitterad")
    client, _ = _client(people_world)
    everyone = client.get("/sysselsattning")
    assert all(n in everyone.text for n in ("Alva Aktiv", "Bo Avslutad", "Cia Remitterad"))
    assert re.search(r'id="found-count">3\b', everyone.text)
    active = client.get("/sysselsattning", params={"stage": "active"})
    row = re.search(r"<tr>\s*<td><a[^>]*>Alva Aktiv</a>.*?</tr>", active.text, re.S)
    assert row is not None and "Bo Avslutad" not in active.text
    assert "aktiv" in row.group(0) and 'data-days="30"' in row.group(0)  # 2 May to 1 June
    assert "Hanna" in row.group(0) or "hanna@linkoping.test" in row.group(0)  # the coach
    exited = client.get("/sysselsattning", params={"program": linkstep, "stage": "exited"})
    assert "Bo Avslutad" in exited.text and "2026-05-20" in exited.text  # the 1-month follow-up
    by_district = client.get("/sysselsattning", params={"district": people_world.ids["ryd"]})
    assert "Alva Aktiv" in by_district.text and "Cia Remitterad" not in by_district.text
    by_name = client.get("/sysselsattning", params={"q": "cia"})
    assert "Cia Remitterad" in by_name.text and "Alva Aktiv" not in by_name.text
    by_program = client.get("/sysselsattning", params={"program": other})
    assert "Cia Remitterad" in by_program.text and "Alva Aktiv" not in by_program.text
    coach = people_world.principals["handlaggare"].user_id
    assert "Alva Aktiv" in client.get("/sysselsattning", params={"coach": coach}).text
    assert "Alva Aktiv" not in client.get("/sysselsattning", params={"coach": 999999}).text
    read = db.scalars(select(PersonAccess.view).where(PersonAccess.person_id == a.person_id))
    assert "search" in list(read)  # a name shown in the list is a read of the person


def test_the_next_step_is_refused_in_words_then_taken(
    db: Session, people_world: Caseworkers
) -> None:
    x = _enrol(db, people_world, _program(db, people_world), 521)
    url = f"/sysselsattning/deltagare/{x.id}/steg"
    r = _post(people_world, url, stage="placed", on="2026-03-05", placement="internship")
    assert r.status_code == 422  # still referred: no intake yet
    assert "en placering kan inte dateras före inskrivningen" in r.text
    assert 'value="2026-03-05"' in r.text  # what was typed stays
    _move(db, people_world, x, "intake", date(2026, 3, 9))
    r = _post(people_world, url, stage="placed", on="2026-03-05", placement="internship")
    assert r.status_code == 422 and "2026-03-05 är före det nuvarande steget började" in r.text
    r = _post(people_world, url, stage="exited", on="2026-04-01", exit_reason="")
    assert r.status_code == 422 and "ett avslut måste ha ett skäl" in r.text
    r = _post(people_world, url, stage="placed", on="2026-04-01", placement="")
    assert r.status_code == 422 and "<strong>placering</strong>" in r.text
    assert db.scalar(select(func.count(StageChange.id))) == 2  # referred, intake: nothing more
    r = _post(people_world, url, stage="placed", on="2026-04-01", placement="internship")
    assert r.status_code == 303 and r.headers["location"].endswith("#forlopp")
    r = _post(people_world, url, stage="exited", on="2026-05-01", exit_reason="job")
    assert r.status_code == 303
    client, _ = _client(people_world)
    page = client.get(f"/sysselsattning/deltagare/{x.id}")
    timeline = page.text[page.text.index('id="timeline"') : page.text.index("</ol>")]
    for text in ("remitterad", "2026-03-02", 'data-days="7"', "inskrivning", 'data-days="23"'):
        assert text in timeline, text
    assert "praktik" in timeline and 'data-days="30"' in timeline  # placed 1 April to 1 May
    assert "fick arbete" in timeline and 'id="move-form"' not in page.text
    assert "2026-06-01" in page.text  # the follow-up one month after the exit is due
    fu = _post(
        people_world,
        f"/sysselsattning/deltagare/{x.id}/uppfoljning/1",
        status="employed",
        done_on="2026-04-01",
    )
    assert fu.status_code == 422 and "före avslutet" in fu.text
    fu = _post(
        people_world,
        f"/sysselsattning/deltagare/{x.id}/uppfoljning/1",
        status="employed",
        done_on="2026-05-30",
    )
    assert fu.status_code == 303
    assert "anställd (2026-05-30)" in client.get(f"/sysselsattning/deltagare/{x.id}").text
    missing = _post(
        people_world,
        f"/sysselsattning/deltagare/{x.id}/uppfoljning/3",
        status="employed",
        done_on="2026-05-30",
    )
    assert missing.status_code == 404


def test_coaching_notes_lose_other_peoples_personnummer_and_the_plan_is_kept(
    db: Session, people_world: Caseworkers
) -> None:
    x = _enrol(db, people_world, _program(db, people_world), 531)
    other = number(532)
    r = _post(
        people_world,
        f"/sysselsattning/deltagare/{x.id}/coachning",
        held_on="2026-03-10",
        minutes="45",
        notes=f"Pratade om brodern {other}, och om CV:t.",
    )
    assert r.status_code == 303 and "maskade=1" in r.headers["location"]
    client, _ = _client(people_world)
    page = client.get(r.headers["location"])
    assert other not in page.text and "[borttaget]" in page.text and "om CV:t" in page.text
    assert 'id="redacted"' in page.text and "45" in page.text
    stored = db.scalar(select(CoachingSession))
    assert stored is not None and other not in (stored.notes or "")
    bad = _post(people_world, f"/sysselsattning/deltagare/{x.id}/coachning", held_on="", notes="X")
    assert bad.status_code == 422 and "Inget sparades" in bad.text
    assert 'value="X"' in bad.text or ">X</textarea>" in bad.text
    r = _post(people_world, f"/sysselsattning/deltagare/{x.id}/plan", text="Ta truckkort")
    assert r.status_code == 303
    step = db.scalar(select(PlanStep))
    assert step is not None
    done = _post(people_world, f"/sysselsattning/deltagare/{x.id}/plan/{step.id}/klar")
    assert done.status_code == 303
    db.expire_all()
    assert db.get(PlanStep, step.id).done_on == TODAY  # type: ignore[union-attr]
    assert "Ta truckkort" in client.get(f"/sysselsattning/deltagare/{x.id}").text


def test_the_entry_data_is_changed_or_refused_with_the_input_kept(
    db: Session, people_world: Caseworkers
) -> None:
    x = _enrol(db, people_world, _program(db, people_world), 541, occupations=["5152"])
    client, _ = _client(people_world)
    page = client.get(f"/sysselsattning/deltagare/{x.id}")
    assert 'value="5152 Fastighetsskötare"' in page.text  # the form shows what is stored
    form = {k: v for k, v in ENROL.items() if k not in ("pnr", "name", "basis", "since")}
    url = f"/sysselsattning/deltagare/{x.id}"
    r = _post(people_world, url, **{**form, "languages": "svenska"})
    assert r.status_code == 422 and "svenska är ingen språkkod" in r.text
    assert 'value="svenska"' in r.text and "<details open>" in r.text
    r = _post(people_world, url, **{**form, "education": "isced_5_8"})
    assert r.status_code == 303
    db.expire_all()
    assert db.get(Participant, x.id).education == "isced_5_8"  # type: ignore[union-attr]


OTHERS = ["lasare", "samordnare_only", "nkpg_handlaggare", "polis", "rapportor", "outsider"]


@pytest.mark.parametrize("who", OTHERS)
def test_everyone_but_the_organisations_caseworkers_gets_404(
    db: Session, people_world: Caseworkers, who: str
) -> None:
    x = _enrol(db, people_world, _program(db, people_world), 551)
    client, csrf = _client(people_world, who)
    base = f"/sysselsattning/deltagare/{x.id}"
    r = client.get(base)
    assert r.status_code == 404 and NAME not in r.text
    for url, form in [
        (base, ENROL),
        (f"{base}/steg", {"stage": "intake", "on": "2026-03-09"}),
        (f"{base}/coachning", {"held_on": "2026-03-10", "notes": "x"}),
        (f"{base}/plan", {"text": "x"}),
        (f"{base}/uppfoljning/1", {"status": "employed", "done_on": "2026-05-01"}),
    ]:
        r = client.post(url, data={**form, "csrf_token": csrf}, follow_redirects=False)
        assert r.status_code == 404, (who, url, r.status_code)
    listing = client.get("/sysselsattning", params={"q": "Dana"})
    assert NAME not in listing.text and "Linkstep" not in listing.text
    if who not in ("nkpg_handlaggare", "outsider"):  # no program of their own at all
        assert listing.status_code == 404
    assert db.scalar(select(func.count(StageChange.id))) == 1
    owner, _ = _client(people_world)
    assert owner.get(base).status_code == 200


def test_the_anonymous_are_sent_to_log_in(app, db: Session, people_world: Caseworkers) -> None:
    anonymous = TestClient(app, base_url="http://testserver")
    for url in ("/sysselsattning", "/sysselsattning/ny", "/sysselsattning/deltagare/1"):
        r = anonymous.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), url


def test_the_participants_matches_show_with_their_reasons(
    db: Session, people_world: Caseworkers
) -> None:
    from samverkan.employment import network
    from samverkan.employment.models import Match
    from samverkan.employment.network_schemas import EmployerIn, OpeningIn

    x = _enrol(db, people_world, _program(db, people_world), 561, occupations=["5152"])
    p, org = people_world.principals["handlaggare"], people_world.ids["kommun_org"]
    boss = network.create_employer(
        db, p, EmployerIn(name="Fastighets AB Test", kind="private"), org
    )
    data = OpeningIn(
        employer_id=boss.id, title="Fastighetsskötare i Ryd", ssyk="5152", start_on=TODAY
    )
    opening = network.create_opening(db, p, data, org)
    db.add(
        Match(
            participant_id=x.id,
            opening_id=opening.id,
            score=87.4,
            reasons=[["same occupation (%(name)s)", {"name": "Fastighetsskötare"}]],
        )
    )
    db.commit()
    client, _ = _client(people_world)
    page = client.get(f"/sysselsattning/deltagare/{x.id}")
    section = page.text[page.text.index('id="matches"') :]
    assert "Fastighetsskötare i Ryd" in section and "Fastighets AB Test" in section
    assert "87/100" in section and "föreslagen" in section  # the status in Swedish
    assert "Fastighetsskötare" in section.split("reasons", 1)[1]


def test_the_caseload_comes_a_page_at_a_time(
    db: Session, people_world: Caseworkers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverkan.employment import caseload

    monkeypatch.setattr(caseload, "PAGE_SIZE", 2)
    program = _program(db, people_world)
    for i, name in enumerate(("Ada Först", "Bea Mitten", "Cid Sist")):
        _enrol(db, people_world, program, 571 + i, name, referred_on=date(2026, 3, 2 + i))
    client, _ = _client(people_world)
    first = client.get("/sysselsattning", params={"program": program})
    assert "Cid Sist" in first.text and "Bea Mitten" in first.text and "Ada Först" not in first.text
    assert f'href="/sysselsattning?program={program}&amp;page=2"' in first.text
    second = client.get("/sysselsattning", params={"program": program, "page": "2"})
    assert "Ada Först" in second.text and "Cid Sist" not in second.text
    assert re.search(r'id="found-count">3\b', second.text)
    odd = client.get("/sysselsattning", params={"page": "x"})
    assert odd.status_code == 200 and "Cid Sist" in odd.text

"""The employer network and matching pages over HTTP: employers and openings added from the
form (an occupation typed as the list offers it, an unknown SSYK code refused by name and
nothing saved), proposals with their scores and reasons in Swedish, confirm, reject, override
and outcome moving the pathway, every participant shown logged as read, and 404 for whoever
works for another organisation."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.employment import queries
from samverkan.employment.models import Employer, Match, Opening
from samverkan.people.models import PersonAccess
from tests.employment.test_match_service import _world
from tests.people.conftest import Caseworkers


def _post(cw: Caseworkers, url: str, who: str = "handlaggare", **data: str):
    client, csrf = cw.clients[who]
    return client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)


def _get(cw: Caseworkers, url: str, who: str = "handlaggare"):
    client, _ = cw.clients[who]
    return client.get(url)


def _row(html: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}".*?</tr>', html, re.S)
    assert found, f"no row {row_id}"
    return found.group(0)


def _section(html: str, section_id: str) -> str:
    found = re.search(rf'<section class="card" id="{section_id}".*?</section>', html, re.S)
    assert found, f"no section {section_id}"
    return found.group(0)


# --- employers and openings ------------------------------------------------------------------


def test_the_network_page_lists_employers_and_openings_with_their_occupation(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    page = _get(people_world, "/sysselsattning/arbetsgivare")
    assert page.status_code == 200, page.text[-800:]
    row = _row(page.text, f"tjanst-{w['openings']['städ']}")
    assert "Lokalvårdare" in row and "9111 Städare" in row and "0 / 2" in row
    assert "Skäggetorp" in row and "öppen" in row
    employers = _section(page.text, "arbetsgivare")
    assert "Rent &amp; Fint (demo)" in employers and "privat arbetsgivare" in employers
    assert re.search(r"Öppna tjänster.*?</thead>.*?>3</td>", employers, re.S)


def test_an_employer_and_an_opening_are_added_from_the_form(
    db: Session, people_world: Caseworkers
) -> None:
    org = people_world.ids["kommun_org"]
    made = _post(
        people_world,
        "/sysselsattning/arbetsgivare",
        org=str(org),
        name="Fasadtvätt Östgöta (demo)",
        kind="contractor",
        orgnr="556677-8899",
        contact_name="Eva Exempel",
        contact_phone="070-000 00 99",
    )
    assert made.status_code == 303
    employer = db.scalar(select(Employer).where(Employer.name == "Fasadtvätt Östgöta (demo)"))
    assert employer is not None and employer.kind == "contractor"
    assert (
        made.headers["location"]
        == f"/sysselsattning/arbetsgivare?org={org}#arbetsgivare-{employer.id}"
    )
    added = _post(
        people_world,
        "/sysselsattning/tjanster",
        org=str(org),
        employer_id=str(employer.id),
        title="Fönsterputsare",
        ssyk="9120 Bilrekonditionerare, fönsterputsare och övriga rengöringsarbetare",
        skills="fönsterputs, stegar",
        languages="SV, en",
        start_on="2026-08-03",
        district_id=str(people_world.ids["ryd"]),
        places="2",
        licence="ja",
    )
    assert added.status_code == 303, added.text[-800:]
    o = db.scalar(select(Opening).where(Opening.title == "Fönsterputsare"))
    assert o is not None
    assert (o.ssyk, o.places, o.licence, o.languages) == ("9120", 2, True, ["en", "sv"])
    assert o.skills == ["fönsterputs", "stegar"]
    page = _get(people_world, "/sysselsattning/arbetsgivare")
    assert "Fasadtvätt Östgöta (demo)" in _row(page.text, f"arbetsgivare-{employer.id}")
    assert "070-000 00 99" in page.text


def test_an_unknown_occupation_is_refused_by_name_and_nothing_is_saved(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    before = db.scalar(select(func.count()).select_from(Opening))
    employer = db.scalar(select(Employer.id))
    refused = _post(
        people_world,
        "/sysselsattning/tjanster",
        employer_id=str(employer),
        title="Drömjobbet",
        ssyk="9999",
        start_on="2026-08-03",
    )
    assert refused.status_code == 422
    errors = re.search(r'id="p-errors".*?</div>', refused.text, re.S)
    assert errors and "yrke (SSYK 2012)" in errors.group(0) and "9999" in errors.group(0)
    assert 'value="Drömjobbet"' in refused.text  # the form keeps what was typed
    assert db.scalar(select(func.count()).select_from(Opening)) == before
    bad = _post(
        people_world,
        "/sysselsattning/arbetsgivare",
        name="Fel AB",
        kind="private",
        orgnr="556677-8890",
    )
    assert bad.status_code == 422 and "organisationsnummer" in bad.text
    assert db.scalar(select(Employer).where(Employer.name == "Fel AB")) is None
    assert w["openings"]


def test_an_opening_is_closed_and_opened_again(db: Session, people_world: Caseworkers) -> None:
    w = _world(db, people_world)
    oid = w["openings"]["lager"]
    assert (
        _post(people_world, f"/sysselsattning/tjanster/{oid}/status", status="closed").status_code
        == 303
    )
    db.expire_all()
    assert db.get(Opening, oid).status == "closed"
    page = _get(people_world, "/sysselsattning/arbetsgivare")
    assert "stängd" in _row(page.text, f"tjanst-{oid}") and "Öppna igen" in _row(
        page.text, f"tjanst-{oid}"
    )
    bad = _post(people_world, f"/sysselsattning/tjanster/{oid}/status", status="gone")
    assert bad.status_code == 422 and "status" in bad.text
    assert (
        _post(people_world, f"/sysselsattning/tjanster/{oid}/status", status="open").status_code
        == 303
    )
    db.expire_all()
    assert db.get(Opening, oid).status == "open"


# --- matching ------------------------------------------------------------------------------


def test_the_coach_proposes_confirms_rejects_and_records_the_hire(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    people, openings = w["people"], w["openings"]
    org = people_world.ids["kommun_org"]
    empty = _get(people_world, "/sysselsattning/matchning?dag=2026-05-04")
    assert empty.status_code == 200 and 'id="no-proposals"' in empty.text
    assert "4 deltagare söker, 3 öppna tjänster" in empty.text
    asked = _post(people_world, "/sysselsattning/matchning/forslag", org=str(org), min_score="40")
    proposed = list(
        db.scalars(select(Match).where(Match.status == "proposed").order_by(Match.score.desc()))
    )
    assert proposed
    assert asked.status_code == 303
    assert asked.headers["location"].endswith(f"#matchning-{proposed[0].id}")  # the best first
    before = db.scalar(select(func.count()).select_from(PersonAccess))
    page = _get(people_world, "/sysselsattning/matchning?dag=2026-05-04")
    assert page.status_code == 200
    painter = next(m for m in proposed if m.participant_id == people["målare"].id)
    row = _row(page.text, f"matchning-{painter.id}")
    assert "Målare" in row and "samma yrke (7131)" in row and "har körkort, som krävs" in row
    assert f"{round(painter.score)}</span>" in row
    # every participant named on the page is a logged read (the 4 looking, all proposed)
    assert db.scalar(select(func.count()).select_from(PersonAccess)) - before == 4

    confirmed = _post(
        people_world,
        f"/sysselsattning/matchning/{painter.id}/beslut",
        status="confirmed",
        on="2026-05-04",
    )
    assert confirmed.status_code == 303
    db.expire_all()
    assert (
        queries.participant(db, people_world.principals["handlaggare"], people["målare"].id).stage
        == "matched"
    )
    other = next(m for m in proposed if m.id != painter.id)
    assert (
        _post(
            people_world, f"/sysselsattning/matchning/{other.id}/beslut", status="rejected"
        ).status_code
        == 303
    )
    page = _get(people_world, "/sysselsattning/matchning?dag=2026-05-04")
    assert f'id="matchning-{painter.id}"' in _section(page.text, "bekraftade")
    assert "avvisad" in _row(_section(page.text, "beslutade"), f"matchning-{other.id}")

    hired = _post(
        people_world,
        f"/sysselsattning/matchning/{painter.id}/utfall",
        outcome="hired",
        on="2026-05-18",
    )
    assert hired.status_code == 303
    db.expire_all()
    x = queries.participant(db, people_world.principals["handlaggare"], people["målare"].id)
    assert (x.stage, x.placement) == ("placed", "employment")
    assert db.get(Opening, openings["måleri"]).status == "filled"
    page = _get(people_world, "/sysselsattning/matchning?dag=2026-05-04")
    assert "anställd" in _row(_section(page.text, "beslutade"), f"matchning-{painter.id}")
    again = _post(
        people_world, f"/sysselsattning/matchning/{painter.id}/utfall", outcome="not_hired"
    )
    assert again.status_code == 409 and "redan" in again.text


def test_the_coach_pairs_someone_the_proposal_did_not(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    people, openings = w["people"], w["openings"]
    made = _post(
        people_world,
        "/sysselsattning/matchning/egen",
        participant_id=str(people["lager"].id),
        opening_id=str(openings["städ"]),
        on="2026-05-04",
    )
    assert made.status_code == 303, made.text[-800:]
    m = db.scalar(select(Match).where(Match.participant_id == people["lager"].id))
    assert m is not None and m.override and m.status == "confirmed"
    page = _get(people_world, "/sysselsattning/matchning?dag=2026-05-04")
    row = _row(_section(page.text, "bekraftade"), f"matchning-{m.id}")
    assert "eget val" in row and "Lokalvårdare" in row
    # the same pair again is a conflict, in words, and nothing changes
    twice = _post(
        people_world,
        "/sysselsattning/matchning/egen",
        participant_id=str(people["lager"].id),
        opening_id=str(openings["städ"]),
    )
    assert twice.status_code == 409 and 'id="p-errors"' in twice.text
    none = _post(people_world, "/sysselsattning/matchning/egen", participant_id="", opening_id="")
    assert none.status_code == 422 and "deltagare" in none.text
    assert db.scalar(select(func.count()).select_from(Match)) == 1


def test_another_organisation_sees_no_match_nor_employer(
    db: Session, people_world: Caseworkers
) -> None:
    w = _world(db, people_world)
    org = people_world.ids["kommun_org"]
    _post(people_world, "/sysselsattning/matchning/forslag", org=str(org))
    m = db.scalar(select(Match.id))
    assert m is not None
    for who in ("nkpg_handlaggare", "rapportor", "forening"):
        for url in (
            f"/sysselsattning/matchning?org={org}",
            f"/sysselsattning/arbetsgivare?org={org}",
        ):
            page = _get(people_world, url, who)
            assert page.status_code == 404, (who, url)
            assert "Rent &amp; Fint" not in page.text and "Deltagare Syntetisk" not in page.text
        decided = _post(
            people_world, f"/sysselsattning/matchning/{m}/beslut", who, status="confirmed"
        )
        assert decided.status_code == 404 and "Lokalvårdare" not in decided.text
        closed = _post(
            people_world,
            f"/sysselsattning/tjanster/{w['openings']['städ']}/status",
            who,
            status="closed",
        )
        assert closed.status_code == 404
    db.expire_all()
    assert db.get(Match, m).status == "proposed"
    assert db.get(Opening, w["openings"]["städ"]).status == "open"
    # Norrköping's own (empty) network page is theirs to see
    own = _get(people_world, "/sysselsattning/arbetsgivare", "nkpg_handlaggare")
    assert own.status_code == 200 and "Rent &amp; Fint" not in own.text

"""The person register over HTTP: the handläggare's pages and their content, 404 for every
other persona on every person route, refused input in Swedish naming the field, the merge
proposal, export and erasure, the access log, and a wrong data key (a clear 503, never a 500).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core import crypto
from samverkan.people.models import Person, PersonAccess
from tests.people.conftest import Caseworkers, number

NAME = "Sara Syntetisk"


def add(people_world: Caseworkers, serial: int = 201, who: str = "handlaggare", **form: str):
    client, csrf = people_world.clients[who]
    data = {
        "pnr": number(serial),
        "name": NAME,
        "phone": "070-123 45 67",
        "purpose": "employment",
        "basis": "consent",
        "since": "2026-01-15",
        "csrf_token": csrf,
        **form,
    }
    return client.post("/personer/ny", data=data, follow_redirects=False)


def person_id(r) -> int:
    assert r.status_code == 303, r.text[-800:]
    return int(r.headers["location"].rsplit("/", 1)[-1])


def test_the_caseworker_adds_finds_and_reads_a_person(people_world: Caseworkers) -> None:
    pid = person_id(add(people_world))
    client, _ = people_world.clients["handlaggare"]
    page = client.get(f"/personer/{pid}")
    assert page.status_code == 200
    for text in (NAME, number(201), "070-123 45 67", "samtycke (art. 6.1 a)", "Radera"):
        assert text in page.text
    found = client.get("/personer", params={"q": "sara"})
    assert NAME in found.text and f"{number(201)[:8]}-XXXX" in found.text
    assert number(201) not in found.text  # a list shows the birth date, not the whole number
    by_number = client.get("/personer", params={"q": number(201).replace("-", "")[2:]})
    assert f"/personer/{pid}" in by_number.text


PAGES = [
    "/personer/{id}",
    "/personer/{id}/export.json",
    "/personer/{id}/export.pdf",
]
POSTS = [
    ("/personer/{id}", {"name": "X"}),
    ("/personer/{id}/grund", {"purpose": "housing", "basis": "contract", "since": "2026-01-01"}),
    ("/personer/{id}/radera", {"confirm": "ja"}),
    ("/personer/{id}/sammanfoga", {"pnr": "", "name": "X"}),
]


@pytest.mark.parametrize(
    "who", ["polis", "samordnare_only", "nkpg_handlaggare", "lasare", "rapportor", "outsider"]
)
def test_everyone_but_the_organisations_caseworkers_gets_404(
    people_world: Caseworkers, who: str
) -> None:
    pid = person_id(add(people_world, 202))
    client, csrf = people_world.clients[who]
    for url in PAGES:
        r = client.get(url.format(id=pid))
        assert r.status_code == 404, (who, url, r.status_code)
        assert NAME not in r.text and number(202) not in r.text
    for url, form in POSTS:
        r = client.post(url.format(id=pid), data={**form, "csrf_token": csrf})
        assert r.status_code == 404, (who, url, r.status_code)
    found = client.get("/personer", params={"q": "Sara"})
    assert NAME not in found.text
    if who in ("polis", "samordnare_only", "lasare", "rapportor"):  # no register at all
        assert found.status_code == 404
    owner, _ = people_world.clients["handlaggare"]
    assert owner.get(f"/personer/{pid}").status_code == 200  # the person is still there


def test_a_wrong_check_digit_and_an_impossible_date_are_named_in_swedish(
    people_world: Caseworkers,
) -> None:
    good = number(203)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    r = add(people_world, pnr=wrong)
    assert r.status_code == 422
    assert "<strong>personnummer</strong>: kontrollsiffran stämmer inte" in r.text
    r = add(people_world, pnr="19840230-1234")
    assert r.status_code == 422 and "födelsedatumet finns inte" in r.text
    r = add(people_world, pnr="123")
    assert r.status_code == 422 and "ska vara 10 eller 12 siffror" in r.text


def test_the_same_number_twice_proposes_the_merge(people_world: Caseworkers, db: Session) -> None:
    pid = person_id(add(people_world, 204))
    r = add(people_world, 204, name="Sara Ny", email="sara@example.test")
    assert r.status_code == 409
    assert f'href="/personer/{pid}"' in r.text and f'action="/personer/{pid}/sammanfoga"' in r.text
    client, csrf = people_world.clients["handlaggare"]
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', r.text))
    form["csrf_token"] = csrf
    merged = client.post(f"/personer/{pid}/sammanfoga", data=form, follow_redirects=False)
    assert merged.status_code == 303
    page = client.get(f"/personer/{pid}")
    assert "sara@example.test" in page.text and "Sara Ny" in page.text
    assert db.scalar(select(func.count(Person.id))) == 1  # merged, not a second record


def test_the_api_has_the_same_rules(app, people_world: Caseworkers) -> None:
    """Tokens are refused (404, in the matrix); a handläggare's principal gets the record."""
    from fastapi.testclient import TestClient

    from samverkan.orgs.deps import api_principal

    pid = person_id(add(people_world, 205))
    app.dependency_overrides[api_principal] = lambda: people_world.principals["handlaggare"]
    try:
        c = TestClient(app)
        got = c.get(f"/api/v1/people/{pid}")
        assert got.status_code == 200 and got.json()["pnr"] == number(205)
        dup = c.post(
            "/api/v1/people",
            json={
                "pnr": number(205),
                "name": "X",
                "basis": {"purpose": "housing", "basis": "contract", "since": "2026-01-01"},
            },
        )
        assert dup.status_code == 409 and dup.json()["existing"] == f"/api/v1/people/{pid}"
        bad = c.post("/api/v1/people", json={"pnr": "19840230-1234", "name": "X", "basis": {}})
        assert bad.status_code == 422
        export = c.get(f"/api/v1/people/{pid}/export").json()
        assert {"person", "bases", "access"} <= set(export["sections"])
        access = c.get(f"/api/v1/people/{pid}/access").json()
        assert {a["view"] for a in access} >= {"api", "export_json"}
        app.dependency_overrides[api_principal] = lambda: people_world.principals[
            "nkpg_handlaggare"
        ]
        assert c.get(f"/api/v1/people/{pid}").status_code == 404
        assert c.delete(f"/api/v1/people/{pid}").status_code == 404
    finally:
        app.dependency_overrides.pop(api_principal, None)


def test_every_read_is_logged_and_the_admin_sees_who_read(
    people_world: Caseworkers, db: Session
) -> None:
    pid = person_id(add(people_world, 206))
    client, _ = people_world.clients["handlaggare"]
    client.get(f"/personer/{pid}")
    client.get(f"/personer/{pid}/export.json")
    client.get("/personer", params={"q": "Sara"})
    views = [a.view for a in db.scalars(select(PersonAccess).where(PersonAccess.person_id == pid))]
    assert sorted(views) == ["export_json", "page", "search"]
    admin, _ = people_world.clients["kommun_admin"]
    page = admin.get(f"/personer/{pid}")
    assert "Hanna" in page.text and "exporterad (JSON)" in page.text


def test_erasure_asks_first_then_gives_a_receipt(people_world: Caseworkers) -> None:
    pid = person_id(add(people_world, 207))
    client, csrf = people_world.clients["handlaggare"]
    page = client.get(f"/personer/{pid}")
    assert '<details class="confirm"><summary>Radera personen…</summary>' in page.text
    unconfirmed = client.post(f"/personer/{pid}/radera", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 422 and "kryssa i rutan" in unconfirmed.text
    done = client.post(
        f"/personer/{pid}/radera",
        data={"csrf_token": csrf, "confirm": "ja"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    receipt = done.headers["location"].rsplit("/", 1)[-1]
    shown = client.get(f"/personer/radering/{receipt}")
    assert receipt in shown.text and "på personens begäran" in shown.text
    assert client.get(f"/personer/radering/{receipt}/json").json()["what"]["person"] == 1
    assert client.get(f"/personer/{pid}").status_code == 404
    other, _ = people_world.clients["nkpg_handlaggare"]
    assert other.get(f"/personer/radering/{receipt}").status_code == 404


def test_a_wrong_data_key_is_a_clear_error_not_a_500(
    people_world: Caseworkers, data_key: crypto.KeyRing
) -> None:
    pid = person_id(add(people_world, 208))
    crypto.configure(crypto.KeyRing(crypto.parse_key(crypto.new_key())))
    try:
        client, _ = people_world.clients["handlaggare"]
        r = client.get(f"/personer/{pid}")
        assert r.status_code == 503
        assert "datanyckel" in r.text and NAME not in r.text
    finally:
        crypto.configure(data_key)


def test_the_register_extract_is_a_swedish_a4_pdf_with_every_section(
    people_world: Caseworkers,
) -> None:
    import io

    from pypdf import PdfReader

    from samverkan.people import export

    pid = person_id(add(people_world, 207))
    client, _ = people_world.clients["handlaggare"]
    client.get(f"/personer/{pid}")  # a read, so the access log has a row
    r = client.get(f"/personer/{pid}/export.pdf")
    if r.status_code == 503:  # WeasyPrint without Pango on this machine
        pytest.skip(r.text[:200])
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(r.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"Registerutdrag för {NAME}" in text and number(207) in text
    assert "samtycke (art. 6.1 a)" in text and "arbetsmarknadsinsatser" in text  # words, not codes
    assert "export_pdf" not in text and " page" not in text
    for section in export.sections():  # every registered module's section, by its Swedish title
        assert client.get(f"/personer/{pid}/export.json").json()["sections"][section.key]

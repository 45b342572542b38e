"""The taxonomy: platform administrators add categories; a used one is retired, not deleted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverkan.incidents import queries
from tests.conftest import World
from tests.incidents.conftest import report


def test_a_platform_admin_adds_a_category_that_reporters_can_use(world: World, api) -> None:
    root = world.personas["superadmin"]
    r = root.client.post(
        "/admin/kategorier",
        data={
            "csrf_token": root.csrf,
            "code": "trapphus",
            "label_sv": "Trapphusproblem",
            "label_en": "Stairwell problem",
            "parent": "otrygg_plats",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = root.client.get("/admin/kategorier").text
    assert "Trapphusproblem" in page and "Stairwell problem" in page
    filed = api("rapportor")("POST", "/api/v1/incidents", json=report(category="trapphus"))
    assert filed.status_code == 201 and filed.json()["category_label"] == "Trapphusproblem"
    brand = api("samordnare")("GET", "/api/v1/incidents?category=otrygg_plats").json()
    assert [i["category"] for i in brand["items"]] == ["trapphus"]


def test_a_used_category_is_retired_not_deleted(world: World, api, db: Session) -> None:
    root = world.personas["superadmin"]
    api("rapportor")("POST", "/api/v1/incidents", json=report(category="klotter"))
    r = root.client.post("/admin/kategorier/klotter/ta-bort", data={"csrf_token": root.csrf})
    assert r.status_code == 409 and "kategorin klotter används: avveckla den i stället" in r.text
    r = root.client.post(
        "/admin/kategorier/klotter/avveckla", data={"csrf_token": root.csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    refused = api("rapportor")("POST", "/api/v1/incidents", json=report(category="klotter"))
    assert refused.status_code == 422 and "category klotter is retired" in refused.text
    old = api("samordnare")("GET", "/api/v1/incidents?category=klotter").json()["items"]
    assert len(old) == 1 and old[0]["category_label"] == "Klotter"
    form = world.personas["rapportor"].client.get("/handelser/ny").text
    assert 'value="klotter"' not in form
    root.client.post("/admin/kategorier/klotter/aterstall", data={"csrf_token": root.csrf})
    assert api("rapportor")("POST", "/api/v1/incidents", json=report()).status_code == 201


def test_an_unused_category_can_be_deleted(world: World, db: Session) -> None:
    root = world.personas["superadmin"]
    r = root.client.post(
        "/admin/kategorier/arrangemang/ta-bort",
        data={"csrf_token": root.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert queries.category_by_code(db, "arrangemang") is None


def test_bad_codes_and_duplicates_are_named(world: World) -> None:
    root = world.personas["superadmin"]
    bad = root.client.post(
        "/admin/kategorier",
        data={
            "csrf_token": root.csrf,
            "code": "Med Mellanslag",
            "label_sv": "X x",
            "label_en": "Y y",
        },
    )
    assert bad.status_code == 422 and "<strong>kod</strong>" in bad.text
    dup = root.client.post(
        "/admin/kategorier",
        data={
            "csrf_token": root.csrf,
            "code": "klotter",
            "label_sv": "Klotter",
            "label_en": "Graffiti",
        },
    )
    assert dup.status_code == 422 and "en kategori med koden klotter finns redan" in dup.text


def test_the_export_is_csv_for_excel_with_formulas_neutralised(world: World, api) -> None:
    api("rapportor")(
        "POST",
        "/api/v1/incidents",
        json=report(description='=HYPERLINK("http://evil")', place_name="+Torget"),
    )
    api("rapportor")(
        "POST", "/api/v1/incidents", json=report(visibility="egen", place_name="Hemligt")
    )
    r = world.personas["samordnare"].client.get("/handelser/export.csv?category=klotter")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeffId;Datum;Tid;Kategori")
    lines = text.strip().splitlines()
    assert len(lines) == 2  # header + the shared report; the 'egen' one is not for the kommun
    assert "'=HYPERLINK" in lines[1] and ";'+Torget;" in lines[1] and "Hemligt" not in text
    assert ";58,430000;15,580000;" in lines[1]
    assert world.personas["rapportor"].client.get("/handelser/export.csv").status_code == 403

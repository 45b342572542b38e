"""The incidents API: filing, de-duplication, redaction, visibility, filters, cursor, errors."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.incidents.models import Incident
from tests.conftest import World
from tests.incidents.conftest import NAVESTAD, RYD, report


def count(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Incident.id))) or 0


def test_it_files_a_report_placed_in_its_district(world: World, api) -> None:
    r = api("rapportor")(
        "POST",
        "/api/v1/incidents",
        json=report(
            place_name="Trapphus Gärdesvägen 3",
            place_type="halvoffentlig",
            place_detail="trapphus",
            description="Tags på dörren",
            severity=1,
            people_count=3,
            youth_involved=True,
        ),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and r.headers["location"] == f"/api/v1/incidents/{body['id']}"
    assert body["area"] == "Skäggetorp" and body["area_id"] == world.ids["skaggetorp"]
    assert body["organisation"] == "Stångåstaden" and body["category_label"] == "Klotter"
    assert body["occurred_at"] == "2026-11-20T22:15:00+01:00"  # naive = Stockholm time
    assert body["precision"] == "exakt" and body["source"] == "api" and body["status"] == "mottagen"
    got = api("samordnare")("GET", f"/api/v1/incidents/{body['id']}")
    assert got.status_code == 200 and got.json()["description"] == "Tags på dörren"


def test_a_point_outside_the_districts_falls_in_the_municipality(world: World, api) -> None:
    r = api("rapportor")("POST", "/api/v1/incidents", json=report(lat=58.30, lon=15.50))
    assert r.status_code == 201 and r.json()["area"] == "Linköping"


def test_an_area_only_report_gets_precision_omrade(world: World, api) -> None:
    body = report(area_id=world.ids["ryd"])
    del body["lat"], body["lon"]
    r = api("rapportor")("POST", "/api/v1/incidents", json=body)
    assert r.status_code == 201
    assert (r.json()["area"], r.json()["precision"], r.json()["lat"]) == ("Ryd", "omrade", None)


def test_a_repeated_external_id_returns_the_first_report(world: World, api, db: Session) -> None:
    call = api("rapportor")
    first = call("POST", "/api/v1/incidents", json=report(external_id="ST-2026-0042"))
    again = call(
        "POST",
        "/api/v1/incidents",
        json=report(external_id="ST-2026-0042", description="annan text"),
    )
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False
    # The same external id from another organisation is another report.
    other = api("polis")("POST", "/api/v1/incidents", json=report(external_id="ST-2026-0042"))
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert count(db) == 2


def test_personal_data_is_removed_before_storing_and_the_reporter_told(
    world: World, api, db: Session
) -> None:
    r = api("rapportor")(
        "POST",
        "/api/v1/incidents",
        json=report(
            description="Anmälare 19121212-1212 nås på 070-123 45 67", place_name="Hos 811218-9876"
        ),
    )
    assert r.status_code == 201
    body = r.json()
    assert body["removed"] == {"personnummer": 2, "phone": 1, "email": 0}
    assert body["description"] == "Anmälare [borttaget] nås på [borttaget]"
    stored = db.get(Incident, body["id"])
    assert "1212" not in stored.description and "9876" not in stored.place_name


def test_visibility_decides_who_sees_a_report(world: World, api) -> None:
    ids = {}
    for vis in ("delad", "egen", "polis"):
        r = api("rapportor")("POST", "/api/v1/incidents", json=report(visibility=vis))
        ids[vis] = r.json()["id"]
    expect = {
        "rapportor": {"delad", "egen", "polis"},  # the reporting organisation sees its own
        "samordnare": {"delad"},
        "forening": {"delad"},
        "polis": {"delad", "polis"},
        "outsider": set(),
    }
    for persona, visible in expect.items():
        call = api(persona)
        for vis, incident_id in ids.items():
            r = call("GET", f"/api/v1/incidents/{incident_id}")
            assert r.status_code == (200 if vis in visible else 404), (persona, vis)
            if r.status_code == 404:
                assert "Skäggetorp" not in r.text and "Stångåstaden" not in r.text
        listed = {i["visibility"] for i in call("GET", "/api/v1/incidents").json()["items"]}
        assert listed == visible, persona


def test_police_only_reports_of_the_police_stay_with_the_police(world: World, api) -> None:
    r = api("polis")(
        "POST", "/api/v1/incidents", json=report(visibility="polis", category="narkotika")
    )
    assert r.status_code == 201
    for persona in ("samordnare", "rapportor", "forening", "outsider"):
        assert api(persona)("GET", f"/api/v1/incidents/{r.json()['id']}").status_code == 404
        items = api(persona)("GET", "/api/v1/incidents?category=narkotika").json()["items"]
        assert items == []


def test_an_outsiders_reports_stay_in_their_municipality(world: World, api) -> None:
    r = api("outsider")("POST", "/api/v1/incidents", json=report(**NAVESTAD))
    assert r.status_code == 201 and r.json()["area"] == "Navestad"
    assert api("samordnare")("GET", f"/api/v1/incidents/{r.json()['id']}").status_code == 404
    # and the outsider cannot place a report in an area it does not see
    body = report(area_id=world.ids["skaggetorp"])
    del body["lat"], body["lon"]
    denied = api("outsider")("POST", "/api/v1/incidents", json=body)
    assert denied.status_code == 404 and denied.json()["field"] == "area_id"


def test_the_list_filters_and_pages_with_a_cursor(world: World, api) -> None:
    call = api("rapportor")
    for day in range(1, 8):
        call("POST", "/api/v1/incidents", json=report(occurred_at=f"2026-11-{day:02d}T12:00:00"))
    call("POST", "/api/v1/incidents", json=report(category="bilbrand", **RYD))
    sam = api("samordnare")
    assert len(sam("GET", "/api/v1/incidents?category=brand").json()["items"]) == 1  # sub-category
    ryd = sam("GET", f"/api/v1/incidents?area={world.ids['ryd']}").json()["items"]
    assert [i["category"] for i in ryd] == ["bilbrand"]
    week = sam("GET", "/api/v1/incidents?from=2026-11-02&to=2026-11-04&category=klotter").json()
    assert sorted(i["occurred_at"][:10] for i in week["items"]) == [
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
    ]
    seen, cursor = [], None
    while True:
        url = "/api/v1/incidents?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = sam("GET", url).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 8 == len(set(seen)) and seen == sorted(seen, reverse=True)


def test_the_reporting_organisation_patches_and_the_samordnare_reviews(world: World, api) -> None:
    first = api("rapportor")("POST", "/api/v1/incidents", json=report()).json()
    second = api("rapportor")("POST", "/api/v1/incidents", json=report()).json()
    r = api("rapportor")(
        "PATCH",
        f"/api/v1/incidents/{first['id']}",
        json={"severity": 3, "description": "Ring 0701234567"},
    )
    assert r.status_code == 200 and r.json()["severity"] == 3
    assert r.json()["description"] == "Ring [borttaget]" and r.json()["removed"]["phone"] == 1
    assert (
        api("forening")(
            "PATCH", f"/api/v1/incidents/{first['id']}", json={"severity": 1}
        ).status_code
        == 403
    )
    # tokens are not people: reviewing is for the samordnare's login (web) or a user
    assert (
        api("samordnare")(
            "PATCH", f"/api/v1/incidents/{second['id']}", json={"status": "granskad"}
        ).status_code
        == 403
    )
    dup = api("rapportor")(
        "PATCH", f"/api/v1/incidents/{second['id']}", json={"duplicate_of": first["id"]}
    )
    assert dup.status_code == 200 and dup.json()["status"] == "dubblett"
    assert dup.json()["duplicate_of"] == first["id"]


def test_bad_input_names_the_field(world: World, api, db: Session) -> None:
    call = api("rapportor")
    cases = {
        "category": report(category="finns_inte"),
        "missing category": {k: v for k, v in report().items() if k != "category"},
        "future": report(occurred_at="2099-01-01T00:00:00"),
        "unparseable": report(occurred_at="igår kväll"),
        "outside": report(lat=48.85, lon=2.35),
        "swapped": report(lat=15.58, lon=58.43),
        "long": report(description="x" * 10_000_000),
        "org_id": report(org_id=world.ids["polis_org"]),
        "no place": {"category": "klotter", "occurred_at": "2026-11-20T22:15:00"},
        "severity": report(severity=7),
    }
    expected_text = {
        "category": "unknown category finns_inte",
        "missing category": "category",
        "future": "lies in the future",
        "unparseable": "occurred_at",
        "outside": "outside Sweden",
        "swapped": "look swapped",
        "long": "description",
        "org_id": "org_id",
        "no place": "a place is needed",
        "severity": "severity",
    }
    for name, body in cases.items():
        r = call("POST", "/api/v1/incidents", json=body)
        assert r.status_code in (404, 422), (name, r.status_code)
        assert expected_text[name] in r.text, (name, r.text[:300])
    bad_json = call(
        "POST",
        "/api/v1/incidents",
        content=b"\x00\xff{",
        headers={"content-type": "application/json"},
    )
    assert bad_json.status_code in (400, 422) and "detail" in bad_json.json()
    assert call("GET", "/api/v1/incidents?from=igår").status_code == 422
    assert call("GET", "/api/v1/incidents?cursor=bogus").json()["field"] == "cursor"
    assert call("GET", "/api/v1/incidents?area=999999").status_code == 404
    assert count(db) == 0


def test_without_a_token_nothing_is_said(client: TestClient) -> None:
    r = client.get("/api/v1/incidents")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post(
        "/api/v1/incidents", json=report(), headers={"Authorization": "Bearer sv_not-a-token"}
    )
    assert r.status_code == 401


def test_categories_list_the_taxonomy(world: World, api) -> None:
    cats = {c["code"]: c for c in api("forening")("GET", "/api/v1/categories").json()}
    for code in [
        "skadegorelse",
        "klotter",
        "nedskrapning",
        "brand",
        "bilbrand",
        "containerbrand",
        "otrygg_plats",
        "ungdomsgrupp",
        "narkotika",
        "hot_vald",
        "incident_personal",
        "ordningsstorning",
        "trafik",
        "inbrott_stold",
        "ryktesspridning",
        "arrangemang",
        "ovrigt",
    ]:
        assert code in cats
    assert cats["bilbrand"]["parent"] == "brand" and cats["brand"]["label_sv"] == "Brand"

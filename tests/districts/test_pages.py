"""The district pages of part A: the profile section on the area page, an indicator's chart
(with the plan's target line) and table, the statistics import (the mapping step, unmatched
region codes listed, a broken file naming its line, nothing stored), and the profile and
dialogue forms (a refusal keeps what was typed; personal data is removed); others get 404."""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.districts import charts, page_forms, pages, plan_routes, routes, sections
from samverkan.districts.models import AreaProfile, DialogueNote, IndicatorValue, StatImport
from tests.conftest import World
from tests.districts.conftest import DAY, DistrictWorld
from tests.districts.test_api import CSV

FULL = CSV + b"0580;Linkoping;2025;77,3;70\n"


@pytest.fixture(autouse=True)
def _day(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (routes, plan_routes, pages, page_forms, sections):
        monkeypatch.setattr(module, "today", lambda: DAY)


def _import_api(client, dw: DistrictWorld, body: bytes = FULL) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        "/api/v1/districts/imports",
        params={
            "filename": "scb.csv",
            "map": ["sysselsatta=sysselsattning_20_64", "trygghet=trygghetsindex"],
        },
        content=body,
        headers=dw.auth(),
    )
    assert r.status_code == 201, r.text


def _persona(dw: DistrictWorld, key: str):  # type: ignore[no-untyped-def]
    p = dw.world.personas[key]
    return p.client, p.csrf


def test_the_area_page_shows_the_district_profile(client, dw: DistrictWorld) -> None:
    _import_api(client, dw)
    s = dw.areas["Skäggetorp"]
    r = client.put(
        f"/api/v1/districts/{s}/profile",
        json={
            "police_class": "sarskilt_utsatt",
            "police_class_year": 2025,
            "area_type": 1,
            "area_type_year": 2024,
            "homes_planned": 1200,
            "homes_finished": 340,
            "homes_note": "Bergsrådsvägen etapp 2",
        },
        headers=dw.auth(),
    )
    assert r.status_code == 200, r.text
    c, csrf = _persona(dw, "samordnare")
    r = c.post(
        f"/stadsdelar/{s}/dialog",
        data={"csrf_token": csrf, "held_on": "2026-05-12", "title": "Torgmöte", "body": "Mörkt."},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/stadsdelar/{s}#stadsdelsprofil"

    page = c.get(f"/stadsdelar/{s}").text
    facts = page[page.index('id="stadsdelsprofil"') :]
    assert "särskilt utsatt område (2025)" in facts
    assert "typ 1: stora socioekonomiska utmaningar (2024)" in facts
    assert "1\u00a0200" in facts and "340" in facts and "Bergsrådsvägen etapp 2" in facts
    row = re.search(r'<tr data-indicator="sysselsattning_20_64">.*?</tr>', facts, re.S)
    assert row, facts
    assert f'href="/stadsdelar/{s}/indikatorer/sysselsattning_20_64"' in row.group(0)
    assert "54,1" in row.group(0) and "77,3" in row.group(0) and "2025" in row.group(0)
    assert 'data-group="arbete"' in facts and 'data-group="trygghet"' in facts
    assert "Torgmöte" in facts
    assert f'href="/stadsdelar/{s}/profil"' in facts and f'href="/stadsdelar/{s}/dialog"' in facts

    reader = dw.world.personas["rapportor"].client.get(f"/stadsdelar/{s}").text
    assert "särskilt utsatt område" in reader and "54,1" in reader
    assert f"/stadsdelar/{s}/profil" not in reader
    forening = dw.world.personas["forening"].client.get(f"/stadsdelar/{s}")
    assert 'id="stadsdelsprofil"' not in forening.text and "54,1" not in forening.text
    # a district with nothing to show has no section for a reader
    ryd_empty = dw.world.personas["polis"].client.get(f"/stadsdelar/{dw.areas['Lambohov']}")
    assert 'id="stadsdelsprofil"' not in ryd_empty.text


def _plan_api(client, dw: DistrictWorld) -> int:  # type: ignore[no-untyped-def]
    body = {
        "area_id": dw.areas["Skäggetorp"],
        "title": "Skäggetorp 2024–2030",
        "first_year": 2024,
        "last_year": 2030,
        "goals": [
            {
                "title": "Fler i arbete",
                "targets": [
                    {
                        "indicator": "sysselsattning_20_64",
                        "baseline_year": 2023,
                        "target_value": 60,
                        "deadline_year": 2030,
                    }
                ],
            }
        ],
    }
    r = client.post("/api/v1/district-plans", json=body, headers=dw.auth())
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_the_indicator_page_draws_the_series_and_the_target(client, dw: DistrictWorld) -> None:
    _import_api(client, dw)
    plan_id = _plan_api(client, dw)
    for name in ("Skäggetorp", "Ryd", "Berga"):
        r = client.put(
            f"/api/v1/districts/{dw.areas[name]}/profile", json={"area_type": 1}, headers=dw.auth()
        )
        assert r.status_code == 200
    s = dw.areas["Skäggetorp"]
    c, _csrf = _persona(dw, "rapportor")
    r = c.get(f"/stadsdelar/{s}/indikatorer/sysselsattning_20_64")
    assert r.status_code == 200, r.text
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    assert 'class="target-line"' in svg and 'stroke-dasharray="12 5"' in svg
    for year in (2023, 2025, 2030):
        assert f">{year}</text>" in svg
    assert "Skäggetorp" in svg and "Linköping" in svg  # the legend
    assert svg.count("<polyline") == 1  # the area's line; one point each for the others
    table = r.text[r.text.index('id="indicator-values"') :]
    row = re.search(r'<tr data-year="2025">.*?</tr>', table, re.S)
    assert row and "54,1" in row.group(0) and "77,3" in row.group(0) and "65,0" in row.group(0)
    assert f'href="/utveckling/planer/{plan_id}"' in r.text and "60,0" in r.text

    assert c.get(f"/stadsdelar/{s}/indikatorer/ingen_sadan").status_code == 404
    outsider = dw.world.personas["outsider"].client
    assert outsider.get(f"/stadsdelar/{s}/indikatorer/sysselsattning_20_64").status_code == 404
    forening = dw.world.personas["forening"].client
    assert forening.get(f"/stadsdelar/{s}/indikatorer/sysselsattning_20_64").status_code == 404


def test_a_small_count_of_residents_is_shown_as_a_dash_with_the_reason(
    client, dw: DistrictWorld
) -> None:
    s = dw.areas["Skäggetorp"]
    for year, value in ((2024, 3), (2025, 12)):
        r = client.post(
            "/api/v1/districts/values",
            json={"indicator": "bef_65_plus", "area_id": s, "year": year, "value": value},
            headers=dw.auth(),
        )
        assert r.status_code == 201, r.text
    r = dw.world.personas["polis"].client.get(f"/stadsdelar/{s}/indikatorer/bef_65_plus")
    row = re.search(r'<tr data-year="2024">.*?</tr>', r.text, re.S)
    assert row and "–" in row.group(0) and "färre än 5" in row.group(0)
    assert ">3<" not in row.group(0)
    assert re.search(r'<tr data-year="2025">.*?12.*?</tr>', r.text, re.S)


def test_the_import_page_maps_columns_and_lists_unmatched_codes(
    dw: DistrictWorld, db: Session
) -> None:
    c, csrf = _persona(dw, "samordnare")
    assert c.get(pages.IMPORT).status_code == 200
    r = c.post(
        pages.IMPORT,
        data={"csrf_token": csrf},
        files={"file": ("scb.csv", FULL, "text/csv")},
    )
    assert r.status_code == 200, r.text
    assert 'name="map_0"' in r.text and 'name="map_1"' in r.text
    assert "sysselsatta" in r.text and "trygghet" in r.text
    content = re.search(r'name="content" value="([^"]+)"', r.text)
    assert content and base64.b64decode(content.group(1)) == FULL
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 0  # nothing yet
    r = c.post(
        pages.IMPORT,
        data={
            "csrf_token": csrf,
            "step": "map",
            "filename": "scb.csv",
            "content": content.group(1),
            "map_0": "sysselsattning_20_64",
            "map_1": "trygghetsindex",
        },
    )
    assert r.status_code == 200, r.text
    assert re.search(r'id="r-added">12<', r.text)
    unmatched = r.text[r.text.index('id="unmatched"') :]
    assert "0580R099" in unmatched and "Okänd" in unmatched
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 12
    listed = r.text[r.text.index('id="imports"') :]
    assert "scb.csv" in listed and "0580R099" in listed
    # the same file again: nothing added, everything unchanged
    r = c.post(
        pages.IMPORT,
        data={
            "csrf_token": csrf,
            "step": "map",
            "rows": FULL.decode(),
            "map_0": "sysselsattning_20_64",
            "map_1": "trygghetsindex",
        },
    )
    assert re.search(r'id="r-added">0<', r.text) and re.search(r'id="r-unchanged">12<', r.text)


def test_a_broken_file_names_the_line_and_nothing_is_stored(dw: DistrictWorld, db: Session) -> None:
    c, csrf = _persona(dw, "samordnare")
    bad = FULL.replace(b"2024;53,0", b"2024;femtio")
    r = c.post(pages.IMPORT, data={"csrf_token": csrf}, files={"file": ("scb.csv", bad)})
    assert r.status_code == 422
    err = r.text[r.text.index('id="file-error"') :]
    assert "rad 3, kolumn &#39;sysselsatta&#39;" in err and "femtio" in err
    r = c.post(
        pages.IMPORT,
        data={"csrf_token": csrf, "step": "map", "rows": bad.decode(), "map_0": "ohalsotal"},
    )
    assert r.status_code == 422 and "rad 3" in r.text
    r = c.post(
        pages.IMPORT, data={"csrf_token": csrf}, files={"file": ("tabell.xlsx", b"PK\x03\x04")}
    )
    assert r.status_code == 422 and "tabell.xlsx" in r.text
    # a mapping to an indicator counted from EST is refused, naming the field
    r = c.post(
        pages.IMPORT,
        data={"csrf_token": csrf, "step": "map", "rows": FULL.decode(), "map_0": "est_klotter"},
    )
    assert r.status_code == 422 and 'id="p-errors"' in r.text and 'name="map_0"' in r.text
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 0
    assert db.scalar(select(func.count()).select_from(StatImport)) == 0


@pytest.mark.parametrize("who", ["rapportor", "polis", "forening"])
def test_only_editors_have_the_import_and_the_forms(dw: DistrictWorld, who: str) -> None:
    c, csrf = _persona(dw, who)
    s = dw.areas["Skäggetorp"]
    assert c.get(pages.IMPORT).status_code == 404
    assert c.get(f"/stadsdelar/{s}/profil").status_code == 404
    assert c.get(f"/stadsdelar/{s}/dialog").status_code == 404
    r = c.post(f"/stadsdelar/{s}/profil", data={"csrf_token": csrf, "area_type": "2"})
    assert r.status_code == 404


def test_the_outsider_edits_none_of_linkopings_districts(dw: DistrictWorld) -> None:
    c, _csrf = _persona(dw, "outsider")
    s = dw.areas["Skäggetorp"]
    assert c.get(f"/stadsdelar/{s}/profil").status_code == 404
    assert c.get(f"/stadsdelar/{s}/dialog").status_code == 404


def test_a_refused_profile_keeps_what_was_typed(dw: DistrictWorld, db: Session) -> None:
    c, csrf = _persona(dw, "samordnare")
    s = dw.areas["Skäggetorp"]
    form = {
        "csrf_token": csrf,
        "police_class": "utsatt",
        "police_class_year": "tjugo",
        "area_type": "2",
        "homes_note": "Etapp 3 väntar",
    }
    r = c.post(f"/stadsdelar/{s}/profil", data=form)
    assert r.status_code == 422
    refusal = r.text[r.text.index('id="p-errors"') :]
    assert "år för polisens klassning" in refusal[:400]  # the field named in words
    assert 'value="tjugo"' in r.text and "Etapp 3 väntar" in r.text
    assert '<option value="utsatt" selected>' in r.text and '<option value="2" selected>' in r.text
    assert db.get(AreaProfile, s) is None
    form["police_class_year"] = "2025"
    r = c.post(f"/stadsdelar/{s}/profil", data=form, follow_redirects=False)
    assert r.status_code == 303
    db.expire_all()
    prof = db.get(AreaProfile, s)
    assert prof is not None and prof.police_class_year == 2025 and prof.area_type == 2
    r = c.get(f"/stadsdelar/{s}/profil")
    assert 'value="2025"' in r.text and '<option value="utsatt" selected>' in r.text


def test_a_dialogue_note_is_redacted_and_a_refused_one_kept(dw: DistrictWorld, db: Session) -> None:
    c, csrf = _persona(dw, "samordnare")
    s = dw.areas["Skäggetorp"]
    page = c.get(f"/stadsdelar/{s}/dialog").text
    assert 'id="redaction-notice"' in page and 'value="2026-06-30"' in page
    r = c.post(
        f"/stadsdelar/{s}/dialog",
        data={"csrf_token": csrf, "held_on": "2026-05-12", "title": "", "body": "Skriv om torget"},
    )
    assert r.status_code == 422 and "Skriv om torget" in r.text and 'id="p-errors"' in r.text
    assert db.scalar(select(func.count()).select_from(DialogueNote)) == 0
    r = c.post(
        f"/stadsdelar/{s}/dialog",
        data={
            "csrf_token": csrf,
            "held_on": "2026-05-12",
            "kind": "vandring",
            "title": "Trygghetsvandring",
            "body": "Ring Kalle på 070-123 45 67 om belysningen",
            "participants": "14",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    note = db.scalar(select(DialogueNote))
    assert note is not None and "070-123 45 67" not in note.body and note.redacted_count >= 1
    assert note.participants == 14 and note.kind == "vandring"


def test_the_nav_offers_district_development_to_its_partners(world: World) -> None:
    assert 'href="/utveckling/planer"' in world.personas["polis"].client.get("/").text
    assert 'href="/utveckling/planer"' not in world.personas["forening"].client.get("/").text


def test_the_line_chart_reads_in_black_and_white() -> None:
    svg = charts.line_chart(
        [
            charts.ChartSeries("<Skäggetorp>", {2021: 50.0, 2022: None, 2023: 52.0, 2024: 53.0}),
            charts.ChartSeries("Linköping", {2021: 78.0, 2024: 79.5}),
        ],
        charts.TargetLine("Mål", 2023, 52.0, 2030, 60.0),
        unit="%",
    )
    assert "&lt;Skäggetorp&gt;" in svg and "<Skäggetorp>" not in svg
    assert svg.count("<polyline") == 2  # the area's line broken at 2022 leaves one run of two
    assert 'stroke-dasharray="7 4"' in svg and 'class="target-line"' in svg
    assert ">2021</text>" in svg and ">2030</text>" in svg and ">%</text>" in svg
    assert "60,0" in svg or "60" in svg
    assert charts.line_chart([charts.ChartSeries("x", {})]) == ""


PX = """CHARSET="ANSI";
TITLE="Folkmängd efter region och år";
CONTENTS="Folkmängd";
UNITS="antal";
SOURCE="SCB";
STUB="region";
HEADING="år";
VALUES("region")="0580R005 Skäggetorp","0580A0020 Okänd";
CODES("region")="0580R005","0580A0020";
VALUES("år")="2024","2025";
DATA=
9400 9500
".." 980;
"""


def test_a_px_files_value_variable_is_mapped_and_a_broken_one_named(
    dw: DistrictWorld, db: Session
) -> None:
    c, csrf = _persona(dw, "samordnare")
    data = PX.encode("iso-8859-1")
    r = c.post(pages.IMPORT, data={"csrf_token": csrf}, files={"file": ("folkmangd.px", data)})
    assert r.status_code == 200, r.text
    assert "Folkmängd" in r.text
    assert '<option value="bef_totalt" selected>' in r.text  # guessed from the name
    content = re.search(r'name="content" value="([^"]+)"', r.text)
    assert content
    form = {"csrf_token": csrf, "step": "map", "filename": "folkmangd.px"}
    r = c.post(pages.IMPORT, data={**form, "content": content.group(1), "map_0": "bef_totalt"})
    assert r.status_code == 200 and re.search(r'id="r-added">2<', r.text)
    assert "0580A0020" in r.text[r.text.index('id="unmatched"') :]
    broken = PX.replace("DATA=", "DATUM=").encode("iso-8859-1")
    r = c.post(pages.IMPORT, data={"csrf_token": csrf}, files={"file": ("trasig.px", broken)})
    assert r.status_code == 422 and "DATA" in r.text[r.text.index('id="file-error"') :]
    assert db.scalar(select(func.count()).select_from(StatImport)) == 1


def test_years_are_written_as_runs() -> None:
    from samverkan.districts.charts import year_span

    assert year_span(range(2016, 2026)) == "2016–2025"
    assert year_span([2021, 2016, 2017, 2018, 2024]) == "2016–2018, 2021, 2024"
    assert year_span([]) == ""

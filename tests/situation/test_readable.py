"""The lägesbild says what its numbers mean: the summary against the count the signal expected,
Swedish decimals, the week it shows (and how it read what was typed), a week in progress or
to come, the PDF with the level's reason and the notable incidents, the print map's order."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from samverkan.core import numbers
from samverkan.core.errors import BadRequest
from samverkan.core.i18n import translations
from samverkan.core.numbers import decimal
from samverkan.core.timeutil import IsoWeek, current_week
from samverkan.situation import charts, mapdata, picture, report, service, weeks
from tests.conftest import World
from tests.situation.test_picture import WEEK, _add, _at, _pdf_text, _principal


def _row(**kw: object) -> picture.CategoryRow:
    base: dict[str, object] = {
        "code": "klotter",
        "label_sv": "Klotter",
        "label_en": "Graffiti",
        "count": 5,
        "baseline": 7.0,
        "last_year": 2,
        "spark": [],
        "expected": 0.98,
        "threshold": 1.0,
        "score": 220.85,
        "signal": True,
        "method": "Farrington-flexible",
    }
    base.update(kw)
    return picture.CategoryRow(**base)  # type: ignore[arg-type]


def _sentences(*rows: picture.CategoryRow, lang: str = "sv") -> list[str]:
    area = picture.AreaPicture(
        area_id=1,
        name="Berga",
        kind="stadsdel",
        level="gul",
        categories=list(rows),
        heatmap=[],
        hotspots=[],
        notable=[],
    )
    return [report.sentence(s, lang) for s in picture._summary(area)]


# --- 1. the summary against what the signal expected; numbers as Swedes write them ----------


def test_a_signal_below_the_four_week_mean_is_not_called_more_than_usual() -> None:
    # the review's week: 5 against an expected 0.98 for the season, the 4-week mean 7.0
    assert _sentences(_row()) == [
        "Klotter i Berga: 5, fler än väntat för årstiden (förväntat 1,0); "
        "snittet för de fyra senaste veckorna är 7,0."
    ]
    assert _sentences(_row(), lang="en") == [
        "Graffiti in Berga: 5, more than expected for the time of year (expected 1.0); "
        "the mean of the previous four weeks is 7.0."
    ]


@pytest.mark.parametrize(
    ("count", "baseline", "context"),
    [
        (10, 5.0, "dubbelt så många som snittet för de fyra senaste veckorna (5,0)"),
        (9, 3.0, "tre gånger så många som snittet för de fyra senaste veckorna (3,0)"),
        (9, 2.0, "4,5 gånger snittet för de fyra senaste veckorna (2,0)"),
        (8, 5.5, "fler än snittet för de fyra senaste veckorna (5,5)"),
        (6, 5.5, "snittet för de fyra senaste veckorna är 5,5"),
        (4, 0.0, "inga de fyra senaste veckorna"),
    ],
)
def test_the_four_week_mean_is_context_in_words_that_stay_true(
    count: int, baseline: float, context: str
) -> None:
    (text,) = _sentences(_row(count=count, baseline=baseline, expected=0.71, threshold=1.0))
    assert text == (
        f"Klotter i Berga: {count}, fler än väntat för årstiden (förväntat 0,7); {context}."
    )


def test_in_the_first_year_the_signal_compares_with_the_weeks_before() -> None:
    (text,) = _sentences(_row(count=7, baseline=8.0, expected=2.0, method="EARS C2"))
    assert text == (
        "Klotter i Berga: 7, fler än väntat utifrån veckorna innan (förväntat 2,0); "
        "snittet för de fyra senaste veckorna är 8,0."
    )


def test_numbers_have_a_decimal_comma_and_no_negative_zero() -> None:
    assert numbers.decimal(16.5) == "16,5" and numbers.decimal(16.5, "en") == "16.5"
    assert numbers.decimal(-0.001) == "0,0" and numbers.decimal(-0.04, "sv", 1) == "0,0"
    assert numbers.decimal(None) == "–"
    assert (numbers.signed(-75.2), numbers.signed(12.5), numbers.signed(0.4)) == (
        "\u221275",
        "+12",
        "0",
    )
    assert numbers.signed(None) == "–" and numbers.whole(5000) == "5\u00a0000"
    # side by side: two decimals when one is below 1, else one
    assert numbers.places_for(0.71, 4.0) == 2 and numbers.places_for(11.29, 15.0) == 1
    # the stored score never is a negative zero (JSON and every page print it)
    score = picture._num(-0.001)
    assert score is not None and math.copysign(1, score) == 1


@pytest.fixture
def early_rise(db: Session, world: World) -> World:
    """Klotter in Skäggetorp, history shorter than a year (EARS): 2 a week for nine weeks,
    14 in each of the two weeks before WEEK (the guard band), 7 in WEEK: an unusual week
    against the 2 a week before, but below the mean of the four weeks before it (8.0)."""
    for back in range(3, 12):
        for _ in range(2):
            _add(db, world, "bolag", "skaggetorp", _at(WEEK - back))
    for back in (1, 2):
        for _ in range(14):
            _add(db, world, "bolag", "skaggetorp", _at(WEEK - back))
    for _ in range(7):
        _add(db, world, "bolag", "skaggetorp", _at(WEEK))
    db.flush()
    return world


def test_the_page_says_what_the_signal_compared_with_in_swedish_numbers(
    db: Session, early_rise: World
) -> None:
    area = early_rise.ids["skaggetorp"]
    pic = picture.build(db, _principal(db, early_rise, "samordnare"), WEEK, [area])
    row = next(r for r in pic.areas[0].categories if r.code == "klotter")
    assert (row.count, row.baseline, row.signal, row.method) == (7, 8.0, True, "EARS C2")
    page = early_rise.personas["samordnare"].client.get(f"/lagesbild?week={WEEK}&area={area}")
    assert page.status_code == 200
    text = page.text
    assert (
        "Klotter i Skäggetorp: 7, fler än väntat utifrån veckorna innan (förväntat 2,0); "
        "snittet för de fyra senaste veckorna är 8,0." in text
    )
    assert "fler än vanligt" not in text
    # the table: decimal commas, expected and threshold alike
    assert '<td class="num" data-label="Snitt 4 v.">8,0</td>' in text
    assert re.search(r"förväntat 2,0, tröskel 6,2, signalstyrka 1,2", text)
    assert "7 händelser denna vecka; snittet för de fyra senaste veckorna 8,0." in text
    assert not re.search(r"\d\.\d", _visible(text)), "a decimal point on the Swedish page"


def _visible(html: str) -> str:
    """The page's text, without scripts, styles, tags and attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_map_tooltips_write_numbers_as_the_page_does() -> None:
    layer = {"cell_m": 100, "max": 12.5, "cells": [{"lat": 58.41, "lon": 15.62, "value": 12.5}]}
    (sv,) = mapdata._density_squares(layer, "sv")
    (en,) = mapdata._density_squares(layer, "en")
    assert sv["properties"]["name"] == (
        "omkring 12,5 händelser per km² (uppskattad täthet, de senaste fyra veckorna)"
    )
    assert en["properties"]["name"].startswith("about 12.5 incidents per km² (estimated density")


def test_a_hexagon_says_what_its_numbers_mean() -> None:
    assert mapdata.HOTSPOT % {"n": "3 incidents", "z": "3.12"} == (
        "Hotspot: 3 incidents, z = 3.12 (significant: more than chance, with the neighbours)"
    )
    sv = translations("sv")
    hot = sv.gettext(mapdata.HOTSPOT) % {
        "n": sv.ngettext("%(n)s incident", "%(n)s incidents", 3) % {"n": 3},
        "z": decimal(3.123, "sv", "z"),
    }
    assert hot == "Brännpunkt: 3 händelser, z = 3,12 (signifikant: mer än slumpen, med grannarna)"
    assert sv.gettext(mapdata.NOT_HOTSPOT).endswith("(inte signifikant: kan vara slumpen)")


# --- 3. the PDF has the level's reason, the area's sentences and its notable incidents --------


def test_the_pdf_has_the_level_reason_and_the_notable_incidents(
    db: Session, early_rise: World
) -> None:
    area = early_rise.ids["skaggetorp"]
    p = _principal(db, early_rise, "samordnare")
    computed = picture.build(db, p, WEEK, [area]).areas[0].computed_level
    service.set_level(db, p, area, WEEK, "orange", "Klottret ökar kring torget", computed)
    _add(
        db,
        early_rise,
        "bolag",
        "skaggetorp",
        _at(WEEK, 4, 23),
        place_name="Skäggetorp centrum",
        severity=3,
    )
    db.flush()
    r = early_rise.personas["samordnare"].client.get(f"/lagesbild.pdf?week={WEEK}&area={area}")
    assert r.status_code == 200
    _pages, text = _pdf_text(r.content)
    flat = " ".join(text.split())
    assert "Nivån satt av samordnaren: Klottret ökar kring torget (regeln ger gul)." in flat
    assert "Händelser att notera" in flat
    assert "Klotter · Skäggetorp centrum allvarlig" in flat
    assert "fler än väntat utifrån veckorna innan (förväntat 2,0)" in flat
    assert f"Lägesbild vecka {WEEK.week} {WEEK.year} ({WEEK})" in flat


# --- 2 (print). areas are drawn inside out on the still map too -------------------------------


def _square(x: float, y: float, d: float) -> list[list[float]]:
    return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]


def test_the_print_map_draws_an_area_with_holes_under_the_areas_inside() -> None:
    town = {
        "type": "Feature",
        "id": 1,
        "geometry": {"type": "Polygon", "coordinates": [_square(15.0, 58.0, 1.0)]},
        "properties": {"name": "Town", "kind": "stadsdel", "level": "gron"},
    }
    # "the town but the district": the district's ring is a hole of the town
    town["geometry"]["coordinates"].append(_square(15.2, 58.2, 0.2))  # type: ignore[index]
    district = {
        "type": "Feature",
        "id": 2,
        "geometry": {"type": "Polygon", "coordinates": [_square(15.2, 58.2, 0.2)]},
        "properties": {"name": "Berga", "kind": "stadsdel", "level": "orange"},
    }
    svg = str(charts.map_svg({"type": "FeatureCollection", "features": [district, town]}))
    paths = re.findall(r"<path [^>]*>", svg)
    strokes = [re.search(r'stroke="([^"]+)"', p)[1] for p in paths]  # type: ignore[index]
    # the town's fill without a stroke, its outer outline, then the orange district on top
    assert strokes == ["none", charts.LEVEL_COLOURS["gron"], charts.LEVEL_COLOURS["orange"]]
    assert svg.count(" M") == 1  # only the fill has the hole's ring; the outline has not


# --- 4. which week: what was typed, the allowed weeks, a week in progress or to come ----------

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # a Friday in 2026-W48


def test_a_date_or_a_loose_week_is_read_as_a_week_and_said_back() -> None:
    assert weeks.read_week("2026-11-20", NOW) == IsoWeek(2026, 47)
    assert weeks.read_week(" v 49 ", NOW) == IsoWeek(2025, 49)
    assert weeks.read_week("", NOW) == IsoWeek(2026, 47)
    msgid, params = weeks.how_read("v 49", IsoWeek(2025, 49)) or ("", {})
    assert msgid % params == ("v 49 was read as week 49 2025, the latest week 49 up to now.")
    assert weeks.how_read("2026-W49", IsoWeek(2026, 49)) is None


@pytest.mark.parametrize("text", ["0001-W01", "9999-W52", "1999-W52", "2027-W49"])
def test_a_week_out_of_range_is_refused_naming_the_range(text: str) -> None:
    with pytest.raises(BadRequest) as err:
        weeks.read_week(text, NOW)
    assert err.value.params == {"value": text, "first": "2000-W01", "last": "2027-W47"}


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52"])
def test_the_page_says_in_swedish_which_weeks_it_can_show(world: World, week: str) -> None:
    page = world.personas["samordnare"].client.get(f"/lagesbild?week={week}")
    assert page.status_code == 400
    last = current_week() + weeks.AHEAD
    assert (
        f"vecka {week} ligger utanför de veckor lägesbilden kan visa: 2000-W01 till {last}"
        in page.text
    )


def test_the_api_refuses_a_week_out_of_range_naming_it(api, world: World) -> None:
    r = api("rapportor")("GET", "/api/v1/lagesbild?week=9999-W52")
    assert r.status_code == 400
    assert r.json()["field"] == "week" and "9999-W52" in r.json()["detail"]
    assert "2000-W01" in r.json()["detail"]


def test_the_page_names_the_week_and_year_it_read(world: World) -> None:
    client = world.personas["samordnare"].client
    page = client.get("/lagesbild?week=v 49")
    w = IsoWeek.parse_loose("v 49")
    assert page.status_code == 200
    assert f"Lägesbild vecka 49 {w.year}" in page.text
    assert f"v 49 lästes som vecka 49 {w.year}, den senaste vecka 49 fram till i dag." in page.text
    page = client.get("/lagesbild?week=2026-11-20")
    assert page.status_code == 200
    assert "Lägesbild vecka 47 2026 <span" in page.text
    assert "2026-11-20 ligger i vecka 47 2026." in page.text


def test_the_current_week_says_it_is_in_progress(world: World) -> None:
    this = current_week()
    page = world.personas["samordnare"].client.get(f"/lagesbild?week={this}")
    assert page.status_code == 200
    day = weeks.weekday_today("sv")
    assert f"Veckan pågår (t.o.m. {day})" in page.text
    assert f"händelser hittills denna vecka (t.o.m. {day})" in page.text


def test_a_week_to_come_says_it_has_not_started(world: World) -> None:
    w = current_week() + 1
    page = world.personas["samordnare"].client.get(f"/lagesbild?week={w}")
    assert page.status_code == 200
    assert f"Vecka {w.week} {w.year} har inte börjat än: det finns inget att visa." in page.text
    assert "Inga ovanliga ökningar" not in page.text
    assert "area-picture" not in page.text  # no empty tables for a week to come


def test_the_json_says_whether_the_week_is_over(db: Session, world: World) -> None:
    p = _principal(db, world, "forening")
    states = {}
    for w in (IsoWeek(2026, 47), IsoWeek(2026, 48), IsoWeek(2026, 49)):
        data = report.as_json(picture.build(db, p, w), "sv", NOW)
        states[str(w)] = (data["week_state"], data["week_note"], data["summary"])
    assert states["2026-W47"] == ("past", None, ["Inga ovanliga ökningar vecka 47 2026."])
    assert states["2026-W48"][:2] == (
        "current",
        "Veckan pågår (t.o.m. fredag): siffrorna gäller en del av veckan men jämförs med "
        "hela veckor.",
    )
    note = "Vecka 49 2026 har inte börjat än: det finns inget att visa."
    assert states["2026-W49"] == ("future", note, [note])

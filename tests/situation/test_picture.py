"""The weekly picture: counts, baselines, visibility, JSON shape, bad input, the demo's rise."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, PermissionDenied
from samverkan.core.runtime import open_runtime
from samverkan.core.timeutil import STOCKHOLM, IsoWeek, current_week
from samverkan.demo.service import seed
from samverkan.incidents.models import Category, Incident
from samverkan.orgs import queries as org_queries
from samverkan.situation import picture, report, service
from samverkan.situation.levels import level_of, points
from tests.conftest import World
from tests.demo.test_demo_days import assert_the_demo_week_shows_the_rise

WEEK = IsoWeek(2026, 46)


def _at(week: IsoWeek, day: int = 2, hour: int = 21) -> datetime:
    local = datetime.combine(week.monday + timedelta(days=day), time(hour), tzinfo=STOCKHOLM)
    return local.astimezone(UTC)


def _add(db: Session, world: World, org: str, area: str, when: datetime, **kw: object) -> None:
    cat = db.scalar(select(Category).where(Category.code == kw.pop("category", "klotter")))
    assert cat is not None
    db.add(
        Incident(
            org_id=world.ids[f"{org}_org"],
            category_id=cat.id,
            area_id=world.ids[area],
            occurred_at=when,
            precision="omrade",
            source="formular",
            **kw,
        )
    )


def _principal(db: Session, world: World, persona: str):
    user = world.personas[persona].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


def _row(pic: picture.Picture, area: str, code: str) -> picture.CategoryRow | None:
    a = next(a for a in pic.areas if a.name == area)
    return next((r for r in a.categories if r.code == code), None)


@pytest.fixture
def history(db: Session, world: World) -> World:
    """Klotter in Skäggetorp: 2 a week for the 4 weeks before WEEK, 5 the same week last year,
    and in WEEK 3 shared by Stångåstaden, 1 it keeps to itself and 1 for the police only."""
    for back in range(1, 5):
        for _ in range(2):
            _add(db, world, "bolag", "skaggetorp", _at(WEEK - back))
    for _ in range(5):
        _add(db, world, "bolag", "skaggetorp", _at(IsoWeek(2025, 46)))
    for day in range(3):
        _add(db, world, "bolag", "skaggetorp", _at(WEEK, day, 22 if day else 3))
    _add(db, world, "bolag", "skaggetorp", _at(WEEK), visibility="egen")
    _add(db, world, "polis", "skaggetorp", _at(WEEK), visibility="polis")
    _add(db, world, "bolag", "skaggetorp", _at(WEEK), status="dubblett")  # never counted
    db.flush()
    return world


def test_counts_baseline_last_year_and_heatmap(db: Session, history: World) -> None:
    pic = picture.build(db, _principal(db, history, "forening"), WEEK)
    row = _row(pic, "Skäggetorp", "klotter")
    assert row is not None
    assert (row.count, row.baseline, row.last_year) == (3, 2.0, 5)
    assert row.spark[-5:] == [2, 2, 2, 2, 3] and len(row.spark) == 52
    # the district's incidents count in the municipality around it too
    town = _row(pic, "Linköping", "klotter")
    assert town is not None and town.count == 3
    heat = next(a for a in pic.areas if a.name == "Skäggetorp").heatmap
    assert heat[0][0] == 1  # Monday night (03:00)
    assert heat[1][3] == heat[2][3] == 1  # Tuesday and Wednesday evening (22:00)
    assert sum(map(sum, heat)) == 3


@pytest.mark.parametrize(
    ("persona", "count"),
    [("forening", 3), ("rapportor", 4), ("polis", 4), ("samordnare", 3)],
)
def test_counts_include_only_what_the_reader_may_see(
    db: Session, history: World, persona: str, count: int
) -> None:
    # Stångåstaden sees its own 'egen' report; the police see the police-only one
    pic = picture.build(db, _principal(db, history, persona), WEEK)
    row = _row(pic, "Skäggetorp", "klotter")
    assert row is not None and row.count == count


def test_another_municipality_sees_none_of_it(db: Session, history: World) -> None:
    pic = picture.build(db, _principal(db, history, "outsider"), WEEK)
    assert {a.name for a in pic.areas} == {"Norrköping", "Navestad"}
    assert all(not a.categories for a in pic.areas)
    with pytest.raises(Exception, match="not found"):
        picture.build(db, _principal(db, history, "outsider"), WEEK, [history.ids["skaggetorp"]])


def test_a_week_with_no_data_is_an_empty_honest_picture(db: Session, world: World) -> None:
    pic = picture.build(db, _principal(db, world, "forening"), IsoWeek(2020, 10))
    assert all(a.categories == [] and a.total == 0 and a.level == "gron" for a in pic.areas)
    data = report.as_json(pic)
    assert data["summary"] == ["Inga ovanliga ökningar vecka 10 2020."]
    assert data["areas"][0]["heatmap"]["counts"] == [[0] * 5 for _ in range(7)]


def test_api_json_has_the_contract_shape(api, history: World) -> None:
    r = api("rapportor")("GET", f"/api/v1/lagesbild?week={WEEK}&area={history.ids['skaggetorp']}")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["week"] == "2026-W46"
    (area,) = data["areas"]
    assert area["area"] == {
        "id": history.ids["skaggetorp"],
        "name": "Skäggetorp",
        "kind": "stadsdel",
    }
    assert area["level"] in ("gron", "gul", "orange", "rod")
    (klotter,) = [c for c in area["categories"] if c["code"] == "klotter"]
    assert {"code", "label", "count", "baseline", "signal", "score"} <= set(klotter)
    assert (klotter["label"], klotter["count"], klotter["baseline"]) == ("Klotter", 4, 2.0)
    assert isinstance(area["hotspots"], list)


@pytest.mark.parametrize(
    ("query", "names"),
    [("week=2026-W99", "2026-W99"), ("week=förra", "förra"), ("area=999999", "999999")],
)
def test_bad_week_or_area_is_a_400_naming_it(api, world: World, query: str, names: str) -> None:
    r = api("rapportor")("GET", f"/api/v1/lagesbild?{query}")
    assert r.status_code == 400, r.text
    assert names in r.json()["detail"]


def test_levels_follow_the_documented_rule() -> None:
    row = picture.CategoryRow
    quiet = row("klotter", "", "", 1, 1, None, [], 1, 3, 0, False, "")
    mild = row("klotter", "", "", 4, 1, None, [], 1, 3, 1.5, True, "")
    strong = row("skadegorelse", "", "", 9, 1, None, [], 1, 3, 4.0, True, "")
    violent = row("hot_vald", "", "", 9, 1, None, [], 1, 3, 4.0, True, "")
    assert level_of([quiet]) == "gron"
    assert (points([mild]), level_of([mild])) == (1, "gul")
    assert (points([strong]), level_of([strong])) == (2, "gul")
    assert (points([mild, strong]), level_of([mild, strong])) == (3, "orange")
    assert (points([violent, strong]), level_of([violent, strong])) == (5, "rod")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    rt = open_runtime(f"sqlite:///{path}")
    with rt.sessionmaker() as s:
        seed(s)
        s.commit()
    rt.engine.dispose()
    return path


def test_the_demo_rise_of_klotter_at_berga_is_found_and_nothing_cries_wolf(demo_db: Path) -> None:
    week = current_week() - 1
    out = subprocess.run(
        [sys.executable, "-m", "samverkan", "lagesbild", "--db", str(demo_db), "--week", str(week)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert_the_demo_week_shows_the_rise(json.loads(out.stdout))


def test_cli_bad_week_exits_2_naming_it(demo_db: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "samverkan", "lagesbild", "--db", str(demo_db), "--week", "v. 60"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "v. 60" in out.stderr and out.stdout == ""


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _demo_areas(path: Path) -> list:
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session as Plain

    from samverkan.geo.models import Area

    with Plain(create_engine(f"sqlite:///{path}")) as s:
        return list(s.scalars(select(Area)))


def test_cli_pdf_is_an_a4_meeting_handout(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "lagesbild.pdf"
    week = current_week() - 1
    args = ["lagesbild", "--db", str(demo_db), "--week", str(week), "--format", "pdf"]
    subprocess.run(
        [sys.executable, "-m", "samverkan", *args, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    pages, text = _pdf_text(data)
    assert pages >= 2
    assert f"Lägesbild vecka {week.week} {week.year} ({week})" in text
    assert "Endast för samverkansgruppen" in text
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text  # page numbers
    assert "Klotter i Berga" in text and "Utskriven " in text
    assert "<svg" not in text  # the map and charts are drawn, not printed as text
    # every page after the first names the area it is on in its running header, in the
    # handout's one font
    names = {a.name for a in _demo_areas(demo_db)}
    for page in reader.pages[1:]:
        head = page.extract_text().splitlines()[0]
        assert any(n in head for n in names), head
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]).split("+")[-1].split("-")[0])
    assert fonts == {"DejaVu"}


def test_pdf_from_the_page_counts_what_the_reader_may_see(history: World) -> None:
    client = history.personas["forening"].client
    r = client.get(f"/lagesbild.pdf?week={WEEK}&area={history.ids['skaggetorp']}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert 'filename="lagesbild-2026-W46.pdf"' in r.headers["content-disposition"]
    _pages, text = _pdf_text(r.content)
    assert "Skäggetorp" in text and "Navestad" not in text
    assert "3 händelser denna vecka" in text  # not the 'egen' nor the police-only report


def test_samordnare_sets_a_level_with_a_reason_that_is_kept(db: Session, history: World) -> None:
    p = _principal(db, history, "samordnare")
    area = history.ids["skaggetorp"]
    before = picture.build(db, p, WEEK, [area]).areas[0]
    service.set_level(db, p, area, WEEK, "rod", "  Oro efter\nhelgens bränder ", before.level)
    after = picture.build(db, p, WEEK, [area]).areas[0]
    assert (after.level, after.computed_level) == ("rod", before.computed_level)
    data = report.as_json(picture.build(db, p, WEEK, [area]))["areas"][0]
    assert data["level"] == "rod" and data["computed_level"] == before.computed_level
    assert data["override"]["reason"] == "Oro efter helgens bränder"
    # another week keeps the rule's level
    assert picture.build(db, p, WEEK + 1, [area]).areas[0].override is None
    # the page says it, in Swedish
    page = history.personas["samordnare"].client.get(f"/lagesbild?week={WEEK}&area={area}")
    assert "Nivån satt av samordnaren: Oro efter helgens bränder" in page.text


@pytest.mark.parametrize(
    ("level", "reason", "field"),
    [("lila", "varför", "level"), ("rod", "   ", "reason"), ("rod", "x" * 501, "reason")],
)
def test_a_level_needs_a_known_level_and_a_reason(
    db: Session, history: World, level: str, reason: str, field: str
) -> None:
    p = _principal(db, history, "samordnare")
    with pytest.raises(Invalid) as err:
        service.set_level(db, p, history.ids["skaggetorp"], WEEK, level, reason, "gron")
    assert err.value.field == field
    assert picture.build(db, p, WEEK, [history.ids["skaggetorp"]]).areas[0].override is None


def test_a_reporter_cannot_set_a_level(db: Session, history: World) -> None:
    p = _principal(db, history, "rapportor")
    with pytest.raises(PermissionDenied):
        service.set_level(db, p, history.ids["skaggetorp"], WEEK, "rod", "för att", "gron")

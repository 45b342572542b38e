"""The lägesbild's JSON contract: what report.as_json, report.priorities_json and
nearrepeat.as_json give fits situation.schemas key by key, in both languages, and the models
turn it back into the same JSON (so a ``response_model=`` changes nothing on the wire)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, get_args

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core.runtime import open_runtime
from samverkan.core.timeutil import IsoWeek
from samverkan.demo.service import seed
from samverkan.geo.models import AREA_KINDS
from samverkan.geo.queries import all_areas
from samverkan.incidents.models import TIME_BANDS
from samverkan.orgs import queries as org_queries
from samverkan.situation import nearrepeat, picture, priority, report, schemas, service
from samverkan.situation.levels import LEVELS
from tests.conftest import World
from tests.situation.test_nearrepeat import _planted
from tests.situation.test_picture import WEEK, _principal, history  # noqa: F401 - fixture

LANGS = ("sv", "en")
DEMO_DAY = date(2026, 1, 11)  # a Sunday: the demo's rise is in 2026-W01, W02 is its last week
NOW = datetime(2026, 1, 11, 12, tzinfo=UTC)  # the clock the demo's documents are read at
AFTER_WEEK = datetime(2026, 12, 1, 12, tzinfo=UTC)  # WEEK (2026-W46) is over


M = TypeVar("M", bound=BaseModel)


def _fits(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as the API sends it, checked strictly against ``model``; the model's own JSON
    is that JSON again (nothing added, lost, renamed or reformatted)."""
    wire = json.dumps(data, ensure_ascii=False)
    out = model.model_validate_json(wire, strict=True)
    assert json.loads(out.model_dump_json()) == json.loads(wire)
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    """The demo as made on DEMO_DAY, in a database file of its own (seeded once)."""
    path: Path = tmp_path_factory.mktemp("schemas") / "demo.db"
    rt = open_runtime(f"sqlite:///{path}")
    with rt.sessionmaker() as s:
        assert seed(s, today=DEMO_DAY)
        s.commit()
    yield rt.sessionmaker
    rt.engine.dispose()


def _demo_picture(s: Session, week: IsoWeek, lang: str) -> dict[str, Any]:
    pic = picture.build(s, org_queries.shared_reader(s), week, None)
    return report.as_json(pic, lang, NOW)


def _berga(s: Session) -> int:
    return next(a.id for a in all_areas(s) if a.name == "Berga")


# --- the weekly picture ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_picture_fits_its_model(demo: sessionmaker[Session], lang: str) -> None:
    with demo() as s:
        data = _demo_picture(s, IsoWeek(2026, 1), lang)
    out = _fits(schemas.LagesbildOut, data)
    assert (out.week, out.week_state, out.week_note, out.weekday_today) == (
        "2026-W01",
        "past",
        None,
        None,
    )
    assert out.history_from is not None
    # a rich picture: the rows, signals, hotspots, density and notable incidents are checked
    rows = [c for a in out.areas for c in a.categories]
    assert any(c.signal for c in rows) and any(not c.signal for c in rows)
    assert {c.method for c in rows} - {""}, "no category was judged"
    assert any(h.significant for a in out.areas for h in a.hotspots)
    assert any(a.density.cells for a in out.areas)
    assert any(a.notable for a in out.areas)
    assert any(a.level != "gron" for a in out.areas)


@pytest.mark.parametrize("lang", LANGS)
def test_a_week_in_progress_and_one_to_come_fit_too(demo: sessionmaker[Session], lang: str) -> None:
    with demo() as s:
        current = _fits(schemas.LagesbildOut, _demo_picture(s, IsoWeek(2026, 2), lang))
        future = _fits(schemas.LagesbildOut, _demo_picture(s, IsoWeek(2026, 3), lang))
    assert current.week_state == "current" and current.week_note and current.weekday_today
    assert current.weekday_today == ("söndag" if lang == "sv" else "Sunday")
    assert future.week_state == "future" and future.summary == [future.week_note]


@pytest.mark.parametrize("lang", LANGS)
def test_a_level_set_by_the_samordnare_fits(
    db: Session,
    history: World,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    p = _principal(db, history, "samordnare")
    area = history.ids["skaggetorp"]
    service.set_level(db, p, area, WEEK, "rod", "Oro efter helgens bränder", "gul")
    out = _fits(schemas.LagesbildOut, report.as_json(picture.build(db, p, WEEK), lang, AFTER_WEEK))
    skagg = next(a for a in out.areas if a.area.id == area)
    assert skagg.override is not None and skagg.override.level == "rod" == skagg.level
    (klotter,) = (c for c in skagg.categories if c.code == "klotter")
    assert (klotter.count, klotter.baseline, klotter.last_year) == (3, 2.0, 5)


@pytest.mark.parametrize("lang", LANGS)
def test_a_world_with_nothing_recorded_fits(db: Session, world: World, lang: str) -> None:
    p = _principal(db, world, "samordnare")
    data = report.as_json(picture.build(db, p, WEEK), lang, AFTER_WEEK)
    out = _fits(schemas.LagesbildOut, data)
    assert out.history_from is None
    assert all(not a.categories and not a.hotspots and not a.density.cells for a in out.areas)
    prio = _fits(
        schemas.PrioritiesOut, report.priorities_json(picture.prioritise(db, p, WEEK), lang)
    )
    assert all(a.severity is None and a.rate is None for a in prio.areas)


# --- the prioritisation ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("period", ["kvartal", "tertial"])
def test_the_demo_priorities_fit_their_model(
    demo: sessionmaker[Session], lang: str, period: str
) -> None:
    with demo() as s:
        pr = picture.prioritise(s, org_queries.shared_reader(s), IsoWeek(2026, 1), period)
    out = _fits(schemas.PrioritiesOut, report.priorities_json(pr, lang))
    assert out.period == period and out.from_ < out.to and out.areas
    assert [a.rank for a in out.areas] == list(range(1, len(out.areas) + 1))
    assert all(a.rate is not None and a.reasons for a in out.areas)


@pytest.mark.parametrize("lang", LANGS)
def test_priorities_without_population_fit(
    db: Session,
    history: World,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    pr = picture.prioritise(db, _principal(db, history, "samordnare"), WEEK)
    out = _fits(schemas.PrioritiesOut, report.priorities_json(pr, lang))
    assert out.without_population and all(a.rate is None for a in out.areas)
    assert any(a.severity is None for a in out.areas)  # an area with nothing reported


# --- near repeats ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_near_repeats_fit_their_model(demo: sessionmaker[Session], lang: str) -> None:
    with demo() as s:
        p = org_queries.shared_reader(s)
        nr = nearrepeat.near_repeats(s, p, _berga(s), "klotter", IsoWeek(2026, 1), 52)
    data = nearrepeat.as_json(nr, lang)
    out = _fits(schemas.NearRepeatsOut, data)
    assert out.table is not None and out.pairs == out.events * (out.events - 1) // 2
    assert len(out.table) == (len(out.spatial_bands_m) + 1) * (len(out.temporal_bands_days) + 1)
    assert out.table[0].space == ("samma plats" if lang == "sv" else "same place")


@pytest.mark.parametrize("lang", LANGS)
def test_near_repeats_planted_and_too_few_fit(db: Session, world: World, lang: str) -> None:
    _planted(db, world)
    p = _principal(db, world, "forening")
    area = world.ids["skaggetorp"]
    found = nearrepeat.as_json(nearrepeat.near_repeats(db, p, area, "inbrott_stold", WEEK), lang)
    few = nearrepeat.as_json(nearrepeat.near_repeats(db, p, area, "klotter", WEEK), lang)
    assert _fits(schemas.NearRepeatsOut, found).table
    assert few["table"] is None and "pairs" not in few
    out = schemas.NearRepeatsOut.model_validate_json(json.dumps(few), strict=True)
    assert out.pairs is None  # the key is left out when there is no table; the model says null


# --- the API answers the same documents ---------------------------------------------------------


def test_the_api_answers_fit_their_models(
    api,
    history: World,  # noqa: F811 - the fixture
) -> None:
    call = api("samordnare")
    area = history.ids["skaggetorp"]
    for lang in LANGS:
        r = call("GET", f"/api/v1/lagesbild?week={WEEK}&lang={lang}")
        assert r.status_code == 200, r.text
        schemas.LagesbildOut.model_validate_json(r.content, strict=True)
        r = call("GET", f"/api/v1/lagesbild/prioritering?week={WEEK}&lang={lang}")
        assert r.status_code == 200, r.text
        schemas.PrioritiesOut.model_validate_json(r.content, strict=True)
        url = f"/api/v1/lagesbild/narupprepning?area={area}&category=klotter&week={WEEK}"
        r = call("GET", f"{url}&lang={lang}")
        assert r.status_code == 200, r.text
        schemas.NearRepeatsOut.model_validate_json(r.content, strict=True)


# --- drift: a key missing or one more fails ------------------------------------------------------


def _objects(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict]]:
    """The first object of every kind in a document (lists by their first item)."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _objects(v, (*path, k))
    elif isinstance(node, list) and node:
        yield from _objects(node[0], (*path, 0))


def _at(doc: Any, path: tuple[Any, ...]) -> dict[str, Any]:
    for step in path:
        doc = doc[step]
    return doc


OPTIONAL = {"pairs"}  # nearrepeat.as_json leaves it out without a table


def _assert_every_key_is_held(model: type[BaseModel], doc: dict[str, Any]) -> int:
    """Drop each key of each kind of object, then add one: both must fail, naming the place."""
    checked = 0
    for path, obj in list(_objects(doc)):
        for key in obj:
            broken = copy.deepcopy(doc)
            del _at(broken, path)[key]
            if key in OPTIONAL:
                model.model_validate(broken)
                continue
            with pytest.raises(ValidationError) as err:
                model.model_validate(broken)
            assert err.value.errors()[0]["type"] == "missing", (path, key)
            assert err.value.errors()[0]["loc"][-1] == key
            checked += 1
        extra = copy.deepcopy(doc)
        _at(extra, path)["unexpected"] = 1
        with pytest.raises(ValidationError) as err:
            model.model_validate(extra)
        assert err.value.errors()[0]["type"] == "extra_forbidden", path
        checked += 1
    return checked


def test_a_missing_or_an_extra_key_fails(demo: sessionmaker[Session]) -> None:
    with demo() as s:
        p = org_queries.shared_reader(s)
        week = IsoWeek(2026, 1)
        lagesbild = _demo_picture(s, week, "sv")
        prio = report.priorities_json(picture.prioritise(s, p, week), "sv")
        near = nearrepeat.as_json(nearrepeat.near_repeats(s, p, _berga(s), "klotter", week), "sv")
    # every kind of object is there to be broken (an override comes from the small world)
    area = next(a for a in lagesbild["areas"] if a["hotspots"] and a["notable"])
    lagesbild["areas"] = [area]
    area["override"] = {"level": "rod", "reason": "oro", "computed": "gul", "set_at": "x"}
    assert _assert_every_key_is_held(schemas.LagesbildOut, lagesbild) > 60
    assert _assert_every_key_is_held(schemas.PrioritiesOut, prio) > 20
    assert _assert_every_key_is_held(schemas.NearRepeatsOut, near) > 15


def test_a_wrong_code_or_a_short_spark_fails(demo: sessionmaker[Session]) -> None:
    with demo() as s:
        data = _demo_picture(s, IsoWeek(2026, 1), "en")
    for change in (
        lambda d: d["areas"][0].update(level="green"),
        lambda d: d.update(week_state="over"),
        lambda d: d["areas"][0]["categories"][0].update(spark=[1, 2, 3]),
        lambda d: d["areas"][0]["categories"][0].update(count=1.5),
        lambda d: d["areas"][0]["heatmap"]["counts"].pop(),
    ):
        broken = copy.deepcopy(data)
        change(broken)
        with pytest.raises(ValidationError):
            schemas.LagesbildOut.model_validate_json(json.dumps(broken), strict=True)


# --- the codes the models name are the code's --------------------------------------------------


def test_the_models_codes_are_the_codes_of_the_domain() -> None:
    assert set(get_args(schemas.Level)) == set(LEVELS)
    assert get_args(schemas.TimeBand) == TIME_BANDS
    assert set(get_args(schemas.AreaKind)) == set(AREA_KINDS)
    assert set(get_args(schemas.Quadrant)) == set(priority.QUADRANTS)
    assert set(get_args(schemas.Period)) == set(picture.PERIODS)


def test_every_field_is_described_for_openapi() -> None:
    models = [
        m
        for m in vars(schemas).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == schemas.__name__
    ]
    assert len(models) > 10
    for m in models:
        if m.__name__.startswith("_"):
            continue
        assert m.__doc__, m
        for name, f in m.model_fields.items():
            assert f.description, f"{m.__name__}.{name}"
    doc = schemas.PrioritiesOut.model_json_schema(by_alias=True)
    assert "from" in doc["properties"] and "from_" not in doc["properties"]

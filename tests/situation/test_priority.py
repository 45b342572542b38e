"""Prioritisation: need against possibility to influence, ranked with reasons."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from samverkan.situation import picture, report
from samverkan.situation.priority import AreaPeriod, rank
from tests.conftest import World
from tests.situation.test_picture import WEEK, _principal, history  # noqa: F401 - fixture


def _area(i: int, count: int, previous: int, pop: int | None, sev: float, semi: int, act: int):
    return AreaPeriod(i, f"Område {i}", pop, count, previous, sev, semi, act)


def test_need_and_influence_rank_the_areas_with_reasons() -> None:
    areas = [
        # many per inhabitant, rising, severe, much at places the partners control: first
        _area(1, 120, 60, 4000, 2.4, 80, 100),
        # as many, but little the partners can do: bring in others
        _area(2, 110, 60, 4000, 2.3, 5, 10),
        # quiet, falling, mild, but all of it actionable: prevent
        _area(3, 20, 40, 8000, 1.4, 15, 20),
        # quiet and nothing to act on: watch
        _area(4, 10, 12, 9000, 1.5, 0, 1),
    ]
    ranked = rank(areas)
    assert [r.area.area_id for r in ranked] == [1, 2, 3, 4]
    assert [r.quadrant for r in ranked] == ["prioritera", "samverka", "forebygg", "bevaka"]
    first = ranked[0]
    assert first.rate == pytest.approx(30.0) and first.trend == pytest.approx(1.0)
    assert first.need == 1.0
    words = [msg % params for msg, params in first.reasons]
    assert words[0] == "30.0 incidents per 1,000 inhabitants"
    assert words[1] == "+100 % against the period before (60)"


def test_without_population_areas_are_ranked_by_count_and_say_so() -> None:
    ranked = rank([_area(1, 50, 50, None, 2.0, 10, 10), _area(2, 80, 50, 5000, 2.0, 10, 10)])
    assert ranked[0].area.area_id == 2 and ranked[0].rate == pytest.approx(16.0)
    assert ranked[1].rate is None
    words = [msg % params for msg, params in ranked[1].reasons]
    assert "50 incidents (population unknown: no rate)" in words
    assert "ranked by count: not every area has a population" in words


def test_an_area_with_nothing_reported_is_watched_last() -> None:
    ranked = rank([_area(1, 0, 0, 1000, 0, 0, 0), _area(2, 5, 5, 1000, 2.0, 1, 1)])
    assert [r.area.area_id for r in ranked] == [2, 1]
    assert ranked[1].quadrant == "bevaka" and ranked[1].need == 0.0


def test_the_period_counts_what_the_reader_may_see(db: Session, history: World) -> None:  # noqa: F811
    pr = picture.prioritise(db, _principal(db, history, "forening"), WEEK, "kvartal")
    assert [r.area.name for r in pr.ranked] == ["Skäggetorp", "Ryd"]
    skagg = pr.ranked[0].area
    # 8 in the 4 weeks before and 3 shared in WEEK; the 'egen' and police-only ones not counted
    assert (skagg.count, skagg.previous) == (11, 0)
    assert sorted(pr.without_population) == ["Ryd", "Skäggetorp"]
    data = report.priorities_json(pr)
    assert data["areas"][0]["rate"] is None
    assert data["areas"][0]["reasons"][0] == "11 händelser (befolkningen okänd: ingen andel)"


def test_the_page_says_why_the_rate_is_left_out(history: World) -> None:  # noqa: F811
    page = history.personas["samordnare"].client.get(f"/lagesbild/prioritering?week={WEEK}")
    assert page.status_code == 200
    assert "Befolkningen är okänd för Ryd och Skäggetorp" in page.text


def test_an_unknown_period_is_a_400_naming_it(history: World) -> None:  # noqa: F811
    page = history.personas["samordnare"].client.get("/lagesbild/prioritering?period=månad")
    assert page.status_code == 400
    assert "månad" in page.text


def test_the_quadrants_do_not_borrow_the_levels_colours() -> None:
    """A rank's colour is never an alert level's (red, orange …), on the matrix or its tags."""
    from pathlib import Path

    from samverkan.situation.charts import LEVEL_COLOURS, QUADRANT_COLOURS

    assert not set(QUADRANT_COLOURS.values()) & set(LEVEL_COLOURS.values())
    css = (Path(__file__).parents[2] / "src/samverkan/web/static/app.css").read_text()
    tags = [line for line in css.splitlines() if ".tag.q-" in line]
    assert tags and not any(c in line for line in tags for c in LEVEL_COLOURS.values())

"""The demo shows what it promises on whatever day it is made: its planted rise (klotter at
Berga centrum) in the newest whole week, and no false alarms elsewhere. Each day's reports
depend on that day alone, so a week looks the same seen from any later day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from shapely.geometry import Polygon
from sqlalchemy.orm import Session

from samverkan.core.timeutil import IsoWeek
from samverkan.demo import data
from samverkan.demo.incidents import generate
from samverkan.demo.service import seed
from samverkan.orgs import queries as org_queries
from samverkan.situation import picture, report


def assert_the_demo_week_shows_the_rise(data_: dict[str, Any]) -> None:
    """What a newcomer's first lägesbild must show: the rise of klotter at Berga (a signal, at
    least twice the 4-week mean, a level above green, in the summary) and few other signals."""
    areas = {a["area"]["name"]: a for a in data_["areas"]}
    berga = {c["code"]: c for c in areas["Berga"]["categories"]}
    assert berga["klotter"]["signal"] is True, berga["klotter"]
    assert berga["klotter"]["count"] >= 2 * berga["klotter"]["baseline"] > 0, berga["klotter"]
    assert areas["Berga"]["level"] != "gron"
    assert any("Klotter i Berga" in s for s in data_["summary"]), data_["summary"]
    others = [c for n, a in areas.items() if n != "Berga" for c in a["categories"]]
    assert sum(c["signal"] for c in others) <= max(2, len(others) // 10)


DAYS = [
    pytest.param(date(2021, 1, 4), id="monday-week-1-reviewing-week-53"),
    pytest.param(date(2026, 1, 11), id="sunday-reviewing-week-1"),
    pytest.param(date(2020, 12, 27), id="sunday-week-52-before-a-week-53"),
    pytest.param(date(2024, 7, 17), id="a-summer-wednesday"),
]


@pytest.mark.parametrize("day", DAYS)
def test_the_demo_made_on_any_day_shows_its_rise_in_the_last_whole_week(
    db: Session, day: date
) -> None:
    assert seed(db, today=day)
    db.flush()
    week = IsoWeek.of(day) - 1
    pic = picture.build(db, org_queries.shared_reader(db), week, None)
    assert_the_demo_week_shows_the_rise(report.as_json(pic, "sv"))


def _outlines() -> dict[str, Polygon]:
    outlines = {name: Polygon(outline) for name, _pop, outline in data.DISTRICTS}
    outlines[data.TOWN] = Polygon(data.TOWN_OUTLINE)
    return outlines


def test_a_past_week_is_the_same_seen_from_any_later_day() -> None:
    """The history does not shift with the day the demo is made (but for the planted rise,
    which follows the newest weeks)."""
    now = datetime(2030, 1, 1, tzinfo=UTC)
    early, late = date(2026, 3, 4), date(2026, 3, 4) + timedelta(weeks=5, days=3)
    week = IsoWeek.of(early) - 3

    def of_week(day: date) -> list[tuple[str, datetime, float]]:
        return sorted(
            (r.external_id, r.occurred_at, r.lat)
            for r in generate(_outlines(), day, now)
            if week.start_utc() <= r.occurred_at < week.end_utc()
        )

    seen_early, seen_late = of_week(early), of_week(late)
    assert len(seen_early) > 50
    assert seen_early == seen_late

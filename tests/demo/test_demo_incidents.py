"""The synthetic demo reports carry the patterns the lägesbild is meant to find."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from shapely.geometry import Polygon

from samverkan.core.timeutil import STOCKHOLM, IsoWeek
from samverkan.demo import data
from samverkan.demo.incidents import DemoIncident, generate

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def reports() -> list[DemoIncident]:
    outlines = {name: Polygon(outline) for name, _pop, outline in data.DISTRICTS}
    outlines[data.TOWN] = Polygon(data.TOWN_OUTLINE)
    return generate(outlines, TODAY, NOW)


def week_of(r: DemoIncident) -> IsoWeek:
    return IsoWeek.of(r.occurred_at.astimezone(STOCKHOLM).date())


def test_it_is_reproducible_and_never_in_the_future(reports: list[DemoIncident]) -> None:
    outlines = {name: Polygon(outline) for name, _pop, outline in data.DISTRICTS}
    outlines[data.TOWN] = Polygon(data.TOWN_OUTLINE)
    again = generate(outlines, TODAY, NOW)
    assert [(r.external_id, r.occurred_at, r.lat) for r in again] == [
        (r.external_id, r.occurred_at, r.lat) for r in reports
    ]
    assert max(r.occurred_at for r in reports) <= NOW
    assert (
        min(r.occurred_at for r in reports).astimezone(STOCKHOLM).date()
        >= (IsoWeek.of(TODAY) - 103).monday
    )
    assert 6000 < len(reports) < 20000


def test_evenings_and_weekend_nights_are_busiest(reports: list[DemoIncident]) -> None:
    local = [r.occurred_at.astimezone(STOCKHOLM) for r in reports if r.source != "polisen"]
    hours = Counter(t.hour for t in local)
    assert hours[21] > 3 * hours[4]
    days = Counter(t.weekday() for t in local)
    assert days[5] > 1.2 * days[1]  # Saturday vs Tuesday


def test_fires_peak_around_new_year_and_valborg(reports: list[DemoIncident]) -> None:
    fires = [r for r in reports if r.category in ("containerbrand", "bilbrand", "brand")]
    per_day = Counter(r.occurred_at.astimezone(STOCKHOLM).date() for r in fires)
    mean = len(fires) / (WEEKS_DAYS := 104 * 7)
    new_year = [per_day[date(2025, 12, d)] for d in range(28, 32)] + [
        per_day[date(2026, 1, d)] for d in (1, 2)
    ]
    assert sum(new_year) / len(new_year) > 3 * mean
    assert per_day[date(2026, 4, 30)] + per_day[date(2025, 4, 30)] > 4 * 2 * mean
    assert WEEKS_DAYS == 728


def test_outdoor_trouble_is_a_summer_thing(reports: list[DemoIncident]) -> None:
    outdoor = [r for r in reports if r.category == "ungdomsgrupp"]
    by_month = Counter(r.occurred_at.astimezone(STOCKHOLM).month for r in outdoor)
    assert by_month[7] > 1.8 * by_month[1]


def test_hotspots_persist(reports: list[DemoIncident]) -> None:
    skagg = Counter(r.place_name for r in reports if r.area == "Skäggetorp")
    spots = Counter({k: v for k, v in skagg.items() if k != "Skäggetorp"})  # not spread ones
    assert spots.most_common(1)[0][0] == "Skäggetorp centrum, torget"
    assert skagg["Skäggetorp centrum, torget"] > 0.25 * sum(skagg.values())  # one square
    ryd_cars = Counter(
        r.place_name for r in reports if r.area == "Ryd" and r.category == "bilbrand"
    )
    assert ryd_cars["Rydsvägen, parkeringen"] > 0


def test_a_fresh_rise_of_klotter_at_berga_centrum(reports: list[DemoIncident]) -> None:
    week = IsoWeek.of(TODAY)
    counts = Counter(week_of(r) for r in reports if r.area == "Berga" and r.category == "klotter")
    recent = [counts[week - i] for i in range(1, 3)]  # the last two full weeks
    before = [counts[week - i] for i in range(4, 16)]
    assert sum(recent) / len(recent) > 2 * (sum(before) / len(before))


def test_police_events_are_at_municipality_precision(reports: list[DemoIncident]) -> None:
    police = [r for r in reports if r.source == "polisen"]
    assert len(police) > 500
    assert {(r.precision, r.area) for r in police} == {("kommun", "Linköpings kommun")}


def test_no_personal_data_in_any_text(reports: list[DemoIncident]) -> None:
    from samverkan.core.redaction import redact

    assert not any(redact(r.description).changed or redact(r.place_name).changed for r in reports)

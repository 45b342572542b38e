"""The coordinated calendar: overlaps where partners meet in an area and week, gaps where an
area in need has nothing planned (pure function)."""

from __future__ import annotations

from datetime import date, timedelta

from samverkan.actions.calendar import Span, coordinate

MON = date(2026, 11, 30)


def _span(area: int | None, org: str, first: date, days: int, title: str = "x") -> Span:
    return Span(area, org, title, "annan", first, first + timedelta(days=days))


def test_two_partners_in_one_area_and_week_overlap() -> None:
    spans = [
        _span(1, "Stångåstaden", MON, 3, "Klottersanering"),
        _span(1, "Linköpings kommun", MON + timedelta(days=5), 10, "Belysning"),
        _span(2, "Polisen", MON, 20),
    ]
    grid = coordinate(spans, MON, 4, {1: "Skäggetorp", 2: "Ryd"}, set(), MON)
    assert [r.name for r in grid.rows] == ["Ryd", "Skäggetorp"]
    skagg = grid.rows[1]
    assert [c.overlap for c in skagg.cells] == [True, False, False, False]
    assert [len(c.spans) for c in skagg.cells] == [2, 1, 1, 0]
    assert grid.overlaps == [("Skäggetorp", MON, ["Linköpings kommun", "Stångåstaden"])]
    assert not any(c.overlap for c in grid.rows[0].cells)  # one partner only


def test_an_area_in_need_without_actions_has_gaps_from_this_week_on() -> None:
    spans = [_span(1, "Stångåstaden", MON + timedelta(weeks=2), 6)]
    grid = coordinate(spans, MON - timedelta(weeks=1), 5, {1: "Berga", 3: "Ryd"}, {1, 3}, MON)
    berga, ryd = grid.rows
    # the week before this one is history, not a gap; week 3 has the action
    assert [c.gap for c in berga.cells] == [False, True, True, False, True]
    assert grid.gaps == [
        ("Berga", [MON, MON + timedelta(weeks=1), MON + timedelta(weeks=3)]),
        ("Ryd", [MON + timedelta(weeks=w) for w in range(4)]),
    ]
    assert ryd.needs_attention and not any(c.spans for c in ryd.cells)


def test_spans_outside_the_window_or_without_area() -> None:
    spans = [_span(1, "A", MON - timedelta(weeks=3), 6), _span(None, "B", MON, 1)]
    grid = coordinate(spans, MON, 2, {1: "Ryd"}, set(), MON)
    assert [(r.area_id, r.name) for r in grid.rows] == [(None, "")]


def test_presence_overlaps_nothing_and_a_district_fills_its_towns_gap() -> None:
    spans = [
        Span(1, "Trygghetsteam Berga", "54 h", "narvaro", MON, MON + timedelta(days=6)),
        _span(1, "Victoria Park", MON, 2),
        _span(2, "Polisen", MON + timedelta(weeks=1), 2),
    ]
    grid = coordinate(spans, MON, 3, {1: "Berga", 9: "Linköping"}, {9}, MON, {9: {1, 2}})
    berga = next(r for r in grid.rows if r.name == "Berga")
    town = next(r for r in grid.rows if r.name == "Linköping")
    assert not any(c.overlap for c in berga.cells)  # the team and one partner
    assert grid.overlaps == []
    # the town has nothing of its own, but its districts are busy in weeks 1 and 2
    assert [c.gap for c in town.cells] == [False, False, True]


def test_actions_without_an_area_overlap_nothing() -> None:
    spans = [_span(None, "A", MON, 2), _span(None, "B", MON, 2)]
    grid = coordinate(spans, MON, 1, {}, set(), MON)
    assert grid.overlaps == [] and len(grid.rows[0].cells[0].spans) == 2

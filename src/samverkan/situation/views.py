"""What a request asks of the lägesbild: its week, areas and period, read and checked once for
the JSON API (``routes.py``) and the pages (``pages.py``) alike."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from samverkan.core.errors import N_, BadRequest, NotFound
from samverkan.core.timeutil import IsoWeek
from samverkan.situation import cache, picture
from samverkan.situation.weeks import read_week

WeekQuery = Annotated[
    str | None,
    Query(
        max_length=20,
        description="ISO week, e.g. 2026-W48; also v. 48 (the latest week 48) or a date "
        "(its week). Default: last week",
    ),
]
AreaQuery = Annotated[list[int] | None, Query(description="area ids (default: all you may see)")]


PeriodQuery = Annotated[
    str, Query(max_length=10, description="kvartal (13 weeks) or tertial (17 weeks)")
]


def parse_week(text: str | None) -> IsoWeek:
    """The week asked for (see :func:`read_week`); without one the last whole week."""
    return read_week(text)


def build(db: Any, p: Any, week: str | None, area: list[int] | None) -> picture.Picture:
    w = parse_week(week)
    try:
        return cache.build(db, p, w, area)
    except NotFound as exc:  # an area unknown or hidden: the same answer, naming it
        raise BadRequest(exc.message, field="area", **exc.params) from None


def priorities(db: Any, p: Any, week: str | None, period: str) -> picture.Priorities:
    if period not in picture.PERIODS:
        expected = N_("period %(value)s: expected kvartal or tertial")
        raise BadRequest(expected, field="period", value=period)
    return picture.prioritise(db, p, parse_week(week), period)


def near(db: Any, p: Any, week: str | None, area: int | None, category: str, weeks: int) -> Any:
    from samverkan.situation import nearrepeat  # scipy.spatial: loaded when first asked

    w = parse_week(week)
    if area is None:
        raise BadRequest(N_("choose an area"), field="area")
    try:
        return nearrepeat.near_repeats(db, p, area, category, w, weeks)
    except NotFound as exc:
        raise BadRequest(exc.message, field="area", **exc.params) from None

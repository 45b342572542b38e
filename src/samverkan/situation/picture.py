"""The weekly lägesbild: per area and category the week's count against its history, signals,
a level per area, the week's heatmap, hotspots and notable incidents, and a short summary.

Counts come from the weekly totals (:mod:`samverkan.incidents.counts`), so the cost of a week's
picture does not grow with the length of the history; only what the reader may see is counted.
An area's figures include the areas inside it (a district's incidents count in its town).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_, NotFound
from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import TIME_BANDS, Category, Incident
from samverkan.incidents.queries import Reach
from samverkan.orgs.policy import Principal
from samverkan.situation import priority, queries
from samverkan.situation.levels import Level, level_of
from samverkan.situation.models import LevelOverride

HISTORY_WEEKS = 3 * 52 + 9  # what the signals look back on (Farrington: 3 years and the window)
SPARK_WEEKS = 52
BASELINE_WEEKS = 4
HOTSPOT_WEEKS = 4  # hotspots are of the last four weeks: one week is too few points
NOTABLE = 10


@dataclass(frozen=True)
class CategoryRow:
    """One category in one area: the week's count against its past."""

    code: str
    label_sv: str
    label_en: str
    count: int
    baseline: float  # mean of the previous 4 weeks
    last_year: int | None  # the same ISO week a year before (None: no history then)
    spark: list[int]  # the 52 weeks up to and including this one
    expected: float | None  # the signal method's expected count (None: too little history)
    threshold: float | None  # the count above which the week signals
    score: float | None  # (count - expected) / (threshold - expected): above 1 signals
    signal: bool
    method: str  # "farrington", "ears-c2" or "" (not judged: too little history)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the summary: a message id and its parameters (translated on output)."""

    msgid: str
    params: dict[str, Any]


@dataclass
class AreaPicture:
    """One area's part of the picture."""

    area_id: int
    name: str
    kind: str
    level: Level  # what counts: the samordnare's level when set, else the rule's
    categories: list[CategoryRow]
    heatmap: list[list[int]]  # [weekday 0..6][band in TIME_BANDS]
    hotspots: list[dict[str, Any]]
    notable: list[Incident]
    total: int = 0
    total_baseline: float = 0.0
    summary: list[Sentence] = field(default_factory=list)
    density: dict[str, Any] = field(default_factory=dict)  # the kernel density layer
    computed_level: Level = "gron"  # what the rule gives
    override: LevelOverride | None = None

    @property
    def signals(self) -> list[CategoryRow]:
        return sorted((c for c in self.categories if c.signal), key=lambda c: -(c.score or 0))


@dataclass
class Picture:
    """The lägesbild of one ISO week for a set of areas."""

    week: IsoWeek
    areas: list[AreaPicture]
    history_from: date | None  # the oldest week with data (signals need about two years)

    @property
    def summary(self) -> list[Sentence]:
        out = [s for a in self.areas for s in a.summary]
        if not out:
            out.append(
                Sentence(
                    N_("No unusual increases in week %(week)s %(year)s."),
                    {"week": self.week.week, "year": self.week.year},
                )
            )
        return out


def choose_areas(session: Session, p: Principal | None, area_ids: list[int] | None) -> list[Area]:
    """The areas asked for (each must be visible: else NotFound names it), or all visible."""
    if not area_ids:
        return geo_queries.visible_areas(session, p)
    visible = geo_queries.visible_area_ids(session, p)
    out = []
    for area_id in area_ids:
        a = geo_queries.visible_area(session, visible, area_id)
        if a is None:
            raise NotFound(N_("area %(id)s not found"), field="area", id=area_id)
        out.append(a)
    return out


def build(
    session: Session,
    p: Principal | None,
    week: IsoWeek,
    area_ids: list[int] | None = None,
    seen: Reach | None = None,
) -> Picture:
    """The picture of ``week`` for the given (or all visible) areas; ``seen``: what ``p`` may
    see, when the caller resolved it already."""
    # scipy and h3 load with the first picture, not with the server (start-up time)
    from samverkan.situation.density import density
    from samverkan.situation.hexes import area_hotspots

    areas = choose_areas(session, p, area_ids)
    seen = seen or incident_queries.reach(session, p)
    tree = geo_queries.area_tree(session)
    members = {a.id: tree.below({a.id}) for a in areas}
    every = set().union(*members.values()) if members else set()
    monday = week.monday
    first = queries.first_week(session)
    start = monday - timedelta(weeks=HISTORY_WEEKS - 1)
    if first is not None:
        start = max(start, first)
    n_weeks = (monday - start).days // 7 + 1 if start <= monday else 0
    cats = {c.id: c for c in session.scalars(select(Category))}

    # series[(area, category)] = counts of the weeks start..monday
    series: dict[tuple[int, int], np.ndarray] = defaultdict(lambda: np.zeros(n_weeks, np.int64))
    owner = _owners(members)
    if n_weeks > 0:
        for w, area_id, cat_id, n in queries.weekly(session, seen, start, monday, every):
            i = (w - start).days // 7
            for top in owner.get(area_id, ()):
                series[(top, cat_id)][i] += n
    judged = _signals(series, n_weeks)

    heat: dict[int, list[list[int]]] = {a.id: _empty_heat() for a in areas}
    for area_id, _cat, weekday, band, n in queries.slots(session, seen, monday, every):
        for top in owner.get(area_id, ()):
            heat[top][weekday][TIME_BANDS.index(band)] += n

    last_year = _same_week_last_year(week)
    tops = queries.top_incidents(session, seen, monday, monday + timedelta(days=6), every, NOTABLE)
    overrides = queries.latest_levels(session, [a.id for a in areas], monday)
    points: dict[int, tuple[list[float | None], list[float | None]]] = {
        a.id: ([], []) for a in areas
    }
    hot_from = monday - timedelta(weeks=HOTSPOT_WEEKS - 1)
    for area_id, lat, lon in queries.located_points(
        session, seen, hot_from, monday + timedelta(days=6), every
    ):
        for top in owner.get(area_id, ()):
            points[top][0].append(lat)
            points[top][1].append(lon)
    pictures = []
    by_area: dict[int, list[tuple[int, np.ndarray]]] = defaultdict(list)
    for (area_id, cat_id), ys in series.items():
        if cat_id in cats:
            by_area[area_id].append((cat_id, ys))
    for a in areas:
        rows = [
            _row(cats[cat_id], ys, judged.get((a.id, cat_id)), start, last_year)
            for cat_id, ys in by_area[a.id]
        ]
        rows = [r for r in rows if r.count or r.baseline or r.signal]
        rows.sort(key=lambda r: (not r.signal, -r.count, r.code))
        notable = _merge_top([tops.get(m, []) for m in members[a.id]], NOTABLE)
        computed = level_of(rows)
        override = overrides.get(a.id)
        ap = AreaPicture(
            area_id=a.id,
            name=a.name,
            kind=a.kind,
            level=override.level if override else computed,  # type: ignore[arg-type]
            computed_level=computed,
            override=override,
            categories=rows,
            heatmap=heat[a.id],
            hotspots=area_hotspots(a, points[a.id][0], points[a.id][1]),
            density=density(points[a.id][0], points[a.id][1]),
            notable=notable,
            total=sum(r.count for r in rows),
            total_baseline=round(sum(r.baseline for r in rows), 1),
        )
        ap.summary = _summary(ap)
        pictures.append(ap)
    return Picture(week=week, areas=pictures, history_from=first)


def _merge_top(lists: list[list[Incident]], n: int) -> list[Incident]:
    """The ``n`` most severe, then newest, of several areas' own top lists."""
    merged = [i for lst in lists for i in lst]
    merged.sort(key=lambda i: (-i.severity, -i.occurred_at.timestamp(), -i.id))
    return merged[:n]


def _owners(members: dict[int, set[int]]) -> dict[int, list[int]]:
    """For each area id, the chosen areas whose figures it adds to."""
    owner: dict[int, list[int]] = defaultdict(list)
    for top, ids in members.items():
        for i in ids:
            owner[i].append(top)
    return owner


def _empty_heat() -> list[list[int]]:
    return [[0] * len(TIME_BANDS) for _ in range(7)]


def _same_week_last_year(week: IsoWeek) -> IsoWeek:
    """The same ISO week a year before; week 53 has no twin and compares with week 52."""
    try:
        date.fromisocalendar(week.year - 1, week.week, 1)
    except ValueError:
        return IsoWeek(week.year - 1, 52)
    return IsoWeek(week.year - 1, week.week)


def _signals(series: dict[tuple[int, int], np.ndarray], n_weeks: int) -> dict[tuple[int, int], Any]:
    """The signal of the last week of every series, judged all at once."""
    if not series or n_weeks == 0:
        return {}
    from samverkan.situation.analysis.signals import detect

    keys = list(series)
    stack = np.vstack([series[k] for k in keys]).astype(float)
    result = detect(stack, last=1)
    out = {}
    for i, k in enumerate(keys):
        out[k] = (
            _num(result.expected[i, -1]),
            _num(result.threshold[i, -1]),
            _num(result.score[i, -1]),
            bool(result.alarm[i, -1]),
            str(result.method[i, -1]),
        )
    return out


def _num(x: float) -> float | None:
    # + 0.0: a score like -0.001 rounds to -0.0, which would print as "-0.0"
    return None if not np.isfinite(x) else round(float(x), 2) + 0.0


def _row(
    cat: Category,
    ys: np.ndarray,
    judged: Any,
    start: date,
    last_year: IsoWeek | None,
) -> CategoryRow:
    count = int(ys[-1]) if ys.size else 0
    prev = ys[-1 - BASELINE_WEEKS : -1] if ys.size > 1 else ys[:0]
    baseline = round(float(prev.mean()), 1) if prev.size else 0.0
    ly = None
    if last_year is not None:
        i = (last_year.monday - start).days // 7
        ly = int(ys[i]) if 0 <= i < ys.size else None
    spark = [int(v) for v in ys[-SPARK_WEEKS:]]
    spark = [0] * (SPARK_WEEKS - len(spark)) + spark
    expected, threshold, score, alarm, method = judged or (None, None, None, False, "")
    return CategoryRow(
        code=cat.code,
        label_sv=cat.label_sv,
        label_en=cat.label_en,
        count=count,
        baseline=baseline,
        last_year=ly,
        spark=spark,
        expected=expected,
        threshold=threshold,
        score=score,
        signal=alarm,
        method=method if expected is not None else "",
    )


def _summary(a: AreaPicture) -> list[Sentence]:
    """Plain sentences about the area's signals, strongest first (at most three).

    A signal compares the week with the count its method expected (Farrington: the same
    season in earlier years; EARS in the first year: the weeks before the last two), so
    that is what the sentence says it is more than; the mean of the previous four weeks
    follows as context, and is called "more than" only when the count is above it."""
    out = []
    for r in a.signals[:3]:
        if r.method.lower().startswith("farrington"):
            msgid = N_(
                "%(category)s in %(area)s: %(count)s, more than expected for the time of year "
                "(expected %(expected)s); %(context)s."
            )
        else:
            msgid = N_(
                "%(category)s in %(area)s: %(count)s, more than expected from the weeks before "
                "(expected %(expected)s); %(context)s."
            )
        params: dict[str, Any] = {
            "category": r.label_sv,
            "category_en": r.label_en,
            "area": a.name,
            "count": r.count,
            "expected": float(r.expected or 0.0),
            "baseline": r.baseline,
            "context": _against_four_weeks(r.count, r.baseline),
        }
        out.append(Sentence(msgid, params))
    return out


def _against_four_weeks(count: int, baseline: float) -> Sentence:
    """The count against the mean of the previous four weeks, in words that stay true."""
    params: dict[str, Any] = {"baseline": float(baseline)}
    if baseline <= 0:
        return Sentence(N_("none in the previous four weeks"), params)
    ratio = count / baseline
    params["ratio"] = round(ratio, 1)
    if ratio < 1.25:
        return Sentence(N_("the mean of the previous four weeks is %(baseline)s"), params)
    if ratio < 1.75:
        return Sentence(N_("more than the mean of the previous four weeks (%(baseline)s)"), params)
    if ratio < 2.5:
        return Sentence(
            N_("twice as many as the mean of the previous four weeks (%(baseline)s)"), params
        )
    if ratio < 3.5:
        return Sentence(
            N_("three times as many as the mean of the previous four weeks (%(baseline)s)"), params
        )
    return Sentence(
        N_("%(ratio)s times the mean of the previous four weeks (%(baseline)s)"), params
    )


PERIODS = {"kvartal": 13, "tertial": 17}


@dataclass
class Priorities:
    """The ranking for the period of ``weeks`` weeks that ends with ``week``."""

    week: IsoWeek
    period: str
    first: date
    last: date
    ranked: list[priority.Ranked]
    without_population: list[str]


def prioritise(
    session: Session,
    p: Principal | None,
    week: IsoWeek,
    period: str = "kvartal",
    area_ids: list[int] | None = None,
) -> Priorities:
    """Need against possibility to influence, per area, for the quarter or tertial up to
    ``week`` (see :mod:`samverkan.situation.priority`)."""
    weeks = PERIODS[period]
    areas = choose_areas(session, p, area_ids)
    if not area_ids:
        districts = [a for a in areas if a.kind != "kommun"]
        areas = districts or areas
    tree = geo_queries.area_tree(session)
    members = {a.id: tree.below({a.id}) for a in areas}
    owner = _owners(members)
    every = set().union(*members.values()) if members else set()
    seen = incident_queries.reach(session, p)
    last_monday = week.monday
    first_monday = last_monday - timedelta(weeks=weeks - 1)
    before = first_monday - timedelta(weeks=weeks)
    codes = {c.id: c.code for c in session.scalars(select(Category))}
    now: dict[int, int] = defaultdict(int)
    prev: dict[int, int] = defaultdict(int)
    actionable: dict[int, int] = defaultdict(int)
    for w, area_id, cat_id, n in queries.weekly(session, seen, before, last_monday, every):
        for top in owner.get(area_id, ()):
            if w >= first_monday:
                now[top] += n
                if codes.get(cat_id) in priority.ACTIONABLE:
                    actionable[top] += n
            else:
                prev[top] += n
    stats: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    raw = queries.period_stats(session, seen, first_monday, last_monday + timedelta(days=6), every)
    for area_id, (n, sev, semi) in raw.items():
        for top in owner.get(area_id, ()):
            acc = stats[top]
            acc[0] += n
            acc[1] += sev
            acc[2] += semi
    records = [
        priority.AreaPeriod(
            area_id=a.id,
            name=a.name,
            population=a.population,
            count=now[a.id],
            previous=prev[a.id],
            severity=stats[a.id][1] / stats[a.id][0] if stats[a.id][0] else None,
            semi_public=min(stats[a.id][2], now[a.id]),
            actionable=actionable[a.id],
        )
        for a in areas
    ]
    return Priorities(
        week=week,
        period=period,
        first=first_monday,
        last=last_monday + timedelta(days=6),
        ranked=priority.rank(records),
        without_population=[a.name for a in areas if not a.population],
    )

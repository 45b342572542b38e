"""One calendar of every partner's actions per area and week, with its overlaps and gaps.

The property owners' association wants to stop running unsynchronised projects: the calendar
puts each partner's planned and ongoing actions (and the area teams' presence plans) side by
side, week by week, per area.

* An **overlap** is two or more organisations with actions in the same area in the same week:
  they should know of each other (and perhaps do it together). A team's presence is shown but
  overlaps nothing: the team is itself the partners' joint work.
* A **gap** is a week, from the current one on, in which an area that needs attention (its
  level in the latest lägesbild is orange or red, or it has a signal) has nothing at all, in
  it or in an area within it.

:func:`coordinate` is pure: spans in, the grid out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

PRESENCE = "narvaro"
ASSOCIATION = "forening"
# Shown beside the partners' actions, never an overlap: a team's presence is itself the
# partners' joint work, and an association's activities are what already happens in an area.
ALONGSIDE = frozenset({PRESENCE, ASSOCIATION})


@dataclass(frozen=True)
class Span:
    """Something a partner does in an area from ``first`` to ``last`` (days, inclusive)."""

    area_id: int | None
    org: str
    title: str
    kind: str  # an action type, PRESENCE for a team's presence plan, ASSOCIATION for activities
    first: date
    last: date
    href: str = ""


@dataclass
class Cell:
    spans: list[Span] = field(default_factory=list)
    overlap: bool = False  # more than one organisation this week
    gap: bool = False  # the area needs attention and nothing is planned


@dataclass
class Row:
    area_id: int | None
    name: str
    needs_attention: bool
    cells: list[Cell]


@dataclass
class Grid:
    weeks: list[date]  # the Mondays
    rows: list[Row]

    @property
    def overlaps(self) -> list[tuple[str, date, list[str]]]:
        """``(area, week, organisations)`` for every overlapping cell."""
        return [
            (r.name, w, sorted({s.org for s in c.spans if s.kind not in ALONGSIDE}))
            for r in self.rows
            for w, c in zip(self.weeks, r.cells, strict=True)
            if c.overlap
        ]

    @property
    def gaps(self) -> list[tuple[str, list[date]]]:
        """``(area, weeks)`` of the areas with gaps."""
        out = []
        for r in self.rows:
            weeks = [w for w, c in zip(self.weeks, r.cells, strict=True) if c.gap]
            if weeks:
                out.append((r.name, weeks))
        return out


def coordinate(
    spans: list[Span],
    first_week: date,
    n_weeks: int,
    areas: dict[int, str],
    needy: set[int],
    this_week: date,
    below: dict[int, set[int]] | None = None,
) -> Grid:
    """The grid of ``n_weeks`` from ``first_week`` (a Monday): a row per area with something
    planned or in need (by name; spans without an area last). ``below[a]``: the areas within
    ``a`` (what is done there fills ``a``'s gaps)."""
    weeks = [first_week + timedelta(weeks=i) for i in range(n_weeks)]
    last_day = weeks[-1] + timedelta(days=6)
    by_area: dict[int | None, list[Span]] = defaultdict(list)
    for s in spans:
        if s.last >= first_week and s.first <= last_day and s.last >= s.first:
            by_area[s.area_id].append(s)
    keys = set(by_area) | (needy & set(areas))
    busy: dict[int | None, set[date]] = defaultdict(set)  # weeks with anything, per area
    for key, mine in by_area.items():
        for w in weeks:
            if any(s.first <= w + timedelta(days=6) and s.last >= w for s in mine):
                busy[key].add(w)
    rows = []
    for key in sorted(keys, key=lambda k: (k is None, areas.get(k, "") if k else "")):
        cells = []
        for w in weeks:
            sunday = w + timedelta(days=6)
            here = [s for s in by_area.get(key, []) if s.first <= sunday and s.last >= w]
            here.sort(key=lambda s: (s.org, s.first, s.title))
            orgs = {s.org for s in here if s.kind not in ALONGSIDE}
            within = (below or {}).get(key, set()) if key is not None else set()
            covered = w in busy[key] or any(w in busy[b] for b in within)
            gap = key in needy and not covered and w >= this_week
            cells.append(Cell(here, overlap=key is not None and len(orgs) > 1, gap=gap))
        name = areas.get(key, "") if key is not None else ""
        rows.append(Row(key, name, key in needy, cells))
    return Grid(weeks, rows)

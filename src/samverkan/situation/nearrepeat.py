"""Near repeats: does one incident of a category make another nearby, soon after, more likely?

The Knox test over an area's located incidents of one category (and its sub-categories) in a
period, with the bands of Ratcliffe's Near Repeat Calculator: same place, then 100 m steps up
to 400 m; a week at a time up to four weeks. Each cell of the table is the observed number of
pairs against the mean of 99 random permutations of the times (Monte Carlo), and the share of
permutations with at least as many pairs (p). A ratio of 2 with p ≤ 0.05 says: twice as many
pairs that close in space and time as chance gives — where something happened, act soon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_, Invalid
from samverkan.core.i18n import translations
from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.geo.crs import to_sweref99tm
from samverkan.geo.models import Area
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import Category
from samverkan.orgs.policy import Principal
from samverkan.situation import queries
from samverkan.situation.analysis.knox import KnoxResult, knox_test
from samverkan.situation.picture import choose_areas

SPACE_M = (0.0, 100.0, 200.0, 300.0, 400.0)  # 0: the same place
TIME_D = (7.0, 14.0, 21.0, 28.0)
PERMUTATIONS = 99
MIN_EVENTS = 20  # fewer: too few incidents to say
SEED = 2026  # the same answer for the same data
SAME_PLACE = N_("same place")  # the first distance band (knox labels it "same")


@dataclass
class NearRepeats:
    area: Area
    category: Category
    first: date
    last: date
    n_events: int
    result: KnoxResult | None  # None: too few incidents to say


def near_repeats(
    session: Session,
    p: Principal | None,
    area_id: int,
    category_code: str,
    week: IsoWeek,
    weeks: int = 52,
) -> NearRepeats:
    """The Knox table for the area's incidents of the category in the ``weeks`` up to ``week``."""
    (area,) = choose_areas(session, p, [area_id])
    cats = list(session.scalars(select(Category)))
    category = next((c for c in cats if c.code == category_code), None)
    if category is None:
        raise Invalid(N_("unknown category %(code)s"), field="category", code=category_code)
    if not 4 <= weeks <= 260:
        raise Invalid(N_("weeks %(value)s: expected 4 to 260"), field="weeks", value=weeks)
    ids = {category.id} | {c.id for c in cats if c.parent_id == category.id}
    members = geo_queries.area_tree(session).below({area.id})
    last = week.monday + timedelta(days=6)
    first = week.monday - timedelta(weeks=weeks - 1)
    events = queries.located_events(
        session, incident_queries.reach(session, p), first, last, members, ids
    )
    result = None
    if len(events) >= MIN_EVENTS:
        lat = np.array([e[0] for e in events])
        lon = np.array([e[1] for e in events])
        north, east = to_sweref99tm(lat, lon)
        origin = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
        days = np.array([(e[2] - origin).total_seconds() / 86400 for e in events])
        result = knox_test(
            np.column_stack([east, north]), days, SPACE_M, TIME_D, PERMUTATIONS, SEED
        )
    return NearRepeats(area, category, first, last, len(events), result)


def as_json(nr: NearRepeats, lang: str = "sv") -> dict[str, object]:
    """The table as Ratcliffe's calculator shows it: rows of distance, columns of time."""
    out: dict[str, object] = {
        "area": {"id": nr.area.id, "name": nr.area.name},
        "category": {"code": nr.category.code, "label": nr.category.label(lang)},
        "from": nr.first.isoformat(),
        "to": nr.last.isoformat(),
        "events": nr.n_events,
        "min_events": MIN_EVENTS,
        "permutations": PERMUTATIONS,
        "spatial_bands_m": list(SPACE_M),
        "temporal_bands_days": list(TIME_D),
        "table": None,
    }
    if nr.result is not None:
        r = nr.result
        out["pairs"] = r.n_pairs
        same = translations(lang).gettext(SAME_PLACE)
        out["table"] = [
            {**cell, "space": same if cell["space"] == "same" else cell["space"]}
            for cell in r.rows(unit_space="m", unit_time="d")
        ]
    return out

"""Where and when a district needs people: hotspot cells × the rhythm of its week.

A district's places are its H3 cells (resolution 9, about 0.1 km²) with located incidents in
the eight weeks before the plan's week, at most ``PER_TEAM`` of the busiest, each named after
the place most reported in it. The rhythm is the share of the district's incidents in each
weekday × time band over the last year, spread evenly over the band's hours. The risk of a
cell in an hour is then the expected number of incidents there in that hour: the cell's weekly
mean × the hour's share. A district with no located incidents is one place, the district
itself, with its weekly mean of incidents (or one a week) over the same rhythm.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import h3
import numpy as np
import shapely
from sqlalchemy.orm import Session

from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.counts import band_of
from samverkan.orgs.policy import Principal
from samverkan.presence.models import Team
from samverkan.situation import queries as situation_queries

if TYPE_CHECKING:
    from samverkan.presence.analysis.solver import Place

HOURS = 168  # hours of the week, as the solver counts them

RESOLUTION = 9
HISTORY_WEEKS = 8
PROFILE_WEEKS = 52
PER_TEAM = 40
BAND_OF_HOUR = [band_of(h, None) for h in range(24)]


@dataclass(frozen=True)
class Spot:
    """A place of the plan as people will read it: a name and a point to go to."""

    label: str
    lat: float
    lon: float
    team_id: int


def profile(rows: list[tuple[int, str, int]]) -> np.ndarray:
    """The share of incidents in each of the 168 hours of the week (sums to 1), from
    ``(weekday, band, count)``; with no history every hour is alike. Each day keeps half an
    incident spread over its 24 hours, so a quiet hour is unlikely, not impossible."""
    counts = {(d, b): n for d, b, n in rows}
    band_hours = Counter(BAND_OF_HOUR)
    share = np.empty(HOURS)
    for h in range(HOURS):
        d, b = h // 24, BAND_OF_HOUR[h % 24]
        share[h] = counts.get((d, b), 0) / band_hours[b] + 0.5 / 24
    return share / share.sum()


def places(
    session: Session, p: Principal | None, teams: list[Team], week: IsoWeek
) -> tuple[list[Place], dict[str, Spot]]:
    """The solver's places for these teams' districts in ``week``, with their names."""
    from samverkan.presence.analysis.solver import Place  # scipy: loaded when a plan is made

    tree = geo_queries.area_tree(session)
    monday = week.monday
    out: list[Place] = []
    spots: dict[str, Spot] = {}
    seen = incident_queries.reach(session, p)
    for team in teams:
        ids = tree.below({team.area_id})
        rows = situation_queries.week_profile(
            session, seen, monday - timedelta(weeks=PROFILE_WEEKS), monday - timedelta(weeks=1), ids
        )
        shape = profile(rows)
        points = situation_queries.located_places(
            session, seen, monday - timedelta(weeks=HISTORY_WEEKS), monday - timedelta(days=1), ids
        )
        cells: Counter[str] = Counter()
        names: dict[str, Counter[str]] = {}
        for lat, lon, name, _severity in points:
            cell = h3.latlng_to_cell(lat, lon, RESOLUTION)
            cells[cell] += 1
            if name:
                names.setdefault(cell, Counter())[name] += 1
        district = district_name(team)
        if not cells:
            n = sum(c for _, _, c in rows) / PROFILE_WEEKS if rows else 1.0
            centre = shapely.from_wkb(team.area.geom_wkb).representative_point()
            pid = f"{team.id}:area"
            out.append(Place(pid, district, max(n, 1.0) * shape))
            spots[pid] = Spot(team.area.name, centre.y, centre.x, team.id)
            continue
        used: Counter[str] = Counter()
        for cell, n in cells.most_common(PER_TEAM):
            lat, lon = h3.cell_to_latlng(cell)
            label = names[cell].most_common(1)[0][0] if cell in names else team.area.name
            used[label] += 1
            if used[label] > 1:
                label = f"{label} ({used[label]})"
            pid = f"{team.id}:{cell}"
            out.append(Place(pid, district, n / HISTORY_WEEKS * shape))
            spots[pid] = Spot(label, lat, lon, team.id)
    return out, spots


def district_name(team: Team) -> str:
    """The name the solver (and its messages) use for a team's district."""
    return f"{team.name} (#{team.id})"

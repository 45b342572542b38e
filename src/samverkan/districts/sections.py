"""The district profile as a section of geo's area page (``/stadsdelar/{id}``): the profile's
facts, the latest value of each indicator (grouped as the profile is, the municipality's value
beside it) and the latest notes of resident dialogue, with links to keep them for editors.

Hooked into :mod:`samverkan.geo.sections` by the domain (``domain.py``); geo knows nothing of
districts. Only the partners of the district work see it (``policy.can_read_districts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.core.timeutil import today
from samverkan.districts import present, queries
from samverkan.districts.models import GROUPS, Indicator
from samverkan.districts.schemas import PointOut
from samverkan.geo.models import Area
from samverkan.geo.sections import Section
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

TITLE = N_("District profile")
NOTES_SHOWN = 5


@dataclass(frozen=True)
class Latest:
    """An indicator's latest value in the area and the municipality's beside it (the same
    year's when there is one, else its latest)."""

    indicator: Indicator
    point: PointOut
    municipality: PointOut | None


def latest_values(
    session: Session, p: Principal | None, area: Area, muni: Area | None
) -> list[tuple[str, list[Latest]]]:
    """``[(group, [Latest, …]), …]`` in the profile's order; indicators without a value in the
    area are left out."""
    ids = [area.id, *([muni.id] if muni is not None else [])]
    day = today()
    grouped: dict[str, list[Latest]] = {}
    for ind in queries.indicators(session):
        got = queries.series(session, p, ind, ids, day)
        own = present.points(ind, got.get(area.id, {}))
        if not own:
            continue
        last = own[-1]
        theirs = present.points(ind, got.get(muni.id, {})) if muni is not None else []
        same_year = next((x for x in theirs if x.year == last.year), None)
        beside = same_year or (theirs[-1] if theirs else None)
        grouped.setdefault(ind.grp, []).append(Latest(ind, last, beside))
    return [(g, grouped[g]) for g in GROUPS if g in grouped]


def area_section(session: Session, p: Principal | None, area: Area) -> Section | None:
    """The section for this caller, or None when it is not a partner of the district work or
    there is nothing to show (an editor still gets the links to begin the profile)."""
    if not policy.can_read_districts(p):
        return None
    editor = policy.can_edit_districts(p)
    muni = queries.municipality(session, p, area)
    if muni is not None and muni.id == area.id:
        muni = None
    prof = queries.profile(session, area.id)
    groups = latest_values(session, p, area, muni)
    notes = queries.dialogue_notes(session, area.id, limit=NOTES_SHOWN)
    if prof is None and not groups and not notes and not editor:
        return None
    context: dict[str, Any] = {
        "area": area,
        "profile": prof,
        "groups": groups,
        "municipality": muni,
        "notes": notes,
        "editor": editor,
    }
    return Section(TITLE, "districts/_area_section.html", context, order=50)


__all__ = ["Latest", "area_section", "latest_values"]

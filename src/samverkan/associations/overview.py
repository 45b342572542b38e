"""The district overview of the associations, for the supporters: per district the caller sees
(a stadsdel or delområde), over a period, how many associations were active, how many
activities they held, of which kinds (the breadth: :func:`.analysis.followup.breadth`), and
whom they reached by age band and gender, summed over every association's activities there.

These figures leave each agreement's two parties, so the reach (counts of people) goes through
the small-number suppression of :mod:`samverkan.core.suppression`: per district one table of
age band × gender, its row totals the reach by age band, its column totals the reach by gender
and its total all the participant visits, suppressed together — no count from 1 to 4 shows and
none can be worked out from the others. An activity belongs to the one district it was held
in, so the districts' tables share no people and are suppressed each on its own. The numbers of
associations and activities are not counts of people and are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from samverkan.associations import queries
from samverkan.associations.analysis.followup import Breadth, breadth
from samverkan.associations.models import AGE_BANDS, GENDERS, KINDS
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.suppression import THRESHOLD, Published, suppress
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

DISTRICT_KINDS = ("stadsdel", "delomrade")
NOT_FOUND = N_("page not found")


@dataclass(frozen=True)
class Reach:
    """A district's participant visits by age band (rows, :data:`AGE_BANDS`) × gender
    (columns, :data:`GENDERS`), suppressed: a hidden entry is None; ``marks`` says how it is
    shown ("<5" a small number, ".." hidden so that a small one cannot be worked out)."""

    published: Published

    def mark(self, entry: tuple[object, ...]) -> str:
        return f"<{THRESHOLD}" if self.published.is_small(entry) else ".."

    @property
    def by_band(self) -> dict[str, int | None]:
        return dict(zip(AGE_BANDS, self.published.row_totals, strict=True))

    @property
    def by_gender(self) -> dict[str, int | None]:
        return dict(zip(GENDERS, self.published.col_totals, strict=True))

    @property
    def total(self) -> int | None:
        return self.published.total


@dataclass(frozen=True)
class District:
    """One district's figures over the period."""

    area: Area
    associations: int
    activities: int
    breadth: Breadth
    reach: Reach


@dataclass(frozen=True)
class Overview:
    first: date
    last: date
    districts: list[District]
    threshold: int = THRESHOLD


def default_period(on: date) -> tuple[date, date]:
    """The last twelve months up to ``on``: from the day after the same day a year before."""
    try:
        before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        before = on.replace(year=on.year - 1, day=28)
    return before + timedelta(days=1), on


def check_period(first: date, last: date) -> None:
    if last < first:
        raise Invalid(
            N_("must be on or after the period's start (%(start)s)"),
            field="till",
            start=first.isoformat(),
        )


def use(p: Principal | None) -> None:
    """The overview is the supporters' (their case workers and admins); others: 404."""
    if not policy.supporter_org_ids(p):
        raise NotFound(NOT_FOUND)


def districts(session: Session, p: Principal) -> list[Area]:
    """The districts ``p`` sees, by name."""
    found = [a for a in geo_queries.visible_areas(session, p) if a.kind in DISTRICT_KINDS]
    return sorted(found, key=lambda a: a.name.casefold())


def reach_table(attendance: list[tuple[str, str, int]]) -> Reach:
    """The suppressed age band × gender table of (band, gender, people) rows."""
    t = [[0] * len(GENDERS) for _ in AGE_BANDS]
    for band, gender, people in attendance:
        t[AGE_BANDS.index(band)][GENDERS.index(gender)] += people
    return Reach(suppress(t))


def figures(session: Session, areas: list[Area], first: date, last: date) -> list[District]:
    """The figures of ``areas`` (the caller has checked that the reader may see them) over
    ``first``–``last``: one read of the activities held there."""
    found = queries.activities(session, district_ids=[a.id for a in areas], first=first, last=last)
    out = []
    for area in areas:
        here = [x for x in found if x.district_id == area.id]
        out.append(
            District(
                area=area,
                associations=len({x.association_id for x in here}),
                activities=len(here),
                breadth=breadth([x.kind for x in here], KINDS),
                reach=reach_table(
                    [(r.age_band, r.gender, r.people) for x in here for r in x.attendance]
                ),
            )
        )
    return out


def overview(session: Session, p: Principal, first: date, last: date) -> Overview:
    """Every district the supporter sees, over ``first``–``last``."""
    use(p)
    check_period(first, last)
    return Overview(first, last, figures(session, districts(session, p), first, last))


def district(session: Session, p: Principal, area_id: int, first: date, last: date) -> District:
    """One district the supporter sees (404 for one it does not, or no district)."""
    use(p)
    check_period(first, last)
    area = geo_queries.area(session, p, area_id)
    if area is None or area.kind not in DISTRICT_KINDS:
        raise NotFound(N_("area %(id)s not found"), id=area_id)
    return figures(session, [area], first, last)[0]

"""The breadth and reach of a district's associations as JSON,
``GET /api/v1/associations/districts/{area_id}/breadth`` (:mod:`.overview`): for the
supporters' case workers and admins (personal tokens), 404 for everybody else and for a
district the caller does not see. The reach is suppressed: a hidden count is null, its mark
says why."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

from samverkan.associations import overview
from samverkan.associations.models import AGE_BANDS, GENDERS
from samverkan.core.deps import SessionDep
from samverkan.core.suppression import THRESHOLD
from samverkan.core.timeutil import today
from samverkan.orgs.deps import ApiDep

api = APIRouter(prefix="/api/v1/associations", tags=["associations"])


class ReachOut(BaseModel):
    """Participant visits by age band × gender, suppressed together: None where hidden."""

    age_bands: list[str]
    genders: list[str]
    cells: list[list[int | None]]
    marks: list[list[str]] = Field(description='"<5" a small number, ".." hidden beside one')
    by_age_band: dict[str, int | None]
    by_gender: dict[str, int | None]
    total: int | None


class BreadthOut(BaseModel):
    area_id: int
    name: str
    first: date
    last: date
    threshold: int
    associations: int
    activities: int
    by_kind: dict[str, int]
    kinds: int
    evenness: float | None
    missing: list[str]
    reach: ReachOut


def breadth_out(d: overview.District, first: date, last: date) -> BreadthOut:
    pub = d.reach.published
    return BreadthOut(
        area_id=d.area.id,
        name=d.area.name,
        first=first,
        last=last,
        threshold=THRESHOLD,
        associations=d.associations,
        activities=d.activities,
        by_kind=d.breadth.by_kind,
        kinds=d.breadth.kinds,
        evenness=d.breadth.evenness,
        missing=list(d.breadth.missing),
        reach=ReachOut(
            age_bands=list(AGE_BANDS),
            genders=list(GENDERS),
            cells=pub.cells,
            marks=[
                ["" if v is not None else d.reach.mark(("c", i, j)) for j, v in enumerate(row)]
                for i, row in enumerate(pub.cells)
            ],
            by_age_band=d.reach.by_band,
            by_gender=d.reach.by_gender,
            total=d.reach.total,
        ),
    )


@api.get(
    "/districts/{area_id}/breadth",
    response_model=BreadthOut,
    summary="A district's associations: activities by kind, breadth and suppressed reach",
)
def district_breadth(
    db: SessionDep,
    p: ApiDep,
    area_id: int,
    fran: date | None = None,
    till: date | None = None,
) -> BreadthOut:
    last = till or today()
    first = fran or overview.default_period(last)[0]
    return breadth_out(overview.district(db, p, area_id, first, last), first, last)

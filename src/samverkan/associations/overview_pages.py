"""The district overview of the associations, ``/foreningar/stadsdelar`` (:mod:`.overview`):
for the supporters' case workers and admins, 404 for everybody else. ``?fran=`` and ``?till=``
(YYYY-MM-DD) the period, the last twelve months up to today by default."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from samverkan.associations import overview
from samverkan.associations.models import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    GENDER_LABELS,
    GENDERS,
    KIND_LABELS,
    KINDS,
)
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Invalid
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.orgs.deps import UserDep

router = APIRouter(prefix="/foreningar", include_in_schema=False)


def _date(raw: str, name: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(N_("expected a date like 2026-06-15"), field=name) from None


def period(fran: str, till: str) -> tuple[date, date]:
    """The period a request asks for (see the module)."""
    last = _date(till, "till") or today()
    first = _date(fran, "fran") or overview.default_period(last)[0]
    return first, last


@router.get("/stadsdelar", response_class=HTMLResponse)
def districts(request: Request, db: SessionDep, p: UserDep, fran: str = "", till: str = "") -> Any:
    overview.use(p)
    first, last = period(fran, till)
    ctx = {
        "o": overview.overview(db, p, first, last),
        "age_bands": AGE_BANDS,
        "age_band_labels": AGE_BAND_LABELS,
        "genders": GENDERS,
        "gender_labels": GENDER_LABELS,
        "kinds": KINDS,
        "kind_labels": KIND_LABELS,
    }
    return render(request, "associations/overview.html", ctx)

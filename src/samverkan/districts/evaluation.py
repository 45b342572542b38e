"""The evaluation of an intervention in one district, gathered from the indicators: the
district's yearly series against those of the comparable districts (the other districts of the
municipality the caller may see), judged by :func:`analysis.area_eval.evaluate` — a
difference-in-differences (the actions' own for counts) and a synthetic control with its
placebo tests, or "för få jämförelseområden för att säga något"."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import numpy as np
from sqlalchemy.orm import Session

from samverkan.districts import queries
from samverkan.districts.analysis.area_eval import AreaEvaluation, Kind
from samverkan.districts.analysis.area_eval import evaluate as run
from samverkan.districts.models import Indicator, Intervention
from samverkan.geo.models import Area
from samverkan.orgs.policy import Principal


@dataclass(frozen=True)
class Evaluation:
    """What an intervention's evaluation was made from, and its result (None: no values)."""

    intervention: Intervention
    area: Area
    indicator: Indicator
    years: list[int]
    treated: list[float]
    donors: list[Area]
    donor_values: list[list[float]]
    result: AreaEvaluation | None


def evaluate(
    session: Session,
    p: Principal | None,
    item: Intervention,
    today: date,
    until_year: int | None = None,
) -> Evaluation:
    """The intervention against its comparable districts on the years so far (up to
    ``until_year`` when given: as it stood at that year's end, for the yearly report)."""
    area = queries.area(session, p, item.area_id)
    ind = queries.indicator(session, item.indicator_id)
    assert area is not None and ind is not None
    peers = queries.comparable_areas(session, p, area)
    got = queries.series(session, p, ind, [area.id, *(a.id for a in peers)], today)
    if until_year is not None:
        got = {a: {y: v for y, v in s.items() if y <= until_year} for a, s in got.items()}
    own = got.get(area.id, {})
    years = sorted(own)
    donors = [a for a in peers if all(y in got.get(a.id, {}) for y in years)]
    treated = [own[y] for y in years]
    donor_values = [[got[a.id][y] for y in years] for a in donors]
    result = None
    if years:
        matrix = np.array(donor_values, dtype=float).T if donors else np.empty((len(years), 0))
        kind = cast(Kind, ind.kind)
        result = run(np.array(treated, dtype=float), matrix, years, item.start_year, kind)
    return Evaluation(item, area, ind, years, treated, donors, donor_values, result)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def intervention_out(session: Session, item: Intervention) -> dict[str, Any]:
    ind = queries.indicator(session, item.indicator_id)
    return {
        "id": item.id,
        "area_id": item.area_id,
        "org_id": item.org_id,
        "title": item.title,
        "description": item.description,
        "start_year": item.start_year,
        "indicator": ind.code if ind else None,
    }


def as_json(e: Evaluation) -> dict[str, Any]:
    return {
        "intervention": intervention_out_plain(e),
        "years": e.years,
        "treated": e.treated,
        "donors": [{"area_id": a.id, "name": a.name} for a in e.donors],
        "result": _plain(e.result) if e.result is not None else None,
    }


def intervention_out_plain(e: Evaluation) -> dict[str, Any]:
    i = e.intervention
    return {
        "id": i.id,
        "area_id": i.area_id,
        "area_name": e.area.name,
        "title": i.title,
        "start_year": i.start_year,
        "indicator": e.indicator.code,
    }

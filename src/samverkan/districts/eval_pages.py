"""Pages of the interventions evaluated in a district, ``/utveckling/insatser``: the list the
caller may see with a form for the district work's editors (a district, an indicator and the
year the change started), and an intervention's evaluation against the comparable districts —
the difference-in-differences (estimate, interval, verdict) and the synthetic control (each
comparison area's weight, the fit before the start, the placebo p-value, the verdict and the
district's path beside the synthetic one as a chart). With too few comparison areas the
verdict says so: "för få jämförelseområden för att säga något".

Readers are the partners of the district work for the areas they may see (404 otherwise)."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from pydantic import ValidationError

from samverkan.actions.analysis.evaluation import Effect
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.forms import errors, form, gettext
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.districts import evaluation, plan_forms, plan_service, queries
from samverkan.districts.charts import ChartSeries, line_chart
from samverkan.districts.evaluation import Evaluation
from samverkan.districts.models import Intervention
from samverkan.districts.plan_pages import indicator_name, org_names, use
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/utveckling", include_in_schema=False)
REFUSED = (ValidationError, Invalid, Conflict)
NOT_FOUND = N_("intervention %(id)s not found")


def _finite(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _list(request: Request, db: Any, p: Principal, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    lang = getattr(request.state, "lang", "sv")
    items = queries.interventions(db, p)
    inds = queries.indicators(db)
    names = {i.id: indicator_name(i, lang) for i in inds}
    areas = queries.visible_areas(db, p)
    context = {
        "items": items,
        "area_names": {a.id: a.name for a in areas},
        "indicator_names": names,
        "orgs": org_names(db, (x.org_id for x in items)),
        "editor": policy.can_edit_districts(p),
        "areas": [a for a in areas if a.kind != "kommun"],
        "indicators": inds,
        "form": {"start_year": str(today().year - 2)},
        **ctx,
    }
    return render(request, "districts/evals.html", context, status)


@router.get("/insatser", response_class=HTMLResponse)
def interventions(request: Request, db: SessionDep, p: UserDep) -> Any:
    use(p)
    return _list(request, db, p)


@router.post("/insatser", dependencies=[CsrfDep])
async def create(request: Request, db: SessionDep, p: UserDep) -> Response:
    use(p)
    if not policy.can_edit_districts(p):
        raise NotFound(N_("page not found"))
    f = await form(request)
    try:
        item = plan_service.create_intervention(db, p, plan_forms.intervention_in(f))
    except REFUSED as exc:
        db.rollback()
        return _list(request, db, p, form=f, errors=errors(request, exc), status=422)
    return RedirectResponse(f"/utveckling/insatser/{item.id}", status_code=303)


def did_view(e: Evaluation, tr: Any, lang: str) -> dict[str, Any] | None:
    """The difference-in-differences in numbers to show (an Effect: a change in %), with the
    comparison areas by name and the district's path beside their mean."""
    if e.result is None:
        return None
    chart = Markup("")
    if e.donors:
        mean = [sum(col) / len(col) for col in zip(*e.donor_values, strict=True)]
        chart = line_chart(
            [
                ChartSeries(e.area.name, dict(zip(e.years, e.treated, strict=True))),
                ChartSeries(
                    tr(N_("Mean of the comparison areas")), dict(zip(e.years, mean, strict=True))
                ),
            ],
            unit=e.indicator.unit,
            decimals=e.indicator.decimals,
            lang=lang,
            title=indicator_name(e.indicator, lang),
        )
    d = e.result.did
    if isinstance(d, Effect):
        est, lo, hi, unit = d.change_pct, d.ci_low_pct, d.ci_high_pct, "%"
    else:
        est, lo, hi, unit = d.estimate, d.ci_low, d.ci_high, e.indicator.unit
    return {
        "verdict": d.verdict,
        "code": d.code,
        "estimate": _finite(est),
        "low": _finite(lo),
        "high": _finite(hi),
        "unit": unit,
        "level": round(d.level * 100),
        "controls": d.n_control_areas,
        "relative": isinstance(d, Effect),
        "before": e.result.years_before,
        "after": e.result.years_after,
        "names": sorted(a.name for a in e.donors),
        "chart": chart,
    }


def synth_view(e: Evaluation, tr: Any, lang: str) -> dict[str, Any] | None:
    """The synthetic control's weights, fit, p-value, verdict and its chart."""
    if e.result is None:
        return None
    s = e.result.synth
    weights = [float(w) for w in s.weights.tolist()] if s.weights.size == len(e.donors) else []
    synthetic = [_finite(v) for v in s.synthetic.tolist()]
    chart = Markup("")
    if (
        s.code != "too_few"
        and len(synthetic) == len(e.years)
        and all(v is not None for v in synthetic)
    ):
        chart = line_chart(
            [
                ChartSeries(e.area.name, dict(zip(e.years, e.treated, strict=True))),
                ChartSeries(
                    tr(N_("Synthetic control")), dict(zip(e.years, synthetic, strict=True))
                ),
            ],
            unit=e.indicator.unit,
            decimals=e.indicator.decimals,
            lang=lang,
            title=indicator_name(e.indicator, lang),
        )
    return {
        "verdict": s.verdict,
        "code": s.code,
        "weights": sorted(
            ((a.name, w) for a, w in zip(e.donors, weights, strict=True) if w > 0.0005),
            key=lambda x: -x[1],
        ),
        "pre_rmspe": _finite(s.pre_rmspe),
        "p_value": _finite(s.p_value),
        "effect": _finite(s.effect),
        "donors": s.n_donors,
        "pre": s.n_pre,
        "post": s.n_post,
        "alpha": s.alpha,
        "poor_fit": s.poor_fit,
        "chart": chart,
    }


def the_intervention(db: Any, p: Principal, intervention_id: int) -> Intervention:
    use(p)
    found = queries.intervention(db, p, intervention_id)
    if found is None:
        raise NotFound(NOT_FOUND, id=intervention_id)
    return found


@router.get("/insatser/{intervention_id}", response_class=HTMLResponse)
def intervention_page(request: Request, db: SessionDep, p: UserDep, intervention_id: int) -> Any:
    item = the_intervention(db, p, intervention_id)
    lang = getattr(request.state, "lang", "sv")
    try:
        e = evaluation.evaluate(db, p, item, today())
        problem = None
    except ValueError:  # values the methods cannot take (a count that is not whole)
        e, problem = None, N_("the indicator's values cannot be evaluated with these methods")
    context = {
        "x": item,
        "e": e,
        "problem": problem,
        "did": did_view(e, gettext(request), lang) if e else None,
        "synth": synth_view(e, gettext(request), lang) if e else None,
        "indicator": indicator_name(e.indicator, lang) if e else "",
        "area": e.area if e else queries.area(db, p, item.area_id),
        "owner": org_names(db, [item.org_id]).get(item.org_id, ""),
    }
    return render(request, "districts/eval.html", context)

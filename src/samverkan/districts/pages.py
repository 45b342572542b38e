"""The district pages of part A: an indicator of a district as a yearly chart and table,
``/stadsdelar/{id}/indikatorer/{code}``, and the statistics import, ``/utveckling/statistik``.

The indicator page shows the district's line beside its municipality's and the mean of the
districts of the same area type, and the target line of a district plan's goal that follows
the indicator there. The import reads a CSV or PX file, asks which indicator each column (or
PX value variable) goes to, and shows what was added, updated and left unchanged, with the
region codes that match no district listed. Readers are the partners of the district work
(``policy.can_read_districts``); the import is for editors (``policy.can_edit_districts``);
anyone else, and a district the caller may not see, gets 404."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from samverkan.core import suppression
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, DomainError, Invalid, NotFound
from samverkan.core.forms import errors, gettext
from samverkan.core.numbers import figure
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.districts import present, queries, service, statfile
from samverkan.districts.charts import ChartSeries, TargetLine, line_chart
from samverkan.districts.models import DistrictPlan, Indicator, Target
from samverkan.districts.schemas import PointOut
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(include_in_schema=False)
IMPORT = "/utveckling/statistik"
# A file travels from the upload to the mapping step in a hidden field (base64): it must fit
# the form parser's limit of 1 MB per field.
MAX_FILE = 700_000


def _area(db: Any, p: Principal, area_id: int) -> Area:
    found = queries.area(db, p, area_id)
    if found is None:
        raise NotFound(service.AREA_NOT_FOUND, id=area_id)
    return found


def plan_target(
    db: Any, p: Principal, area: Area, ind: Indicator
) -> tuple[Target, DistrictPlan] | None:
    """The target of the latest district plan of ``area`` whose goal follows ``ind``."""
    for plan in queries.plans(db, p, area.id):
        for goal in plan.goals:
            for t in goal.targets:
                if t.indicator_id == ind.id:
                    return t, plan
    return None


def present_number(value: float, ind: Indicator, lang: str) -> str:
    """A value as the page writes it, with the indicator's decimals and unit."""
    return f"{figure(value, lang, ind.decimals)} {ind.unit}".strip()


def _as_points(pts: list[PointOut]) -> dict[int, float | None]:
    return {x.year: x.value for x in pts}


@router.get("/stadsdelar/{area_id}/indikatorer/{code}", response_class=HTMLResponse)
def indicator_page(request: Request, db: SessionDep, p: UserDep, area_id: int, code: str) -> Any:
    a = _area(db, p, area_id)
    ind = queries.indicator_by_code(db, code)
    if ind is None:
        raise NotFound(N_("no such indicator: %(code)s"), code=code)
    tr = gettext(request)
    lang = getattr(request.state, "lang", "sv")
    c = present.comparison(db, p, a, ind, today())
    out = present.series_out(c)
    found = plan_target(db, p, a, ind)
    lines = [ChartSeries(a.name, _as_points(out.values))]
    if out.municipality and c.municipality_area is not None:
        lines.append(ChartSeries(c.municipality_area.name, _as_points(out.municipality)))
    same_label = tr(N_("same area type, mean of %(n)s districts")) % {"n": out.same_type_areas}
    if out.same_type:
        lines.append(ChartSeries(same_label, _as_points(out.same_type)))
    target = None
    if found is not None:
        t, _plan = found
        target = TargetLine(
            tr(N_("target %(value)s by %(year)s"))
            % {"value": present_number(t.target_value, ind, lang), "year": t.deadline_year},
            t.baseline_year,
            t.baseline_value,
            t.deadline_year,
            t.target_value,
        )
    name = ind.name_en if lang == "en" else ind.name_sv
    chart = line_chart(lines, target, ind.unit, decimals=ind.decimals, lang=lang, title=name)
    years = sorted({x.year for x in (*out.values, *out.municipality, *out.same_type)})
    by = {
        "area": {x.year: x for x in out.values},
        "muni": {x.year: x for x in out.municipality},
        "same": {x.year: x for x in out.same_type},
    }
    context = {
        "area": a,
        "indicator": ind,
        "name": name,
        "chart": chart,
        "years": years,
        "by": by,
        "municipality": c.municipality_area if out.municipality else None,
        "same_label": same_label if out.same_type else None,
        "target": found,
        "suppressed_reason": tr(suppression.FEWER) % {"n": suppression.THRESHOLD},
    }
    return render(request, "districts/indicator.html", context)


# -- the statistics import ---------------------------------------------------------------------


def _editor(p: Principal) -> None:
    if not policy.can_edit_districts(p):
        raise NotFound(N_("page not found"))


def _stats(request: Request, db: Any, p: Principal, **ctx: Any) -> HTMLResponse:
    status = ctx.pop("status", 200)
    orgs = [db.get(Organisation, o) for o in sorted(policy.district_editor_org_ids(p))]
    context = {
        "imports": queries.imports(db, p),
        "indicators": [i for i in queries.indicators(db) if not i.est_category],
        "orgs": [o for o in orgs if o is not None],
        "form": {},
        "errors": [],
        "table": None,
        "result": None,
        "file_error": None,
        **ctx,
    }
    return render(request, "districts/statistics.html", context, status)


@router.get(IMPORT, response_class=HTMLResponse)
def statistics_page(request: Request, db: SessionDep, p: UserDep) -> HTMLResponse:
    _editor(p)
    return _stats(request, db, p)


def guess(variable: str, indicators: list[Indicator]) -> str:
    """The indicator a column's name names (its code or Swedish or English name), or ""."""
    key = variable.strip().casefold()
    for ind in indicators:
        if key in (ind.code.casefold(), ind.name_sv.casefold(), ind.name_en.casefold()):
            return ind.code
    return ""


async def _file(request: Request) -> tuple[bytes, str, dict[str, str]]:
    """The file's bytes and name: uploaded, carried from the upload step, or pasted."""
    raw = await request.form()
    f = {k: str(v).strip() for k, v in raw.items() if isinstance(v, str)}
    upload = raw.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload.read(MAX_FILE + 1), upload.filename, f
    if f.get("content"):
        try:
            return base64.b64decode(f["content"], validate=True), f.get("filename", ""), f
        except (binascii.Error, ValueError):
            lost = N_("the file was lost on the way: choose it again")
            raise Invalid(lost, field="file") from None
    if f.get("rows"):
        return f["rows"].encode(), f.get("filename") or "inklistrad.csv", f
    raise Invalid(N_("choose a CSV or PX file"), field="file")


@router.post(IMPORT, dependencies=[CsrfDep])
async def statistics_import(request: Request, db: SessionDep, p: UserDep) -> Response:
    """Upload (→ the mapping step) or import (``step=map``, → what the import did)."""
    _editor(p)
    try:
        data, filename, f = await _file(request)
    except Invalid as exc:
        return _stats(request, db, p, errors=errors(request, exc), status=422)
    if len(data) > MAX_FILE:
        big = Invalid(N_("the file is larger than %(kb)s kB"), field="file", kb=MAX_FILE // 1000)
        return _stats(request, db, p, errors=errors(request, big), form=f, status=422)
    try:
        table = statfile.read(
            data, filename, region=f.get("region") or None, time=f.get("time") or None
        )
    except statfile.StatFileError as exc:
        return _stats(request, db, p, file_error=exc, filename=filename, form=f, status=422)
    indicators = [i for i in queries.indicators(db) if not i.est_category]
    carried = {
        "table": table,
        "filename": filename,
        "content": base64.b64encode(data).decode(),
    }
    if f.get("step") != "map":
        chosen = {f"map_{i}": guess(v, indicators) for i, v in enumerate(table.variables)}
        return _stats(request, db, p, form={**f, **chosen}, **carried)
    mapping = {v: f[f"map_{i}"] for i, v in enumerate(table.variables) if f.get(f"map_{i}", "")}
    org_id = int(f["org_id"]) if f.get("org_id", "").isdigit() else None
    try:
        result = service.import_table(db, p, table, filename, mapping, org_id=org_id)
    except NotFound:
        raise
    except DomainError as exc:
        db.rollback()
        return _stats(request, db, p, errors=errors(request, exc), form=f, status=422, **carried)
    return _stats(request, db, p, result=result, filename=filename)

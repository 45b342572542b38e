"""The lägesbild: ``GET /lagesbild`` (page), ``GET /api/v1/lagesbild`` (JSON)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, BadRequest, NotFound
from samverkan.core.i18n import translations
from samverkan.core.templating import environment, register_labels, render
from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries as incident_queries
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep, CsrfDep, UserDep
from samverkan.situation import cache, charts, mapdata, picture, report, service
from samverkan.situation.levels import LEVEL_LABELS, LEVELS
from samverkan.situation.weeks import how_read, read_week

api = APIRouter(prefix="/api/v1", tags=["lagesbild"])
router = APIRouter(include_in_schema=False)
register_labels("level", LEVEL_LABELS)
environment().filters.update(
    sparkline=charts.sparkline,
    heat=charts.heat,
)

WeekQuery = Annotated[
    str | None,
    Query(
        max_length=20,
        description="ISO week, e.g. 2026-W48; also v. 48 (the latest week 48) or a date "
        "(its week). Default: last week",
    ),
]
AreaQuery = Annotated[list[int] | None, Query(description="area ids (default: all you may see)")]


def parse_week(text: str | None) -> IsoWeek:
    """The week asked for (see :func:`read_week`); without one the last whole week."""
    return read_week(text)


def _build(db: Any, p: Any, week: str | None, area: list[int] | None) -> picture.Picture:
    w = parse_week(week)
    try:
        return cache.build(db, p, w, area)
    except NotFound as exc:  # an area unknown or hidden: the same answer, naming it
        raise BadRequest(exc.message, field="area", **exc.params) from None


@api.get("/lagesbild", summary="The weekly lägesbild (situation picture)")
def lagesbild_json(
    request: Request, db: SessionDep, p: ApiDep, week: WeekQuery = None, area: AreaQuery = None
) -> dict[str, Any]:
    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    return report.as_json(_build(db, p, week, area), lang)


@router.get("/lagesbild", response_class=HTMLResponse)
def lagesbild_page(
    request: Request, db: SessionDep, p: UserDep, week: WeekQuery = None, area: AreaQuery = None
) -> HTMLResponse:
    pic = _build(db, p, week, area)
    lang = getattr(request.state, "lang", "sv")
    tr = translations(lang)
    data = report.as_json(pic, lang)
    read = how_read(week, pic.week)
    return render(
        request,
        "situation/lagesbild.html",
        {
            "pic": pic,
            "data": data,
            "week_read": tr.gettext(read[0]) % read[1] if read else None,
            "areas": geo_queries.visible_areas(db, p),
            "chosen": set(area or []),
            "prev_week": str(pic.week - 1),
            "next_week": str(pic.week + 1),
            "area_query": "".join(f"&area={i}" for i in area or []),
            "can_set_level": policy.can_set_level(p, True),
            "levels": LEVELS,
            "map_geojson": mapdata.geojson(
                db,
                pic,
                {
                    "kde": tr.gettext("Density (last four weeks)"),
                    "hex": tr.gettext("Hotspots (Gi*)"),
                    "incident": tr.gettext("Notable incidents"),
                },
                lang,
            ),
        },
    )


@router.get("/lagesbild.pdf")
def lagesbild_pdf(
    request: Request, db: SessionDep, p: UserDep, week: WeekQuery = None, area: AreaQuery = None
) -> Response:
    """The picture as an A4 PDF for the meeting (Swedish unless the reader chose English)."""
    pic = _build(db, p, week, area)
    lang = getattr(request.state, "lang", "sv")
    try:
        pdf = report.as_pdf(report.as_json(pic, lang), lang, mapdata.geojson(db, pic, None, lang))
    except report.PdfUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="lagesbild-{pic.week}.pdf"'},
    )


@router.post("/lagesbild/niva", dependencies=[CsrfDep])
async def set_level(request: Request, db: SessionDep, p: UserDep) -> Response:
    """The samordnare sets an area's level for the week, with a reason (kept, audited)."""
    form = await request.form()
    week = parse_week(str(form.get("week") or ""))
    area_text = str(form.get("area_id") or "")
    if not area_text.isdigit():
        raise BadRequest(N_("area %(value)s is not an area id"), field="area_id", value=area_text)
    area_id = int(area_text)
    pic = _build(db, p, str(week), [area_id])
    service.set_level(
        db,
        p,
        area_id,
        week,
        str(form.get("level") or ""),
        str(form.get("reason") or ""),
        computed=pic.areas[0].computed_level,
    )
    return RedirectResponse(f"/lagesbild?week={week}#area-{area_id}", status_code=303)


PeriodQuery = Annotated[
    str, Query(max_length=10, description="kvartal (13 weeks) or tertial (17 weeks)")
]


def _priorities(db: Any, p: Any, week: str | None, period: str) -> picture.Priorities:
    if period not in picture.PERIODS:
        expected = N_("period %(value)s: expected kvartal or tertial")
        raise BadRequest(expected, field="period", value=period)
    return picture.prioritise(db, p, parse_week(week), period)


@api.get("/lagesbild/prioritering", summary="Need against possibility to influence, per area")
def priorities_json(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    week: WeekQuery = None,
    period: PeriodQuery = "kvartal",
) -> dict[str, Any]:
    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    return report.priorities_json(_priorities(db, p, week, period), lang)


@router.get("/lagesbild/prioritering", response_class=HTMLResponse)
def priorities_page(
    request: Request,
    db: SessionDep,
    p: UserDep,
    week: WeekQuery = None,
    period: PeriodQuery = "kvartal",
) -> HTMLResponse:
    pr = _priorities(db, p, week, period)
    lang = getattr(request.state, "lang", "sv")
    return render(
        request,
        "situation/prioritering.html",
        {"pr": pr, "data": report.priorities_json(pr, lang), "matrix": charts.priority_matrix(pr)},
    )


def _near(db: Any, p: Any, week: str | None, area: int | None, category: str, weeks: int) -> Any:
    from samverkan.situation import nearrepeat  # scipy.spatial: loaded when first asked

    w = parse_week(week)
    if area is None:
        raise BadRequest(N_("choose an area"), field="area")
    try:
        return nearrepeat.near_repeats(db, p, area, category, w, weeks)
    except NotFound as exc:
        raise BadRequest(exc.message, field="area", **exc.params) from None


@api.get("/lagesbild/narupprepning", summary="Near repeats (Knox) of a category in an area")
def near_json(
    request: Request,
    db: SessionDep,
    p: ApiDep,
    area: Annotated[int, Query(description="area id")],
    category: Annotated[str, Query(max_length=40, description="category code")],
    week: WeekQuery = None,
    weeks: Annotated[int, Query(ge=4, le=260, description="weeks up to the week")] = 52,
) -> dict[str, Any]:
    from samverkan.situation import nearrepeat

    lang = "en" if request.query_params.get("lang") == "en" else "sv"
    return nearrepeat.as_json(_near(db, p, week, area, category, weeks), lang)


@router.get("/lagesbild/narupprepning", response_class=HTMLResponse)
def near_page(
    request: Request,
    db: SessionDep,
    p: UserDep,
    area: int | None = None,
    category: Annotated[str, Query(max_length=40)] = "klotter",
    week: WeekQuery = None,
    weeks: Annotated[int, Query(ge=4, le=260)] = 52,
) -> HTMLResponse:
    from samverkan.situation import nearrepeat

    areas = geo_queries.visible_areas(db, p)
    chosen = area if area is not None else next((a.id for a in areas if a.kind != "kommun"), None)
    nr = _near(db, p, week, chosen, category, weeks) if chosen is not None else None
    lang = getattr(request.state, "lang", "sv")
    data = nearrepeat.as_json(nr, lang) if nr else None
    grid = None
    if data and data["table"]:
        cells: list[Any] = data["table"]  # type: ignore[assignment]
        cols = len(nearrepeat.TIME_D) + 1
        grid = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    return render(
        request,
        "situation/narupprepning.html",
        {
            "nr": nr,
            "data": data,
            "grid": grid,
            "areas": areas,
            "categories": incident_queries.categories(db),
            "chosen": chosen,
            "category": category,
            "weeks": weeks,
            "week_text": str(parse_week(week)),
        },
    )

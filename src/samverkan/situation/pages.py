"""The lägesbild's pages: the week (``/lagesbild``, its PDF, setting a level), the
prioritisation and the near repeats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, BadRequest
from samverkan.core.i18n import translations
from samverkan.core.templating import render
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries as incident_queries
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.situation import charts, mapdata, report, service
from samverkan.situation.levels import LEVELS
from samverkan.situation.views import (
    AreaQuery,
    PeriodQuery,
    WeekQuery,
    build,
    near,
    parse_week,
    priorities,
)
from samverkan.situation.weeks import how_read

router = APIRouter(include_in_schema=False)


@router.get("/lagesbild", response_class=HTMLResponse)
def lagesbild_page(
    request: Request, db: SessionDep, p: UserDep, week: WeekQuery = None, area: AreaQuery = None
) -> HTMLResponse:
    pic = build(db, p, week, area)
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
    pic = build(db, p, week, area)
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
    pic = build(db, p, str(week), [area_id])
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


@router.get("/lagesbild/prioritering", response_class=HTMLResponse)
def priorities_page(
    request: Request,
    db: SessionDep,
    p: UserDep,
    week: WeekQuery = None,
    period: PeriodQuery = "kvartal",
) -> HTMLResponse:
    pr = priorities(db, p, week, period)
    lang = getattr(request.state, "lang", "sv")
    return render(
        request,
        "situation/prioritering.html",
        {"pr": pr, "data": report.priorities_json(pr, lang), "matrix": charts.priority_matrix(pr)},
    )


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
    nr = near(db, p, week, chosen, category, weeks) if chosen is not None else None
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

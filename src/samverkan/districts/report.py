"""The yearly district report: ``/stadsdelar/{area_id}/rapport/{year}`` (a printable page) and
``….pdf`` (A4, WeasyPrint). It holds the district's profile facts; each indicator's value in
the year against the year before and the municipality's (a small count of residents shown as
"<5"); each district plan's goals followed up as of the end of the year; the interventions and
their evaluation's verdicts; and the year's notes from resident dialogue.

Read by the partners of the district work for the areas they may see (404 otherwise); a year
outside 1990 to the current year is refused (422) with the years that are offered. An EST indicator
counts whole ISO years, so the year is read as of the first days of the next (or today)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.forms import gettext
from samverkan.core.i18n import translations
from samverkan.core.templating import environment, render
from samverkan.core.timeutil import to_local, today
from samverkan.districts import evaluation, present, queries
from samverkan.districts.models import AreaProfile, DialogueNote, DistrictPlan, Intervention
from samverkan.districts.plan_pages import indicator_name, org_names, use
from samverkan.districts.present import GoalView
from samverkan.districts.schemas import PointOut
from samverkan.districts.service import AREA_NOT_FOUND
from samverkan.geo.models import Area
from samverkan.orgs.deps import UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(include_in_schema=False)
FIRST_YEAR = 1990
NO_REPORT = N_("no yearly report for %(year)s: a year from %(first)s to %(last)s")


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in the year, the year before and the municipality in the year."""

    code: str
    name: str
    unit: str
    decimals: int
    value: PointOut | None
    previous: PointOut | None
    municipality: PointOut | None
    source: str = ""


@dataclass(frozen=True)
class PlanPart:
    plan: DistrictPlan
    owner: str
    goals: list[GoalView]
    reasons: dict[int, str]  # target id -> the reason in the reader's language
    names: dict[int, str]  # target id -> the indicator's name


@dataclass(frozen=True)
class InterventionPart:
    item: Intervention
    indicator: str
    did_verdict: str | None
    synth_verdict: str | None


@dataclass(frozen=True)
class Report:
    area: Area
    year: int
    municipality: Area | None
    profile: AreaProfile | None
    indicators: list[IndicatorRow]
    plans: list[PlanPart]
    interventions: list[InterventionPart]
    notes: list[DialogueNote]


def report_year(raw: str, day: date) -> int:
    """The year asked for, from 1990 to ``day``'s year (422 with the years offered)."""
    last = day.year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= last:
        raise Invalid(NO_REPORT, field="year", year=raw[:12], first=FIRST_YEAR, last=last)
    return int(raw)


def as_of(year: int, day: date) -> date:
    """The day the year is read on: when it has ended (an EST year is a whole ISO year)."""
    return min(day, date(year + 1, 1, 4))


def _point(points: list[PointOut], year: int) -> PointOut | None:
    return next((pt for pt in points if pt.year == year), None)


def _indicators(
    db: Session, p: Principal, area: Area, muni: Area | None, year: int, on: date, lang: str
) -> list[IndicatorRow]:
    rows = []
    ids = [area.id, *([muni.id] if muni else [])]
    for ind in queries.indicators(db):
        got = queries.series(db, p, ind, ids, on)
        own = present.points(ind, got.get(area.id, {}))
        here, before = _point(own, year), _point(own, year - 1)
        if here is None and before is None:
            continue
        town = _point(present.points(ind, got.get(muni.id, {})), year) if muni else None
        rows.append(
            IndicatorRow(
                ind.code,
                indicator_name(ind, lang),
                ind.unit,
                ind.decimals,
                here,
                before,
                town,
                ind.source,
            )
        )
    return rows


def _interventions(
    db: Session, p: Principal, area: Area, year: int, on: date, lang: str
) -> list[InterventionPart]:
    out = []
    for item in queries.interventions(db, p, area.id):
        if item.start_year > year:
            continue
        ind = queries.indicator(db, item.indicator_id)
        try:
            result = evaluation.evaluate(db, p, item, on, until_year=year).result
        except ValueError:  # values the methods cannot take (a count that is not whole)
            result = None
        out.append(
            InterventionPart(
                item,
                indicator_name(ind, lang) if ind else "",
                result.did.verdict if result else None,
                result.synth.verdict if result else None,
            )
        )
    return out


def gather(
    db: Session, p: Principal, area: Area, year: int, day: date, tr: Any, lang: str
) -> Report:
    """The report of ``area`` for ``year`` as ``p`` may see it, on ``day``."""
    on = as_of(year, day)
    muni = queries.municipality(db, p, area)
    muni = muni if muni is not None and muni.id != area.id else None
    plans = [x for x in queries.plans(db, p, area.id) if x.first_year <= year <= x.last_year]
    owners = org_names(db, (x.owner_org_id for x in plans))
    parts = []
    for x in plans:
        goals = present.follow_up(db, p, x, on, until_year=year)
        targets = [v for g in goals for v in g.targets]
        parts.append(
            PlanPart(
                x,
                owners.get(x.owner_org_id, ""),
                goals,
                {v.target.id: v.follow_up.reason.text(tr, lang) for v in targets},
                {v.target.id: indicator_name(v.indicator, lang) for v in targets},
            )
        )
    notes = [n for n in queries.dialogue_notes(db, area.id, limit=500) if n.held_on.year == year]
    return Report(
        area,
        year,
        muni,
        queries.profile(db, area.id),
        _indicators(db, p, area, muni, year, on, lang),
        parts,
        _interventions(db, p, area, year, on, lang),
        sorted(notes, key=lambda n: (n.held_on, n.id)),
    )


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing on this machine."""


def as_html(r: Report, lang: str = "sv") -> str:
    """The standalone printable page (A4) of the report."""
    tr = translations(lang)
    return (
        environment()
        .get_template("districts/report_print.html")
        .render(
            r=r,
            lang=lang,
            _=tr.gettext,
            ngettext=tr.ngettext,
            printed=to_local(datetime.now(UTC)).strftime("%Y-%m-%d %H:%M"),
        )
    )


def as_pdf(r: Report, lang: str = "sv") -> bytes:
    """The report as an A4 PDF."""
    try:
        import weasyprint  # loads Pango: only when a PDF is asked for
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(f"PDF needs Pango: {exc}") from None
    body: bytes = weasyprint.HTML(string=as_html(r, lang)).write_pdf()
    return body


def _report(request: Request, db: Session, p: Principal, area_id: int, year: str) -> Report:
    use(p)
    area = queries.area(db, p, area_id)
    if area is None:
        raise NotFound(AREA_NOT_FOUND, id=area_id)
    day = today()
    lang = getattr(request.state, "lang", "sv")
    return gather(db, p, area, report_year(year, day), day, gettext(request), lang)


# the PDF first: ``{year}`` alone would take "2025.pdf"
@router.get("/stadsdelar/{area_id}/rapport/{year}.pdf")
def report_pdf(request: Request, db: SessionDep, p: UserDep, area_id: int, year: str) -> Response:
    r = _report(request, db, p, area_id, year)
    try:
        body = as_pdf(r, getattr(request.state, "lang", "sv"))
    except PdfUnavailable as exc:  # pragma: no cover - depends on the machine
        raise HTTPException(503, str(exc)) from None
    name = f"stadsdelsrapport-{r.area.id}-{r.year}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/stadsdelar/{area_id}/rapport/{year}", response_class=HTMLResponse)
def report_page(request: Request, db: SessionDep, p: UserDep, area_id: int, year: str) -> Any:
    r = _report(request, db, p, area_id, year)
    years = range(FIRST_YEAR, today().year + 1)
    return render(request, "districts/report.html", {"r": r, "years": list(years)[::-1]})

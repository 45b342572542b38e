"""The lägesbild as data for its readers: the JSON of the API and the CLI (one shape for both).

Shape (stable, see the API docs): ``{"week", "week_label", "week_year", "week_number",
"week_state" (past, current, future), "week_note", "weekday_today", "areas": [{"area": {"id",
"name", "kind"}, "level", "level_label", "total", "total_baseline", "categories": [{"code", "label",
"count", "baseline", "last_year", "expected", "threshold", "signal", "score", "method",
"spark"}], "heatmap": {"weekdays", "bands", "counts"}, "hotspots": [{"cell", "lat", "lon",
"count", "z", "significant"}], "notable": [...]}], "summary": [...], "method": {...}}``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from samverkan.core import numbers
from samverkan.core.errors import N_
from samverkan.core.i18n import translations
from samverkan.core.templating import environment
from samverkan.core.timeutil import IsoWeek, to_local
from samverkan.incidents.models import TIME_BANDS
from samverkan.situation import charts, priority, weeks
from samverkan.situation.levels import LEVEL_LABELS
from samverkan.situation.picture import HOTSPOT_WEEKS, Picture, Priorities, Sentence

WEEKDAYS_SV = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
METHOD = {
    "signals": "EARS C2 during the first year of history, then Farrington-flexible "
    "(quasi-Poisson GLM with Noufaily's improvements, up to 5 years back): a week signals above "
    "its 98 % bound, or with the week before above the 94 % bound of a two-week sum; "
    "score = (count - expected) / (threshold - expected), above 1 signals",
    "levels": "a point per signal, a second for score >= 2, a third for violence, threats "
    "against staff or fire; 0 green, 1-2 yellow, 3-4 orange, 5+ red",
    "hotspots": f"Getis-Ord Gi* on H3 resolution 9 cells (k-ring 1) of the last {HOTSPOT_WEEKS} "
    "weeks' located incidents, against the area's own cells; Benjamini-Hochberg FDR 5 %",
}


def as_html(data: dict[str, Any], lang: str = "sv", geojson: dict[str, Any] | None = None) -> str:
    """A standalone printable page (A4) of the picture: the meeting's handout, with a still
    map when ``geojson`` (see :mod:`samverkan.situation.mapdata`) is given."""
    tr = translations(lang)
    env = environment()
    env.filters.setdefault("sparkline", charts.sparkline)
    env.filters.setdefault("heat", charts.heat)
    return env.get_template("situation/print.html").render(
        data=data,
        lang=lang,
        _=tr.gettext,
        ngettext=tr.ngettext,
        map_svg=charts.map_svg(geojson) if geojson else "",
        printed=to_local(datetime.now(UTC)).strftime("%Y-%m-%d %H:%M"),
    )


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing on this machine."""


def as_pdf(data: dict[str, Any], lang: str = "sv", geojson: dict[str, Any] | None = None) -> bytes:
    """The printable page as an A4 PDF (WeasyPrint: page numbers, the group-only mark)."""
    try:
        import weasyprint  # loads Pango: only when a PDF is asked for
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(
            f"PDF needs Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from None
    pdf: bytes = weasyprint.HTML(string=as_html(data, lang, geojson)).write_pdf()
    return pdf


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sentence(s: Sentence, lang: str) -> str:
    """One summary sentence in ``lang``: its numbers as written in ``lang`` (16,5), a part
    that is itself a sentence (a clause) translated first."""
    params = {k: sentence(v, lang) if isinstance(v, Sentence) else v for k, v in s.params.items()}
    if lang != "sv" and "category_en" in params:
        params["category"] = params["category_en"]
    return translations(lang).gettext(s.msgid) % numbers.text_params(params, lang)


def week_note(week: IsoWeek, lang: str, now: datetime | None = None) -> str | None:
    """What the reader must know about the week before reading its numbers: a week in
    progress is compared with whole weeks; a week to come has nothing yet."""
    tr = translations(lang)
    st = weeks.state(week, now)
    if st == "current":
        return tr.gettext(
            N_(
                "The week is in progress (up to %(weekday)s): its counts are of part of a week, "
                "compared with whole weeks."
            )
        ) % {"weekday": weeks.weekday_today(lang, now)}
    if st == "future":
        return tr.gettext(
            N_("Week %(week)s %(year)s has not started yet: there is nothing to show.")
        ) % {"week": week.week, "year": week.year}
    return None


def as_json(pic: Picture, lang: str = "sv", now: datetime | None = None) -> dict[str, Any]:
    """The picture as JSON-ready data; labels and sentences in ``lang``. ``week_state`` says
    whether the week is over (``past``), in progress (``current``: part of a week) or to come
    (``future``: the summary says so), ``week_note`` the same in words (None when over)."""
    tr = translations(lang)
    weekdays = WEEKDAYS_SV if lang == "sv" else WEEKDAYS_EN
    state = weeks.state(pic.week, now)
    note = week_note(pic.week, lang, now)
    return {
        "week": str(pic.week),
        "week_label": pic.week.label(),
        "week_year": pic.week.year,
        "week_number": pic.week.week,
        "week_state": state,
        "week_note": note,
        "weekday_today": weeks.weekday_today(lang, now) if state == "current" else None,
        "history_from": pic.history_from.isoformat() if pic.history_from else None,
        "areas": [
            {
                "area": {"id": a.area_id, "name": a.name, "kind": a.kind},
                "level": a.level,
                "level_label": tr.gettext(LEVEL_LABELS[a.level]),
                "computed_level": a.computed_level,
                "override": (
                    {
                        "level": a.override.level,
                        "reason": a.override.reason,
                        "computed": a.override.computed,
                        "set_at": to_local(a.override.set_at).isoformat(timespec="minutes"),
                    }
                    if a.override
                    else None
                ),
                "total": a.total,
                "total_baseline": a.total_baseline,
                "categories": [
                    {
                        "code": r.code,
                        "label": r.label_sv if lang == "sv" else r.label_en,
                        "count": r.count,
                        "baseline": r.baseline,
                        "last_year": r.last_year,
                        "expected": r.expected,
                        "threshold": r.threshold,
                        "signal": r.signal,
                        "score": r.score,
                        "method": r.method,
                        "spark": r.spark,
                    }
                    for r in a.categories
                ],
                "heatmap": {
                    "weekdays": list(weekdays),
                    "bands": list(TIME_BANDS),
                    "counts": a.heatmap,
                },
                "hotspots": a.hotspots,
                "density": a.density,
                "notable": [
                    {
                        "id": i.id,
                        "category": i.category.code,
                        "category_label": i.category.label(lang),
                        "occurred_at": to_local(i.occurred_at).isoformat(timespec="minutes"),
                        "place_name": i.place_name,
                        "description": _short(i.description),
                        "severity": i.severity,
                    }
                    for i in a.notable
                ],
                "summary": [sentence(s, lang) for s in a.summary],
            }
            for a in pic.areas
        ],
        "summary": (
            [note] if state == "future" and note else [sentence(s, lang) for s in pic.summary]
        ),
        "method": METHOD,
    }


def priorities_json(pr: Priorities, lang: str = "sv") -> dict[str, Any]:
    """The ranking as JSON-ready data; reasons and quadrants in ``lang``."""
    tr = translations(lang)
    return {
        "week": str(pr.week),
        "period": pr.period,
        "from": pr.first.isoformat(),
        "to": pr.last.isoformat(),
        "without_population": pr.without_population,
        "method": priority.__doc__.strip() if priority.__doc__ else "",
        "areas": [
            {
                "rank": r.rank,
                "area": {"id": r.area.area_id, "name": r.area.name},
                "count": r.area.count,
                "previous": r.area.previous,
                "population": r.area.population,
                "rate": round(r.rate, 1) if r.rate is not None else None,
                "trend": round(r.trend, 3),
                "severity": round(r.area.severity, 2) if r.area.severity is not None else None,
                "need": r.need,
                "influence": r.influence,
                "priority": r.priority,
                "quadrant": r.quadrant,
                "quadrant_label": tr.gettext(priority.QUADRANTS[r.quadrant]),
                "reasons": [
                    tr.gettext(msg) % numbers.text_params(params, lang) for msg, params in r.reasons
                ],
            }
            for r in pr.ranked
        ],
    }

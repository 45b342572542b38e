"""A yearly line chart of district indicators as server-rendered SVG (no script, no colour
needed): the area's line, the municipality's, the same-type areas' mean and a target line,
each told apart by its stroke's dash pattern so that it reads on a black-and-white print.

Usage (the pages of part A and part B)::

    from samverkan.districts.charts import ChartSeries, TargetLine, line_chart

    svg = line_chart(
        [
            ChartSeries(_("Skäggetorp"), {2022: 61.0, 2023: 63.5}),
            ChartSeries(_("Linköping"), {2022: 80.1, 2023: 80.4}),
        ],
        TargetLine(_("Target"), 2022, 61.0, 2030, 70.0),
        unit="%",
        decimals=1,
        lang="sv",
    )

``points`` maps a year to its value; None (a suppressed value) breaks the line there. The
series are drawn in the order given, each with the next style of :data:`STYLES` (the first
is the solid, thick black line: put the area first). Labels are escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from samverkan.core.numbers import figure

# (stroke, dash pattern, width) of the 1st, 2nd … series: black/grey, told apart by the dash.
STYLES: tuple[tuple[str, str, float], ...] = (
    ("#000000", "", 2.6),
    ("#555555", "7 4", 1.8),
    ("#777777", "2 3", 1.8),
    ("#333333", "10 3 2 3", 1.6),
    ("#999999", "4 2", 1.6),
)
TARGET_STYLE = ("#000000", "12 5", 1.4)


@dataclass(frozen=True)
class ChartSeries:
    """One line: its legend ``label`` and ``{year: value}`` (None: suppressed, a gap)."""

    label: str
    points: Mapping[int, float | None]


@dataclass(frozen=True)
class TargetLine:
    """A target: from ``baseline_value`` in ``baseline_year`` to ``target_value`` by
    ``target_year`` (drawn dashed, the target marked)."""

    label: str
    baseline_year: int
    baseline_value: float
    target_year: int
    target_value: float


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round values from ``lo`` to ``hi``."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = (lo // step) * step
    out = []
    v = first
    while v <= hi + step * 1e-9:
        if v >= lo - step * 1e-9:
            out.append(round(v, 10))
        v += step
    return out


def _range(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if lo >= 0 and lo <= (hi - lo):
        lo = 0.0  # start at zero when the values are not far from it
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    pad = (hi - lo) * 0.05
    return (lo if lo == 0 else lo - pad), hi + pad


def line_chart(
    series: Sequence[ChartSeries],
    target: TargetLine | None = None,
    unit: str = "",
    width: int = 640,
    height: int = 260,
    *,
    decimals: int = 1,
    lang: str = "sv",
    title: str = "",
) -> Markup:
    """The series (and the target) over the years, with labelled axes and a legend; an empty
    Markup when there is nothing to draw."""
    years = sorted({y for s in series for y, v in s.points.items() if v is not None})
    values = [float(v) for s in series for v in s.points.values() if v is not None]
    if target is not None:
        years = sorted({*years, target.baseline_year, target.target_year})
        values += [target.baseline_value, target.target_value]
    if not years or not values:
        return Markup("")
    legend_rows = len(series) + (1 if target else 0)
    left, right, top, bottom = 64, 16, 12 + (14 if unit else 0), 34 + 18 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    if plot_h < 60:
        height += 60 - plot_h
        plot_h = 60
    y0, y1 = min(years), max(years)
    lo, hi = _range(values)

    def x(year: float) -> float:
        return round(left + (year - y0) / max(y1 - y0, 1) * plot_w, 1)

    def y(value: float) -> float:
        return round(top + plot_h - (value - lo) / (hi - lo) * plot_h, 1)

    def num(value: float) -> str:
        return figure(value, lang, decimals)

    label = escape(title) if title else escape(", ".join(s.label for s in series))
    # svg.matrix (app.css) shrinks it to a narrow screen: the pages' CSP allows no inline style
    out = [
        f'<svg class="line-chart matrix" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>{label}</title>",
        f'<g class="axis-y">'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#000"/>',
    ]
    if unit:
        out.append(f'<text x="{left - 6}" y="{top - 6}" text-anchor="end">{escape(unit)}</text>')
    ticks = _ticks(lo, hi)
    # whole ticks are written whole (50, 60, 70), the others with the indicator's decimals
    places = 0 if all(float(t).is_integer() for t in ticks) else max(decimals, 1)
    for t in ticks:
        ty, text = y(t), figure(t, lang, places)
        out.append(
            f'<line x1="{left}" y1="{ty}" x2="{left + plot_w}" y2="{ty}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{ty + 4}" text-anchor="end">{text}</text>'
        )
    out.append("</g>")
    base = top + plot_h
    out.append(
        f'<g class="axis-x"><line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" '
        f'stroke="#000"/>'
    )
    step = max(1, -(-len(years) // 10))
    for i, yr in enumerate(range(y0, y1 + 1)):
        if i % step and yr != y1:
            continue
        out.append(
            f'<line x1="{x(yr)}" y1="{base}" x2="{x(yr)}" y2="{base + 4}" stroke="#000"/>'
            f'<text class="year" x="{x(yr)}" y="{base + 16}" text-anchor="middle">{yr}</text>'
        )
    out.append("</g>")
    for i, s in enumerate(series):
        stroke, dash, w = STYLES[i % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for yr in sorted(s.points):
            v = s.points[yr]
            if v is None:
                runs.append([])
            else:
                runs[-1].append((x(yr), y(float(v))))
        out.append(f'<g class="series" data-series="{i}">')
        for run in runs:
            if len(run) > 1:
                pts = " ".join(f"{px},{py}" for px, py in run)
                out.append(
                    f'<polyline points="{pts}" fill="none" stroke="{stroke}" '
                    f'stroke-width="{w}"{dash_attr}/>'
                )
            for px, py in run:
                out.append(f'<circle cx="{px}" cy="{py}" r="2.4" fill="{stroke}"/>')
        out.append("</g>")
    if target is not None:
        stroke, dash, w = TARGET_STYLE
        tx0, ty0 = x(target.baseline_year), y(target.baseline_value)
        tx1, ty1 = x(target.target_year), y(target.target_value)
        out.append(
            f'<g class="target"><line class="target-line" x1="{tx0}" y1="{ty0}" x2="{tx1}" '
            f'y2="{ty1}" stroke="{stroke}" stroke-width="{w}" stroke-dasharray="{dash}"/>'
            f'<rect x="{tx1 - 3.5}" y="{ty1 - 3.5}" width="7" height="7" fill="none" '
            f'stroke="{stroke}"/>'
            f"<title>{escape(target.label)}: {num(target.target_value)} "
            f"({target.target_year})</title></g>"
        )
    ly = base + 30
    out.append('<g class="legend">')
    rows: list[tuple[str, str, float, str]] = [
        (*STYLES[i % len(STYLES)], s.label) for i, s in enumerate(series)
    ]
    if target is not None:
        rows.append((*TARGET_STYLE, target.label))
    for stroke, dash, w, text in rows:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{left}" y1="{ly}" x2="{left + 36}" y2="{ly}" stroke="{stroke}" '
            f'stroke-width="{w}"{dash_attr}/>'
            f'<text x="{left + 44}" y="{ly + 4}">{escape(text)}</text>'
        )
        ly += 18
    out.append("</g></svg>")
    # numbers and escaped labels only
    return Markup("".join(out))  # noqa: S704


__all__ = ["STYLES", "ChartSeries", "TargetLine", "line_chart"]


def year_span(years: Sequence[int]) -> str:
    """Years as a reader writes them: ``2016–2025`` for a run, ``2016–2018, 2021`` with gaps."""
    ys = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


FILTERS = {"year_span": year_span}

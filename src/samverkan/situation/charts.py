"""Small server-rendered charts (SVG, no script): sparklines and heatmap shades."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

SHADES = 5


def sparkline(values: Sequence[int], width: int = 104, height: int = 22) -> Markup:
    """A line of weekly counts, the last week marked; its title gives the range in words."""
    if not values:
        return Markup("")
    top = max(max(values), 1)
    step = width / max(len(values) - 1, 1)
    pts = [
        (round(i * step, 1), round(height - 2 - (v / top) * (height - 4), 1))
        for i, v in enumerate(values)
    ]
    path = " ".join(f"{x},{y}" for x, y in pts)
    lx, ly = pts[-1]
    title = f"{min(values)}–{max(values)}"
    # only numbers go into it: nothing to escape
    return Markup(  # noqa: S704
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="1.2"/>'
        f'<circle cx="{lx}" cy="{ly}" r="2" fill="#c2272d"/></svg>'
    )


def heat(n: int, grid: Sequence[Sequence[int]]) -> int:
    """The shade (0..SHADES) of one cell of the week's heatmap, relative to its largest."""
    top = max((max(row) for row in grid), default=0)
    if n <= 0 or top <= 0:
        return 0
    return max(1, round(n / top * SHADES))


LEVEL_COLOURS = {"gron": "#1a7f37", "gul": "#b08800", "orange": "#d4650a", "rod": "#c2272d"}


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    return []


def _box(geometry: dict[str, Any]) -> tuple[float, float, float, float] | None:
    pts = [p for poly in _polygons(geometry) for p in (poly[0] if poly else [])]
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _holds(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
        and outer != inner
    )


LEVEL_RANK = {"gron": 1, "gul": 2, "orange": 3, "rod": 4}


def draw_order(areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Areas in the order to draw them, the last on top (as the page's map.js): an area
    before the areas inside it, so that its outline never hides theirs; among areas side by
    side the higher level last, so that its colour shows on the border they share; then the
    larger first."""
    boxes = [_box(f["geometry"]) for f in areas]

    def key(i: int) -> tuple[float, ...]:
        b = boxes[i]
        depth = sum(1 for j, o in enumerate(boxes) if b and o and j != i and _holds(o, b))
        rank = LEVEL_RANK.get(str(areas[i]["properties"].get("level")), 0)
        size = (b[2] - b[0]) * (b[3] - b[1]) if b else 0.0
        return (depth, rank, -size, i)

    return [areas[i] for i in sorted(range(len(areas)), key=key)]


def map_svg(geojson: dict[str, Any], width: int = 800, height: int = 520) -> Markup:
    """A still map for print: areas outlined in their level's colour, hotspot hexagons filled,
    framed on the districts (the municipality around them is cut at the frame)."""
    feats = geojson.get("features", [])
    polys = [f for f in feats if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    framed = [
        f for f in polys if f["properties"].get("kind") not in ("kommun", "hex", "kde")
    ] or polys
    pts = [p for f in framed for ring in _rings(f["geometry"]) for p in ring]
    if not pts:
        return Markup("")
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    lat0 = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(lat0))
    w_geo = max((max(lons) - min(lons)) * kx, 1e-9)
    h_geo = max(max(lats) - min(lats), 1e-9)
    scale = min((width - 20) / w_geo, (height - 20) / h_geo)
    x0 = min(lons) - (width / scale / kx - (max(lons) - min(lons))) / 2
    y1 = max(lats) + (height / scale - (max(lats) - min(lats))) / 2

    def path(geometry: dict[str, Any]) -> str:
        parts = []
        for ring in _rings(geometry):
            xy = [f"{(lon - x0) * kx * scale:.1f},{(y1 - lat) * scale:.1f}" for lon, lat in ring]
            parts.append("M" + " L".join(xy) + " Z")
        return " ".join(parts)

    def outer(geometry: dict[str, Any]) -> dict[str, Any]:
        return {"type": "MultiPolygon", "coordinates": [[p[0]] for p in _polygons(geometry) if p]}

    shapes = []
    layers = {"kde": 0, "hex": 1}  # the overlays under the areas' outlines
    under = sorted(
        (f for f in polys if f["properties"].get("kind") in layers),
        key=lambda f: layers[f["properties"]["kind"]],
    )
    areas = draw_order([f for f in polys if f["properties"].get("kind") not in layers])
    kommun = [f for f in areas if f["properties"].get("kind") == "kommun"]
    rest = [f for f in areas if f["properties"].get("kind") != "kommun"]
    for f in kommun + under + rest:
        p = f["properties"]
        if p.get("kind") == "kde":
            opacity = f"{0.08 + 0.5 * float(p.get('share') or 0):.2f}"
            shapes.append(
                f'<path d="{path(f["geometry"])}" fill="#6a3d9a" fill-opacity="{opacity}" '
                'stroke="none"/>'
            )
        elif p.get("kind") == "hex":
            fill = "#c2272d" if p.get("significant") else "#d4650a"
            opacity = "0.55" if p.get("significant") else "0.15"
            shapes.append(
                f'<path d="{path(f["geometry"])}" fill="{fill}" fill-opacity="{opacity}" '
                'stroke="none"/>'
            )
        else:
            colour = LEVEL_COLOURS.get(str(p.get("level")), "#5b6770")
            label = escape(str(p.get("name", "")))
            geometry = f["geometry"]
            if any(len(poly) > 1 for poly in _polygons(geometry)):
                # the rings of its holes are the outlines of the areas inside: not stroked
                shapes.append(
                    f'<path d="{path(geometry)}" fill="{colour}" fill-opacity="0.08" '
                    f'fill-rule="evenodd" stroke="none"><title>{label}</title></path>'
                )
                geometry = outer(geometry)
                shapes.append(
                    f'<path d="{path(geometry)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
                continue
            shapes.append(
                f'<path d="{path(geometry)}" fill="{colour}" fill-opacity="0.08" '
                f'stroke="{colour}" stroke-width="2"><title>{label}</title></path>'
            )
    body = "".join(shapes)
    # numbers and escaped names only
    return Markup(  # noqa: S704
        f'<svg class="map-print" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="map">'
        f'<rect width="{width}" height="{height}" fill="#fafafa"/>{body}</svg>'
    )


# The quadrants' own hues, apart from the levels' green–yellow–orange–red, so that a rank is
# never read as an alert level (CSS: .tag.q-*).
QUADRANT_COLOURS = {
    "prioritera": "#5b2a86",
    "samverka": "#0f6e7a",
    "forebygg": "#1d5fa8",
    "bevaka": "#5b6770",
}


def priority_matrix(pr: Any, size: int = 320) -> Markup:
    """Need (across) against possibility to influence (up), one numbered dot per area."""
    pad = 28
    inner = size - 2 * pad
    dots = []
    for r in pr.ranked:
        x = pad + r.need * inner
        y = size - pad - min(r.influence, 1.0) * inner
        colour = QUADRANT_COLOURS.get(r.quadrant, "#5b6770")
        name = escape(r.area.name)
        dots.append(
            f'<g><title>{name}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{colour}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#fff">{r.rank}</text></g>'
        )
    mid = pad + inner / 2
    axes = (
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#ccc"/>'
        f'<line x1="{mid}" y1="{pad}" x2="{mid}" y2="{size - pad}" stroke="#ddd"/>'
        f'<line x1="{pad}" y1="{mid}" x2="{size - pad}" y2="{mid}" stroke="#ddd"/>'
    )
    # numbers, fixed words and escaped names only
    return Markup(  # noqa: S704
        f'<svg class="matrix" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        f'role="img" aria-labelledby="matrix-h">{axes}{"".join(dots)}</svg>'
    )


# The template filters the lägesbild's pages and print page use (registered by the domain).
FILTERS = {"sparkline": sparkline, "heat": heat}

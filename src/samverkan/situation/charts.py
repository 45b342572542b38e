"""Small server-rendered charts (SVG, no script): sparklines and heatmap shades."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

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
        f'<circle cx="{lx}" cy="{ly}" r="2"/></svg>'
    )


def heat(n: int, grid: Sequence[Sequence[int]]) -> int:
    """The shade (0..SHADES) of one cell of the week's heatmap, relative to its largest."""
    top = max((max(row) for row in grid), default=0)
    if n <= 0 or top <= 0:
        return 0
    return max(1, round(n / top * SHADES))

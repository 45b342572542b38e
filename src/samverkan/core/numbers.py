"""Numbers as readers write them: a decimal comma in Swedish (16,5), never a
negative zero (-0,0), and the same number of decimals for numbers read side by side.

The JSON of the API keeps numbers as numbers; these are for text (pages, PDF, sentences).
Every template has the ``decimal``, ``figure``, ``whole``, ``signed`` and ``decimal_places`` filters
(``core.templating``); ``decimal`` and ``whole`` take the page's language from its context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

# Decimals per kind of figure, so that the same kind reads the same on every page:
# ``{{ x|decimal("hours") }}``.
PLACES = {
    "hours": 1,  # hours a week a person or team has, or actions hold (16,5 h; 40,0 h)
    "risk": 2,  # a presence plan's covered risk (11,04)
    "percent": 1,  # a share or a difference in per cent (2,9 %)
    "z": 2,  # a hotspot's Gi* z-score (3,12)
    "score": 1,  # a signal's strength: 0 as expected, 1 at the threshold (1,4)
    "mean": 1,  # a mean count of incidents (4,3)
    "density": 1,  # incidents per km² (12,3)
}


def decimal(value: float | int | None, lang: str = "sv", places: int | str = 1) -> str:
    """``value`` with ``places`` decimals (a number, or a kind of figure of :data:`PLACES`), a
    decimal comma unless English; None is "–"."""
    if value is None:
        return "–"
    if isinstance(places, str):
        places = PLACES[places]
    x = round(float(value), places)
    if x == 0:
        x = 0.0  # a negative zero after rounding (-0.001) is a zero
    text = f"{x:.{places}f}"
    return text if lang == "en" else text.replace(".", ",")


def figure(value: float | int | None, lang: str = "sv", places: int | str = 1) -> str:
    """:func:`decimal` with the thousands apart, as :func:`whole` writes counts: 9 500
    personer, 12 345,6 (a no-break space; in English 12,345.6); under 1 000 as ``decimal``."""
    text = decimal(value, lang, places)
    if value is None or abs(float(value)) < 1000:
        return text
    point = "." if lang == "en" else ","
    head, sep, tail = text.partition(point)
    sign = "-" if head.startswith("-") else ""
    digits = head.lstrip("-")
    grouped = f"{int(digits):,}".replace(",", "," if lang == "en" else "\u00a0")
    return f"{sign}{grouped}{sep}{tail}"


def whole(value: int | None, lang: str = "sv") -> str:
    """A count with its thousands apart, as the language groups them: 12 345 (a no-break
    space) in Swedish, 12,345 in English; None is "–"."""
    if value is None:
        return "–"
    text = f"{int(value):,}"
    return text if lang == "en" else text.replace(",", "\u00a0")


def signed(value: float | int | None, lang: str = "sv") -> str:
    """A change in whole per cent with its sign, as typeset: +12, −8 (a minus sign, not a
    hyphen), 0; None is "–"."""
    if value is None:
        return "–"
    n = round(float(value))
    if n == 0:
        return "0"
    return f"+{n}" if n > 0 else f"\u2212{-n}"


def places_for(*values: float | None) -> int:
    """Decimals that tell side-by-side values apart: two when one of them is below 1 (0,71
    beside 1,00; 0,98 beside 1,00), else one (11,3 beside 15,0)."""
    return 2 if any(v is not None and 0 < abs(v) < 1 for v in values) else 1


def plain(value: float | int, lang: str = "sv") -> str:
    """A number in running text: one decimal (two when one would show a non-zero as 0,0)."""
    if isinstance(value, int):
        return str(value)
    return decimal(value, lang, 2 if 0 < abs(value) < 0.05 else 1)


def text_params(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A message's parameters with every float written as :func:`plain` writes it."""
    return {k: plain(v, lang) if isinstance(v, float) else v for k, v in params.items()}


@pass_context
def signed_filter(context: Context, value: float | int | None) -> str:
    """``{{ pct|signed }}``: :func:`signed` in the page's language."""
    return signed(value, str(context.get("lang") or "sv"))


@pass_context
def whole_filter(context: Context, value: int | None) -> str:
    """``{{ n|whole }}``: :func:`whole` in the page's language."""
    return whole(value, str(context.get("lang") or "sv"))


def places_filter(values: list[float | None]) -> int:
    """``{{ [a, b]|decimal_places }}``: :func:`places_for` the values."""
    return places_for(*values)


@pass_context
def figure_filter(context: Context, value: float | int | None, places: int | str = 1) -> str:
    """``{{ x|figure(1) }}``: :func:`figure` in the page's language."""
    return figure(value, str(context.get("lang") or "sv"), places)


@pass_context
def decimal_filter(context: Context, value: float | int | None, places: int | str = 1) -> str:
    """``{{ x|decimal }}``, ``{{ x|decimal(2) }}``, ``{{ x|decimal("hours") }}``: :func:`decimal`
    in the page's language."""
    return decimal(value, str(context.get("lang") or "sv"), places)

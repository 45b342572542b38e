"""Benchmarks of samverkan, each figure measured against a named peer in the same run.

Run them with ``make bench`` (or ``python -m benchmarks``); the results are printed and
written to ``docs/benchmarks.md``. The test suite never runs these and never times anything.

A benchmark module exposes ``run() -> list[Result]``; :mod:`benchmarks.__main__` keeps the
registry of modules to run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One measured figure, with the peer it is compared to and the goal it is held to.

    ``ratio`` is figure / peer figure in the figure's unit; ``ratio_text`` says it in words
    ("71× faster", "2.4× the bare server").
    """

    benchmark: str
    name: str
    value: float
    unit: str
    peer: str
    peer_value: float
    ratio: float
    ratio_text: str
    goal: str
    ok: bool | None  # None: reported for information, no goal
    notes: str = ""


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds ``fn`` took (wall clock, perf_counter), and what it returned."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def median(values: list[float]) -> float:
    return statistics.median(values)


def thin(n: float) -> str:
    """A whole number with its thousands separated by spaces, as in Swedish: 1 000 000."""
    return f"{n:,.0f}".replace(",", " ")


def fmt(value: float, unit: str) -> str:
    """A number for the table: thousands separated by a thin space, sensible decimals."""
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if value >= 100:
        return f"{thin(value)} {unit}"
    return f"{value:.3g} {unit}"

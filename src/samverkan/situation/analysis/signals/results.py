"""The signals' per-week result, and the checks and shaping that every method shares.

A method takes weekly counts as a series ``(weeks,)`` or a stack ``(cells, weeks)``, checks
them with :func:`as_counts` (always a stack inside), and gives back a :class:`Signals` of the
input's own shape (:func:`like_input`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

METHOD_WIDTH = "<U24"  # the dtype of Signals.method: the longest method name fits


@dataclass(frozen=True)
class Signals:
    """Per-week result; every array has the input's shape, ``(weeks,)`` or ``(cells, weeks)``.

    Weeks that were not judged (too little history, or before ``last``) have NaN expected,
    threshold and score, ``alarm`` False and ``method`` "". ``threshold`` is the count above
    which the week alarms (alarm ⇔ count > threshold); ``score`` is
    ``(count - expected) / (threshold - expected)`` (EARS C3: C3 over its threshold).
    """

    count: NDArray[np.int64]
    expected: FloatArray
    threshold: FloatArray
    score: FloatArray
    alarm: BoolArray
    method: NDArray[np.str_]

    @property
    def evaluated(self) -> BoolArray:
        return np.asarray(self.method != "")

    def __getitem__(self, cell: int) -> Signals:
        """One cell of a ``(cells, weeks)`` result."""
        if self.count.ndim != 2:
            raise IndexError("a single series has no cells to index")
        return Signals(
            self.count[cell],
            self.expected[cell],
            self.threshold[cell],
            self.score[cell],
            self.alarm[cell],
            self.method[cell],
        )

    def records(self, weeks: Sequence[str] | None = None) -> list[dict[str, object]]:
        """The judged weeks of a single series as plain dicts (JSON, templates); ``weeks``
        labels the positions (e.g. ISO weeks "2026-W48"), else the position is given."""
        if self.count.ndim != 1:
            raise ValueError("records() is for a single series: take one cell first, result[i]")
        if weeks is not None and len(weeks) != self.count.shape[0]:
            raise ValueError(f"weeks has {len(weeks)} labels for {self.count.shape[0]} counts")
        return [
            {
                "week": weeks[i] if weeks is not None else i,
                "count": int(self.count[i]),
                "expected": _number(self.expected[i]),
                "threshold": _number(self.threshold[i]),
                "score": _number(self.score[i]),
                "alarm": bool(self.alarm[i]),
                "method": str(self.method[i]),
            }
            for i in map(int, np.flatnonzero(self.evaluated))
        ]


def _number(x: float) -> float | None:
    return round(float(x), 4) if math.isfinite(float(x)) else None


def as_counts(counts: ArrayLike) -> FloatArray:
    """Counts as a float ``(cells, weeks)`` array; ValueError for anything that is not one."""
    try:
        arr = np.asarray(counts, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"counts must be numbers: {exc}") from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(
            f"counts must be a series (weeks,) or a stack (cells, weeks), not shape {arr.shape}"
        )
    if arr.shape[1] == 0:
        raise ValueError("counts is empty: no weeks")
    for bad, what in (
        (~np.isfinite(arr), "must be finite (a week without reports is 0, not missing)"),
        (arr < 0, "cannot be negative"),
        (arr != np.round(arr), "must be whole numbers"),
    ):
        if bad.any():
            cell, week = np.argwhere(bad)[0]
            where = f"week {week}" + (f" of cell {cell}" if np.ndim(counts) == 2 else "")
            raise ValueError(f"counts {what}: {where} is {arr[cell, week]}")
    return arr


def check_alpha(alpha: float, name: str = "alpha") -> None:
    """A tail probability of a bound: between 0 and one half."""
    if not 0 < alpha < 0.5:
        raise ValueError(f"{name} must be between 0 and 0.5, got {alpha}")


def blank_before(res: Signals, first: int) -> Signals:
    """``res`` with the weeks before ``first`` unjudged (a stack in, a stack out)."""
    cut = np.zeros(res.count.shape, dtype=bool)
    cut[:, :first] = True
    return Signals(
        res.count,
        np.where(cut, np.nan, res.expected),
        np.where(cut, np.nan, res.threshold),
        np.where(cut, np.nan, res.score),
        res.alarm & ~cut,
        np.where(cut, "", res.method).astype(METHOD_WIDTH),
    )


def like_input(res: Signals, counts: ArrayLike) -> Signals:
    """A single series in, a single series out."""
    return res[0] if np.ndim(counts) == 1 and res.count.ndim == 2 else res


def first_week(T: int, last: int | None) -> int:
    """The first week of ``T`` to judge when only the ``last`` newest are asked for."""
    if last is None:
        return 0
    if last < 1:
        raise ValueError(f"last must be at least 1, got {last}")
    return max(T - last, 0)

"""Whether a district plan's target is reached, on track or behind, and why (pure).

A target says: from ``baseline_value`` in ``baseline_year`` to ``target_value`` by
``deadline_year``, for an indicator where higher (``up``) or lower (``down``) is better. The
plan's path is the straight line between the two. Judged on the latest value after the
baseline year:

- **reached** when the latest value is at or beyond the target;
- **behind** when the deadline has passed without it, or the latest value is short of where
  the path says it should be that year;
- **on track** when it is at or ahead of the path;
- **no data** when there is no value after the baseline year.

The reason says the numbers it was judged on, and — with three or more values from the
baseline year on — where the least-squares trend of those years leads by the deadline, so a
reader sees whether "behind" is a bad year or a direction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from samverkan.core.errors import N_, Explained

Status = Literal["reached", "on_track", "behind", "no_data"]
STATUS_LABELS: dict[str, str] = {
    "reached": N_("reached"),
    "on_track": N_("on track"),
    "behind": N_("behind"),
    "no_data": N_("no data yet"),
}
# The order a goal takes the worst of its targets in.
_SEVERITY = {"behind": 3, "no_data": 2, "on_track": 1, "reached": 0}


@dataclass(frozen=True)
class FollowUp:
    """The judgement of one target: its status, the reason in words, and the numbers."""

    status: Status
    reason: Explained
    latest_year: int | None
    latest_value: float | None
    expected: float | None  # where the path is in the latest year
    projected: float | None  # the trend's value at the deadline (None with < 3 values)


def _better_or_equal(a: float, b: float, direction: str) -> bool:
    return a >= b if direction == "up" else a <= b


def judge(
    values: Mapping[int, float],
    *,
    baseline_year: int,
    baseline_value: float,
    target_value: float,
    deadline_year: int,
    direction: str,
    decimals: int = 1,
) -> FollowUp:
    """Follow up one target on the indicator's yearly ``values``."""
    if deadline_year <= baseline_year:
        raise ValueError(f"deadline_year {deadline_year} must come after {baseline_year}")
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")

    def r(x: float) -> float | int:
        return round(x) if decimals == 0 else round(x, decimals)

    after = sorted((y, v) for y, v in values.items() if y > baseline_year)
    if not after:
        return FollowUp(
            "no_data",
            Explained(N_("no value after the baseline year %(year)s yet"), year=baseline_year),
            None,
            None,
            None,
            None,
        )
    year, value = after[-1]
    points = [(baseline_year, baseline_value), *after]
    projected: float | None = None
    if len(points) >= 3:
        xs = np.array([p[0] for p in points], dtype=float)
        ys = np.array([p[1] for p in points], dtype=float)
        slope, intercept = np.polyfit(xs, ys, 1)
        projected = float(slope * deadline_year + intercept)
    span = min(year, deadline_year) - baseline_year
    expected = baseline_value + (target_value - baseline_value) * span / (
        deadline_year - baseline_year
    )
    params = {
        "year": year,
        "value": r(value),
        "target": r(target_value),
        "deadline": deadline_year,
        "expected": r(expected),
    }
    status: Status
    if _better_or_equal(value, target_value, direction):
        status = "reached"
        reason = Explained(N_("%(value)s in %(year)s: the target %(target)s is reached"), **params)
    elif year >= deadline_year:
        status = "behind"
        reason = Explained(
            N_("%(value)s in %(year)s: the target %(target)s by %(deadline)s was not reached"),
            **params,
        )
    elif _better_or_equal(value, expected, direction):
        status = "on_track"
        reason = Explained(
            N_(
                "%(value)s in %(year)s, at or ahead of the path to %(target)s by %(deadline)s "
                "(%(expected)s expected)"
            ),
            **params,
        )
    else:
        status = "behind"
        reason = Explained(
            N_(
                "%(value)s in %(year)s, short of the path to %(target)s by %(deadline)s "
                "(%(expected)s expected)"
            ),
            **params,
        )
    if projected is not None and status in ("on_track", "behind"):
        trend = Explained(
            N_("%(first)s; at the trend since %(baseline)s: %(projected)s in %(deadline)s"),
            first=reason,
            baseline=baseline_year,
            projected=r(projected),
            deadline=deadline_year,
        )
        reason = trend
    return FollowUp(status, reason, year, value, expected, projected)


def worst(statuses: Iterable[Status]) -> Status:
    """A goal's status: the worst of its targets' (behind, then no data, on track, reached)."""
    found = list(statuses)
    if not found:
        return "no_data"
    return max(found, key=lambda s: _SEVERITY[s])

"""Whether a requirement is being delivered at the pace its period asks for.

A contract requires ``required`` of something (summer jobs or employments for residents that a
procured supplier must offer; later the counter-demands of association agreements) over a
period ``start``–``end``, both days included. Pro rata, by the end of day ``on`` the share of
the period passed (``elapsed``: days from ``start`` to ``on`` inclusive, over the period's
days) should have been delivered: ``expected = required × elapsed``.

The status on ``on``, the first rule that holds:

- ``done``: ``delivered ≥ required`` (at any time, also before the period or after it);
- ``not_started``: ``on`` is before the period;
- ``ended_short``: ``on`` is after the period, and less than required was delivered;
- ``behind``: ``delivered < tolerance × expected`` (by default less than 85 % of the pro-rata
  amount: a delivery can lag a little without alarm, since jobs come in lumps);
- ``ahead``: ``delivered > (2 − tolerance) × expected`` (more than 115 % of it by default: the
  same margin on the other side);
- ``on_track``: otherwise (a delivery exactly on either bound is on track).

On the period's last day ``expected`` is all of ``required``; the period is over (``ended_short``)
only from the day after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from samverkan.core.errors import N_

TOLERANCE = 0.85

Status = Literal["ahead", "on_track", "behind", "not_started", "ended_short", "done"]
# What a status says, in words; ``WARNED`` are those that carry the warning marker.
STATUS_LABELS = {
    "ahead": N_("ahead of pace"),
    "on_track": N_("on pace"),
    "behind": N_("behind pace"),
    "not_started": N_("not started"),
    "ended_short": N_("ended short"),
    "done": N_("delivered in full"),
}
WARNED = ("behind", "ended_short")


@dataclass(frozen=True)
class Pace:
    """A requirement's pace on one day: ``expected`` the pro-rata amount due by then,
    ``share`` the part of ``required`` delivered (None when nothing is required), ``elapsed``
    the part of the period passed (0–1), ``days_total`` the period's days, ``days_left`` the
    days after ``on`` still in it, ``remaining`` what is still to deliver, ``status`` as in the
    module's rules."""

    required: float
    delivered: float
    expected: float
    share: float | None
    elapsed: float
    days_total: int
    days_left: int
    remaining: float
    status: Status


def pace(
    required: float,
    delivered: float,
    start: date,
    end: date,
    on: date,
    *,
    tolerance: float = TOLERANCE,
) -> Pace:
    """The pace of delivering ``required`` over ``start``–``end`` (inclusive) on ``on``."""
    for name, value in (("required", required), ("delivered", delivered)):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number ≥ 0, got {value!r}")
    if end < start:
        raise ValueError(f"a period's end ({end}) cannot come before its start ({start})")
    if not 0 < tolerance <= 1:
        raise ValueError(f"tolerance must lie in (0, 1], got {tolerance!r}")
    days_total = (end - start).days + 1
    passed = min(max((on - start).days + 1, 0), days_total)
    elapsed = passed / days_total
    expected = required * passed / days_total
    slack = 1e-9 * max(expected, 1.0)  # a delivery on a bound is on track, whatever the floats
    status: Status
    if delivered >= required:
        status = "done"
    elif on < start:
        status = "not_started"
    elif on > end:
        status = "ended_short"
    elif delivered < tolerance * expected - slack:
        status = "behind"
    elif delivered > (2 - tolerance) * expected + slack:
        status = "ahead"
    else:
        status = "on_track"
    return Pace(
        required=required,
        delivered=delivered,
        expected=expected,
        share=delivered / required if required > 0 else None,
        elapsed=elapsed,
        days_total=days_total,
        days_left=days_total - passed,
        remaining=max(required - delivered, 0.0),
        status=status,
    )

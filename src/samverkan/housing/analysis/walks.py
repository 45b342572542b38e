"""The share of a period's findings fixed within N days, per responsible party: a finding
counts as fixed in time when its work order was done (or verified) no later than N days after
it was opened. Pure arithmetic on plain rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class OrderRow:
    """One work order: its responsible party, the day it was opened and the day it was done."""

    responsible: str
    opened_on: date
    done_on: date | None


@dataclass(frozen=True)
class FixedShare:
    responsible: str
    total: int
    fixed_in_time: int

    @property
    def share(self) -> float | None:
        """Fixed in time / all, or None when there were none."""
        return self.fixed_in_time / self.total if self.total else None


def fixed_within(
    rows: Iterable[OrderRow], days: int, start: date | None = None, end: date | None = None
) -> list[FixedShare]:
    """Per responsible party (sorted by code), of the orders opened in [start, end], how many
    were done within ``days`` days."""
    totals: dict[str, list[int]] = {}
    for r in rows:
        if (start is not None and r.opened_on < start) or (end is not None and r.opened_on > end):
            continue
        t = totals.setdefault(r.responsible, [0, 0])
        t[0] += 1
        if r.done_on is not None and r.done_on <= r.opened_on + timedelta(days=days):
            t[1] += 1
    return [FixedShare(k, v[0], v[1]) for k, v in sorted(totals.items())]

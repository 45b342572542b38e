"""Which activities count for an agreement: a rule set in the style of LOK-stöd.

The Swedish municipalities' activity grant (lokalt aktivitetsstöd) counts a group activity when
it lasted long enough, a leader was there and enough participants of the right age took part
(the national rules: 60 minutes, one leader, at least 3 participants aged 7–25). An agreement
may set its own minimums, each optional:

- ``min_minutes``: the activity lasted at least this long;
- ``min_leaders``: at least this many leaders were present;
- ``min_participants`` with ``age_min``–``age_max``: at least this many participants within the
  age range (the range alone, without a minimum, asks for one). The range must follow the
  attendance's age bands, since attendance is counted per band.

Pure: the facts of an activity in, whether it counts and why not out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from samverkan.associations.models import AGE_BAND_BOUNDS

LOW_EDGES = sorted({lo for lo, _ in AGE_BAND_BOUNDS.values()})
HIGH_EDGES = sorted({hi for _, hi in AGE_BAND_BOUNDS.values() if hi is not None})


@dataclass(frozen=True)
class Rules:
    """An agreement's minimums; None is no rule."""

    min_minutes: int | None = None
    min_leaders: int | None = None
    min_participants: int | None = None
    age_min: int | None = None
    age_max: int | None = None

    @property
    def empty(self) -> bool:
        return all(
            v is None
            for v in (
                self.min_minutes,
                self.min_leaders,
                self.min_participants,
                self.age_min,
                self.age_max,
            )
        )


LOK = Rules(min_minutes=60, min_leaders=1, min_participants=3, age_min=7, age_max=25)


def problems(rules: Rules) -> dict[str, str]:
    """What is wrong with a rule set, per field (an empty dict when it is sound)."""
    out: dict[str, str] = {}
    for name in ("min_minutes", "min_leaders", "min_participants", "age_min", "age_max"):
        v = getattr(rules, name)
        if v is not None and v < 0:
            out[name] = "negative"
    if rules.age_min is not None and rules.age_min not in LOW_EDGES:
        out["age_min"] = "edge"
    if rules.age_max is not None and rules.age_max not in HIGH_EDGES:
        out["age_max"] = "edge"
    if rules.age_min is not None and rules.age_max is not None and rules.age_max < rules.age_min:
        out["age_max"] = "order"
    return out


def in_range(band: str, age_min: int | None, age_max: int | None) -> bool:
    """Whether every age of ``band`` lies within ``age_min``–``age_max`` (None: open)."""
    lo, hi = AGE_BAND_BOUNDS[band]
    if age_min is not None and lo < age_min:
        return False
    return age_max is None or (hi is not None and hi <= age_max)


def participants_in_range(by_band: Mapping[str, int], rules: Rules) -> int:
    """The participants whose age band lies within the rules' age range (all without one)."""
    return sum(n for band, n in by_band.items() if in_range(band, rules.age_min, rules.age_max))


def shortfalls(rules: Rules, minutes: int, leaders: int, by_band: Mapping[str, int]) -> list[str]:
    """Why an activity does not count: ``too_short``, ``no_leader``, ``too_few`` (empty: it
    counts). ``by_band`` is the attendance per age band, summed over genders."""
    out = []
    if rules.min_minutes is not None and minutes < rules.min_minutes:
        out.append("too_short")
    if rules.min_leaders is not None and leaders < rules.min_leaders:
        out.append("no_leader")
    ranged = rules.age_min is not None or rules.age_max is not None
    need = rules.min_participants if rules.min_participants is not None else (1 if ranged else 0)
    if need and participants_in_range(by_band, rules) < need:
        out.append("too_few")
    return out


def counts(rules: Rules, minutes: int, leaders: int, by_band: Mapping[str, int]) -> bool:
    """Whether an activity counts under ``rules``."""
    return not shortfalls(rules, minutes, leaders, by_band)

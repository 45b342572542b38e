"""Prioritisation for the quarter or tertial: which areas need the most, and where the partners
can do the most about it (the EST group's steering of its resources).

Need, per area, from three things a meeting can check: the level (incidents per 1,000
inhabitants where the population is known, else the count), the trend (the period against the
same length before it), and the severity (the reporters' mean assessment, 1–3). Each is turned
into a rank among the areas (0 lowest, 1 highest) and need is their mean.

Possibility to influence: the share of the period's incidents at places the partners control
(semi-public: stairwells, shops, school yards) and the share in categories where a partner has
an action of its own to take (graffiti removal, lighting, clearing vegetation, cleaning, field
workers, dialogue with residents…). Influence is the mean of the two shares.

Priority orders the areas by need × (0.5 + influence): need first, ties broken towards what the
partners can change. The quadrant (need above or below the middle rank, influence at or above
the areas' median or below) says what to do: high need and influence, act ("prioritera");
high need, little influence, bring in the police and others ("samverka"); low need, much
influence, prevent ("förebygg"); else watch ("bevaka").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from samverkan.core.errors import N_

# Categories where a partner has an action of its own (issue: "actions available").
ACTIONABLE = {
    "klotter": "klottersanering",
    "skadegorelse": "klottersanering",
    "nedskrapning": "stadning",
    "belysning": "belysning",
    "skymd_sikt": "rojning",
    "otrygg_plats": "belysning",
    "ungdomsgrupp": "faltarbetare",
    "ordningsstorning": "dialog",
    "containerbrand": "stadning",
    "arrangemang": "foreningsaktivitet",
}

QUADRANTS = {
    "prioritera": N_("act: high need, much the partners can do"),
    "samverka": N_("bring in the police and others: high need, little the partners control"),
    "forebygg": N_("prevent: lower need, much the partners can do"),
    "bevaka": N_("watch"),
}


@dataclass(frozen=True)
class AreaPeriod:
    """What is known of one area in the period (from the totals and the incidents)."""

    area_id: int
    name: str
    population: int | None
    count: int
    previous: int  # the same number of weeks before
    severity: float | None  # mean assessment 1–3
    semi_public: int  # incidents at semi-public places
    actionable: int  # incidents in categories with a partner's action


@dataclass
class Ranked:
    area: AreaPeriod
    rate: float | None
    trend: float  # relative change against the period before
    need: float
    influence: float
    priority: float
    quadrant: str
    rank: int = 0
    reasons: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def _ranks(values: Sequence[float]) -> list[float]:
    """Each value's rank among them, 0 (lowest) to 1 (highest); ties share the mean rank."""
    n = len(values)
    if n <= 1:
        return [0.5] * n
    order = sorted(range(n), key=lambda i: values[i])
    out = [0.0] * n
    i = 0
    while i < n:
        j = i
        while j + 1 < n and values[order[j + 1]] == values[order[i]]:
            j += 1
        r = (i + j) / 2 / (n - 1)
        for k in range(i, j + 1):
            out[order[k]] = r
        i = j + 1
    return out


def rank(areas: Sequence[AreaPeriod]) -> list[Ranked]:
    """The areas in priority order, each with its figures and the reasons in words."""
    if not areas:
        return []
    rates = [a.count / a.population * 1000 if a.population else None for a in areas]
    use_rate = all(r is not None for r in rates)
    level = [
        r if use_rate and r is not None else float(a.count)
        for r, a in zip(rates, areas, strict=True)
    ]
    trends = [(a.count - a.previous) / max(a.previous, 1) for a in areas]
    sev = [a.severity or 0.0 for a in areas]
    r_level, r_trend, r_sev = _ranks(level), _ranks(trends), _ranks(sev)
    shares = [
        (a.semi_public / a.count + a.actionable / a.count) / 2 if a.count else 0.0 for a in areas
    ]
    middle = sorted(shares)[len(shares) // 2]
    out = []
    for i, a in enumerate(areas):
        need = (r_level[i] + r_trend[i] + r_sev[i]) / 3 if a.count else 0.0
        influence = shares[i]
        hi_need, hi_inf = need >= 0.5, influence >= middle and influence > 0
        quadrant = (
            "prioritera"
            if hi_need and hi_inf
            else "samverka"
            if hi_need
            else "forebygg"
            if hi_inf and a.count
            else "bevaka"
        )
        ranked = Ranked(
            a,
            rates[i],
            trends[i],
            round(need, 3),
            round(influence, 3),
            round(need * (0.5 + influence), 3),
            quadrant,
        )
        ranked.reasons = _reasons(ranked, use_rate)
        out.append(ranked)
    out.sort(key=lambda r: (-r.priority, -r.area.count, r.area.name))
    for i, r in enumerate(out, start=1):
        r.rank = i
    return out


def _reasons(r: Ranked, use_rate: bool) -> list[tuple[str, dict[str, object]]]:
    a = r.area
    out: list[tuple[str, dict[str, object]]] = []
    if r.rate is not None:
        out.append((N_("%(rate)s incidents per 1,000 inhabitants"), {"rate": round(r.rate, 1)}))
    else:
        out.append((N_("%(count)s incidents (population unknown: no rate)"), {"count": a.count}))
    if a.previous or a.count:
        out.append(
            (
                N_("%(change)s %% against the period before (%(previous)s)"),
                {"change": f"{r.trend * 100:+.0f}", "previous": a.previous},
            )
        )
    if a.severity is not None:
        out.append((N_("mean severity %(severity)s of 3"), {"severity": round(a.severity, 1)}))
    if a.count:
        out.append(
            (
                N_("%(share)s %% at semi-public places, %(actionable)s %% with a partner's action"),
                {
                    "share": round(100 * a.semi_public / a.count),
                    "actionable": round(100 * a.actionable / a.count),
                },
            )
        )
    if not use_rate:
        out.append((N_("ranked by count: not every area has a population"), {}))
    return out

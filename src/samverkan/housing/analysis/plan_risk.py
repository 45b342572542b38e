"""A safety plan's risk level: likelihood × consequence, each 1–4, in four bands."""

from __future__ import annotations

from samverkan.core.errors import N_

LEVELS = ("low", "medium", "high", "very_high")
LEVEL_LABELS = {
    "low": N_("low risk"),
    "medium": N_("medium risk"),
    "high": N_("high risk"),
    "very_high": N_("very high risk"),
}


def score(likelihood: int, consequence: int) -> int:
    """The risk's score, 1–16."""
    if not (1 <= likelihood <= 4 and 1 <= consequence <= 4):
        raise ValueError("likelihood and consequence are 1–4")
    return likelihood * consequence


def level(likelihood: int, consequence: int) -> str:
    """The band of the score: 1–3 low, 4–6 medium, 8–9 high, 12–16 very high."""
    s = score(likelihood, consequence)
    if s <= 3:
        return "low"
    if s <= 6:
        return "medium"
    if s <= 9:
        return "high"
    return "very_high"

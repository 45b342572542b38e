"""The pure rules and follow-up of the associations: which activities count (LOK-style), a
commitment's delivery at its pace, the reach and the breadth (oracle: scipy's entropy)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy.stats import entropy

from samverkan.associations.analysis.followup import Fact, Goal, breadth, progress, reach
from samverkan.associations.analysis.rules import (
    LOK,
    Rules,
    counts,
    in_range,
    participants_in_range,
    problems,
    shortfalls,
)
from samverkan.associations.models import AGE_BANDS, KINDS


def fact(day: date, *, minutes=90, leaders=1, form="traning", district=1, kind="idrott", **att):
    """An activity; ``att`` as band_gender=people, e.g. ``b7_12_flicka=3``."""
    attendance = {}
    for key, n in att.items():
        band, gender = key[1:].rsplit("_", 1)
        attendance[(band.replace("_", "-"), gender)] = n
    return Fact(day, district, kind, form, minutes, leaders, attendance)


def test_lok_counts_an_hour_with_a_leader_and_three_young_participants() -> None:
    ok = {"7-12": 2, "13-16": 1}
    assert counts(LOK, 60, 1, ok)
    assert shortfalls(LOK, 59, 1, ok) == ["too_short"]
    assert shortfalls(LOK, 60, 0, ok) == ["no_leader"]
    # two children and ten adults: too few in 7–25, whatever the adults
    assert shortfalls(LOK, 60, 1, {"7-12": 2, "26-": 10}) == ["too_few"]
    assert shortfalls(LOK, 30, 0, {}) == ["too_short", "no_leader", "too_few"]


def test_no_rules_count_everything_even_an_empty_activity() -> None:
    assert Rules().empty
    assert counts(Rules(), 1, 0, {})


def test_an_age_range_alone_asks_for_one_participant_in_it() -> None:
    r = Rules(age_min=13, age_max=20)
    assert not counts(r, 60, 1, {"7-12": 5})
    assert counts(r, 60, 1, {"17-20": 1})


def test_a_band_is_in_range_only_when_all_its_ages_are() -> None:
    assert in_range("7-12", 7, 25)
    assert not in_range("0-6", 7, 25)
    assert not in_range("26-", 7, 25)
    assert in_range("26-", 21, None)
    assert participants_in_range({"0-6": 4, "7-12": 3, "21-25": 2, "26-": 9}, LOK) == 5


def test_a_rule_set_off_the_band_edges_or_upside_down_is_refused_by_field() -> None:
    assert problems(LOK) == {}
    assert problems(Rules(age_min=8)) == {"age_min": "edge"}
    assert problems(Rules(age_max=19)) == {"age_max": "edge"}
    assert problems(Rules(age_min=17, age_max=12)) == {"age_max": "order"}
    assert problems(Rules(min_minutes=-1)) == {"min_minutes": "negative"}


def test_progress_counts_what_applies_and_counts_by_the_rules_within_the_period() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    facts = [
        fact(date(2026, 2, 3), b7_12_flicka=3),  # counts
        fact(date(2026, 2, 10), minutes=45, b7_12_pojke=4),  # too short
        fact(date(2026, 2, 17), form="evenemang", b26__flicka=40),  # another form
        fact(date(2026, 2, 24), district=2, b13_16_pojke=5),  # another district
        fact(date(2025, 12, 30), b13_16_pojke=5),  # before the period
        fact(date(2026, 7, 1), b13_16_pojke=5),  # after the day asked about
        fact(date(2026, 3, 3), b13_16_pojke=2, b17_20_flicka=2),  # counts
    ]
    goal = Goal(required=30, forms=("traning", "oppen"), district_id=1)
    pr = progress(goal, LOK, facts, start, end, date(2026, 6, 30))
    assert (pr.delivered, pr.matching, pr.not_counted) == (2, 3, {"too_short": 1})
    # 181 of 365 days passed: 30 × 181/365 = 14.88 expected, 2 delivered → behind
    assert pr.pace.expected == pytest.approx(30 * 181 / 365)
    assert pr.pace.status == "behind"
    visits = progress(Goal(20, unit="deltagare", district_id=1), LOK, facts, start, end, end)
    # participant visits within 7–25 of the counting activities (the event's adults fail LOK)
    assert visits.delivered == 3 + 4 + 5  # Feb 3, Mar 3 and Jul 1 (Feb 10 short, the event 26+)
    assert visits.not_counted == {"too_short": 1, "too_few": 1}


def test_reach_sums_by_band_gender_and_district() -> None:
    r = reach(
        [
            fact(date(2026, 1, 5), b7_12_flicka=3, b7_12_pojke=2),
            fact(date(2026, 1, 6), district=2, b13_16_annat=1, b26__flicka=4),
        ]
    )
    assert r.total == 10 and r.activities == 2
    assert r.by_band == {"7-12": 5, "13-16": 1, "26-": 4}
    assert r.by_gender == {"flicka": 7, "pojke": 2, "annat": 1}
    assert r.by_district == {1: 5, 2: 5}


@pytest.mark.parametrize(
    "kinds",
    [
        ["idrott"] * 10,
        ["idrott"] * 5 + ["dans"] * 5,
        ["idrott"] * 7 + ["dans"] * 2 + ["teater"],
        ["idrott", "dans", "teater", "musik", "kultur", "programmering", "laxhjalp", "ovrigt"],
        ["idrott"] * 97 + ["kultur"] * 3,
    ],
)
def test_breadth_is_shannon_entropy_as_scipy_computes_it(kinds: list[str]) -> None:
    b = breadth(kinds, KINDS)
    counts_ = list(b.by_kind.values())
    assert b.total == len(kinds) and b.kinds == len(set(kinds))
    assert b.entropy == pytest.approx(entropy(counts_))
    if b.kinds >= 2:
        assert b.evenness == pytest.approx(entropy(counts_) / math.log(b.kinds))
    else:
        assert b.evenness is None
    assert set(b.missing) == set(KINDS) - set(kinds)


def test_breadth_of_nothing_is_empty() -> None:
    b = breadth([], KINDS)
    assert (b.total, b.kinds, b.entropy, b.evenness) == (0, 0, 0.0, None)
    assert b.missing == KINDS


def test_the_bands_cover_every_age_once() -> None:
    from samverkan.associations.models import AGE_BAND_BOUNDS

    ages = [
        a
        for b in AGE_BANDS
        for a in range(AGE_BAND_BOUNDS[b][0], (AGE_BAND_BOUNDS[b][1] or 99) + 1)
    ]
    assert ages == list(range(100))

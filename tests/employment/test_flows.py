"""The pathway's flows on a hand-made case of five participants whose numbers are known: days
in each stage, medians and quartiles, moves between stages, entries and exits per month."""

from __future__ import annotations

from datetime import date

import pytest

from samverkan.employment.analysis.flows import (
    STAGES,
    Change,
    MonthCount,
    Spell,
    StageTime,
    flow_matrix,
    monthly,
    spells,
    stage_times,
    transitions,
)

D = date
TODAY = D(2025, 3, 1)

P1 = [("referred", D(2025, 1, 1)), ("intake", D(2025, 1, 11)), ("mapped", D(2025, 1, 31))]
P2 = [("referred", D(2025, 1, 5)), ("intake", D(2025, 1, 5)), ("exited", D(2025, 2, 1))]
P3 = [
    ("referred", D(2024, 12, 1)),
    ("intake", D(2024, 12, 21)),
    ("active", D(2025, 1, 10)),
    ("matched", D(2025, 2, 9)),
    ("active", D(2025, 2, 19)),
]
P4 = [("referred", D(2025, 2, 1))]
P5 = [  # exits and is referred again
    ("referred", D(2025, 1, 21)),
    ("intake", D(2025, 2, 10)),
    ("exited", D(2025, 2, 20)),
    ("referred", D(2025, 2, 25)),
]
PEOPLE = [P1, P2, P3, P4, P5]


def test_the_pathway() -> None:
    assert STAGES == ("referred", "intake", "mapped", "active", "matched", "placed", "exited")


def test_the_spells_of_one_participant() -> None:
    assert spells(P3, today=TODAY) == [
        Spell("referred", D(2024, 12, 1), D(2024, 12, 21), 20),
        Spell("intake", D(2024, 12, 21), D(2025, 1, 10), 20),
        Spell("active", D(2025, 1, 10), D(2025, 2, 9), 30),
        Spell("matched", D(2025, 2, 9), D(2025, 2, 19), 10),
        Spell("active", D(2025, 2, 19), None, 10),  # open until today
    ]
    # the same day twice is a spell of 0 days; time after the exit is not counted
    assert spells(P2, today=TODAY) == [
        Spell("referred", D(2025, 1, 5), D(2025, 1, 5), 0),
        Spell("intake", D(2025, 1, 5), D(2025, 2, 1), 27),
    ]
    assert spells([Change("referred", D(2025, 2, 1))], today=TODAY) == [
        Spell("referred", D(2025, 2, 1), None, 28)
    ]


def test_a_change_still_to_come_and_a_repeated_stage_are_no_change() -> None:
    changes = [
        ("referred", D(2025, 1, 1)),
        ("referred", D(2025, 1, 20)),  # recorded twice
        ("intake", D(2025, 2, 1)),
        ("mapped", D(2025, 4, 1)),  # planned, not yet
    ]
    assert spells(changes, today=TODAY) == [
        Spell("referred", D(2025, 1, 1), D(2025, 2, 1), 31),
        Spell("intake", D(2025, 2, 1), None, 28),
    ]


def test_changes_out_of_order_and_unnamed_stages_are_refused() -> None:
    with pytest.raises(ValueError, match="date order"):
        spells([("intake", D(2025, 2, 1)), ("referred", D(2025, 1, 1))], today=TODAY)
    with pytest.raises(ValueError, match="non-empty name"):
        spells([("", D(2025, 1, 1))], today=TODAY)


def test_days_in_each_stage_across_participants() -> None:
    rows = {r.stage: r for r in stage_times(PEOPLE, today=TODAY)}
    # one row per stage of the pathway but the exit, in order
    assert list(rows) == ["referred", "intake", "mapped", "active", "matched", "placed"]
    # referred: P1 10, P2 0, P3 20, P4 28 (open), P5 20 + 4 (open again) = 24
    assert rows["referred"] == StageTime("referred", 5, 2, 20.0, 10.0, 24.0, False)
    # intake: 20, 27, 20, 10: four people, too few to say
    assert rows["intake"] == StageTime("intake", 4, 0, None, None, None, True)
    assert rows["placed"] == StageTime("placed", 0, 0, None, None, None, True)


def test_the_quartiles_of_small_groups_when_allowed() -> None:
    rows = {r.stage: r for r in stage_times(PEOPLE, today=TODAY, min_n=1)}
    # intake sorted 10, 20, 20, 27: linear quartiles 17.5, 20, 21.75
    assert (rows["intake"].q1, rows["intake"].median, rows["intake"].q3) == (17.5, 20.0, 21.75)
    assert (rows["mapped"].n, rows["mapped"].still, rows["mapped"].median) == (1, 1, 29.0)
    # P3 was active 30 days, matched 10, and active again for 10 so far: 40 in all
    assert (rows["active"].n, rows["active"].still, rows["active"].median) == (1, 1, 40.0)
    assert (rows["matched"].n, rows["matched"].still, rows["matched"].median) == (1, 0, 10.0)


def test_only_finished_spells_when_open_ones_are_left_out() -> None:
    rows = {r.stage: r for r in stage_times(PEOPLE, today=TODAY, include_open=False, min_n=1)}
    # referred: P1 10, P2 0, P3 20, P5 20 (P4's open spell and P5's second are left out)
    assert (rows["referred"].n, rows["referred"].still) == (4, 0)
    assert (rows["referred"].q1, rows["referred"].median, rows["referred"].q3) == (
        7.5,
        15.0,
        20.0,
    )
    assert rows["mapped"].n == 0 and rows["mapped"].median is None
    assert (rows["active"].n, rows["active"].median) == (1, 30.0)


def test_stage_names_outside_the_pathway_are_kept_after_it() -> None:
    people = [[("waiting", D(2025, 1, 1)), ("referred", D(2025, 1, 11))]]
    rows = stage_times(people, today=TODAY, order=("referred",), min_n=1)
    assert [(r.stage, r.n, r.median) for r in rows] == [
        ("referred", 1, 49.0),
        ("waiting", 1, 10.0),
    ]


def test_moves_between_stages_in_a_period() -> None:
    january = transitions(PEOPLE, start=D(2025, 1, 1), end=D(2025, 1, 31))
    assert january == {("referred", "intake"): 2, ("intake", "mapped"): 1, ("intake", "active"): 1}
    assert list(january) == [("referred", "intake"), ("intake", "mapped"), ("intake", "active")]
    february = transitions(PEOPLE, start=D(2025, 2, 1), end=D(2025, 2, 28))
    assert february == {
        ("referred", "intake"): 1,
        ("intake", "exited"): 2,
        ("active", "matched"): 1,
        ("matched", "active"): 1,
        ("exited", "referred"): 1,
    }
    # both ends of the period count: a one-day period on 2025-01-31
    assert transitions(PEOPLE, start=D(2025, 1, 31), end=D(2025, 1, 31)) == {
        ("intake", "mapped"): 1
    }
    with pytest.raises(ValueError, match="period"):
        transitions(PEOPLE, start=D(2025, 2, 1), end=D(2025, 1, 1))


def test_the_flow_matrix() -> None:
    flows = transitions(PEOPLE, start=D(2024, 12, 1), end=D(2025, 2, 28))
    m = flow_matrix(flows)
    i = {s: k for k, s in enumerate(STAGES)}
    assert m.shape == (7, 7) and m.sum() == 11
    assert m[i["referred"], i["intake"]] == 4
    assert m[i["intake"], i["exited"]] == 2
    assert m[i["exited"], i["referred"]] == 1
    with pytest.raises(ValueError, match="'waiting'"):
        flow_matrix({("waiting", "intake"): 1})


def test_entries_and_exits_per_month() -> None:
    assert monthly(PEOPLE, start=D(2024, 12, 1), end=D(2025, 2, 28)) == [
        MonthCount(D(2024, 12, 1), 1, 0),  # P3
        MonthCount(D(2025, 1, 1), 3, 0),  # P1, P2, P5
        MonthCount(D(2025, 2, 1), 2, 2),  # P4 and P5 again; P2 and P5 leave
    ]
    # a period from mid-January: only what happened from then on; empty months are there too
    assert monthly(PEOPLE, start=D(2025, 1, 15), end=D(2025, 3, 31)) == [
        MonthCount(D(2025, 1, 1), 1, 0),
        MonthCount(D(2025, 2, 1), 2, 2),
        MonthCount(D(2025, 3, 1), 0, 0),
    ]
    # across a new year
    assert [m.month for m in monthly([], start=D(2024, 11, 30), end=D(2025, 1, 1))] == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
    ]

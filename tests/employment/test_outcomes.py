"""The pure outcome functions: results, the ESF+ mappings, quartiles from a histogram equal to
numpy's and to the stage times of the full histories, and linked suppression."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from samverkan.core.suppression import disclosed, suppress
from samverkan.employment.analysis import flows
from samverkan.employment.analysis import outcomes as oc
from samverkan.employment.models import AGE_BANDS


def test_a_result_follows_the_exit_reason_once_exited_else_the_placement() -> None:
    assert oc.result("exited", "employment", "health") == "left"
    assert oc.result("exited", None, "self_sufficient") == "work"
    assert oc.result("exited", "internship", "studies") == "studies"
    assert oc.result("placed", "own_business", None) == "work"
    assert oc.result("placed", "internship", None) == "ongoing"
    assert oc.result("placed", "studies", None) == "studies"
    assert oc.result("active", None, None) == "ongoing"


def test_every_stored_age_band_has_its_esf_band() -> None:
    assert {b: oc.esf_age(b) for b in AGE_BANDS} == {
        "15-17": "under_18",
        "18-24": "18_29",
        "25-29": "18_29",
        "30-54": "30_54",
        "55-64": "55_plus",
        "65+": "55_plus",
    }
    with pytest.raises(ValueError, match="unknown age band"):
        oc.esf_age("40-44")


def test_the_esf_result_at_exit_takes_the_reason_then_the_first_follow_up() -> None:
    assert oc.esf_result_at_exit(None) is None
    assert oc.esf_result_at_exit("job", "job_seeking") == "employed"
    assert oc.esf_result_at_exit("studies") == "education"
    assert oc.esf_result_at_exit("dropped_out", "job_seeking") == "job_searching"
    assert oc.esf_result_at_exit("moved", "employed") == "employed"
    assert oc.esf_result_at_exit("health") == "other"
    assert oc.esf_result_after("own_business") == "employed"
    assert oc.esf_result_after("unknown") is None and oc.esf_result_after(None) is None


@pytest.mark.parametrize("seed", range(5))
def test_percentiles_from_counts_equal_numpys_on_the_repeated_values(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.choice(200, size=int(rng.integers(1, 30)), replace=False)
    counts = rng.integers(0, 6, size=len(values))
    counts[0] = max(counts[0], 1)
    expected = np.percentile(np.repeat(values, counts), [25, 50, 75])
    assert oc.percentiles(values.tolist(), counts.tolist()) == pytest.approx(expected, abs=1e-12)
    assert oc.percentiles([7], [1]) == [7.0, 7.0, 7.0]
    with pytest.raises(ValueError, match="nothing"):
        oc.percentiles([1], [0])


def test_stage_times_from_a_histogram_equal_those_of_the_histories() -> None:
    today = date(2026, 6, 30)
    d = date
    people = [
        [("referred", d(2026, 1, 5)), ("intake", d(2026, 1, 12)), ("active", d(2026, 2, 1))],
        [("referred", date(2026, 1, 7)), ("intake", date(2026, 1, 10))],
        [("referred", date(2026, 2, 1)), ("exited", date(2026, 3, 1))],
        [("referred", d(2026, 3, 1)), ("intake", d(2026, 3, 3)), ("active", d(2026, 3, 4))],
        [("referred", date(2026, 4, 1))],
        [("referred", date(2026, 4, 2)), ("intake", date(2026, 5, 2))],
    ]
    hist: dict[tuple[str, int, bool], int] = {}
    for changes in people:
        for s in flows.spells(changes, today=today):
            key = (s.stage, s.days, s.end is None)
            hist[key] = hist.get(key, 0) + 1
    rows = [(s, d, o, n) for (s, d, o), n in hist.items()]
    assert oc.stage_times(rows, min_n=1) == flows.stage_times(people, today=today, min_n=1)
    assert oc.stage_times(rows) == flows.stage_times(people, today=today)


def _linked_safe(tables: list[list[list[int]]], pubs) -> None:
    shapes = [(len(t), len(t[0])) for t in tables]
    hidden = set()
    for t, pub in enumerate(pubs):
        for i, row in enumerate(pub.cells):
            hidden |= {("c", t, i, j) for j, v in enumerate(row) if v is None}
        hidden |= {("r", t, i) for i, v in enumerate(pub.row_totals) if v is None}
        hidden |= {("k", j) for j, v in enumerate(pub.col_totals) if v is None}
        if pub.total is None:
            hidden.add(("t",))
    assert oc.disclosed_linked(shapes, hidden) == set()
    for t, pub in zip(tables, pubs, strict=True):
        for i, row in enumerate(t):
            for j, v in enumerate(row):
                if 0 < v < 5:
                    assert pub.cells[i][j] is None
                else:
                    assert pub.cells[i][j] in (v, None)


def test_one_table_linked_is_as_safe_as_core_suppression() -> None:
    table = [[3, 10, 12], [8, 9, 20], [6, 7, 0]]
    (pub,) = oc.suppress_linked([table])
    core = suppress(table)
    hidden = {("c", i, j) for i in range(3) for j in range(3) if pub.cells[i][j] is None}
    hidden |= {("r", i) for i in range(3) if pub.row_totals[i] is None}
    hidden |= {("k", j) for j in range(3) if pub.col_totals[j] is None}
    assert disclosed(3, 3, hidden) == set()
    assert pub.cells[0][0] is None and ("c", 0, 0) in pub.primary
    assert sum(v is None for r in pub.cells for v in r) == sum(
        v is None for r in core.cells for v in r
    )


def test_linked_tables_hide_what_one_table_would_give_away_to_another() -> None:
    # Suppressed one by one, the gender table hides its column totals to protect its small
    # cells, but the district table publishes them (12 and 6): with them, the women's row can
    # be worked out. Suppressed together, nothing can be worked out from both.
    district = [[3, 1], [2, 3], [7, 2]]
    gender = [[1, 6], [11, 0]]
    one, two = suppress(district), suppress(gender)
    assert one.col_totals == [12, 6] and two.col_totals == [None, None]
    hidden = {("c", 0, i, j) for i in range(3) for j in range(2) if one.cells[i][j] is None}
    hidden |= {("c", 1, i, j) for i in range(2) for j in range(2) if two.cells[i][j] is None}
    hidden |= {("r", 0, i) for i in range(3) if one.row_totals[i] is None}
    hidden |= {("r", 1, i) for i in range(2) if two.row_totals[i] is None}
    assert oc.disclosed_linked([(3, 2), (2, 2)], hidden) == {("c", 1, 0, 0), ("c", 1, 0, 1)}
    pubs = oc.suppress_linked([district, gender])
    _linked_safe([district, gender], pubs)
    assert pubs[0].col_totals == pubs[1].col_totals and pubs[0].total == pubs[1].total
    assert pubs[1].cells[0] == [None, None] and ("c", 0, 0) in pubs[1].primary


@pytest.mark.parametrize("seed", range(6))
def test_random_linked_tables_publish_nothing_small_and_nothing_derivable(seed: int) -> None:
    rng = np.random.default_rng(seed)
    people = rng.integers(0, 4, size=(int(rng.integers(20, 80)), 3))  # district, gender, result
    people[:, 0] = rng.integers(0, 5, size=len(people))
    tables = []
    for dim, n in ((0, 5), (1, 4)):
        t = [[0] * 4 for _ in range(n)]
        for row in people:
            t[row[dim]][row[2]] += 1
        tables.append(t)
    pubs = oc.suppress_linked(tables)
    _linked_safe(tables, pubs)


def test_linked_tables_must_count_the_same_people() -> None:
    with pytest.raises(ValueError, match="column totals"):
        oc.suppress_linked([[[1, 2]], [[2, 2]]])

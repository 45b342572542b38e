"""Small-number suppression: nothing below 5 is published, and nothing hidden can be worked out
from what is published by adding and subtracting rows, columns and totals."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.core import suppression as sup


def test_a_single_count_below_five_is_hidden_zero_and_five_are_shown() -> None:
    assert [sup.count(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
    assert sup.text(None, lambda s: "färre än %(n)s", small=True) == "färre än 5"
    assert sup.text(None, str, small=True, short=True) == "<5"
    assert sup.text(None, str, small=False) == ".."
    assert sup.text(7, str) == "7"


def test_a_row_and_its_total_do_not_give_a_small_cell_away() -> None:
    out = sup.suppress([[3, 10], [7, 8]])
    assert out.cells[0][0] is None
    # 3 = 13 - 10 would give it away: another cell of the row is hidden, and so on around
    assert out.cells[0][1] is None or out.row_totals[0] is None
    assert out.cells[1][0] is None or out.col_totals[0] is None
    assert not _recomputable([[3, 10], [7, 8]], out)


def test_a_one_row_table_hides_the_second_cell_or_the_total() -> None:
    out = sup.suppress([[3, 10, 12]])
    hidden = [v is None for v in out.cells[0]]
    assert (hidden[0] and sum(hidden) >= 2) or out.row_totals[0] is None
    assert not _recomputable([[3, 10, 12]], out)


def test_a_small_total_is_hidden_too() -> None:
    out = sup.suppress([[0, 0, 3]])
    assert out.row_totals == [None] and out.total is None
    assert out.cells[0][:2] == [0, 0]


def test_a_table_without_small_numbers_is_published_whole() -> None:
    out = sup.suppress([[20, 30], [40, 50]])
    assert out.cells == [[20, 30], [40, 50]] and out.total == 140 and not out.primary


def test_what_is_hidden_is_marked_small_or_not() -> None:
    out = sup.suppress([[3, 10], [7, 8]])
    assert out.is_small(("c", 0, 0)) and not out.is_small(("c", 1, 1))


def _recomputable(table: list[list[int]], out: sup.Published) -> bool:
    """Whether a reader can work out a hidden number: brute force over the hidden entries'
    relations (an independent check of :func:`sup.disclosed`, by exact linear algebra on
    the published values)."""
    n_rows, n_cols = len(table), len(table[0])
    entries = [
        *((("c", i, j), out.cells[i][j]) for i in range(n_rows) for j in range(n_cols)),
        *((("r", i), out.row_totals[i]) for i in range(n_rows)),
        *((("k", j), out.col_totals[j]) for j in range(n_cols)),
        (("t",), out.total),
    ]
    hidden = [e for e, v in entries if v is None]
    if not hidden:
        return False
    # every relation as a row of coefficients over the hidden entries
    relations = []
    for i in range(n_rows):
        relations.append({**{("c", i, j): 1 for j in range(n_cols)}, ("r", i): -1})
    for j in range(n_cols):
        relations.append({**{("c", i, j): 1 for i in range(n_rows)}, ("k", j): -1})
    relations.append({**{("r", i): 1 for i in range(n_rows)}, ("t",): -1})
    relations.append({**{("k", j): 1 for j in range(n_cols)}, ("t",): -1})
    matrix = [[Fraction(rel.get(h, 0)) for h in hidden] for rel in relations]
    # a hidden entry is determined iff its unit vector is a combination of the relations:
    # reduce to row echelon form and test each unit vector
    basis = _echelon(matrix)
    for k in range(len(hidden)):
        unit = [Fraction(int(x == k)) for x in range(len(hidden))]
        if _in_span(basis, unit):
            return True
    return False


def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        v = _reduce(basis, row)
        pivot = next((i for i, x in enumerate(v) if x != 0), None)
        if pivot is not None:
            v = [x / v[pivot] for x in v]
            basis.append((pivot, v))
    return basis


def _reduce(basis: list[tuple[int, list[Fraction]]], row: list[Fraction]) -> list[Fraction]:
    v = row[:]
    for pivot, b in basis:
        if v[pivot] != 0:
            f = v[pivot]
            v = [x - f * y for x, y in zip(v, b, strict=True)]
    return v


def _in_span(basis: list[tuple[int, list[Fraction]]], v: list[Fraction]) -> bool:
    # reduce repeatedly: the basis rows were normalised in order, so one pass may leave
    # components at earlier pivots; iterate until stable
    for _ in range(len(basis) + 1):
        v = _reduce(basis, v)
    return all(x == 0 for x in v)


tables = st.integers(1, 4).flatmap(
    lambda r: st.integers(1, 4).flatmap(
        lambda c: st.lists(
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=c, max_size=c),
            min_size=r,
            max_size=r,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_hidden_number_can_be_worked_out_and_nothing_small_is_shown(
    table: list[list[int]],
) -> None:
    out = sup.suppress(table)
    n_rows, n_cols = len(table), len(table[0])
    for i, j in product(range(n_rows), range(n_cols)):
        v = out.cells[i][j]
        assert v is None or v == table[i][j]
        assert v is None or not sup.small(v)
    for v in (*out.row_totals, *out.col_totals, out.total):
        assert v is None or not sup.small(v)
    assert not _recomputable(table, out)


def test_the_check_catches_hiding_only_the_small_cells() -> None:
    naive = sup.Published(
        cells=[[None, 10], [7, 8]],
        row_totals=[13, 15],
        col_totals=[10, 18],
        total=28,
        primary=frozenset({("c", 0, 0)}),
    )
    assert _recomputable([[3, 10], [7, 8]], naive)

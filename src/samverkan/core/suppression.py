"""Small-number suppression for every shared statistic about people.

A count of people from 1 to 4 is not published ("<5", "färre än 5"): in a small district it
can point at someone. Zero is published (nobody is no one). That alone is not enough in a
table with totals: a row ``3, 10 | total 13`` gives the 3 away by subtraction, so more cells
are hidden too (secondary suppression) until no hidden number can be worked out from the
published ones by adding and subtracting rows, columns and totals — checked exactly, as a
linear system over the hidden numbers (:func:`disclosed`), not by rule of thumb.

Pure functions on lists of ints; the pages and exports show a hidden cell with :func:`text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from samverkan.core.errors import N_

THRESHOLD = 5
FEWER = N_("fewer than %(n)s")
HIDDEN = N_("hidden so that a small number cannot be worked out")

# An entry of the table: ("c", i, j) a cell, ("r", i) row i's total, ("k", j) column j's total,
# ("t",) the grand total.
Entry = tuple[Any, ...]


@dataclass(frozen=True)
class Published:
    """What may be shown: a number, or None where it is hidden. ``primary`` are the entries
    hidden because they are small (shown "<5"); the others hidden are shown "..".
    """

    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None
    primary: frozenset[Entry]

    def is_small(self, entry: Entry) -> bool:
        return entry in self.primary


def small(n: int, threshold: int = THRESHOLD) -> bool:
    """Whether a count of people is too small to publish (1 … threshold-1)."""
    return 0 < n < threshold


def count(n: int, threshold: int = THRESHOLD) -> int | None:
    """One count on its own (no totals beside it): None when it is too small."""
    return None if small(n, threshold) else n


def text(
    value: int | None, gettext: Callable[[str], str], *, small: bool = True, short: bool = False
) -> str:
    """A published entry for a reader: the number, "<5" / "färre än 5", or ".."."""
    if value is not None:
        return str(value)
    if not small:
        return ".."
    return f"<{THRESHOLD}" if short else gettext(FEWER) % {"n": THRESHOLD}


def _equations(n_rows: int, n_cols: int) -> list[dict[Entry, int]]:
    """The table's additive relations, each as {entry: coefficient} summing to zero."""
    eqs: list[dict[Entry, int]] = []
    for i in range(n_rows):
        eq: dict[Entry, int] = {("c", i, j): 1 for j in range(n_cols)}
        eq[("r", i)] = -1
        eqs.append(eq)
    for j in range(n_cols):
        eq = {("c", i, j): 1 for i in range(n_rows)}
        eq[("k", j)] = -1
        eqs.append(eq)
    eqs.append({**{("r", i): 1 for i in range(n_rows)}, ("t",): -1})
    eqs.append({**{("k", j): 1 for j in range(n_cols)}, ("t",): -1})
    return eqs


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by exact Gaussian elimination (no floating-point doubt)."""
    m = [r[:] for r in rows]
    rank = 0
    n_cols = len(m[0]) if m else 0
    for col in range(n_cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                f = m[r][col] / m[rank][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def disclosed(n_rows: int, n_cols: int, hidden: set[Entry]) -> set[Entry]:
    """The hidden entries a reader can work out exactly from the published ones: those whose
    unit vector lies in the row space of the relations restricted to the hidden entries."""
    order = sorted(hidden, key=repr)
    index = {e: k for k, e in enumerate(order)}
    rows = [
        [Fraction(eq.get(e, 0)) for e in order]
        for eq in _equations(n_rows, n_cols)
        if any(e in index for e in eq)
    ]
    if not rows:
        return set(hidden)
    base = _rank(rows)
    out = set()
    for e in order:
        unit = [Fraction(1 if k == index[e] else 0) for k in range(len(order))]
        if _rank([*rows, unit]) == base:
            out.add(e)
    return out


def _value(table: Sequence[Sequence[int]], e: Entry) -> int:
    kind = e[0]
    if kind == "c":
        return int(table[e[1]][e[2]])
    if kind == "r":
        return int(sum(table[e[1]]))
    if kind == "k":
        return int(sum(row[e[1]] for row in table))
    return int(sum(map(sum, table)))


def _neighbours(e: Entry, n_rows: int, n_cols: int) -> list[Entry]:
    """The entries that share a relation with ``e`` (its row, its column, the totals)."""
    kind = e[0]
    if kind == "c":
        i, j = e[1], e[2]
        return [
            *(("c", i, jj) for jj in range(n_cols) if jj != j),
            ("r", i),
            *(("c", ii, j) for ii in range(n_rows) if ii != i),
            ("k", j),
        ]
    if kind == "r":
        i = e[1]
        return [*(("c", i, j) for j in range(n_cols)), *(("r", ii) for ii in range(n_rows)), ("t",)]
    if kind == "k":
        j = e[1]
        return [*(("c", i, j) for i in range(n_rows)), *(("k", jj) for jj in range(n_cols)), ("t",)]
    return [*(("r", i) for i in range(n_rows)), *(("k", j) for j in range(n_cols))]


def suppress(table: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> Published:
    """What may be published of ``table`` (rows × columns of counts of people) with its row
    totals, column totals and grand total: small entries hidden, and then, until nothing
    hidden can be worked out, the smallest entry beside a disclosed one hidden too."""
    n_rows = len(table)
    n_cols = len(table[0]) if n_rows else 0
    if any(len(r) != n_cols for r in table) or any(v < 0 for r in table for v in r):
        raise ValueError("a table of counts: rows of equal length, no negative numbers")
    every: list[Entry] = [
        *(("c", i, j) for i in range(n_rows) for j in range(n_cols)),
        *(("r", i) for i in range(n_rows)),
        *(("k", j) for j in range(n_cols)),
        ("t",),
    ]
    primary = {e for e in every if small(_value(table, e), threshold)}
    hidden = set(primary)
    while hidden and (open_ := disclosed(n_rows, n_cols, hidden)):
        candidates = sorted(
            {e for d in open_ for e in _neighbours(d, n_rows, n_cols) if e not in hidden}, key=repr
        )
        if not candidates:  # cannot happen while a relation holds it, but never loop for ever
            candidates = [e for e in every if e not in hidden]

        def cost(e: Entry) -> tuple[object, ...]:
            # what stays open after hiding it; then: the grand total last of all, not a zero
            # (a hidden zero beside a small cell narrows it down), the smallest number
            left = len(disclosed(n_rows, n_cols, hidden | {e}))
            return (left, e == ("t",), _value(table, e) == 0, _value(table, e), repr(e))

        hidden.add(min(candidates, key=cost))

    def shown(e: Entry) -> int | None:
        return None if e in hidden else _value(table, e)

    return Published(
        cells=[[shown(("c", i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown(("r", i)) for i in range(n_rows)],
        col_totals=[shown(("k", j)) for j in range(n_cols)],
        total=shown(("t",)),
        primary=frozenset(primary),
    )

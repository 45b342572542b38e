"""``core.numbers.figure``: a large figure with its thousands apart, as in print."""

from __future__ import annotations

import pytest

from samverkan.core.numbers import figure

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "lang", "places", "text"),
    [
        (167000, "sv", 0, f"167{NB}000"),
        (12345.67, "sv", 1, f"12{NB}345,7"),
        (-23456.2, "sv", 1, f"-23{NB}456,2"),
        (1_000_000, "en", 0, "1,000,000"),
        (12345.67, "en", 2, "12,345.67"),
        (9500, "sv", 0, f"9{NB}500"),  # as whole writes a count
        (999.5, "sv", 1, "999,5"),
        (3.14159, "sv", 2, "3,14"),
        (None, "sv", 1, "–"),
    ],
)
def test_figure(value: float | None, lang: str, places: int, text: str) -> None:
    assert figure(value, lang, places) == text

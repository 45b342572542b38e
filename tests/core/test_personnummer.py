"""Personnummer and samordningsnummer: form, century, date, check digit (synthetic numbers)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.core import personnummer as pn
from samverkan.core.validation import Problem

TODAY = date(2026, 12, 2)


def test_it_reads_every_written_form_as_the_same_twelve_digits() -> None:
    n = pn.make(date(1990, 5, 17), 123)
    ten = n.ten
    for text in (str(n), n.digits, ten, f"{ten[:6]}-{ten[6:]}", f" {ten[:6]} - {ten[6:]} "):
        assert pn.parse(text, TODAY) == n


def test_the_century_of_ten_digits_is_the_latest_birth_not_after_today() -> None:
    young = pn.make(date(2020, 1, 1), 5)
    assert pn.parse(young.ten, TODAY).digits.startswith("2020")
    later_this_century = pn.make(date(1927, 12, 24), 5)  # 2027-12-24 is still to come
    assert pn.parse(later_this_century.ten, TODAY).birth_date == date(1927, 12, 24)


def test_a_plus_means_a_hundred_years_or_older() -> None:
    old = pn.make(date(1912, 12, 12), 121)
    ten = old.ten
    assert pn.parse(f"{ten[:6]}+{ten[6:]}", TODAY).birth_date == date(1912, 12, 12)
    assert pn.parse(f"{ten[:6]}-{ten[6:]}", TODAY).birth_date == date(2012, 12, 12)


def test_a_samordningsnummer_has_sixty_added_to_the_day() -> None:
    n = pn.make(date(1985, 2, 28), 321, coordination=True)
    got = pn.parse(str(n), TODAY)
    assert got.coordination and got.birth_date == date(1985, 2, 28)
    assert got.digits[6:8] == "88"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("12345", pn.WRONG_FORM),
        ("19900517-12345", pn.WRONG_FORM),
        ("abcdefghij", pn.WRONG_FORM),
        ("19900230-1234", pn.NO_DATE),  # 30 February
        ("19901332-1234", pn.NO_DATE),
        ("19900592-1234", pn.NO_DATE),  # day 92 - 60 = 32
        ("20300101-1234", pn.FUTURE),
    ],
)
def test_impossible_numbers_are_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(Problem) as exc:
        pn.parse(text, TODAY)
    assert exc.value.msgid == why


def test_a_wrong_check_digit_is_refused() -> None:
    n = pn.make(date(1990, 5, 17), 123)
    wrong = n.digits[:-1] + str((int(n.digits[-1]) + 1) % 10)
    with pytest.raises(Problem) as exc:
        pn.parse(wrong, TODAY)
    assert exc.value.msgid == pn.CHECK_DIGIT


def test_the_check_digit_agrees_with_skatteverkets_example() -> None:
    assert pn.luhn_digit("811218987") == "6"  # 811218-9876, Skatteverket's worked example


@given(
    st.dates(min_value=date(1901, 1, 1), max_value=TODAY),
    st.integers(0, 999),
    st.booleans(),
)
def test_every_made_number_parses_back(born: date, serial: int, coordination: bool) -> None:
    n = pn.make(born, serial, coordination=coordination)
    got = pn.parse(str(n), TODAY)
    assert got == n and got.birth_date == born and got.coordination == coordination
    changed = n.digits[:-1] + str((int(n.digits[-1]) + 1) % 10)
    assert not pn.is_valid(changed, TODAY)

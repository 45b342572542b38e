"""Redaction of personnummer, samordningsnummer and phone numbers: 100 % recall on valid
numbers in every written form; numbers with a wrong check digit are left alone."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from samverkan.core.redaction import REPLACEMENT, is_personnummer, luhn_ok, redact

# Published examples (Skatteverket's "Tolvan" and test-number style, and a samordningsnummer).
KNOWN_VALID = [
    "19121212-1212",
    "121212-1212",
    "191212121212",
    "1212121212",
    "701063-2391",
    "19701063-2391",
    "811218-9876",
    "19811218+9876",
]


def check_digit(nine: str) -> str:
    for d in "0123456789":
        if luhn_ok(nine + d):
            return d
    raise AssertionError


def generated(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` valid numbers (personnummer and samordningsnummer) in random written forms."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        born = date(1920, 1, 1) + timedelta(days=rng.randrange(0, 365 * 100))
        day = born.day + (60 if rng.random() < 0.3 else 0)
        yymmdd = f"{born:%y%m}{day:02d}"
        serial = f"{rng.randrange(0, 1000):03d}"
        full = yymmdd + serial + check_digit(yymmdd + serial)
        form = rng.choice(["short-dash", "short", "long-dash", "long", "plus"])
        century = str(born.year)[:2]
        text = {
            "short-dash": f"{full[:6]}-{full[6:]}",
            "short": full,
            "long-dash": f"{century}{full[:6]}-{full[6:]}",
            "long": f"{century}{full}",
            "plus": f"{full[:6]}+{full[6:]}",
        }[form]
        out.append((form, text))
    return out


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_numbers_are_valid(number: str) -> None:
    assert is_personnummer(number)


def test_recall_is_100_percent_on_valid_numbers_in_running_text() -> None:
    cases = generated(3000)
    templates = ["Anmälare {} ringde", "pnr:{}.", "({})", "{}, sågs vid entrén", "Kontakt {}\n"]
    missed = []
    for i, (form, number) in enumerate(cases):
        text = templates[i % len(templates)].format(number)
        result = redact(text)
        if number in result.text or REPLACEMENT not in result.text or result.personnummer != 1:
            missed.append((form, number, result.text))
    assert missed == []


def test_a_wrong_check_digit_is_left_alone_only_in_ten_digits_written_together() -> None:
    """Ten digits together with a wrong check digit are probably an order number; written like
    a personnummer (a separator, or twelve digits), the same number is a mistyped one."""
    wrong = []
    forms = set()
    for form, number in generated(1000, seed=11):
        last = int(number[-1])
        bad = number[:-1] + str((last + 1) % 10)
        assert not is_personnummer(bad)
        if form == "short" and bad.startswith("0"):
            continue  # ten digits starting with 0 read as a phone number (privacy first)
        kept = redact(f"ärende {bad}").text == f"ärende {bad}"
        if kept != (form == "short"):
            wrong.append((form, bad))
        forms.add(form)
    assert wrong == []
    assert forms == {"short", "short-dash", "long-dash", "long", "plus"}


def test_a_mistyped_personnummer_is_removed_and_a_date_that_cannot_exist_kept() -> None:
    r = redact("Anmälare 19850101-1234 och 850101-1234, ordernr 851399-1234 och 8501011234")
    assert r.text == (
        f"Anmälare {REPLACEMENT} och {REPLACEMENT}, ordernr 851399-1234 och 8501011234"
    )
    assert r.personnummer == 2


@pytest.mark.parametrize(
    "text",
    [
        "Kl 22:15 vid Skäggetorp C, ca 15 personer",
        "Datum 2026-11-20, ärende 5566778899",
        "Ordernummer 123456-7890 (ogiltig kontrollsiffra)",
        "Postnummer 583 30 Linköping",
        "Koordinater 58.4275, 15.5830",
    ],
)
def test_text_without_personal_data_is_unchanged(text: str) -> None:
    result = redact(text)
    assert result.text == text and not result.changed


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "0046 70 123 45 67",
        "013-20 00 00",
        "013-200000",
        "08-123 456 78",
        "+46 (0)13 20 00 00",
    ],
)
def test_phone_numbers_are_removed(phone: str) -> None:
    result = redact(f"Ring {phone} om det händer igen")
    assert result.text == f"Ring {REPLACEMENT} om det händer igen"
    assert result.phone == 1


def test_it_counts_what_it_removed() -> None:
    r = redact("19121212-1212 ringde från 070-123 45 67 och 701063-2391")
    assert (r.personnummer, r.phone) == (2, 1)
    assert r.text.count(REPLACEMENT) == 3


@pytest.mark.parametrize(
    "address", ["kalle@example.se", "anna.b+est@sub.linkoping.se", "Tove_T@stangastaden.se"]
)
def test_email_addresses_are_removed(address: str) -> None:
    result = redact(f"Kontakt: {address}, tack")
    assert result.text == f"Kontakt: {REPLACEMENT}, tack" and result.email == 1


def test_an_at_sign_alone_is_not_an_address() -> None:
    assert not redact("Möte @ torget kl 18, se hemsida.se").changed


def test_a_test_number_born_in_the_1890s_is_removed_written_with_its_century() -> None:
    """The demo's people have Skatteverket-style test numbers born in 1890: written with all
    twelve digits they are personnummer too, not left in a note."""
    out = redact("Ring om 18900128-9959 och 189001289959, inte 1890-01-28.")
    assert "1890012" not in out.text and "9959" not in out.text
    assert out.text.count("[borttaget]") == 2

"""The arrears CSV reader: headers, Swedish amounts, every bad line with its reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from samverkan.housing.eviction_import import parse, parse_amount

TODAY = date(2026, 11, 25)
SAMPLE = Path(__file__).parent / "data" / "arrears_sample.csv"


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("12 000,50 kr", 1_200_050),
        ("12000,50", 1_200_050),
        ("12 000 kr", 1_200_000),
        ("1 234", 123_400),
        ("1\u00a0234,5", 123_450),
        ("1\u2009234", 123_400),
        ("1\u202f234kr", 123_400),
        ("0", 0),
    ],
)
def test_swedish_amounts(text: str, ore: int) -> None:
    assert parse_amount(text) == ore


@pytest.mark.parametrize("text", ["abc", "12,345,67", "-500", "12 00", "1,234.5", ""])
def test_bad_amounts(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        parse_amount(text)


def test_sample_file_with_bom_and_header_variants() -> None:
    out = parse(SAMPLE.read_bytes(), TODAY)
    assert out.errors == []
    assert [(r.line, r.name, r.amount_ore, r.flat, r.months_due) for r in out.rows] == [
        (2, "Testa Hyresgäst", 1_200_050, "1101", 2),
        (3, "Prova Skuldsson", 123_400, "2203", 1),
        (4, "Exempla Sent", 980_000, "0405", 3),
    ]


def test_comma_separated_cp1252() -> None:
    data = "pnr,namn,skuld\n19850314-1239,Åsa Påhittad,500\n".encode("cp1252")
    out = parse(data, TODAY)
    assert out.errors == [] and out.rows[0].name == "Åsa Påhittad"
    assert out.rows[0].amount_ore == 50_000 and out.rows[0].flat is None


def test_unknown_column_rejects_the_file_naming_it() -> None:
    out = parse(b"personnummer;namn;hyresskuld;telefon\n19850314-1239;A;1\n", TODAY)
    assert out.rows == []
    [err] = out.errors
    assert err.line == 1 and err.params["column"] == "telefon"
    assert "hyresskuld" in err.params["allowed"]


def test_missing_required_column() -> None:
    out = parse(b"personnummer;namn\n19850314-1239;A\n", TODAY)
    assert [(e.field, e.params) for e in out.errors] == [("hyresskuld", {"column": "hyresskuld"})]


def test_every_bad_line_is_reported() -> None:
    data = (
        "personnummer;namn;hyresskuld;förfallna_månader\n"
        "19850314-1239;Ok Rad;1 000;1\n"
        "19850314-1230;Fel Kontroll;abc;x\n"
        "19920730-4560;Neg Rad;-5;\n"
        "19781201-7890;Komma Fel;12,345,67;\n"
    ).encode()
    out = parse(data, TODAY)
    assert [(e.line, e.field) for e in out.errors] == [
        (3, "personnummer"),
        (3, "hyresskuld"),
        (3, "förfallna_månader"),
        (4, "hyresskuld"),
        (5, "hyresskuld"),
    ]
    assert "negative" in out.errors[3].reason

"""SSYK 2012 as shipped: SCB's counts per level, names checked against the sources, the tree,
how much two codes share, and search."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from samverkan.employment import ssyk

CSV = Path(ssyk.__file__).with_name("data") / "ssyk2012.csv"

# SCB's published structure (MIS 2012:1; SCB's entry in the UN register of national
# classifications): 10 yrkesområden, 46 huvudgrupper, 147 yrkesgrupper, 429 undergrupper.
PUBLISHED = {1: 10, 2: 46, 3: 147, 4: 429}
# SCB's own tables carry one three-digit code more than the 147 it publishes: 223
# "Sjuksköterskor (fortsättning)", the nurses that did not fit under 222. It is the parent of
# 2231–2239, so it is in the table, and it is not counted as a yrkesgrupp of its own.
CONTINUATION = {"223"}


def rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_file_is_code_level_name_sorted_by_code_with_unique_codes() -> None:
    with CSV.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == ["code", "level", "name"]
    table = rows()
    codes = [r["code"] for r in table]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    for r in table:
        assert r["code"].isdigit()
        assert int(r["level"]) == len(r["code"])
        assert r["name"].strip() == r["name"] != ""


def test_the_counts_per_level_are_scbs() -> None:
    counts = Counter(len(r["code"]) for r in rows())
    assert counts[1] == PUBLISHED[1]
    assert counts[2] == PUBLISHED[2]
    assert counts[3] - len(CONTINUATION) == PUBLISHED[3]
    assert counts[4] == PUBLISHED[4]
    assert len(ssyk.units()) == PUBLISHED[4]
    assert all(ssyk.name(code) == "Sjuksköterskor (fortsättning)" for code in CONTINUATION)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("5152", "Fastighetsskötare"),
        ("5151", "Städledare och husfruar"),
        ("9629", "Övriga servicearbetare"),
        ("7111", "Träarbetare, snickare m.fl."),
        ("2512", "Mjukvaru- och systemutvecklare m.fl."),
        ("1311", "IT-chefer, nivå 1"),
        ("0110", "Officerare"),
        ("515", "Städledare och fastighetsskötare m.fl."),
        ("51", "Serviceyrken"),
        ("5", "Service-, omsorgs- och försäljningsyrken"),
        ("0", "Militära yrken"),
    ],
)
def test_known_codes_have_the_names_in_the_sources(code: str, expected: str) -> None:
    assert ssyk.name(code) == expected


def test_codes_outside_ssyk_2012_have_no_name_level_or_parent() -> None:
    # 5153 does not exist: yrkesgrupp 515 has only 5151 and 5152.
    for code in ("5153", "9999", "", "51520", "abc", "10"):
        assert ssyk.name(code) is None
        assert ssyk.level(code) is None
        assert ssyk.parent(code) is None
        assert not ssyk.is_unit(code)


def test_every_code_but_a_yrkesomrade_has_its_parent_in_the_table() -> None:
    for r in rows():
        code = r["code"]
        up = ssyk.parent(code)
        if len(code) == 1:
            assert up is None
        else:
            assert up == code[:-1]
            assert ssyk.level(up) == len(code) - 1


def test_every_group_above_the_units_has_a_unit_below_it() -> None:
    unit_codes = [code for code, _ in ssyk.units()]
    for r in rows():
        assert any(u.startswith(r["code"]) for u in unit_codes)


def test_levels_and_units() -> None:
    assert [ssyk.level(c) for c in ("5", "51", "515", "5152")] == [1, 2, 3, 4]
    assert ssyk.is_unit("5152")
    assert not ssyk.is_unit("515")
    assert ssyk.parent(" 5152 ") == "515"
    assert ssyk.units()[0] == ("0110", "Officerare")
    assert ssyk.units()[-1] == ("9629", "Övriga servicearbetare")


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        ("5152", "5152", 4),
        ("5152", "5151", 3),
        ("5152", "5169", 2),
        ("5152", "5221", 1),
        ("5152", "9629", 0),
        ("0110", "0210", 1),
        ("51", "5152", 2),
        ("5", "5152", 1),
        ("515", "515", 3),
        ("5152", "5153", 0),
    ],
)
def test_common_level_counts_the_shared_levels(a: str, b: str, shared: int) -> None:
    assert ssyk.common_level(a, b) == shared
    assert ssyk.common_level(b, a) == shared


def test_search_finds_names_in_any_case_with_unit_groups_first() -> None:
    assert ssyk.search("fastighetsskötare")[0] == ("5152", "Fastighetsskötare")
    assert ssyk.search("FASTIGHETSSKÖTARE") == ssyk.search("fastighetsskötare")
    hits = ssyk.search("sjuksköterskor", limit=100)
    levels = [len(code) for code, _ in hits]
    assert levels == sorted(levels, reverse=True)
    assert ("2223", "Anestesisjuksköterskor") in hits
    assert ("222", "Sjuksköterskor") in hits
    assert levels.index(3) > max(i for i, lv in enumerate(levels) if lv == 4)


def test_search_by_code_prefix() -> None:
    assert ssyk.search("515") == [
        ("5151", "Städledare och husfruar"),
        ("5152", "Fastighetsskötare"),
        ("515", "Städledare och fastighetsskötare m.fl."),
    ]
    assert [code for code, _ in ssyk.search("0")][:3] == ["0110", "0210", "0310"]


def test_search_limits_and_ignores_blank_text() -> None:
    assert len(ssyk.search("a", limit=5)) == 5
    assert ssyk.search("") == []
    assert ssyk.search("   ") == []
    assert ssyk.search("a", limit=0) == []
    assert ssyk.search("inget sådant yrke") == []

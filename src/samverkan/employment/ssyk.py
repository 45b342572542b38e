"""SSYK 2012, the Swedish standard classification of occupations (SCB, MIS 2012:1).

An occupation is a code of one to four digits, each digit one level down a tree: the
*yrkesområde* (major group, level 1, ``"5"`` Service-, omsorgs- och försäljningsyrken), the
*huvudgrupp* (sub-major group, level 2, ``"51"``), the *yrkesgrupp* (minor group, level 3,
``"515"``) and the *undergrupp* (unit group, level 4, ``"5152"`` Fastighetsskötare). A code's
parent is the code without its last digit, so codes are strings: military occupations start
with ``"0"`` (``"0110"`` Officerare). Only unit groups are given to a person or a job; the upper
levels group them.

The table is ``data/ssyk2012.csv`` (its sources are in ``data/README.md``), read once on first
use. Everything here is a pure function of that table. A code not in SSYK 2012 has no name, no
level and no parent, and shares no level with any code.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

Code = str
"""An SSYK 2012 code, 1–4 digits as a string (``"0"``, ``"01"``, ``"011"``, ``"0110"``)."""

UNIT_LEVEL = 4


@cache
def _table() -> dict[Code, str]:
    """Code → Swedish name, in code order, from the packaged CSV."""
    data = resources.files("samverkan.employment").joinpath("data/ssyk2012.csv")
    text = data.read_text(encoding="utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(io.StringIO(text, newline=""))}


def _key(code: object) -> Code | None:
    """The code as stored, or ``None`` when it is not an SSYK 2012 code."""
    if not isinstance(code, str):
        return None
    code = code.strip()
    return code if code in _table() else None


def name(code: Code) -> str | None:
    """The Swedish name SCB gives the group, e.g. ``name("5152") == "Fastighetsskötare"``."""
    key = _key(code)
    return None if key is None else _table()[key]


def level(code: Code) -> int | None:
    """The level of a group: 1 yrkesområde … 4 undergrupp (the number of digits)."""
    key = _key(code)
    return None if key is None else len(key)


def parent(code: Code) -> Code | None:
    """The group one level up (``"5152"`` → ``"515"``); ``None`` for a yrkesområde."""
    key = _key(code)
    return key[:-1] if key is not None and len(key) > 1 else None


def is_unit(code: Code) -> bool:
    """Whether the code is a unit group (undergrupp), the level an occupation is coded at."""
    return level(code) == UNIT_LEVEL


def common_level(a: Code, b: Code) -> int:
    """How many levels two groups share, 0–4, counted from the top.

    ``common_level("5152", "5151") == 3`` (both in yrkesgrupp 515), ``("5152", "5221") == 1``
    (both in yrkesområde 5), ``("5152", "9629") == 0``, and a code with itself shares all its
    levels. A group and one of its descendants share the ancestor's levels (``("51", "5152")
    == 2``). A code not in SSYK 2012 shares nothing.
    """
    ka, kb = _key(a), _key(b)
    if ka is None or kb is None:
        return 0
    shared = 0
    for x, y in zip(ka, kb, strict=False):
        if x != y:
            break
        shared += 1
    return shared


def search(text: str, limit: int = 20) -> list[tuple[Code, str]]:
    """Groups whose name contains ``text`` (any case) or whose code starts with it.

    Unit groups come first, then the groups above them level by level, each in code order,
    so a search for an occupation offers what can be coded before what only groups it. At
    most ``limit`` results; none for blank text.
    """
    needle = text.strip().casefold()
    if not needle or limit <= 0:
        return []
    hits = [
        (code, label)
        for code, label in _table().items()
        if code.startswith(needle) or needle in label.casefold()
    ]
    hits.sort(key=lambda hit: (-len(hit[0]), hit[0]))
    return hits[:limit]


def units() -> list[tuple[Code, str]]:
    """Every unit group (undergrupp) as ``(code, name)``, in code order."""
    return [(code, label) for code, label in _table().items() if len(code) == UNIT_LEVEL]

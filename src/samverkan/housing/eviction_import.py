"""The landlord's monthly arrears list as CSV: bytes in, rows or line errors out (pure).

Headers (case-insensitive, Swedish variants accepted, `;` or `,` separated, UTF-8 with or without
BOM, else cp1252):

- required: ``personnummer`` (personnr, pnr), ``namn`` (name), ``hyresskuld`` (skuld, belopp)
- optional: ``lägenhet`` (lagenhet, lgh, lägenhetsnummer), ``förfallna_månader``
  (forfallna_manader, månader, antal_månader)

Any other column rejects the file, naming it and the allowed ones. All-or-nothing: the caller
stores the rows only when ``errors`` is empty; every bad line is reported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal

from samverkan.core import personnummer
from samverkan.core.errors import N_

REQUIRED = ("personnummer", "namn", "hyresskuld")
OPTIONAL = ("lägenhet", "förfallna_månader")
_ALIASES = {
    "personnummer": "personnummer",
    "personnr": "personnummer",
    "pnr": "personnummer",
    "namn": "namn",
    "name": "namn",
    "hyresskuld": "hyresskuld",
    "skuld": "hyresskuld",
    "belopp": "hyresskuld",
    "lägenhet": "lägenhet",
    "lagenhet": "lägenhet",
    "lgh": "lägenhet",
    "lägenhetsnummer": "lägenhet",
    "förfallna_månader": "förfallna_månader",
    "forfallna_manader": "förfallna_månader",
    "månader": "förfallna_månader",
    "antal_månader": "förfallna_månader",
}
_SPACES = " \u00a0\u2009\u202f"
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+")


@dataclass(frozen=True)
class ArrearsRow:
    """One tenant on the list; ``amount_ore`` is the debt in öre."""

    line: int
    personnummer: str
    name: str
    amount_ore: int
    flat: str | None
    months_due: int | None


@dataclass(frozen=True)
class LineError:
    """A bad line (0 = the header): the field and the reason (an English msgid + params)."""

    line: int
    field: str
    reason: str
    params: dict[str, str] = dc_field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[ArrearsRow] = dc_field(default_factory=list)
    errors: list[LineError] = dc_field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 (BOM dropped), or cp1252 when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_amount(text: str) -> int:
    """Swedish-format kronor to öre: ``12 000,50 kr``, ``12000,50``, ``1 234``; else ValueError."""
    s = text.strip()
    if s.lower().endswith("kr"):
        s = s[:-2].rstrip(_SPACES)
    if s.startswith("-"):
        raise ValueError(N_("a negative amount is not allowed"))
    whole, sep, frac = s.partition(",")
    if not _GROUPED.fullmatch(whole) or (sep and not re.fullmatch(r"\d{1,2}", frac)):
        raise ValueError(N_("not an amount in kronor (e.g. 12 000,50)"))
    digits = "".join(c for c in whole if c.isdigit())
    return int(Decimal(f"{digits}.{frac or '0'}") * 100)


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def parse(data: bytes, today: date) -> Parsed:
    """Read the file; ``today`` is for the personnummer check."""
    text = decode(data)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out = Parsed()
    header = next(reader, None)
    if not header:
        out.errors.append(LineError(0, "", N_("the file is empty")))
        return out
    allowed = ", ".join(REQUIRED + OPTIONAL)
    columns: list[str] = []
    for raw in header:
        key = _ALIASES.get(_header_key(raw))
        if key is None:
            out.errors.append(
                LineError(
                    1,
                    raw,
                    N_("unknown column %(column)s; allowed: %(allowed)s"),
                    {"column": raw, "allowed": allowed},
                )
            )
        columns.append(key or raw)
    for need in REQUIRED:
        if need not in columns:
            out.errors.append(
                LineError(1, need, N_("the column %(column)s is missing"), {"column": need})
            )
    if out.errors:
        return out
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            out.errors.append(LineError(number, "", N_("wrong number of columns")))
            continue
        values = dict(zip(columns, (c.strip() for c in cells), strict=True))
        row = _row(number, values, today, out.errors)
        if row is not None:
            out.rows.append(row)
    return out


def _row(number: int, v: dict[str, str], today: date, errors: list[LineError]) -> ArrearsRow | None:
    before = len(errors)
    pnr = ""
    try:
        pnr = str(personnummer.parse(v["personnummer"], today))
    except ValueError:
        errors.append(LineError(number, "personnummer", N_("not a valid personnummer")))
    if not v["namn"]:
        errors.append(LineError(number, "namn", N_("the name is missing")))
    amount = 0
    try:
        amount = parse_amount(v["hyresskuld"])
    except ValueError as exc:
        errors.append(LineError(number, "hyresskuld", str(exc)))
    months: int | None = None
    raw_months = v.get("förfallna_månader", "")
    if raw_months:
        if raw_months.isdigit():
            months = int(raw_months)
        else:
            errors.append(
                LineError(number, "förfallna_månader", N_("not a whole number of months"))
            )
    if len(errors) > before:
        return None
    return ArrearsRow(number, pnr, v["namn"], amount, v.get("lägenhet") or None, months)

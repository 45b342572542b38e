"""Removing personal data from free text before it is stored (incidents, program notes).

E-mail addresses are removed too: an address names a person as surely as a number does.

EST is about places, not people. Personnummer and samordningsnummer (10 or 12 digits, with
``-``, ``+``, a space or nothing before the last four; day + 60 for a samordningsnummer) and
Swedish phone numbers are replaced by ``[borttaget]``. A number whose date cannot exist is left
alone, and so are ten digits written together whose Luhn check digit is wrong: that is probably
an order number, not a person. Written like a personnummer (a separator before the last four,
or twelve digits from 18, 19 or 20: the Skatteverket test numbers the demo uses are born in
the 1890s) with a date that can exist, a wrong check digit is taken for a
mistyped personnummer and removed too. Ambiguity is resolved towards privacy: ten digits written
together and starting with 0 (``0701234567``) are a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

REPLACEMENT = "[borttaget]"

# 12 or 10 digits, optional separator before the last four; not part of a longer number.
_PNR = re.compile(r"(?<![\d+-])((?:18|19|20)?\d{6})([-+ ]?)(\d{4})(?!\d)")
# Phone numbers: +46/0046/0 followed by 7-10 digits in groups separated by space or dash,
# optionally with the area code in parentheses. Not part of a longer digit run.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)46[\s-]?\(?0?\)?|0)"
    r"(?:\d[\s-]?){6,9}\d(?!\d)"
)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
_PNR_SHAPE = re.compile(r"^(?:\d{2})?\d{6}[-+]\d{4}$")


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by Skatteverket, over the ten digits YYMMDDNNNC."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _date_ok(yymmdd: str, century: str | None) -> bool:
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if dd > 60:  # samordningsnummer: day + 60
        dd -= 60
    year = int(century + yymmdd[:2]) if century else 2000 + yy
    for y in (year, year - 100) if not century else (year,):
        try:
            date(y, mm, dd)
            return True
        except ValueError:
            continue
    return False


def is_personnummer(text: str) -> bool:
    """True when ``text`` is a valid personnummer or samordningsnummer (10 or 12 digits)."""
    m = _PNR.fullmatch(text.strip())
    return m is not None and _valid(m)


def _valid(m: re.Match[str]) -> bool:
    head, _sep, tail = m.group(1), m.group(2), m.group(3)
    century = head[:2] if len(head) == 8 else None
    yymmdd = head[-6:]
    return _date_ok(yymmdd, century) and luhn_ok(yymmdd + tail)


def _personal(m: re.Match[str]) -> bool:
    """A valid number, or one written like a personnummer whose date can exist: a mistyped
    check digit still names a person."""
    head, sep, tail = m.group(1), m.group(2), m.group(3)
    century = head[:2] if len(head) == 8 else None
    yymmdd = head[-6:]
    if not _date_ok(yymmdd, century):
        return False
    return bool(sep) or century is not None or luhn_ok(yymmdd + tail)


@dataclass(frozen=True)
class Redacted:
    """The cleaned text and what was removed (counts by kind), to tell the reporter."""

    text: str
    personnummer: int = 0
    phone: int = 0
    email: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.personnummer or self.phone or self.email)

    @property
    def total(self) -> int:
        return self.personnummer + self.phone + self.email


def redact(text: str | None) -> Redacted:
    """Replace personnummer, samordningsnummer and phone numbers in ``text``."""
    if not text:
        return Redacted(text or "")
    count = {"pnr": 0, "phone": 0}

    def _pnr(m: re.Match[str]) -> str:
        if _personal(m):
            count["pnr"] += 1
            return REPLACEMENT
        return m.group(0)

    out = _PNR.sub(_pnr, text) if any(c.isdigit() for c in text) else text

    def _phone(m: re.Match[str]) -> str:
        if _PNR_SHAPE.match(m.group(0)):
            return m.group(0)  # written like a personnummer, and not a valid one: leave it
        count["phone"] += 1
        return REPLACEMENT

    if any(c.isdigit() for c in out):
        out = _PHONE.sub(_phone, out)
    emails = 0
    if "@" in out:
        out, emails = _EMAIL.subn(REPLACEMENT, out)
    return Redacted(out, count["pnr"], count["phone"], emails)


def redact_personnummer(text: str | None, keep: str | None = None) -> Redacted:
    """Replace the personnummer and samordningsnummer in ``text``, all but ``keep`` (the
    12 digits of the person the text is about: a note may name its own subject). Phone numbers
    and addresses are left: a case worker's notes need the employer's number."""
    if not text or not any(c.isdigit() for c in text):
        return Redacted(text or "")
    kept = keep[-10:] if keep else None
    count = 0

    def _pnr(m: re.Match[str]) -> str:
        nonlocal count
        if not _personal(m) or (kept and (m.group(1)[-6:] + m.group(3)) == kept):
            return m.group(0)
        count += 1
        return REPLACEMENT

    return Redacted(_PNR.sub(_pnr, text), personnummer=count)

"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Pure functions, no database. A number is written ``YYMMDD-NNNC`` (10 digits), ``YYYYMMDD-NNNC``
(12 digits) or without the separator; ``+`` instead of ``-`` in the 10-digit form says the
person is 100 years or older (Skatteverket). ``C`` is a Luhn check digit over the ten digits
``YYMMDDNNN``; a samordningsnummer has 60 added to the day of birth. Every number is kept as
its 12 digits (:attr:`Personnummer.digits`), so the same person is the same string however it
was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from samverkan.core.errors import N_
from samverkan.core.validation import Problem

_FORM = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")

WRONG_FORM = N_("must be 10 or 12 digits, e.g. 19121212-1212")
NO_DATE = N_("the date of birth does not exist")
FUTURE = N_("the date of birth is in the future")
CHECK_DIGIT = N_("the check digit is wrong")


def luhn_digit(nine: str) -> str:
    """The check digit that completes ``YYMMDDNNN`` (Luhn, weights 2 1 2 1 …)."""
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Personnummer:
    """A checked number: its 12 digits ``YYYYMMDDNNNC`` (day + 60 for a samordningsnummer)."""

    digits: str

    @property
    def coordination(self) -> bool:
        """A samordningsnummer (given to people not registered as living in Sweden)."""
        return int(self.digits[6:8]) > 60

    @property
    def birth_date(self) -> date:
        day = int(self.digits[6:8]) - (60 if self.coordination else 0)
        return date(int(self.digits[:4]), int(self.digits[4:6]), day)

    @property
    def ten(self) -> str:
        """The 10 digits without century or separator (``YYMMDDNNNC``)."""
        return self.digits[2:]

    def __str__(self) -> str:
        return f"{self.digits[:8]}-{self.digits[8:]}"

    def masked(self) -> str:
        """Birth date and ``-XXXX``: enough to tell two people apart on a list."""
        return f"{self.digits[:8]}-XXXX"


def _birth(yyyy: int, mmdd: str) -> date | None:
    month, day = int(mmdd[:2]), int(mmdd[2:])
    if day > 60:
        day -= 60
    try:
        return date(yyyy, month, day)
    except ValueError:
        return None


def parse(text: str, today: date) -> Personnummer:
    """The number ``text`` stands for, or :class:`Problem` saying what is wrong (the form, the
    date, the check digit). ``today`` decides the century of a 10-digit number: the latest
    date of birth not after today (``+``: a hundred years before that)."""
    cleaned = re.sub(r"\s+", "", text or "")
    m = _FORM.match(cleaned)
    if not m:
        raise Problem(WRONG_FORM)
    century, yymmdd, sep, tail = m.groups()
    if century is not None:
        yyyy = int(century + yymmdd[:2])
        born = _birth(yyyy, yymmdd[2:])
        if born is None:
            raise Problem(NO_DATE)
        if born > today:
            raise Problem(FUTURE)
    else:
        yy = int(yymmdd[:2])
        yyyy = today.year - (today.year - yy) % 100
        born = _birth(yyyy, yymmdd[2:])
        if born is not None and born > today:
            yyyy -= 100
            born = _birth(yyyy, yymmdd[2:])
        if born is None:
            raise Problem(NO_DATE)
        if sep == "+":
            yyyy -= 100
            born = _birth(yyyy, yymmdd[2:])
            if born is None:
                raise Problem(NO_DATE)
    if luhn_digit(yymmdd + tail[:3]) != tail[3]:
        raise Problem(CHECK_DIGIT)
    return Personnummer(f"{yyyy:04d}{yymmdd[2:]}{tail}")


def is_valid(text: str, today: date) -> bool:
    try:
        parse(text, today)
    except Problem:
        return False
    return True


def make(born: date, serial: int, *, coordination: bool = False) -> Personnummer:
    """A number with a correct check digit for ``born`` and a 3-digit ``serial`` (test and
    demo data: synthetic people, never a real person's number)."""
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    return Personnummer(f"{born.year:04d}{nine[2:]}{luhn_digit(nine)}")

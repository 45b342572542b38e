"""Swedish organisation numbers (organisationsnummer): ten digits ``NNNNNN-NNNN`` whose last is
a Luhn check digit, as Skatteverket gives them to legal persons.

The third digit of a legal person's number is 2 or more (a sole trader's number is their
personnummer, which a register of companies and associations does not hold). The first digit
tells the kind: 5 a limited company, 7 a housing association, 8 a non-profit association
(ideell förening) or foundation, and so on.
"""

from __future__ import annotations

import re

from samverkan.core.errors import N_
from samverkan.core.personnummer import luhn_digit
from samverkan.core.validation import Problem

_ORGNR = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def orgnr(value: str | None) -> str | None:
    """An organisationsnummer as ``NNNNNN-NNNN`` (None for an empty value); refused in words
    when it is not ten digits, is a personnummer or its check digit is wrong."""
    if value is None or not value.strip():
        return None
    m = _ORGNR.match(value.strip().replace(" ", ""))
    if m is None:
        raise Problem(N_("must be an organisation number of 10 digits, e.g. 556677-8899"))
    digits = m.group(1) + m.group(2)
    if int(digits[2]) < 2:
        raise Problem(
            N_("%(value)s is a personnummer, not a company's organisation number"), value=value
        )
    if luhn_digit(digits[:9]) != digits[9]:
        raise Problem(N_("the check digit of %(value)s is wrong"), value=value)
    return f"{digits[:6]}-{digits[6:]}"

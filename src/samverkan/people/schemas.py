"""Input and output of the person register. A personnummer is checked here (form, date, check
digit, day + 60) and kept as its 12 digits; refused input names the field."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from samverkan.core import personnummer
from samverkan.core.errors import N_
from samverkan.core.timeutil import today
from samverkan.core.validation import Problem
from samverkan.people.models import BASES, PURPOSES

FIELD_LABELS = {
    "pnr": N_("personnummer"),
    "name": N_("name"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "address": N_("address"),
    "district_id": N_("district"),
    "purpose": N_("purpose"),
    "basis": N_("legal basis"),
    "since": N_("basis since"),
    "days": N_("retention period in days"),
}


def _pnr(value: str) -> str:
    return personnummer.parse(value, today()).digits


def _text(value: object) -> object:
    """An empty text is no value; anything but text is left for the type check to refuse."""
    if not isinstance(value, str):
        return value
    return value.strip() or None


class BasisIn(BaseModel):
    """A legal basis for holding the person for a purpose (consent: since it was given)."""

    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(json_schema_extra={"enum": list(PURPOSES)})
    basis: str = Field(json_schema_extra={"enum": list(BASES)})
    since: date
    note: str | None = Field(default=None, max_length=1000)

    @field_validator("purpose")
    @classmethod
    def _purpose(cls, value: str) -> str:
        if value not in PURPOSES:
            raise Problem(N_("must be one of %(expected)s"), expected=", ".join(PURPOSES))
        return value

    @field_validator("basis")
    @classmethod
    def _basis(cls, value: str) -> str:
        if value not in BASES:
            raise Problem(N_("must be one of %(expected)s"), expected=", ".join(BASES))
        return value

    @field_validator("since")
    @classmethod
    def _since(cls, value: date) -> date:
        if value > today():
            raise Problem(N_("cannot be in the future"))
        return value


class PersonFields(BaseModel):
    """What may be changed about a person (the personnummer is not: it is who they are)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=320)
    address: str | None = Field(default=None, max_length=300)
    district_id: int | None = None

    _clean = field_validator("phone", "email", "address", mode="before")(_text)


class PersonIn(PersonFields):
    """A new person: the personnummer (or samordningsnummer) and the first legal basis, without
    which a program may not hold them."""

    pnr: str = Field(description="personnummer or samordningsnummer, 10 or 12 digits")
    basis: BasisIn

    @field_validator("pnr", mode="before")
    @classmethod
    def _check(cls, value: object) -> str:
        if not isinstance(value, str):
            raise Problem(personnummer.WRONG_FORM)
        return _pnr(value)


class BasisOut(BaseModel):
    id: int
    purpose: str
    basis: str
    since: date
    note: str | None
    recorded_at: datetime
    recorded_by: str | None
    withdrawn_on: date | None
    withdrawn_by: str | None


class PersonOut(BaseModel):
    id: int
    org_id: int
    pnr: str
    coordination: bool
    birth_date: date
    name: str
    phone: str | None
    email: str | None
    address: str | None
    district_id: int | None
    district: str | None
    created_at: datetime
    last_entry_at: datetime
    bases: list[BasisOut]


class PersonBrief(BaseModel):
    """A person on a list: enough to tell two apart, not the whole number."""

    id: int
    name: str
    born: date
    pnr_masked: str


class AccessOut(BaseModel):
    at: datetime
    who: str
    view: str


class ErasureOut(BaseModel):
    receipt: str
    org_id: int
    reason: str
    erased_at: datetime
    erased_by: str | None
    what: dict[str, int]


class RetentionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=0, le=100 * 366)

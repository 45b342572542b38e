"""Input and output of the employer network and matching: an employer with its contact, an
opening with its SSYK 2012 occupation, a coach's decision on a proposed match and the outcome.

A change (PATCH) is the stored record with the given fields replaced, checked again as a
whole by the same model, so that a change is refused for the same reasons as a new record."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from samverkan.core.errors import N_
from samverkan.core.orgnr import orgnr
from samverkan.core.validation import Problem, listed, one_of
from samverkan.employment import ssyk
from samverkan.employment.models import (
    EMPLOYER_KINDS,
    MATCH_OUTCOMES,
    OPENING_STATUSES,
)
from samverkan.geo.crs import in_sweden

FIELD_LABELS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "orgnr": N_("organisation number"),
    "contact_name": N_("contact person"),
    "contact_phone": N_("contact phone"),
    "contact_email": N_("contact e-mail"),
    "note": N_("note"),
    "employer_id": N_("employer"),
    "ssyk": N_("occupation (SSYK 2012)"),
    "start_on": N_("start date"),
    "lat": N_("latitude"),
    "lon": N_("longitude"),
    "places": N_("places"),
    "status": N_("status"),
    "opening_id": N_("opening"),
    "participant_id": N_("participant"),
    "outcome": N_("outcome"),
}

DECISIONS = ("confirmed", "rejected")
OUTCOMES = MATCH_OUTCOMES[1:]  # "pending" is where every match starts
_LANG = re.compile(r"^[a-z]{2,3}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EmployerIn(BaseModel):
    """An employer of the network: a contractor or another, with one contact."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    kind: Annotated[str, one_of(EMPLOYER_KINDS), listed(EMPLOYER_KINDS)]
    orgnr: str | None = None
    contact_name: str | None = Field(default=None, max_length=200)
    contact_phone: str | None = Field(default=None, max_length=40, pattern=r"^[0-9 +()\-]*$")
    contact_email: str | None = Field(default=None, max_length=320)
    note: str | None = Field(default=None, max_length=2000)

    _org = field_validator("orgnr")(lambda cls, v: orgnr(v))

    @field_validator("contact_name", "contact_phone", "note", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("contact_email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and not _EMAIL.match(value.strip()):
            raise Problem(N_("expected an e-mail address like namn@exempel.se"))
        return value


class EmployerOut(EmployerIn):
    id: int
    org_id: int
    openings: int = 0


def _words(value: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip().lower() for v in value if v.strip()))


class OpeningIn(BaseModel):
    """An opening: the occupation as an SSYK 2012 unit group (required), what it requires,
    when it starts, where (a district, a WGS 84 point or both) and how many it takes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    employer_id: int
    title: str = Field(min_length=1, max_length=200)
    ssyk: str = Field(default="", validate_default=True)
    skills: list[str] = Field(default_factory=list, max_length=50)
    languages: list[str] = Field(default_factory=list, max_length=20)
    licence: bool = False
    start_on: date
    district_id: int | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    places: int = Field(default=1, ge=1, le=100)
    status: Annotated[str, one_of(OPENING_STATUSES), listed(OPENING_STATUSES)] = "open"

    _skills = field_validator("skills")(lambda cls, v: _words(v))

    @field_validator("ssyk")
    @classmethod
    def _ssyk(cls, value: str) -> str:
        code = value.strip()
        if not code:
            raise Problem(N_("an opening needs its occupation: an SSYK 2012 code of 4 digits"))
        if ssyk.name(code) is None:
            raise Problem(N_("%(value)s is not an SSYK 2012 code"), value=code)
        if not ssyk.is_unit(code):
            raise Problem(
                N_("%(value)s is a group: give the occupation as a unit group of 4 digits"),
                value=code,
            )
        return code

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        out = _words(value)
        bad = [v for v in out if not _LANG.match(v)]
        if bad:
            raise Problem(
                N_("%(value)s is not a language code (ISO 639, e.g. sv, ar, so)"), value=bad[0]
            )
        return sorted(out)

    @model_validator(mode="after")
    def _point(self) -> OpeningIn:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is not None and self.lon is not None and not in_sweden(self.lat, self.lon):
            raise ValueError("lat/lon must be a point in Sweden (WGS 84)")
        return self


class OpeningOut(OpeningIn):
    id: int
    org_id: int
    employer: str
    occupation: str  # the SSYK 2012 name of ``ssyk``
    confirmed: int  # places taken by confirmed matches not turned down


class ProposeIn(BaseModel):
    """Propose matches for the organisation's open openings among the participants who are
    mapped, active or matched without a live match (of one program, or all)."""

    model_config = ConfigDict(extra="forbid")

    program_id: int | None = None
    min_score: float = Field(default=40.0, gt=0, le=100)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: Annotated[str, one_of(DECISIONS), listed(DECISIONS)]
    on: date | None = None


class OverrideIn(BaseModel):
    """The coach pairs a participant with an opening the proposal did not."""

    model_config = ConfigDict(extra="forbid")

    participant_id: int
    opening_id: int
    on: date | None = None


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Annotated[str, one_of(OUTCOMES), listed(OUTCOMES)]
    on: date | None = None


class ReasonOut(BaseModel):
    msgid: str
    params: dict[str, object]
    text: str  # in the caller's language


class MatchOut(BaseModel):
    id: int
    participant_id: int
    participant: str  # the name, from the register (a read of personal data)
    opening_id: int
    opening: str
    employer: str
    score: float
    reasons: list[ReasonOut]
    status: str
    override: bool
    outcome: str
    decided_at: str | None

"""Input and output of the employment programs: a program, a participant's program data, a
step on the pathway, a coaching session, a plan step, a follow-up. Refused input names the
field and what was expected."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from samverkan.core.errors import N_
from samverkan.core.timeutil import today
from samverkan.core.validation import Problem, listed, one_of
from samverkan.employment import ssyk
from samverkan.employment.models import (
    AGE_BANDS,
    EDUCATIONS,
    ENTRY_STATUSES,
    EXIT_REASONS,
    FOLLOWUP_STATUSES,
    GENDERS,
    PLACEMENTS,
    PROGRAM_KINDS,
    REFERRALS,
    STAGES,
)
from samverkan.people.schemas import PersonIn

FIELD_LABELS = {
    "program_id": N_("program"),
    "person_id": N_("person"),
    "person": N_("person"),
    "referral": N_("referral source"),
    "entry_status": N_("status at entry"),
    "age_band": N_("age band"),
    "gender": N_("gender"),
    "education": N_("education level"),
    "languages": N_("languages"),
    "licence": N_("driving licence"),
    "occupations": N_("occupations (SSYK 2012)"),
    "skills": N_("competences"),
    "certificates": N_("certificates"),
    "stage": N_("stage"),
    "on": N_("date"),
    "placement": N_("placement"),
    "exit_reason": N_("exit reason"),
    "held_on": N_("date of the session"),
    "minutes": N_("minutes"),
    "notes": N_("notes"),
    "text": N_("step"),
    "due_on": N_("due date"),
    "term_months": N_("term in months"),
}

_LANG = re.compile(r"^[a-z]{2,3}$")
_SSYK = re.compile(r"^\d{1,4}$")


ProgramKind = Annotated[str, one_of(PROGRAM_KINDS), listed(PROGRAM_KINDS)]
Referral = Annotated[str, one_of(REFERRALS), listed(REFERRALS)]
EntryStatus = Annotated[str, one_of(ENTRY_STATUSES), listed(ENTRY_STATUSES)]
AgeBand = Annotated[str, one_of(AGE_BANDS), listed(AGE_BANDS)]
Gender = Annotated[str, one_of(GENDERS), listed(GENDERS)]
Education = Annotated[str, one_of(EDUCATIONS), listed(EDUCATIONS)]
Stage = Annotated[str, one_of(STAGES), listed(STAGES)]
Placement = Annotated[str, one_of(PLACEMENTS), listed(PLACEMENTS)]
ExitReason = Annotated[str, one_of(EXIT_REASONS), listed(EXIT_REASONS)]
FollowUpStatus = Annotated[str, one_of(FOLLOWUP_STATUSES), listed(FOLLOWUP_STATUSES)]


def _not_future(value: date) -> date:
    if value > today():
        raise Problem(N_("cannot be in the future"))
    return value


class ProgramIn(BaseModel):
    """A program of one organisation; the job factory's term and its windows in months."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    kind: ProgramKind
    term_months: int = Field(default=18, ge=1, le=60)
    recruit_months: int = Field(default=3, ge=0, le=24)
    transition_months: int = Field(default=3, ge=0, le=24)
    success_months: int = Field(default=6, ge=1, le=36)


class ParticipantData(BaseModel):
    """What the program records about a participant at entry and keeps up to date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    referral: Referral
    entry_status: EntryStatus
    age_band: AgeBand
    gender: Gender = "unknown"
    education: Education
    district_id: int | None = None
    languages: list[str] = Field(default_factory=list, max_length=20)
    licence: bool = False
    occupations: list[str] = Field(default_factory=list, max_length=20)
    skills: list[str] = Field(default_factory=list, max_length=50)
    certificates: str | None = Field(default=None, max_length=2000)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        out = [v.strip().lower() for v in value if v.strip()]
        bad = [v for v in out if not _LANG.match(v)]
        if bad:
            raise Problem(
                N_("%(value)s is not a language code (ISO 639, e.g. sv, ar, so)"),
                value=bad[0],
            )
        return sorted(set(out))

    @field_validator("occupations")
    @classmethod
    def _occupations(cls, value: list[str]) -> list[str]:
        out = [v.strip() for v in value if v.strip()]
        for v in out:  # a group of any level: "5", "51", "515" or "5153"
            if not _SSYK.match(v) or ssyk.name(v) is None:
                raise Problem(N_("%(value)s is not an SSYK 2012 code"), value=v)
        return list(dict.fromkeys(out))

    @field_validator("skills")
    @classmethod
    def _skills(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v.strip().lower() for v in value if v.strip()))


class ParticipantIn(ParticipantData):
    """A participant enrolled: a person already in the register (``person_id``) or a new one
    (``person``, with their legal basis), on the day they were referred."""

    person_id: int | None = None
    person: PersonIn | None = None
    referred_on: date

    _referred = field_validator("referred_on")(lambda cls, v: _not_future(v))

    @model_validator(mode="after")
    def _who(self) -> ParticipantIn:
        if (self.person_id is None) == (self.person is None):
            raise ValueError("give either person_id or person")
        return self


class StageIn(BaseModel):
    """A step on the pathway: the stage entered and the day; a placement names its kind, an
    exit its reason."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    stage: Stage
    on: date
    placement: Placement | None = None
    exit_reason: ExitReason | None = None
    note: str | None = Field(default=None, max_length=2000)

    _on = field_validator("on")(lambda cls, v: _not_future(v))


class CoachingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    held_on: date
    minutes: int | None = Field(default=None, ge=1, le=600)
    notes: str | None = Field(default=None, max_length=5000)

    _held = field_validator("held_on")(lambda cls, v: _not_future(v))


class PlanStepIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=1000)
    due_on: date | None = None


class FollowUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: FollowUpStatus
    done_on: date
    note: str | None = Field(default=None, max_length=2000)

    _done = field_validator("done_on")(lambda cls, v: _not_future(v))


class StageChangeOut(BaseModel):
    stage: str
    on: date
    placement: str | None
    exit_reason: str | None
    note: str | None


class ParticipantOut(BaseModel):
    """A participant as the program's case workers see them (their name from the register)."""

    id: int
    program_id: int
    person_id: int
    name: str
    referral: str
    entry_status: str
    age_band: str
    gender: str
    education: str
    district_id: int | None
    languages: list[str]
    licence: bool
    occupations: list[str]
    skills: list[str]
    certificates: str | None
    stage: str
    stage_since: date
    referred_on: date
    intake_on: date | None
    placement: str | None
    placed_on: date | None
    exit_reason: str | None
    exited_on: date | None
    days_in_stage: dict[str, int]
    changes: list[StageChangeOut]


class ProgramOut(BaseModel):
    id: int
    org_id: int
    name: str
    kind: str
    term_months: int
    recruit_months: int
    transition_months: int
    success_months: int
    stages: dict[str, int]


class CoachingOut(BaseModel):
    id: int
    held_on: date
    coach: str
    minutes: int | None
    notes: str | None
    redacted: int = 0


class PlanStepOut(BaseModel):
    id: int
    text: str
    due_on: date | None
    done_on: date | None


class FollowUpOut(BaseModel):
    months: int
    due_on: date
    done_on: date | None
    status: str | None
    note: str | None

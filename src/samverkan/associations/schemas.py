"""Input and output of the associations with counter-demands: an association of the register,
an agreement with its commitments and rule set, an activity with its attendance, and an
agreement's follow-up."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from samverkan.associations.models import AGE_BANDS, FORMS, GENDERS, KINDS, UNITS
from samverkan.core.errors import N_
from samverkan.core.orgnr import orgnr
from samverkan.core.pace import Status
from samverkan.core.validation import Problem, listed, not_before_start, one_of

# The names of this module's fields in refusals, for ``Domain(fields=...)``.
FIELD_LABELS = {
    "name": N_("name"),
    "orgnr": N_("organisation number"),
    "kinds": N_("kinds of activity"),
    "district_ids": N_("districts"),
    "description": N_("description"),
    "contacts": N_("contacts"),
    "role": N_("role"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "association_id": N_("association"),
    "supporter_org_id": N_("supporter"),
    "title": N_("title"),
    "amount_sek": N_("amount (SEK)"),
    "period_start": N_("start of the period"),
    "period_end": N_("end of the period"),
    "counter_performance": N_("counter-performance"),
    "commitments": N_("commitments"),
    "required": N_("required"),
    "unit": N_("unit"),
    "forms": N_("forms"),
    "district_id": N_("district"),
    "payment_periods": N_("payment periods"),
    "rule_min_minutes": N_("minimum minutes"),
    "rule_min_leaders": N_("minimum leaders"),
    "rule_min_participants": N_("minimum participants"),
    "rule_age_min": N_("youngest age"),
    "rule_age_max": N_("oldest age"),
    "agreement_id": N_("agreement"),
    "held_on": N_("date"),
    "kind": N_("kind of activity"),
    "form": N_("form"),
    "minutes": N_("duration (minutes)"),
    "leaders": N_("leaders"),
    "attendance": N_("attendance"),
    "age_band": N_("age band"),
    "gender": N_("gender"),
    "people": N_("number of people"),
}

MAX_PEOPLE = 2_000  # more in one age band and gender at one activity is not a local activity
MAX_MINUTES = 24 * 60 * 7  # a week's camp


def _codes(values: list[str], allowed: tuple[str, ...]) -> list[str]:
    """``values`` without repeats, each one of ``allowed`` (refused in words otherwise)."""
    for v in values:
        if v not in allowed:
            raise Problem(
                N_("%(value)s is not one of %(expected)s"), value=v, expected=", ".join(allowed)
            )
    return list(dict.fromkeys(values))


def _required() -> str:
    raise Problem(N_("is required"))


# -- input ---------------------------------------------------------------------------------


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=100, examples=["ordförande"])
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)


class AssociationIn(BaseModel):
    """An association for the register: its name, organisation number (the check digit is
    checked), kinds of activity, the districts it is active in and whom to contact."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    orgnr: str
    kinds: list[str] = Field(min_length=1, json_schema_extra={"items": {"enum": list(KINDS)}})
    district_ids: list[int] = Field(default_factory=list)
    description: str = Field(default="", max_length=2000)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=10)

    _orgnr = field_validator("orgnr")(lambda cls, v: orgnr(v) or _required())
    _kinds = field_validator("kinds")(lambda cls, v: _codes(v, KINDS))


class CommitmentIn(BaseModel):
    """A quantified counter-performance: ``required`` activities (or participant visits) of
    these forms (none: any) in this district (none: any)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=1, max_length=300)
    required: int = Field(ge=1, le=100_000)
    unit: Annotated[str, one_of(UNITS), listed(UNITS)] = "tillfallen"
    forms: list[str] = Field(default_factory=list)
    district_id: int | None = None

    _forms = field_validator("forms")(lambda cls, v: _codes(v, FORMS))


class AgreementIn(BaseModel):
    """A supporter's agreement with an association: the amount, the period, the
    counter-performance in words and its commitments, the rule set (each optional) and how many
    payment periods the amount is split into (each released after its report)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    association_id: int
    supporter_org_id: int | None = Field(
        default=None, description="the housing company or municipality; the caller's if one"
    )
    title: str = Field(min_length=1, max_length=200)
    amount_sek: int = Field(ge=0, le=100_000_000)
    period_start: date
    period_end: date
    counter_performance: str = Field(default="", max_length=4000)
    commitments: list[CommitmentIn] = Field(min_length=1, max_length=20)
    payment_periods: int = Field(default=1, ge=1, le=12)
    rule_min_minutes: int | None = Field(default=None, ge=1, le=MAX_MINUTES)
    rule_min_leaders: int | None = Field(default=None, ge=0, le=100)
    rule_min_participants: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)
    rule_age_min: int | None = Field(default=None, ge=0, le=120)
    rule_age_max: int | None = Field(default=None, ge=0, le=120)

    @field_validator("period_end")
    @classmethod
    def _end(cls, value: date, info: ValidationInfo) -> date:
        return not_before_start(value, info)


class AttendanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    age_band: Annotated[str, one_of(AGE_BANDS), listed(AGE_BANDS)]
    gender: Annotated[str, one_of(GENDERS), listed(GENDERS)]
    people: int = Field(ge=0, le=MAX_PEOPLE)


class ActivityIn(BaseModel):
    """An activity an association held: when, in which district, of what kind and form, how
    long, with how many leaders, and who came (numbers per age band and gender, no names)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    agreement_id: int | None = None
    held_on: date
    district_id: int
    kind: Annotated[str, one_of(KINDS), listed(KINDS)]
    form: Annotated[str, one_of(FORMS), listed(FORMS)]
    title: str = Field(min_length=1, max_length=200)
    minutes: int = Field(ge=1, le=MAX_MINUTES)
    leaders: int = Field(ge=0, le=500)
    attendance: list[AttendanceIn] = Field(default_factory=list, max_length=len(AGE_BANDS) * 3)

    @field_validator("attendance")
    @classmethod
    def _once(cls, value: list[AttendanceIn]) -> list[AttendanceIn]:
        seen: set[tuple[str, str]] = set()
        for a in value:
            key = (a.age_band, a.gender)
            if key in seen:
                raise Problem(
                    N_("%(band)s, %(gender)s is given twice"), band=a.age_band, gender=a.gender
                )
            seen.add(key)
        return value


# -- output --------------------------------------------------------------------------------


class ContactOut(BaseModel):
    name: str
    role: str
    email: str
    phone: str


class AssociationOut(BaseModel):
    id: int
    org_id: int
    name: str
    orgnr: str
    kinds: list[str]
    district_ids: list[int]
    description: str
    contacts: list[ContactOut]


class CommitmentOut(BaseModel):
    id: int
    description: str
    required: int
    unit: str
    forms: list[str]
    district_id: int | None


class PeriodOut(BaseModel):
    id: int
    period_start: date
    period_end: date
    amount_sek: int
    status: str
    reported_at: datetime | None
    released_at: datetime | None
    counted: int | None = Field(
        default=None,
        description="in a follow-up: the activities held in the period (by its day) that count",
    )


class AgreementOut(BaseModel):
    id: int
    association_id: int
    association: str
    supporter_org_id: int
    supporter: str
    title: str
    amount_sek: int
    period_start: date
    period_end: date
    counter_performance: str
    rules: dict[str, int | None]
    commitments: list[CommitmentOut]
    periods: list[PeriodOut]


class AttendanceOut(BaseModel):
    age_band: str
    gender: str
    people: int


class ActivityOut(BaseModel):
    id: int
    association_id: int
    agreement_id: int | None
    held_on: date
    district_id: int
    kind: str
    form: str
    title: str
    minutes: int
    leaders: int
    participants: int
    attendance: list[AttendanceOut]
    counts: bool | None = Field(
        default=None, description="whether it counts under its agreement's rules"
    )
    shortfalls: list[str] = Field(default_factory=list)


class ProgressOut(BaseModel):
    """A commitment's delivery by ``on`` against the pro-rata amount due by then."""

    commitment_id: int
    description: str
    unit: str
    required: int
    delivered: int
    expected: float
    share: float | None
    matching: int
    not_counted: dict[str, int]
    days_left: int
    status: Status


class FollowupOut(BaseModel):
    """An agreement's follow-up on a day: each commitment's progress, the reach by age band,
    gender and district, the activities by kind, the payment periods, and whether it is
    behind."""

    agreement_id: int
    on: date
    commitments: list[ProgressOut]
    behind: bool
    activities: int
    participants: int
    by_age_band: dict[str, int]
    by_gender: dict[str, int]
    by_district: dict[int, int]
    by_kind: dict[str, int]
    periods: list[PeriodOut]

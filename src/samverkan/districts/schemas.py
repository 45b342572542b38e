"""Input and output of the district work: the profile's facts, dialogue notes, indicators and
their values, district plans with goals and targets, interventions and their evaluation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from samverkan.core.errors import N_
from samverkan.core.validation import Problem, listed, one_of
from samverkan.districts.models import (
    DIALOGUE_KINDS,
    DIRECTIONS,
    GROUPS,
    KINDS,
    POLICE_CLASSES,
)
from samverkan.districts.plan_models import MEASURE_STATUSES, PROGRAMS

# The names of this module's fields in refusals, for ``Domain(fields=...)``.
FIELD_LABELS = {
    "police_class": N_("police classification"),
    "police_class_year": N_("year of the police classification"),
    "area_type": N_("area type"),
    "area_type_year": N_("year of the area type"),
    "homes_planned": N_("new homes planned"),
    "homes_finished": N_("new homes finished"),
    "homes_note": N_("about the new homes"),
    "held_on": N_("date"),
    "participants": N_("participants"),
    "body": N_("notes"),
    "code": N_("code"),
    "name_sv": N_("name (Swedish)"),
    "name_en": N_("name (English)"),
    "unit": N_("unit"),
    "direction": N_("direction"),
    "grp": N_("profile section"),
    "source": N_("source"),
    "indicator": N_("indicator"),
    "year": N_("year"),
    "value": N_("value"),
    "area_id": N_("district"),
    "first_year": N_("first year"),
    "last_year": N_("last year"),
    "summary": N_("summary"),
    "goals": N_("goals"),
    "targets": N_("indicators"),
    "baseline_year": N_("baseline year"),
    "baseline_value": N_("baseline"),
    "target_value": N_("target"),
    "deadline_year": N_("deadline"),
    "action_ids": N_("EST actions"),
    "measures": N_("measures"),
    "program": N_("program"),
    "owner_org_id": N_("owner"),
    "due": N_("due date"),
    "start_year": N_("start year"),
    "mapping": N_("columns to indicators"),
}

Year = Annotated[int, Field(ge=1900, le=2200)]


def _after(field: str) -> Callable[[int | None, ValidationInfo], int | None]:
    """A year that must come after the year ``field`` (validated before it)."""

    def check(value: int | None, info: ValidationInfo) -> int | None:
        first = info.data.get(field)
        if value is not None and isinstance(first, int) and value <= first:
            raise Problem(N_("must come after %(year)s"), year=first)
        return value

    return check


# -- input ---------------------------------------------------------------------------------


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ProfileIn(_In):
    """The facts of a district that are not yearly series (each may be left empty)."""

    police_class: Annotated[str, one_of(POLICE_CLASSES), listed(POLICE_CLASSES)] | None = None
    police_class_year: Year | None = None
    area_type: int | None = Field(default=None, ge=1, le=5)
    area_type_year: Year | None = None
    homes_planned: int | None = Field(default=None, ge=0, le=100_000)
    homes_finished: int | None = Field(default=None, ge=0, le=100_000)
    homes_note: str = Field(default="", max_length=2000)


class DialogueNoteIn(_In):
    """What residents said; personnummer, phone numbers and e-mail addresses are removed."""

    held_on: date
    kind: Annotated[str, one_of(DIALOGUE_KINDS), listed(DIALOGUE_KINDS)] = "dialog"
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=20_000)
    participants: int | None = Field(default=None, ge=0, le=100_000)


class IndicatorIn(_In):
    """An indicator of the municipality's own beside the catalogue's."""

    code: str = Field(min_length=2, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")
    name_sv: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    unit: str = Field(default="", max_length=30)
    kind: Annotated[str, one_of(KINDS), listed(KINDS)] = "level"
    direction: Annotated[str, one_of(DIRECTIONS), listed(DIRECTIONS)] = "up"
    grp: Annotated[str, one_of(GROUPS), listed(GROUPS)] = "trygghet"
    source: str = Field(default="", max_length=1000)
    about_people: bool = False
    decimals: int = Field(default=1, ge=0, le=4)


class ValueIn(_In):
    """One value typed in: an indicator (its code) in a district and year."""

    indicator: str = Field(min_length=1, max_length=60)
    area_id: int
    year: Year
    value: float = Field(allow_inf_nan=False)


class TargetIn(_In):
    """An indicator's target: from the baseline to the target by the deadline (required). The
    baseline value, when left out, is the indicator's stored value in the baseline year."""

    indicator: str = Field(min_length=1, max_length=60)
    baseline_year: Year
    baseline_value: float | None = Field(default=None, allow_inf_nan=False)
    target_value: float = Field(allow_inf_nan=False)
    # left out it is still checked (validate_default), so the refusal names it in words
    deadline_year: Year | None = Field(default=None, validate_default=True)

    @field_validator("deadline_year")
    @classmethod
    def _required(cls, value: int | None) -> int:
        if value is None:
            raise Problem(N_("a target needs a deadline: the year it is to be reached by"))
        return value

    _deadline = field_validator("deadline_year")(_after("baseline_year"))


class MeasureIn(_In):
    """A program's measure towards a goal."""

    title: str = Field(min_length=1, max_length=200)
    program: Annotated[str, one_of(PROGRAMS), listed(PROGRAMS)] = "ovrigt"
    owner_org_id: int | None = None
    due: date | None = None
    status: Annotated[str, one_of(MEASURE_STATUSES), listed(MEASURE_STATUSES)] = "planerad"


class GoalIn(_In):
    """A goal with at least one indicator target, and the actions and measures towards it."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    targets: list[TargetIn] = Field(default_factory=list, max_length=20)
    action_ids: list[int] = Field(default_factory=list, max_length=100)
    measures: list[MeasureIn] = Field(default_factory=list, max_length=50)

    @field_validator("targets")
    @classmethod
    def _some_indicator(cls, value: list[TargetIn]) -> list[TargetIn]:
        if not value:
            raise Problem(N_("a goal needs at least one indicator with a target"))
        codes = [t.indicator for t in value]
        if len(set(codes)) != len(codes):
            raise Problem(N_("each indicator may be followed once per goal"))
        return value


class PlanIn(_In):
    """A district plan: the district, its years, a summary and its goals."""

    area_id: int
    owner_org_id: int | None = Field(default=None, description="the caller's organisation if one")
    title: str = Field(min_length=1, max_length=200)
    first_year: Year
    last_year: Year
    summary: str = Field(default="", max_length=10_000)
    goals: list[GoalIn] = Field(default_factory=list, max_length=30)

    @field_validator("last_year")
    @classmethod
    def _years(cls, value: int, info: ValidationInfo) -> int:
        first = info.data.get("first_year")
        if isinstance(first, int) and value < first:
            raise Problem(N_("must be on or after the first year (%(year)s)"), year=first)
        return value


class InterventionIn(_In):
    """A change in one district from a year on, evaluated on one indicator."""

    area_id: int
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    start_year: Year
    indicator: str = Field(min_length=1, max_length=60)


# -- output --------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class IndicatorOut(_Out):
    id: int
    code: str
    name_sv: str
    name_en: str
    unit: str
    kind: str
    direction: str
    grp: str
    source: str
    est_category: str | None
    about_people: bool
    decimals: int


class PointOut(BaseModel):
    year: int
    value: float | None = Field(description="None when a small count of people is suppressed")
    suppressed: bool = False


class SeriesOut(BaseModel):
    """An indicator's yearly values in one district, the municipality's and the mean of the
    districts of the same area type."""

    indicator: IndicatorOut
    area_id: int
    values: list[PointOut]
    municipality: list[PointOut]
    same_type: list[PointOut]
    same_type_areas: int


class ProfileOut(_Out):
    area_id: int
    police_class: str | None
    police_class_year: int | None
    area_type: int | None
    area_type_year: int | None
    homes_planned: int | None
    homes_finished: int | None
    homes_note: str


class DialogueNoteOut(_Out):
    id: int
    area_id: int
    org_id: int
    held_on: date
    kind: str
    title: str
    body: str
    participants: int | None
    redacted_count: int


class ImportOut(_Out):
    id: int
    filename: str
    format: str
    title: str
    source: str
    indicator_codes: list[str]
    years: list[int]
    added: int
    updated: int
    unmatched: list[dict[str, str]]
    created_at: datetime


class TargetOut(BaseModel):
    id: int
    indicator: str
    indicator_name: str
    unit: str
    baseline_year: int
    baseline_value: float
    target_value: float
    deadline_year: int
    status: str
    reason: str
    latest_year: int | None
    latest_value: float | None


class MeasureOut(_Out):
    id: int
    title: str
    program: str
    owner_org_id: int
    due: date | None
    status: str


class GoalOut(BaseModel):
    id: int
    title: str
    description: str
    status: str
    targets: list[TargetOut]
    action_ids: list[int]
    measures: list[MeasureOut]


class PlanOut(BaseModel):
    id: int
    area_id: int
    area_name: str
    owner_org_id: int
    title: str
    first_year: int
    last_year: int
    summary: str
    goals: list[GoalOut]

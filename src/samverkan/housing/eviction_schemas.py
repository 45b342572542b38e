"""The eviction-prevention API's shapes: steps, the notice, consent, outcome in; an episode
(with its window) and a list's entries out. Money is in öre."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from samverkan.core.errors import N_
from samverkan.housing.eviction_models import OUTCOMES, PLAN_STATES, STEPS

FIELD_LABELS = {
    "file": N_("file"),
    "month": N_("month"),
    "plan_monthly": N_("amount per month"),
    "plan_start": N_("first day of the plan"),
    "plan_state": N_("state of the plan"),
    "notified_on": N_("day the tenant was notified"),
    "social_notified_on": N_("day social services were notified"),
}


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(json_schema_extra={"enum": list(STEPS)})
    on: date
    note: str | None = Field(default=None, max_length=4000)
    plan_monthly_ore: int | None = Field(default=None, ge=1)
    plan_start: date | None = None


class PlanStateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan_state: str = Field(json_schema_extra={"enum": list(PLAN_STATES)})


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notified_on: date
    social_notified_on: date | None = None


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consent: bool
    on: date


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: str = Field(json_schema_extra={"enum": list(OUTCOMES)})
    on: date


class StepOut(BaseModel):
    id: int
    kind: str
    on: date
    note: str | None
    plan_monthly_ore: int | None
    plan_start: date | None
    plan_state: str | None


class EpisodeOut(BaseModel):
    id: int
    org_id: int
    person_id: int
    name: str
    opened_on: date
    notified_on: date | None
    social_notified_on: date | None
    window_last_day: date | None
    window_days_left: int | None
    window_overdue: bool
    consent: bool
    outcome: str | None
    closed_on: date | None
    steps: list[StepOut] = []


class EntryOut(BaseModel):
    episode_id: int
    name: str
    flat: str | None
    amount_ore: int
    months_due: int | None


class ListOut(BaseModel):
    id: int
    org_id: int
    month: str
    entries: list[EntryOut]


class MeetingOut(BaseModel):
    """Only what the meeting needs: who, the debt, where the case stands."""

    episode_id: int
    name: str
    amount_ore: int | None
    notified_on: date | None
    window_last_day: date | None
    steps: list[str]

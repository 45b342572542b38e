"""Validated input and output of meetings and actions; each rule names its field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from samverkan.core.errors import N_
from samverkan.core.validation import Problem

ActionType = Literal[
    "belysning",
    "rojning",
    "klottersanering",
    "stadning",
    "trygghetsvandring",
    "faltarbetare",
    "polisiar_narvaro",
    "kamerabevakning",
    "dialog_boende",
    "foreningsaktivitet",
    "annan",
]
ActionStatus = Literal["planerad", "pagar", "klar", "avbruten"]
EARLIEST = date(2000, 1, 1)  # no record of this kind goes further back (as the lägesbild's)
NOTE_MAX = 500

# The names of the fields as the forms show them (core.validation).
FIELD_LABELS = {
    "note": N_("note"),
    "hours_spent": N_("hours spent"),
    "cost_sek": N_("cost (SEK)"),
    "completed_on": N_("completed on"),
    "participant_org_ids": N_("participants"),
    "held_on": N_("date"),
    "starts": N_("time"),
    "title": N_("title"),
}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ActionIn(_In):
    """A new action. ``owner_org_id`` is required: an action nobody owns is not done."""

    group_id: int = Field(description="the EST group the action belongs to")
    type: ActionType
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    area_id: int | None = None
    place_name: str = Field(default="", max_length=200)
    lat: float | None = Field(default=None, ge=55, le=69.1)
    lon: float | None = Field(default=None, ge=10.5, le=24.2)
    owner_org_id: int = Field(description="the organisation that does it")
    owner_user_id: int | None = None
    team_id: int | None = Field(
        default=None, description="the area team that does it (its hours count against the team)"
    )
    start_on: date | None = None
    due_on: date
    hours: float | None = Field(default=None, ge=0, le=10_000)
    cost_sek: int | None = Field(default=None, ge=0, le=1_000_000_000)
    prompted_by: str = Field(default="", max_length=200)
    category_codes: list[str] = Field(default_factory=list, max_length=20)
    incident_ids: list[int] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _dates(self) -> ActionIn:
        if self.start_on and self.due_on < self.start_on:
            raise ValueError(
                f"due_on {self.due_on} is before start_on {self.start_on}: "
                "the due date must be on or after the start"
            )
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self


class ActionPatch(_In):
    """A change: status (kept in the history with an optional note) or the plan's details."""

    status: ActionStatus | None = None
    note: str = Field(default="", max_length=500)
    due_on: date | None = None
    hours: float | None = Field(default=None, ge=0, le=10_000)
    cost_sek: int | None = Field(default=None, ge=0, le=1_000_000_000)
    owner_user_id: int | None = None
    description: str | None = Field(default=None, max_length=4000)
    hours_spent: float | None = Field(default=None, ge=0, le=10_000)
    completed_on: date | None = Field(
        default=None, ge=EARLIEST, description="when it was done (today when set to klar)"
    )


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _as_number(value: object) -> object:
    """A number as Swedes type it: ``7,5``, ``5 000``, ``5 000 kr``, ``3 h``."""
    value = _blank_is_none(value)
    if not isinstance(value, str):
        return value
    text = value.strip().lower().removesuffix("kr").removesuffix("h").strip()
    return "".join(text.split()).replace(",", ".")  # split(): also no-break and thin spaces


class StatusIn(_In):
    """What an action's status form records: the status (with a note for its history) and,
    for the evaluation, the hours spent, the cost and the day it was done. A blank number or
    date leaves what is stored; the day is only read when the status is klar."""

    status: ActionStatus
    note: str = ""
    hours_spent: float | None = Field(default=None, ge=0, le=10_000, allow_inf_nan=False)
    cost_sek: int | None = Field(default=None, ge=0, le=1_000_000_000)
    completed_on: date | None = Field(default=None, ge=EARLIEST)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> object:
        if value not in ("planerad", "pagar", "klar", "avbruten"):
            raise Problem(N_("choose a status: planned, in progress, done or cancelled"))
        return value

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: object) -> object:
        if isinstance(value, str) and len(value.strip()) > NOTE_MAX:
            raise Problem(N_("the note is longer than %(max)s characters"), max=NOTE_MAX)
        return value

    @field_validator("hours_spent", "cost_sek", mode="before")
    @classmethod
    def _numbers(cls, value: object) -> object:
        return _as_number(value)

    @field_validator("completed_on", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        return _blank_is_none(value)

    def patch(self) -> ActionPatch:
        """The change it asks for (the day only with klar)."""
        return ActionPatch(
            status=self.status,
            note=self.note,
            hours_spent=self.hours_spent,
            cost_sek=self.cost_sek,
            completed_on=self.completed_on if self.status == "klar" else None,
        )


class ActionEventOut(BaseModel):
    at: datetime
    from_status: str | None
    to_status: str | None
    note: str
    org_id: int | None


class ActionOut(BaseModel):
    id: int
    group_id: int
    decision_id: int | None
    type: str
    title: str
    description: str
    area_id: int | None
    place_name: str
    owner_org_id: int
    owner_org: str
    owner_user_id: int | None
    team_id: int | None = None
    start_on: date | None
    due_on: date
    hours: float | None
    hours_spent: float | None = None
    cost_sek: int | None
    status: str
    overdue: bool
    prompted_by: str
    category_codes: list[str]
    incident_ids: list[int]
    completed_on: date | None
    history: list[ActionEventOut]
    evaluation: dict[str, object] | None = None


class DecisionIn(_In):
    """A decision in the minutes; ``actions`` are created with it, in one step."""

    text: str = Field(min_length=1, max_length=4000)
    actions: list[ActionIn] = Field(default_factory=list, max_length=50)


class MeetingIn(_In):
    group_id: int
    held_on: date
    starts: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    title: str = Field(default="", max_length=200)
    minutes: str = Field(default="", max_length=20_000)
    participant_org_ids: list[int] = Field(default_factory=list, max_length=100)


class ParticipantsIn(_In):
    """Who took part in a meeting: organisations of its group (the list replaces the one
    stored; empty: nobody recorded)."""

    participant_org_ids: list[int] = Field(default_factory=list, max_length=100)


class DecisionOut(BaseModel):
    id: int
    text: str
    action_ids: list[int]


class MeetingOut(BaseModel):
    id: int
    group_id: int
    held_on: date
    starts: str
    title: str
    minutes: str
    participants: list[str]
    decisions: list[DecisionOut]


class EffectOut(BaseModel):
    """An estimated change in per cent with its 95 % interval (None when too few to say)."""

    change_pct: float | None
    ci_pct: list[float] | None
    code: str
    verdict: str


class EvaluatedActionOut(EffectOut):
    id: int
    title: str
    completed_on: date | None


class TypeEvaluationOut(EffectOut):
    type: str
    n_actions: int
    n_pooled: int
    n_too_few: int
    p_value: float | None
    hours: float
    cost_sek: int
    actions: list[EvaluatedActionOut]


class EvaluationOut(BaseModel):
    year: int
    types: list[TypeEvaluationOut]
    too_early: list[int] = Field(description="ids of actions whose eight weeks after are not over")

"""Input and answers of the safety plans: a plan, a risk, a measure, a review."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from samverkan.core.errors import N_
from samverkan.core.validation import listed, one_of
from samverkan.housing.plan_models import MEASURE_STATUSES

FIELD_LABELS = {
    "title": N_("title"),
    "property_name": N_("property"),
    "starts_on": N_("period from"),
    "ends_on": N_("period to"),
    "owner_user_id": N_("owner"),
    "description": N_("description"),
    "likelihood": N_("likelihood"),
    "consequence": N_("consequence"),
    "what": N_("measure"),
    "owner": N_("owner"),
    "due_on": N_("due on"),
    "risk_id": N_("risk"),
    "action_id": N_("EST action"),
    "held_on": N_("held on"),
}


class PlanIn(BaseModel):
    """A plan for an area and/or a property (one of them at least), over a period."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200, examples=["Trygghetsplan 2027"])
    area_id: int | None = None
    property_name: str = Field(default="", max_length=200)
    starts_on: date
    ends_on: date
    owner_user_id: int | None = None
    review_on: date | None = None  # the first review day

    @model_validator(mode="after")
    def _where(self) -> PlanIn:
        if self.area_id is None and not self.property_name.strip():
            raise ValueError("give the area or the property, or both")
        if self.ends_on < self.starts_on:
            raise ValueError("the period ends before it starts")
        return self


class RiskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=2000)
    likelihood: int = Field(ge=1, le=4)
    consequence: int = Field(ge=1, le=4)


class MeasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    what: str = Field(min_length=1, max_length=2000)
    owner: str = Field(min_length=1, max_length=200)
    due_on: date
    risk_id: int | None = None
    action_id: int | None = None


class MeasureStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Annotated[str, one_of(MEASURE_STATUSES), listed(MEASURE_STATUSES)]
    on: date


class ReviewIn(BaseModel):
    """A review day to plan (``due_on``), or one held (``held_on`` with what was concluded)."""

    model_config = ConfigDict(extra="forbid")

    due_on: date
    held_on: date | None = None
    note: str = Field(default="", max_length=5000)


class HeldIn(BaseModel):
    """A planned review held on a day, with what was concluded."""

    model_config = ConfigDict(extra="forbid")

    held_on: date
    note: str = Field(default="", max_length=5000)


class RiskOut(BaseModel):
    id: int
    description: str
    likelihood: int
    consequence: int
    score: int
    level: str


class MeasureOut(BaseModel):
    id: int
    what: str
    owner: str
    due_on: date
    status: str
    done_on: date | None
    risk_id: int | None
    action_id: int | None
    overdue: bool


class ReviewOut(BaseModel):
    id: int
    due_on: date
    held_on: date | None
    note: str
    overdue: bool


class PlanOut(BaseModel):
    id: int
    org_id: int
    title: str
    area_id: int | None
    property_name: str
    starts_on: date
    ends_on: date
    owner_user_id: int | None
    risks: list[RiskOut] = []
    measures: list[MeasureOut] = []
    reviews: list[ReviewOut] = []

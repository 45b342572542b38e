"""Input and answers of the safety walks: a walk, a finding, a work order's next step."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from samverkan.core.errors import N_

FIELD_LABELS = {
    "area_id": N_("area"),
    "walked_on": N_("walked on"),
    "walkers": N_("walkers"),
    "category": N_("category"),
    "lat": N_("latitude"),
    "lon": N_("longitude"),
    "place_name": N_("place"),
    "responsible": N_("responsible"),
    "responsible_org_id": N_("responsible organisation"),
    "photo": N_("photo"),
    "status": N_("status"),
    "assigned_to": N_("assigned to"),
    "text": N_("what to check"),
    "answers": N_("checklist answers"),
}


class WalkIn(BaseModel):
    """A walk through a district on a day, with who walked."""

    model_config = ConfigDict(extra="forbid")

    area_id: int
    walked_on: date
    walkers: str = Field(
        default="", max_length=500, examples=["Trygghetsvärd, hyresgästföreningen"]
    )
    note: str = Field(default="", max_length=2000)


class FindingIn(BaseModel):
    """A finding: its category and place are required (checked by the service, so that the
    refusal names what is missing); a point is WGS 84."""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(default=None, max_length=20, examples=["lighting"])
    description: str = Field(default="", max_length=2000)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    place_name: str = Field(default="", max_length=200)
    responsible: str = Field(default="housing_company", max_length=20)
    responsible_org_id: int | None = None


class StepIn(BaseModel):
    """A work order's next status, on a day (``assigned_to`` for ``assigned``)."""

    model_config = ConfigDict(extra="forbid")

    status: str = Field(max_length=10, examples=["assigned"])
    on: date
    assigned_to: str = Field(default="", max_length=200)


class WorkOrderOut(BaseModel):
    id: int
    finding_id: int
    status: str
    opened_on: date
    assigned_to: str
    assigned_on: date | None
    done_on: date | None
    verified_on: date | None


class FindingOut(BaseModel):
    id: int
    category: str
    description: str
    lat: float | None
    lon: float | None
    place_name: str
    responsible: str
    has_photo: bool
    incident_id: int | None
    work_order: WorkOrderOut


class WalkOut(BaseModel):
    id: int
    org_id: int
    area_id: int
    walked_on: date
    walkers: str
    note: str
    created_at: datetime
    findings: list[FindingOut]


class FixedShareOut(BaseModel):
    """Of the work orders opened in the period, how many were done within ``days`` days."""

    responsible: str
    total: int
    fixed_in_time: int
    share: float | None


class ChecklistItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(max_length=20, examples=["lighting"])
    text: str = Field(max_length=300, examples=["Belysningen vid cykelstället fungerar"])


class ChecklistItemOut(BaseModel):
    id: int
    category: str
    text: str
    active: bool


class ActiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    active: bool


class AnswersIn(BaseModel):
    """The walk's answer per checklist item id: ``ok``, ``finding`` or ``not_checked``."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[int, str]

"""Validated input and output of teams and presence plans; each rule names its field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["trygghetsvard", "brobyggare", "faltarbetare", "stadsdelssamordnare"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MemberIn(_In):
    """A person in a team, with the hours a week they can be out in the district."""

    name: str = Field(min_length=1, max_length=120)
    role: Role
    org_id: int = Field(description="the organisation that employs the person")
    hours: float = Field(
        ge=0, le=56, description="available hours a week (at most one 8 h shift a day)"
    )


class TeamIn(_In):
    """An EST group's team in one district."""

    group_id: int
    area_id: int = Field(description="the district the team works in")
    name: str = Field(min_length=1, max_length=120)
    min_hours: float = Field(default=0, ge=0, le=2000, description="least hours a week")
    members: list[MemberIn] = Field(default_factory=list, max_length=60)


class MemberOut(BaseModel):
    id: int
    name: str
    role: Role
    org_id: int
    org_name: str
    hours: float


class TeamOut(BaseModel):
    id: int
    group_id: int
    area_id: int
    area_name: str
    name: str
    min_hours: float
    hours: float = Field(description="the team's capacity: its members' hours a week")
    members: list[MemberOut]


class StintOut(BaseModel):
    member_id: int | None = Field(description="null once the person has left the team")
    member: str
    role: str
    team: str
    place: str
    lat: float | None
    lon: float | None
    start: datetime = Field(description="Europe/Stockholm local time")
    end: datetime


class PlanOut(BaseModel):
    id: int
    group_id: int
    week: str
    monday: date
    status: str
    objective: float = Field(description="risk covered: Σ risk × (1 + 1/2 + … + 1/n)")
    greedy_objective: float = Field(description="the same score of a greedy allocation")
    hours: float
    stints: list[StintOut]

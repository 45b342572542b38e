"""Input of the disturbance cases: a new case (its tenant, flat and first complaint), a step,
a termination and an outcome. The rules that need the stored case are in :mod:`.service`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from samverkan.core.errors import N_
from samverkan.core.validation import listed, one_of
from samverkan.housing.models import CONTACTS, OUTCOMES, SOURCES
from samverkan.people.schemas import PersonIn

# The names of this domain's fields in refusals (``Domain(fields=...)``).
FIELD_LABELS = {
    "flat": N_("flat"),
    "opened_on": N_("opened on"),
    "source": N_("source"),
    "contact": N_("kind of contact"),
    "rectify_by": N_("disturbance to stop by"),
    "very_serious": N_("very serious disturbance"),
    "reason": N_("reason"),
    "place": N_("place"),
    "place_lat": N_("latitude"),
    "place_lon": N_("longitude"),
}

STEP_KINDS = ("complaint", "contact", "warning", "social_notice")


class CaseIn(BaseModel):
    """A new case: the tenant (a person of the register, or a new one with their legal basis
    for the purpose ``housing``), the flat, and the complaint that opens it."""

    model_config = ConfigDict(extra="forbid")

    person_id: int | None = None
    person: PersonIn | None = None
    flat: str = Field(min_length=1, max_length=200, examples=["Storgatan 3, lgh 1102"])
    area_id: int | None = None
    opened_on: date
    source: Annotated[str, one_of(SOURCES), listed(SOURCES)]
    note: str | None = Field(default=None, max_length=5000)
    place: str | None = Field(
        default=None, max_length=200, examples=["Trapphus Bergsrådsvägen 12 B"]
    )
    place_lat: float | None = Field(default=None, ge=55.0, le=69.1)
    place_lon: float | None = Field(default=None, ge=10.9, le=24.2)

    @model_validator(mode="after")
    def _who(self) -> CaseIn:
        if (self.person_id is None) == (self.person is None):
            raise ValueError("give person_id or person, one of them")
        if (self.place_lat is None) != (self.place_lon is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class PlaceIn(BaseModel):
    """The EST place a case points to: the area, a description of the place, optionally a
    point (all empty: the case points to no place)."""

    model_config = ConfigDict(extra="forbid")

    area_id: int | None = None
    place: str | None = Field(default=None, max_length=200)
    place_lat: float | None = Field(default=None, ge=55.0, le=69.1)
    place_lon: float | None = Field(default=None, ge=10.9, le=24.2)

    @model_validator(mode="after")
    def _point(self) -> PlaceIn:
        if (self.place_lat is None) != (self.place_lon is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class StepIn(BaseModel):
    """A step on a day: a complaint (its source), a contact (its kind), the warning (the day
    by which the disturbance must stop) or the notice to the social welfare board."""

    model_config = ConfigDict(extra="forbid")

    kind: Annotated[str, one_of(STEP_KINDS), listed(STEP_KINDS)]
    on: date
    source: Annotated[str, one_of(SOURCES), listed(SOURCES)] | None = None
    contact: Annotated[str, one_of(CONTACTS), listed(CONTACTS)] | None = None
    rectify_by: date | None = None
    note: str | None = Field(default=None, max_length=5000)


class TerminationIn(BaseModel):
    """The termination for disturbance: after the warning and the notice to the social welfare
    board, or — for very serious disturbance (12 kap. 42 §) — without them, chosen explicitly
    and with its reason."""

    model_config = ConfigDict(extra="forbid")

    on: date
    very_serious: bool = False
    reason: str | None = Field(default=None, max_length=5000)


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Annotated[str, one_of(OUTCOMES), listed(OUTCOMES)]
    on: date

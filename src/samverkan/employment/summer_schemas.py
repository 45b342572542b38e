"""Input and output of the summer jobs required through procurement (:mod:`.summer`): a
contract with what it requires and over which period, a contractor's report (how many, never
who), and a contract's follow-up against the pace of its period."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from samverkan.core.errors import N_
from samverkan.core.pace import Status
from samverkan.core.validation import Problem, not_before_start
from samverkan.employment.models import AGE_BANDS

# The names of this module's fields in refusals, for ``Domain(fields=...)`` of employment.
FIELD_LABELS = {
    "org_id": N_("organisation"),
    "contractor_org_id": N_("contractor"),
    "reference": N_("reference"),
    "title": N_("title"),
    "target_group": N_("target group"),
    "required_people": N_("people required"),
    "required_months": N_("months of work required"),
    "period_start": N_("start of the period"),
    "period_end": N_("end of the period"),
    "employed_on": N_("employed on"),
    "age_band": N_("age band"),
    "district_id": N_("district"),
    "people": N_("number of people"),
    "months": N_("months of work"),
}


# -- input ---------------------------------------------------------------------------------


class ContractIn(BaseModel):
    """A procurement contract that requires summer jobs: whom it binds, what it requires
    (people, and optionally months of work) and over which period (both days included)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    org_id: int | None = Field(
        default=None, description="the housing company; the caller's when they work in one"
    )
    contractor_org_id: int
    reference: str = Field(min_length=1, max_length=100, description="the procurement's number")
    title: str = Field(min_length=1, max_length=200)
    target_group: str = Field(min_length=1, max_length=200, examples=["16–19 år, boende"])
    required_people: int = Field(ge=1, le=100_000)
    required_months: float | None = Field(default=None, ge=0, le=1_000_000, allow_inf_nan=False)
    period_start: date
    period_end: date

    @field_validator("period_end")
    @classmethod
    def _end(cls, value: date, info: ValidationInfo) -> date:
        return not_before_start(value, info)


class ReportIn(BaseModel):
    """Young people a contractor employed under a contract: when, of which age band and
    district, how many, and for how many months each. No names."""

    model_config = ConfigDict(extra="forbid")

    employed_on: date
    age_band: str = Field(json_schema_extra={"enum": list(AGE_BANDS)})
    district_id: int
    people: int = Field(gt=0, le=10_000)
    months: float = Field(ge=0, le=24, allow_inf_nan=False, description="months each of them")

    @field_validator("age_band")
    @classmethod
    def _band(cls, value: str) -> str:
        if value not in AGE_BANDS:
            raise Problem(N_("must be one of %(expected)s"), expected=", ".join(AGE_BANDS))
        return value


# -- output --------------------------------------------------------------------------------


class ContractOut(BaseModel):
    """A contract with what was delivered by ``on`` against what its period asks for by then
    (``expected_people``, pro rata) and the pace (:mod:`samverkan.core.pace`)."""

    id: int
    org_id: int
    contractor_org_id: int
    contractor: str
    reference: str
    title: str
    target_group: str
    required_people: int
    required_months: float | None
    period_start: date
    period_end: date
    on: date
    delivered_people: int
    delivered_months: float
    expected_people: float
    share: float | None = Field(description="the part of the required people delivered")
    status: Status
    expected_months: float | None
    months_share: float | None
    months_status: Status | None


class ReportOut(BaseModel):
    id: int
    contract_id: int
    employed_on: date
    age_band: str
    district_id: int | None
    people: int
    months: float
    reported_at: datetime


class BandOut(BaseModel):
    age_band: str
    people: int
    months: float


class DistrictOut(BaseModel):
    district_id: int | None
    district: str | None
    people: int
    months: float


class FollowupOut(ContractOut):
    """The follow-up of one contract: delivered against required by age band and district,
    the reports, and a warning when the contract is behind its pace or ended short."""

    days_left: int
    remaining_people: int
    warning: str | None
    by_age_band: list[BandOut]
    by_district: list[DistrictOut]
    reports: list[ReportOut]

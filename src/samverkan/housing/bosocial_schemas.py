"""Input and output of the bosocial contracts.

Two outputs of a contract, so that a field cannot reach a landlord by accident:
:class:`ContractOut` is the housing unit's (everything, with the follow-up visits and their
notes), :class:`LandlordContractOut` the landlord's — the flat, the subtenant's name (the person
lives in its flat: the landlord knows them), start, trial end, the rent payments and
disturbances it reports, the decisions; never a personnummer, never a visit or anything else of
the social services."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from samverkan.core.errors import N_
from samverkan.core.validation import listed, one_of
from samverkan.housing.bosocial_models import COMPLAINTS, DECISIONS, PAYMENTS
from samverkan.people.schemas import PersonIn

# The names of this part's fields in refusals (``Domain(fields=...)``).
FIELD_LABELS = {
    "municipality_org_id": N_("municipality"),
    "landlord_org_id": N_("landlord"),
    "agreement_id": N_("framework agreement"),
    "reference": N_("reference"),
    "flats": N_("number of flats"),
    "starts_on": N_("starts on"),
    "ends_on": N_("ends on"),
    "lease_number": N_("main lease number"),
    "lease_on": N_("main lease signed on"),
    "start_on": N_("start"),
    "trial_months": N_("trial period in months"),
    "trial_end": N_("end of the trial"),
    "new_trial_end": N_("new end of the trial"),
    "visitor": N_("visited by"),
    "month": N_("month"),
    "decision": N_("decision"),
}


class AgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality_org_id: int
    landlord_org_id: int
    reference: str = Field(min_length=1, max_length=100, examples=["EVI-2025-STÅ"])
    flats: int = Field(ge=1, le=10_000)
    starts_on: date
    ends_on: date | None = None


class AgreementOut(BaseModel):
    id: int
    municipality_org_id: int
    municipality: str
    landlord_org_id: int
    landlord: str
    reference: str
    flats: int
    contracts: int  # how many flats are sublet under it so far
    starts_on: date
    ends_on: date | None


class ContractIn(BaseModel):
    """A new contract: the subtenant (a person of the municipality's register, or a new one with
    their legal basis for the purpose ``bosocial``), the flat and the main lease, the start and
    — when not the setting's default — the trial's months."""

    model_config = ConfigDict(extra="forbid")

    agreement_id: int
    person_id: int | None = None
    person: PersonIn | None = None
    flat: str = Field(min_length=1, max_length=200, examples=["Ryttargårdsgatan 4, lgh 1201"])
    lease_number: str = Field(min_length=1, max_length=60)
    lease_on: date
    start_on: date
    trial_months: int | None = Field(default=None, ge=1, le=60)

    @model_validator(mode="after")
    def _who(self) -> ContractIn:
        if (self.person_id is None) == (self.person is None):
            raise ValueError("give person_id or person, one of them")
        return self


class VisitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date
    visitor: str = Field(min_length=1, max_length=200)
    note: str | None = Field(default=None, max_length=5000)


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    month: date  # any day of the month
    status: Annotated[str, one_of(PAYMENTS), listed(PAYMENTS)]


class ComplaintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date
    kind: Annotated[str, one_of(COMPLAINTS), listed(COMPLAINTS)]
    note: str | None = Field(default=None, max_length=5000)


class DecisionIn(BaseModel):
    """The takeover (not before the trial's end), an extension (with the trial's new end) or
    the termination."""

    model_config = ConfigDict(extra="forbid")

    decision: Annotated[str, one_of(DECISIONS), listed(DECISIONS)]
    on: date
    new_trial_end: date | None = None


class PaymentOut(BaseModel):
    id: int
    month: date
    status: str


class ComplaintOut(BaseModel):
    id: int
    on: date
    kind: str
    note: str | None


class DecisionOut(BaseModel):
    id: int
    decision: str
    on: date
    new_trial_end: date | None


class VisitOut(BaseModel):
    id: int
    on: date
    visitor: str
    note: str | None


class Record(BaseModel):
    """The trial's record so far: months paid on time, late, unpaid; disturbances."""

    on_time: int
    late: int
    unpaid: int
    disturbances: int


class LandlordContractOut(BaseModel):
    """What a landlord sees of a contract in its flats (see the module docstring)."""

    id: int
    agreement_id: int
    landlord_org_id: int
    flat: str
    subtenant: str
    start_on: date
    trial_end: date
    status: str
    standing: str  # running / due / overdue / decided (analysis.bosocial.standing)
    ended_on: date | None
    record: Record
    payments: list[PaymentOut]
    complaints: list[ComplaintOut]
    decisions: list[DecisionOut]


class ContractOut(LandlordContractOut):
    """The municipality's housing unit's view: everything, the visits with their notes."""

    municipality_org_id: int
    person_id: int
    pnr: str
    lease_number: str
    lease_on: date
    trial_months: int
    visits: list[VisitOut]


class ConversionOut(BaseModel):
    landlord_org_id: int
    landlord: str
    year: int
    decided: int
    takeovers: int | None  # None when too few to say
    rate: float | None
    too_few: bool


class DashboardOut(BaseModel):
    """Decisions coming up within 90 days of ``on``, those overdue, and the conversion rates."""

    on: date
    due: list[LandlordContractOut]
    overdue: list[LandlordContractOut]
    conversion: list[ConversionOut]

"""Bosocial contracts of "En väg in": the municipality rents flats from the landlords under a
framework agreement and sublets each to a person who cannot enter the housing market on their
own; after the trial period (18 months by default) of good conduct the tenant takes over the
lease.

- :class:`BosocialAgreement`: a municipality (organisation of kind ``kommun``) and a landlord
  (kind ``bostadsbolag``), the number of flats agreed and the period.
- :class:`BosocialContract`: one flat under an agreement, the municipality's main lease
  (förstahandskontrakt), the subtenant — a person of the **municipality's** register held for
  the purpose ``bosocial`` — the start and the trial's end, and how it ended.
- During the trial: follow-up visits (:class:`BosocialVisit`, the social services' notes),
  rent payments by month (:class:`BosocialPayment`) and the disturbance record
  (:class:`BosocialComplaint`), both reported by the landlord; the decisions
  (:class:`BosocialDecision`: takeover, extension, termination).

The flat, who visited and every note are encrypted at rest; codes and days are plain.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.crypto import Encrypted
from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

# Where a contract stands: in its trial (also after an extension), taken over, terminated.
STATUSES = ("trial", "taken_over", "terminated")
STATUS_LABELS = {
    "trial": N_("in the trial period"),
    "taken_over": N_("taken over by the tenant"),
    "terminated": N_("terminated"),
}
DECISIONS = ("takeover", "extension", "termination")
DECISION_LABELS = {
    "takeover": N_("takeover of the lease"),
    "extension": N_("extension of the trial"),
    "termination": N_("termination"),
}
PAYMENTS = ("on_time", "late", "unpaid")
PAYMENT_LABELS = {
    "on_time": N_("paid on time"),
    "late": N_("paid late"),
    "unpaid": N_("unpaid"),
}
COMPLAINTS = ("noise", "damage", "threat", "other")
COMPLAINT_LABELS = {
    "noise": N_("noise"),
    "damage": N_("damage to the property"),
    "threat": N_("threat or harassment"),
    "other": N_("other disturbance"),
}


class BosocialAgreement(Base):
    """A framework agreement between a municipality and a landlord on a number of flats."""

    __tablename__ = "housing_bosocial_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    landlord_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(100))
    flats: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BosocialContract(Base):
    """One flat sublet under an agreement, with its trial period."""

    __tablename__ = "housing_bosocial_contract"
    __table_args__ = (
        code_in("status", STATUSES),
        Index("ix_bosocial_contract_agreement_status", "agreement_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("housing_bosocial_agreement.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    flat: Mapped[str] = mapped_column(Encrypted("housing_bosocial_contract", "flat"))
    lease_number: Mapped[str] = mapped_column(String(60))  # the municipality's main lease
    lease_on: Mapped[date] = mapped_column(Date)
    start_on: Mapped[date] = mapped_column(Date)
    trial_months: Mapped[int] = mapped_column(Integer)
    trial_end: Mapped[date] = mapped_column(Date)  # moved by an extension
    status: Mapped[str] = mapped_column(String(20), default="trial")
    ended_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agreement: Mapped[BosocialAgreement] = relationship()
    visits: Mapped[list[BosocialVisit]] = relationship(
        cascade="all, delete-orphan", order_by="(BosocialVisit.on, BosocialVisit.id)"
    )
    payments: Mapped[list[BosocialPayment]] = relationship(
        cascade="all, delete-orphan", order_by="BosocialPayment.month"
    )
    complaints: Mapped[list[BosocialComplaint]] = relationship(
        cascade="all, delete-orphan", order_by="(BosocialComplaint.on, BosocialComplaint.id)"
    )
    decisions: Mapped[list[BosocialDecision]] = relationship(
        cascade="all, delete-orphan", order_by="(BosocialDecision.on, BosocialDecision.id)"
    )


class BosocialVisit(Base):
    """A follow-up visit by the social services: who visited and their notes (never shown to
    the landlord)."""

    __tablename__ = "housing_bosocial_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("housing_bosocial_contract.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date] = mapped_column("day", Date)
    visitor: Mapped[str] = mapped_column(Encrypted("housing_bosocial_visit", "visitor"))
    note: Mapped[str | None] = mapped_column(Encrypted("housing_bosocial_visit", "note"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BosocialPayment(Base):
    """The rent of one month during the trial (``month``: its first day), as the landlord
    reports it."""

    __tablename__ = "housing_bosocial_payment"
    __table_args__ = (
        code_in("status", PAYMENTS),
        UniqueConstraint("contract_id", "month", name="uq_bosocial_payment_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("housing_bosocial_contract.id", ondelete="CASCADE")
    )
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BosocialComplaint(Base):
    """A disturbance during the trial, as the landlord reports it."""

    __tablename__ = "housing_bosocial_complaint"
    __table_args__ = (code_in("kind", COMPLAINTS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("housing_bosocial_contract.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date] = mapped_column("day", Date)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Encrypted("housing_bosocial_complaint", "note"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BosocialDecision(Base):
    """A decision on a contract: the takeover, an extension (with the trial's new end) or the
    termination."""

    __tablename__ = "housing_bosocial_decision"
    __table_args__ = (code_in("kind", DECISIONS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("housing_bosocial_contract.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column("day", Date)
    new_trial_end: Mapped[date | None] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""Eviction prevention: the landlord's monthly rent-arrears lists, and per tenant in arrears an
episode with its early-contact steps (letter, call, home visit, payment plan), the day the tenant
was notified for non-payment (the 12 kap. 44 § three-week window runs from it), the tenant's
consent to be discussed at the monthly meeting with social services, and the outcome.

A list belongs to the housing company (``org_id``) and a month; re-importing a month replaces
its entries, while the episodes (and their steps) stay: an entry points to the tenant's open
episode, found again by the person. Flats and notes are encrypted at rest; money is in öre.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.crypto import Encrypted
from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

STEPS = ("letter", "call", "visit", "payment_plan")
STEP_LABELS = {
    "letter": N_("letter"),
    "call": N_("phone call"),
    "visit": N_("home visit"),
    "payment_plan": N_("payment plan"),
}
OUTCOMES = ("avoided", "plan_kept", "eviction", "moved_out")
OUTCOME_LABELS = {
    "avoided": N_("eviction avoided"),
    "plan_kept": N_("payment plan kept"),
    "eviction": N_("eviction"),
    "moved_out": N_("the tenant moved out"),
}
PLAN_STATES = ("running", "kept", "broken")
PLAN_STATE_LABELS = {
    "running": N_("running"),
    "kept": N_("kept"),
    "broken": N_("broken"),
}


class ArrearsList(Base):
    """The arrears list of one housing company for one month (``month``: its first day)."""

    __tablename__ = "housing_arrears_list"
    __table_args__ = (UniqueConstraint("org_id", "month", name="uq_arrears_list_org_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    entries: Mapped[list[ArrearsEntry]] = relationship(
        back_populates="list", cascade="all, delete-orphan", order_by="ArrearsEntry.id"
    )


class ArrearsEpisode(Base):
    """One tenant's episode of arrears with the housing company, open until its outcome."""

    __tablename__ = "housing_arrears_episode"
    __table_args__ = (code_in("outcome", OUTCOMES, nullable=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    opened_on: Mapped[date] = mapped_column(Date)
    # the day the tenant was notified for non-payment (the three-week window runs from it)
    notified_on: Mapped[date | None] = mapped_column(Date)
    # the day social services were notified of it
    social_notified_on: Mapped[date | None] = mapped_column(Date)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    steps: Mapped[list[EvictionStep]] = relationship(
        back_populates="episode",
        cascade="all, delete-orphan",
        order_by="(EvictionStep.on, EvictionStep.id)",
    )


class ArrearsEntry(Base):
    """A tenant's line on a month's list: the debt (öre), the months due, the flat."""

    __tablename__ = "housing_arrears_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("housing_arrears_list.id", ondelete="CASCADE"), index=True
    )
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("housing_arrears_episode.id", ondelete="CASCADE"), index=True
    )
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    months_due: Mapped[int | None] = mapped_column(Integer)
    flat: Mapped[str | None] = mapped_column(Encrypted("housing_arrears_entry", "flat"))

    list: Mapped[ArrearsList] = relationship(back_populates="entries")
    episode: Mapped[ArrearsEpisode] = relationship()


class EvictionStep(Base):
    """An early-contact step on a day; a payment plan has its monthly amount, start and state.
    Notes are redacted of personnummer before they are stored."""

    __tablename__ = "housing_eviction_step"
    __table_args__ = (
        code_in("kind", STEPS),
        code_in("plan_state", PLAN_STATES, nullable=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("housing_arrears_episode.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column("day", Date)
    plan_monthly_ore: Mapped[int | None] = mapped_column(BigInteger)
    plan_start: Mapped[date | None] = mapped_column(Date)
    plan_state: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Encrypted("housing_eviction_step", "note"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    episode: Mapped[ArrearsEpisode] = relationship(back_populates="steps")

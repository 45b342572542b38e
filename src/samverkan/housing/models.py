"""Disturbance cases (störningsärenden, Jordabalken 12 kap.): a housing company's case about a
tenant who disturbs the neighbours, with its steps — complaints and where they came from,
contacts with the tenant, the warning (rättelseanmaning) with the day by which the disturbance
must stop, the notice to the social welfare board (socialnämnden) that must go with it
(12 kap. 25 §), the termination — and its outcome.

The tenant is a person of the housing company's register (``people.Person``) held for the
purpose ``housing``: visible to that company's case workers only. The flat and every note are
encrypted at rest; the codes (source, step, outcome) are plain. A case may name the area of an
EST place (a stairwell's district), but nothing of the case flows into EST.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.crypto import Encrypted
from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

# Where a complaint came from.
SOURCES = ("neighbour", "on_call", "caretaker", "authority", "other")
SOURCE_LABELS = {
    "neighbour": N_("neighbour"),
    "on_call": N_("disturbance on-call service"),
    "caretaker": N_("caretaker"),
    "authority": N_("authority"),
    "other": N_("other"),
}
# How the housing company was in touch with the tenant.
CONTACTS = ("letter", "call", "visit", "meeting")
CONTACT_LABELS = {
    "letter": N_("letter"),
    "call": N_("phone call"),
    "visit": N_("home visit"),
    "meeting": N_("meeting"),
}
STEPS = ("complaint", "contact", "warning", "social_notice", "termination")
STEP_LABELS = {
    "complaint": N_("complaint"),
    "contact": N_("contact with the tenant"),
    "warning": N_("warning (rättelseanmaning)"),
    "social_notice": N_("notice to the social welfare board"),
    "termination": N_("termination"),
}
STATUSES = ("open", "warned", "terminated", "closed")
STATUS_LABELS = {
    "open": N_("open"),
    "warned": N_("warned"),
    "terminated": N_("terminated"),
    "closed": N_("closed"),
}
# How a case ended: the disturbance stopped, or after a termination the rent tribunal
# (hyresnämnden) or the enforcement authority (Kronofogden) took it on.
OUTCOMES = ("resolved", "rent_tribunal", "enforcement", "moved_out")
OUTCOME_LABELS = {
    "resolved": N_("resolved"),
    "rent_tribunal": N_("to the rent tribunal (hyresnämnden)"),
    "enforcement": N_("to the enforcement authority (Kronofogden)"),
    "moved_out": N_("the tenant moved out"),
}


class DisturbanceCase(Base):
    """A disturbance case of a housing company about one tenant and flat."""

    __tablename__ = "housing_disturbance_case"
    __table_args__ = (
        code_in("status", STATUSES),
        code_in("outcome", OUTCOMES, nullable=True),
        Index("ix_disturbance_org_status", "org_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    flat: Mapped[str] = mapped_column(Encrypted("housing_disturbance_case", "flat"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    opened_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # the warning's day by which the disturbance must stop (the deadline the case tracks)
    rectify_by: Mapped[date | None] = mapped_column(Date)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    very_serious: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # 12 kap. 42 § without warning
    very_serious_reason: Mapped[str | None] = mapped_column(
        Encrypted("housing_disturbance_case", "very_serious_reason")
    )
    outcome: Mapped[str | None] = mapped_column(String(20))
    closed_on: Mapped[date | None] = mapped_column(Date)
    handler_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The EST place the case points to (migration 0020): the area above, a description of the
    # place ("Trapphus Bergsrådsvägen 12 B", encrypted: it is next to the tenant's door) and
    # optionally a point. Read by the case page only; nothing of it flows into EST.
    place: Mapped[str | None] = mapped_column(Encrypted("housing_disturbance_case", "place"))
    place_lat: Mapped[float | None] = mapped_column(Float)
    place_lon: Mapped[float | None] = mapped_column(Float)

    steps: Mapped[list[CaseStep]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="(CaseStep.on, CaseStep.id)",
    )


class CaseStep(Base):
    """One step of a case, on a day: a complaint (with its source), a contact with the tenant
    (of a kind), the warning (with its deadline), the notice to the social welfare board, the
    termination. Notes are redacted of personnummer before they are stored."""

    __tablename__ = "housing_case_step"
    __table_args__ = (
        code_in("kind", STEPS),
        code_in("source", SOURCES, nullable=True),
        code_in("contact", CONTACTS, nullable=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("housing_disturbance_case.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column("day", Date)
    source: Mapped[str | None] = mapped_column(String(20))
    contact: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Encrypted("housing_case_step", "note"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[DisturbanceCase] = relationship(back_populates="steps")

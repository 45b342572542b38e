"""The employer network of the employment programs: employers (contractors and others) with
their contacts, their openings with an SSYK 2012 unit group, and the matches of participants to
openings with the coach's decision and the outcome. Re-exported by :mod:`.models`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

EMPLOYER_KINDS = ("contractor", "private", "public", "association")
EMPLOYER_KIND_LABELS = {
    "contractor": N_("contractor"),
    "private": N_("private employer"),
    "public": N_("public employer"),
    "association": N_("association"),
}
OPENING_STATUSES = ("open", "filled", "closed")
MATCH_STATUSES = ("proposed", "confirmed", "rejected")
MATCH_STATUS_LABELS = {
    "proposed": N_("proposed"),
    "confirmed": N_("confirmed"),
    "rejected": N_("rejected"),
}
MATCH_OUTCOMES = ("pending", "hired", "not_hired")
MATCH_OUTCOME_LABELS = {
    "pending": N_("pending"),
    "hired": N_("hired"),
    "not_hired": N_("not hired"),
}


class Employer(Base):
    """An employer of the program's network (a contractor or another), with its contact."""

    __tablename__ = "employment_employer"
    __table_args__ = (code_in("kind", EMPLOYER_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    orgnr: Mapped[str | None] = mapped_column(String(11))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Opening(Base):
    """A job opening at an employer: an SSYK 2012 unit group, the skills and languages it needs,
    a driving licence or not, when it starts and where (a district and a point)."""

    __tablename__ = "employment_opening"
    __table_args__ = (code_in("status", OPENING_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employment_employer.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    ssyk: Mapped[str] = mapped_column(String(4))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence: Mapped[bool] = mapped_column(Boolean, default=False)
    start_on: Mapped[date] = mapped_column(Date)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    places: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    employer: Mapped[Employer] = relationship()


class Match(Base):
    """A participant proposed for an opening: the score and its reasons as computed then, what
    the coach decided (confirmed, rejected, or an override of the proposal), and the outcome."""

    __tablename__ = "employment_match"
    __table_args__ = (
        UniqueConstraint("participant_id", "opening_id", name="uq_match_participant_opening"),
        code_in("status", MATCH_STATUSES),
        code_in("outcome", MATCH_OUTCOMES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("employment_participant.id", ondelete="CASCADE"), index=True
    )
    opening_id: Mapped[int] = mapped_column(
        ForeignKey("employment_opening.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[list[object]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    override: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

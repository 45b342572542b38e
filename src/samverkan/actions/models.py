"""EST meetings, their decisions, and the actions (insatser) the partners take, with history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, utcnow
from samverkan.core.errors import N_
from samverkan.geo.models import Area
from samverkan.orgs.models import Organisation
from samverkan.presence.models import Team

ACTION_TYPES = (
    "belysning",
    "rojning",
    "klottersanering",
    "stadning",
    "trygghetsvandring",
    "faltarbetare",
    "polisiar_narvaro",
    "kamerabevakning",
    "dialog_boende",
    "foreningsaktivitet",
    "annan",
)
ACTION_STATUSES = ("planerad", "pagar", "klar", "avbruten")
OPEN_STATUSES = ("planerad", "pagar")

ACTION_TYPE_LABELS = {
    "belysning": N_("lighting"),
    "rojning": N_("clearing vegetation"),
    "klottersanering": N_("graffiti removal"),
    "stadning": N_("cleaning"),
    "trygghetsvandring": N_("extra safety walk"),
    "faltarbetare": N_("field workers"),
    "polisiar_narvaro": N_("police presence"),
    "kamerabevakning": N_("camera surveillance"),
    "dialog_boende": N_("dialogue with residents"),
    "foreningsaktivitet": N_("association activity"),
    "annan": N_("other"),
}
ACTION_STATUS_LABELS = {
    "planerad": N_("planned"),
    "pagar": N_("in progress"),
    "klar": N_("done"),
    "avbruten": N_("cancelled"),
}
# The follow-up's verdicts (evaluation.VERDICTS keeps the Swedish words the API gives).
VERDICT_LABELS = {
    "decrease": N_("decrease"),
    "increase": N_("increase"),
    "no_clear_change": N_("no clear difference"),
    "too_few": N_("too few incidents to say anything"),
}

meeting_org = Table(
    "meeting_org",
    Base.metadata,
    Column("meeting_id", Integer, ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)

action_incident = Table(
    "action_incident",
    Base.metadata,
    Column("action_id", Integer, ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", Integer, ForeignKey("incident.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(Base):
    """One EST meeting of a group: when, who took part (by organisation), the minutes."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_group_held", "group_id", "held_on"),
        # one meeting per group and start (the service says so in words; this guards races)
        Index("uq_meeting_group_start", "group_id", "held_on", "starts", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("est_group.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    starts: Mapped[str] = mapped_column(String(5), default="09:00")  # HH:MM, Stockholm time
    title: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    participants: Mapped[list[Organisation]] = relationship(secondary=meeting_org)
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="meeting", order_by="Decision.id", cascade="all, delete-orphan"
    )


class Decision(Base):
    """A decision in the minutes; the actions it created point back to it."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")


class Action(Base):
    """An insats: what is done, where, by whom, by when, with what, and how it went."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint(f"type IN {ACTION_TYPES!r}", name="type"),
        CheckConstraint(f"status IN {ACTION_STATUSES!r}", name="status"),
        CheckConstraint("start_on IS NULL OR due_on >= start_on", name="due_after_start"),
        Index("ix_action_owner_due", "owner_org_id", "due_on"),
        Index("ix_action_group_due", "group_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("est_group.id", ondelete="CASCADE"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    place_name: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    start_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float | None] = mapped_column(Float)  # planned: what it holds of its team
    hours_spent: Mapped[float | None] = mapped_column(Float)  # recorded when it is done
    cost_sek: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="planerad")
    prompted_by: Mapped[str] = mapped_column(String(200), default="")  # e.g. "signal klotter v. 47"
    category_codes: Mapped[str] = mapped_column(String(200), default="")  # what it acts on
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    owner: Mapped[Organisation] = relationship()
    area: Mapped[Area | None] = relationship()
    team: Mapped[Team | None] = relationship()
    history: Mapped[list[ActionEvent]] = relationship(
        order_by="ActionEvent.id", cascade="all, delete-orphan"
    )


class ActionEvent(Base):
    """One change of an action: its status from → to, or a note, by whom and when."""

    __tablename__ = "action_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="")

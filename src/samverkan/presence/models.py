"""Area teams (per district), their members with hours a week, and the presence plans made for
them: a plan is a week's stretches of each member at a place."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, utcnow
from samverkan.core.errors import N_
from samverkan.geo.models import Area
from samverkan.orgs.models import Organisation

ROLES = ("trygghetsvard", "brobyggare", "faltarbetare", "stadsdelssamordnare")
ROLE_LABELS = {
    "trygghetsvard": N_("safety host"),
    "brobyggare": N_("bridge builder"),
    "faltarbetare": N_("field worker"),
    "stadsdelssamordnare": N_("district coordinator"),
}
# How the solver ended: proven best, or the best it found before its time ran out.
PLAN_STATUS_LABELS = {
    "optimal": N_("optimal"),
    "time limit": N_("the best found in the time limit"),
}


class Team(Base):
    """The people an EST group has working in one district, and the least hours a week the
    district must get in a presence plan."""

    __tablename__ = "team"
    __table_args__ = (
        UniqueConstraint("group_id", "area_id", name="uq_team_group_area"),
        UniqueConstraint("group_id", "name", name="uq_team_group_name"),
        CheckConstraint("min_hours >= 0", name="min_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("est_group.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    min_hours: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    area: Mapped[Area] = relationship()
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", order_by="TeamMember.id", cascade="all, delete-orphan"
    )

    @property
    def hours(self) -> float:
        """The team's capacity: its members' hours a week together."""
        return sum(m.hours for m in self.members)


class TeamMember(Base):
    """A person in a team: name, role, employer and available hours a week."""

    __tablename__ = "team_member"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role"),
        CheckConstraint("hours >= 0 AND hours <= 168", name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(30))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    hours: Mapped[float] = mapped_column(Float)

    team: Mapped[Team] = relationship(back_populates="members")
    org: Mapped[Organisation] = relationship()


class PresencePlan(Base):
    """An EST group's presence plan for one week (its Monday); made again, it is replaced."""

    __tablename__ = "presence_plan"
    __table_args__ = (UniqueConstraint("group_id", "week", name="uq_presence_plan_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("est_group.id", ondelete="CASCADE"))
    week: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # "optimal", "time limit"
    objective: Mapped[float] = mapped_column(Float)
    greedy_objective: Mapped[float] = mapped_column(Float)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    stints: Mapped[list[PresenceStint]] = relationship(
        back_populates="plan",
        order_by="(PresenceStint.person, PresenceStint.start_hour)",
        cascade="all, delete-orphan",
    )


class PresenceStint(Base):
    """A member at a place for hours ``start_hour`` to ``end_hour`` of the week (0 = Monday
    00:00 Stockholm time, end exclusive). No place: present beyond every place's need.

    The person's name, role and team are kept as they were when the plan was made, so that a
    plan stays what it was when a member later leaves the team (``member_id`` is then null).
    The hours are wall-clock hours: in the weeks clocks change, a night stint is an hour
    shorter (March) or longer (October) in real time."""

    __tablename__ = "presence_stint"
    __table_args__ = (CheckConstraint("end_hour > start_hour", name="span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("presence_plan.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id", ondelete="SET NULL"))
    person: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(30))
    team: Mapped[str] = mapped_column(String(120))
    place: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    start_hour: Mapped[int] = mapped_column(Integer)
    end_hour: Mapped[int] = mapped_column(Integer)

    plan: Mapped[PresencePlan] = relationship(back_populates="stints")

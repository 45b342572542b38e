"""District plans: a district's goals over some years, each followed by indicators with a
baseline, a target and a deadline, and reached through EST actions and program measures; and
the interventions whose effect on a district is evaluated against comparable districts.

Re-exported by :mod:`samverkan.districts.models`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
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

# The program a measure belongs to (the partners' own programs beside EST's actions).
PROGRAMS = ("sysselsattning", "boende", "foreningar", "skola", "ovrigt")
PROGRAM_LABELS = {
    "sysselsattning": N_("employment"),
    "boende": N_("housing"),
    "foreningar": N_("associations"),
    "skola": N_("school"),
    "ovrigt": N_("other"),
}
MEASURE_STATUSES = ("planerad", "pagaende", "klar", "installd")
MEASURE_STATUS_LABELS = {
    "planerad": N_("planned"),
    "pagaende": N_("in progress"),
    "klar": N_("done"),
    "installd": N_("cancelled"),
}


class DistrictPlan(Base):
    """One organisation's plan for a district over some years (Stångåstaden's per district, the
    municipality's action plan against segregation and insecurity)."""

    __tablename__ = "district_plan"
    __table_args__ = (
        UniqueConstraint("area_id", "owner_org_id", "first_year"),
        CheckConstraint("last_year >= first_year", name="years"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(200))
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Goal.sort_order, Goal.id"
    )


class Goal(Base):
    """What a plan wants to change, followed by at least one indicator target."""

    __tablename__ = "district_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("district_plan.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[DistrictPlan] = relationship(back_populates="goals")
    targets: Mapped[list[Target]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="Target.id"
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="Measure.id"
    )
    action_links: Mapped[list[GoalAction]] = relationship(cascade="all, delete-orphan")


class Target(Base):
    """An indicator's baseline, its target and the year by which the target is to be met."""

    __tablename__ = "district_target"
    __table_args__ = (
        UniqueConstraint("goal_id", "indicator_id"),
        CheckConstraint("deadline_year > baseline_year", name="deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("district_goal.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("district_indicator.id", ondelete="RESTRICT")
    )
    baseline_year: Mapped[int] = mapped_column(Integer)
    baseline_value: Mapped[float] = mapped_column(Float)
    target_value: Mapped[float] = mapped_column(Float)
    deadline_year: Mapped[int] = mapped_column(Integer)

    goal: Mapped[Goal] = relationship(back_populates="targets")


class GoalAction(Base):
    """An EST action that works towards a goal."""

    __tablename__ = "district_goal_action"

    goal_id: Mapped[int] = mapped_column(
        ForeignKey("district_goal.id", ondelete="CASCADE"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )


class Measure(Base):
    """A program's measure towards a goal (a job-factory intake, a bosocial effort …)."""

    __tablename__ = "district_measure"
    __table_args__ = (
        code_in("program", PROGRAMS),
        code_in("status", MEASURE_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("district_goal.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    program: Mapped[str] = mapped_column(String(20))
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="planerad")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="measures")


class Intervention(Base):
    """A change made in one district from a given year (own trygghetsvärdar instead of guards
    from 2021), evaluated on an indicator against the comparable districts."""

    __tablename__ = "district_intervention"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    start_year: Mapped[int] = mapped_column(Integer)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("district_indicator.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

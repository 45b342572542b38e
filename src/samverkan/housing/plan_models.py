"""Safety plans (trygghetsplaner) of a housing company for an area or a property: the risks it
sees (likelihood and consequence 1–4, their product the risk level), the measures against them
(what, who, by when, their status, optionally an EST action of the joint work) and the days the
plan is to be reviewed. A plan holds no personal data: the owner is a user, a measure's owner a
role or a team in words."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

MEASURE_STATUSES = ("planned", "in_progress", "done", "cancelled")
MEASURE_STATUS_LABELS = {
    "planned": N_("planned"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}
# A measure still to do (overdue when its due date has passed).
MEASURE_OPEN = ("planned", "in_progress")


class SafetyPlan(Base):
    """A housing company's safety plan for an area and/or a property, over a period."""

    __tablename__ = "housing_safety_plan"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        Index("ix_safety_plan_org", "org_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    property_name: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    risks: Mapped[list[PlanRisk]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanRisk.id"
    )
    measures: Mapped[list[PlanMeasure]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(PlanMeasure.due_on, PlanMeasure.id)",
    )
    reviews: Mapped[list[PlanReview]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(PlanReview.due_on, PlanReview.id)",
    )


class PlanRisk(Base):
    """A risk of the plan: what may happen, how likely (1–4) and how bad (1–4)."""

    __tablename__ = "housing_plan_risk"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 4", name="likelihood"),
        CheckConstraint("consequence BETWEEN 1 AND 4", name="consequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("housing_safety_plan.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(Integer)
    consequence: Mapped[int] = mapped_column(Integer)

    plan: Mapped[SafetyPlan] = relationship(back_populates="risks")


class PlanMeasure(Base):
    """A measure of the plan (against one of its risks, or the plan as a whole)."""

    __tablename__ = "housing_plan_measure"
    __table_args__ = (code_in("status", MEASURE_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("housing_safety_plan.id", ondelete="CASCADE"), index=True
    )
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("housing_plan_risk.id", ondelete="SET NULL")
    )
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    done_on: Mapped[date | None] = mapped_column(Date)
    # an EST action of the joint work this measure is part of (one the editor could see)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"))

    plan: Mapped[SafetyPlan] = relationship(back_populates="measures")


class PlanReview(Base):
    """A day the plan is to be reviewed, and when it was (with what was concluded)."""

    __tablename__ = "housing_plan_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("housing_safety_plan.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[SafetyPlan] = relationship(back_populates="reviews")

"""Summer jobs required through procurement: the housing company's contracts with a contractor
and the contractor's reports of the young people employed (counted, never named). Re-exported
by :mod:`.models`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from samverkan.core.db import Base, UTCDateTime, utcnow


class SummerContract(Base):
    """A procurement contract of the housing company (``org_id``) with a contractor
    (``contractor_org_id``, an organisation whose reporters report) that requires summer jobs:
    the target group, how many young people or months of work, and the period."""

    __tablename__ = "employment_summer_contract"
    __table_args__ = (
        CheckConstraint("required_people >= 0", name="required_people"),
        CheckConstraint("period_end >= period_start", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    contractor_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    target_group: Mapped[str] = mapped_column(String(200))
    required_people: Mapped[int] = mapped_column(Integer)
    required_months: Mapped[float | None] = mapped_column(Float)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SummerReport(Base):
    """A contractor's report of young people employed under a contract: how many, of which age
    band and district, for how many months. No names: the requirement is counted, not who."""

    __tablename__ = "employment_summer_report"
    __table_args__ = (
        CheckConstraint("people > 0", name="people"),
        CheckConstraint("months >= 0", name="months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("employment_summer_contract.id", ondelete="CASCADE"), index=True
    )
    employed_on: Mapped[date] = mapped_column(Date)
    age_band: Mapped[str] = mapped_column(String(10))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    people: Mapped[int] = mapped_column(Integer)
    months: Mapped[float] = mapped_column(Float)
    reported_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

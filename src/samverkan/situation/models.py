"""What the lägesbild keeps: the samordnare's level for an area and week, with the reason."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from samverkan.core.db import Base, UTCDateTime, utcnow

LEVEL_CODES = ("gron", "gul", "orange", "rod")


class LevelOverride(Base):
    """A level set by hand for one area and ISO week; the latest one counts, all are kept."""

    __tablename__ = "level_override"
    __table_args__ = (
        CheckConstraint(f"level IN {LEVEL_CODES!r}", name="level"),
        Index("ix_level_override_area_week", "area_id", "week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    week: Mapped[date] = mapped_column(Date)  # the Monday
    level: Mapped[str] = mapped_column(String(10))
    computed: Mapped[str] = mapped_column(String(10))  # what the rule gave when it was set
    reason: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("app_user.id", ondelete="SET NULL")
    )
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""Areas and which EST groups cover them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, utcnow
from samverkan.core.errors import N_

AREA_KINDS = ("kommun", "stadsdel", "delomrade")


class Area(Base):
    """A part of the map the partners talk about: the municipality, a district, a sub-area.

    The polygon is WGS 84 well-known binary, stored the same way on SQLite and PostgreSQL,
    with its bounding box beside it for cheap filtering. ``code`` is an optional SCB DeSO or
    RegSO code. ``approximate`` marks outlines drawn by hand rather than taken from a register.
    """

    __tablename__ = "area"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        CheckConstraint(f"kind IN {AREA_KINDS!r}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(32), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id", ondelete="RESTRICT"), index=True
    )
    geom_wkb: Mapped[bytes] = mapped_column(LargeBinary)
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    population: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    parent: Mapped[Area | None] = relationship(remote_side=[id])


est_group_area = Table(
    "est_group_area",
    Base.metadata,
    Column("group_id", Integer, ForeignKey("est_group.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)

AREA_KIND_LABELS = {
    "kommun": N_("municipality"),
    "stadsdel": N_("district"),
    "delomrade": N_("sub-area"),
}

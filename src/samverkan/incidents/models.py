"""EST categories and incidents: what happened, where, reported by whom, visible to whom."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, utcnow
from samverkan.core.errors import N_
from samverkan.geo.models import Area
from samverkan.orgs.models import Organisation

PRECISIONS = ("exakt", "adress", "omrade", "kommun")
PLACE_TYPES = ("offentlig", "halvoffentlig")
VISIBILITIES = ("delad", "egen", "polis")
STATUSES = ("mottagen", "granskad", "dubblett")
SOURCES = ("formular", "api", "import", "polisen", "open311")
TIME_BANDS = ("natt", "morgon", "dag", "kvall", "dygn")

PRECISION_LABELS = {
    "exakt": N_("exact position"),
    "adress": N_("address"),
    "omrade": N_("area only"),
    "kommun": N_("municipality only"),
}
VISIBILITY_LABELS = {
    "delad": N_("shared with the EST group"),
    "egen": N_("own organisation only"),
    "polis": N_("police only"),
}
STATUS_LABELS = {
    "mottagen": N_("received"),
    "granskad": N_("reviewed"),
    "dubblett": N_("duplicate"),
}
SOURCE_LABELS = {
    "formular": N_("web form"),
    "api": N_("API"),
    "import": N_("file import"),
    "polisen": N_("police events"),
    "open311": N_("Open311"),
}
TIME_BAND_LABELS = {
    "natt": N_("night (00–06)"),
    "morgon": N_("morning (06–10)"),
    "dag": N_("day (10–18)"),
    "kvall": N_("evening (18–24)"),
    "dygn": N_("some time that day"),
}


class Category(Base):
    """An EST category with a stable code (``skadegorelse``…) and Swedish and English labels.

    A category may sit below another (Bilbrand below Brand). A used category is retired, never
    deleted, so that old incidents keep their meaning.
    """

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"))
    label_sv: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    description_sv: Mapped[str] = mapped_column(String(400), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped[Category | None] = relationship(remote_side=[id])

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_sv


class Incident(Base):
    """One report about a place: what happened, when, where and how sure the reporter is.

    Never about a person: free text is redacted at intake. ``visibility`` decides who sees it
    (``orgs.policy``); ``external_id`` is unique per source and organisation so that imports and
    API retries never store a report twice.
    """

    __tablename__ = "incident"
    __table_args__ = (
        UniqueConstraint("source", "org_id", "external_id"),
        CheckConstraint(f"precision IN {PRECISIONS!r}", name="precision"),
        CheckConstraint(f"visibility IN {VISIBILITIES!r}", name="visibility"),
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        CheckConstraint(f"source IN {SOURCES!r}", name="source"),
        CheckConstraint("severity BETWEEN 1 AND 3", name="severity"),
        Index("ix_incident_area_occurred", "area_id", "occurred_at"),
        Index("ix_incident_occurred", "occurred_at"),
        # A police event is one incident whoever imports the feed (the police or a partner).
        Index(
            "uq_incident_polisen_event",
            "external_id",
            unique=True,
            sqlite_where=text("source = 'polisen'"),
            postgresql_where=text("source = 'polisen'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    reporter_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    reporter_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_token.id", ondelete="SET NULL")
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    occurred_end: Mapped[datetime | None] = mapped_column(UTCDateTime())
    time_band: Mapped[str | None] = mapped_column(String(10))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(10))
    place_name: Mapped[str] = mapped_column(String(200), default="")
    place_type: Mapped[str | None] = mapped_column(String(20))
    place_detail: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[int] = mapped_column(Integer, default=2)
    suspected: Mapped[bool] = mapped_column(Boolean, default=False)
    people_count: Mapped[int | None] = mapped_column(Integer)
    youth_involved: Mapped[bool | None] = mapped_column(Boolean)
    police_report_filed: Mapped[bool] = mapped_column(Boolean, default=False)
    police_report_ref: Mapped[str] = mapped_column(String(60), default="")
    visibility: Mapped[str] = mapped_column(String(10), default="delad")
    status: Mapped[str] = mapped_column(String(10), default="mottagen")
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("incident.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(10))
    external_id: Mapped[str | None] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(400), default="")
    redacted_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    category: Mapped[Category] = relationship()
    org: Mapped[Organisation] = relationship()
    area: Mapped[Area | None] = relationship()


class WeekCount(Base):
    """How many incidents of one kind happened in one ISO week: the lägesbild's running totals.

    Kept up to date on every write (see :mod:`samverkan.incidents.counts`) so a week's picture
    costs the same whatever the length of the history. Split by reporting organisation and
    visibility, so what a reader may see is summed without touching the incidents. Duplicates
    and incidents without an area are not counted.
    """

    __tablename__ = "incident_week_count"
    # a district's weeks in order: the picture of one area reads a range of them
    __table_args__ = (Index("ix_incident_week_count_area_week", "area_id", "week"),)

    week: Mapped[date] = mapped_column(Date, primary_key=True)  # the Monday, Stockholm time
    area_id: Mapped[int] = mapped_column(
        ForeignKey("area.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    visibility: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class SlotCount(Base):
    """The same totals by weekday (0 = Monday) and time band: the week's heatmap."""

    __tablename__ = "incident_slot_count"
    __table_args__ = (Index("ix_incident_slot_count_area_week", "area_id", "week"),)

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    area_id: Mapped[int] = mapped_column(
        ForeignKey("area.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    visibility: Mapped[str] = mapped_column(String(10), primary_key=True)
    weekday: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    band: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class TotalsVersion(Base):
    """One row counting the changes of the weekly totals: what a cached picture is checked
    against (a cheap read, where a count of the totals would not be)."""

    __tablename__ = "incident_totals_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)

"""Safety walks (trygghetsronderingar) of a housing company: a walk through an area on a day,
who walked, and its findings — each with a category of the checklist, a place (a WGS 84 point
or a named place), a responsible party and optionally a photo (re-encoded, without metadata,
stored in the database). Every finding is also a work order (open → assigned → done →
verified), and is filed as an anonymous EST incident of the joint lägesbild through the
incidents' intake service (``incident_id``). A walk holds no personal data of tenants: walkers
are the company's users and free text such as "hyresgästföreningen"."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

# The checklist's categories, each with the EST category its findings are filed under.
CATEGORIES = (
    "lighting",
    "vegetation",
    "locks",
    "stairwells",
    "waste_rooms",
    "graffiti",
    "play_areas",
    "parking",
    "other",
)
CATEGORY_LABELS = {
    "lighting": N_("lighting"),
    "vegetation": N_("vegetation"),
    "locks": N_("locks and entrances"),
    "stairwells": N_("stairwells"),
    "waste_rooms": N_("waste rooms"),
    "graffiti": N_("graffiti"),
    "play_areas": N_("play areas"),
    "parking": N_("parking"),
    "other": N_("other"),
}
EST_CATEGORY = {
    "lighting": "belysning",
    "vegetation": "skymd_sikt",
    "locks": "skadegorelse",
    "stairwells": "otrygg_plats",
    "waste_rooms": "nedskrapning",
    "graffiti": "klotter",
    "play_areas": "skadegorelse",
    "parking": "otrygg_plats",
    "other": "ovrigt",
}
RESPONSIBLES = ("housing_company", "technical_office", "contractor", "other")
RESPONSIBLE_LABELS = {
    "housing_company": N_("the housing company"),
    "technical_office": N_("the municipality's technical office"),
    "contractor": N_("contractor"),
    "other": N_("other"),
}
# A work order's statuses, in the only order they may be reached.
STATUSES = ("open", "assigned", "done", "verified")
STATUS_LABELS = {
    "open": N_("open"),
    "assigned": N_("assigned"),
    "done": N_("done"),
    "verified": N_("verified"),
}
PHOTO_TYPES = ("image/jpeg", "image/png")
# A checklist item's answer on a walk.
ANSWERS = ("ok", "finding", "not_checked")
ANSWER_LABELS = {"ok": N_("ok"), "finding": N_("finding"), "not_checked": N_("not checked")}
# The checklist every housing company starts with (it adds and disables items of its own).
DEFAULT_CHECKLIST = (
    ("lighting", N_("Outdoor lighting works along paths and at entrances")),
    ("vegetation", N_("Bushes and trees do not block the view")),
    ("locks", N_("Entrance doors close and lock")),
    ("stairwells", N_("Stairwells are lit, clean and free of stored things")),
    ("waste_rooms", N_("Waste rooms are locked and tidy")),
    ("graffiti", N_("No graffiti or vandalism")),
    ("play_areas", N_("Play areas are whole and safe")),
    ("parking", N_("Parking and garages are lit and in order")),
)


class ChecklistItem(Base):
    """An item of a housing company's safety-walk checklist, under one of the categories."""

    __tablename__ = "housing_checklist_item"
    __table_args__ = (code_in("category", CATEGORIES), Index("ix_checklist_org", "org_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WalkAnswer(Base):
    """A walk's answer to a checklist item: ok, a finding, or not checked."""

    __tablename__ = "housing_walk_answer"
    __table_args__ = (
        code_in("answer", ANSWERS),
        UniqueConstraint("walk_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(
        ForeignKey("housing_safety_walk.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("housing_checklist_item.id", ondelete="CASCADE")
    )
    answer: Mapped[str] = mapped_column(String(12))


class SafetyWalk(Base):
    """A walk of a housing company through one of the districts, on a day."""

    __tablename__ = "housing_safety_walk"
    __table_args__ = (Index("ix_safety_walk_org", "org_id", "walked_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"))
    walked_on: Mapped[date] = mapped_column(Date)
    # the company's users who walked (names as given) and others, e.g. "hyresgästföreningen"
    walkers: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    findings: Mapped[list[Finding]] = relationship(
        back_populates="walk", cascade="all, delete-orphan", order_by="Finding.id"
    )
    answers: Mapped[list[WalkAnswer]] = relationship(
        cascade="all, delete-orphan", order_by="WalkAnswer.item_id"
    )


class Finding(Base):
    """Something found on a walk: its category, place, responsible party and photo."""

    __tablename__ = "housing_walk_finding"
    __table_args__ = (
        code_in("category", CATEGORIES),
        code_in("responsible", RESPONSIBLES),
        code_in("photo_type", PHOTO_TYPES, nullable=True),
        CheckConstraint("(lat IS NOT NULL AND lon IS NOT NULL) OR place_name <> ''", name="place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(
        ForeignKey("housing_safety_walk.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    responsible: Mapped[str] = mapped_column(String(20))
    responsible_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    photo_type: Mapped[str | None] = mapped_column(String(20))
    # the anonymous EST incident this finding was filed as (None: outside every EST area)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    walk: Mapped[SafetyWalk] = relationship(back_populates="findings")
    order: Mapped[WorkOrder] = relationship(
        back_populates="finding", cascade="all, delete-orphan", uselist=False
    )


class WorkOrder(Base):
    """The work order of a finding, with the day and the user of each step."""

    __tablename__ = "housing_work_order"
    __table_args__ = (code_in("status", STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("housing_walk_finding.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_on: Mapped[date] = mapped_column(Date)
    assigned_to: Mapped[str] = mapped_column(String(200), default="")
    assigned_on: Mapped[date | None] = mapped_column(Date)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    verified_on: Mapped[date | None] = mapped_column(Date)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    finding: Mapped[Finding] = relationship(back_populates="order")

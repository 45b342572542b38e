"""The facts of a district: indicators and their yearly values per area, the imports they came
from, the profile's own facts (the police classification, the area type, the homes planned and
built) and the notes of resident dialogue.

An indicator is one yearly series per area (the employment rate 20–64, the trygghetsindex,
klotter per year …). Its values come from a statistics file (PX or CSV, mapped to areas by
``Area.code``), are typed in, or — for an indicator with ``est_category`` — are read from
EST's own weekly totals when asked for and never stored, so there is no second count.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
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

# What kind of number a value is: a level (an index, a mean, SEK), a count of something (people,
# homes, incidents) or a rate (a share in %, per 1,000 residents).
KINDS = ("level", "count", "rate")
KIND_LABELS = {"level": N_("level"), "count": N_("count"), "rate": N_("rate")}
# Which way is better: a rising employment rate, a falling ill-health figure.
DIRECTIONS = ("up", "down")
DIRECTION_LABELS = {"up": N_("higher is better"), "down": N_("lower is better")}
# The sections of a district profile an indicator is shown in.
GROUPS = ("befolkning", "arbete", "utbildning", "halsa", "flytt", "boende", "trygghet", "est")
GROUP_LABELS = {
    "befolkning": N_("Population"),
    "arbete": N_("Work and income"),
    "utbildning": N_("Education"),
    "halsa": N_("Health"),
    "flytt": N_("Moving in and out"),
    "boende": N_("Housing"),
    "trygghet": N_("Safety and surveys"),
    "est": N_("EST incidents"),
}
# The police's classification of vulnerable areas (Polisen, "Utsatta områden").
POLICE_CLASSES = ("utsatt", "risk", "sarskilt_utsatt")
POLICE_CLASS_LABELS = {
    "utsatt": N_("vulnerable area"),
    "risk": N_("risk area"),
    "sarskilt_utsatt": N_("especially vulnerable area"),
}
# Delmos' Segregationsbarometern: area type 1 (large socio-economic challenges) to 5 (very
# good socio-economic conditions).
AREA_TYPES = (1, 2, 3, 4, 5)
AREA_TYPE_LABELS = {
    "1": N_("type 1: large socio-economic challenges"),
    "2": N_("type 2: socio-economic challenges"),
    "3": N_("type 3: socio-economically mixed"),
    "4": N_("type 4: good socio-economic conditions"),
    "5": N_("type 5: very good socio-economic conditions"),
}
DIALOGUE_KINDS = ("dialog", "intervju", "enkat", "vandring", "ovrigt")
DIALOGUE_KIND_LABELS = {
    "dialog": N_("resident dialogue"),
    "intervju": N_("interviews"),
    "enkat": N_("survey"),
    "vandring": N_("safety walk"),
    "ovrigt": N_("other"),
}
IMPORT_FORMATS = ("px", "csv", "form")


class Indicator(Base):
    """A yearly measure of a district, with its unit, which way is better and its source."""

    __tablename__ = "district_indicator"
    __table_args__ = (
        code_in("kind", KINDS),
        code_in("direction", DIRECTIONS),
        code_in("grp", GROUPS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(30), default="")
    kind: Mapped[str] = mapped_column(String(10))
    direction: Mapped[str] = mapped_column(String(4))
    grp: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text, default="")
    # The EST category (its code, with those below it) whose weekly totals are this indicator.
    est_category: Mapped[str | None] = mapped_column(String(40))
    # A count of residents: small numbers are suppressed when shown (core.suppression).
    about_people: Mapped[bool] = mapped_column(Boolean, default=False)
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StatImport(Base):
    """One statistics file read into the indicators: what it added and what it could not place."""

    __tablename__ = "district_stat_import"
    __table_args__ = (code_in("format", IMPORT_FORMATS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    indicator_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    years: Mapped[list[int]] = mapped_column(JSON, default=list)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    # Codes of the file that match no area: [{"code": ..., "name": ...}], listed, never dropped.
    unmatched: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IndicatorValue(Base):
    """The value of one indicator in one area and year (one row: a re-import replaces it)."""

    __tablename__ = "district_indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "area_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("district_indicator.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("district_stat_import.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    indicator: Mapped[Indicator] = relationship()


class AreaProfile(Base):
    """The facts of a district that are not yearly series: how the police classify it, its area
    type in Segregationsbarometern and the homes planned and finished."""

    __tablename__ = "district_profile"
    __table_args__ = (
        code_in("police_class", POLICE_CLASSES, nullable=True),
        CheckConstraint("area_type BETWEEN 1 AND 5", name="area_type"),
    )

    area_id: Mapped[int] = mapped_column(
        ForeignKey("area.id", ondelete="CASCADE"), primary_key=True
    )
    police_class: Mapped[str | None] = mapped_column(String(20))
    police_class_year: Mapped[int | None] = mapped_column(Integer)
    area_type: Mapped[int | None] = mapped_column(Integer)
    area_type_year: Mapped[int | None] = mapped_column(Integer)
    homes_planned: Mapped[int | None] = mapped_column(Integer)
    homes_finished: Mapped[int | None] = mapped_column(Integer)
    homes_note: Mapped[str] = mapped_column(Text, default="")
    updated_by_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DialogueNote(Base):
    """What residents said in a dialogue, interviews or a survey (redacted of personal data at
    the door: it is about the district, never about a person)."""

    __tablename__ = "district_dialogue_note"
    __table_args__ = (code_in("kind", DIALOGUE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[int | None] = mapped_column(Integer)
    redacted_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


from samverkan.districts.plan_models import (  # noqa: E402  (one models module for the domain)
    DistrictPlan,
    Goal,
    GoalAction,
    Intervention,
    Measure,
    Target,
)

__all__ = [
    "AreaProfile",
    "DialogueNote",
    "DistrictPlan",
    "Goal",
    "GoalAction",
    "Indicator",
    "IndicatorValue",
    "Intervention",
    "Measure",
    "StatImport",
    "Target",
]

"""Associations with counter-demands (motkrav): the local associations a housing company or the
municipality supports, the agreements that say what each gives back to the district's children
and young people, the activities the association reports, and the payment periods released
once the period's report is in.

An association is itself an organisation of samverkan (kind ``forening``): its ``rapportor``
accounts report its activities. Attendance is counted by age band and gender, never named.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_

# What an association does (its kinds, and the kind of each activity): the breadth of a district.
KINDS = ("idrott", "kultur", "dans", "teater", "musik", "programmering", "laxhjalp", "ovrigt")
KIND_LABELS = {
    "idrott": N_("sport"),
    "kultur": N_("culture"),
    "dans": N_("dance"),
    "teater": N_("theatre"),
    "musik": N_("music"),
    "programmering": N_("programming"),
    "laxhjalp": N_("homework help"),
    "ovrigt": N_("other"),
}
# The form of one activity: what a commitment counts ("30 open training sessions", "2 events").
FORMS = ("traning", "oppen", "evenemang", "kurs", "match", "lager")
FORM_LABELS = {
    "traning": N_("training session"),
    "oppen": N_("open activity"),
    "evenemang": N_("event"),
    "kurs": N_("course"),
    "match": N_("match or performance"),
    "lager": N_("camp"),
}
# Attendance by age band (years, inclusive; the bands of LOK-stöd's 7–25 split up) and gender.
AGE_BANDS = ("0-6", "7-12", "13-16", "17-20", "21-25", "26-")
AGE_BAND_BOUNDS = {
    "0-6": (0, 6),
    "7-12": (7, 12),
    "13-16": (13, 16),
    "17-20": (17, 20),
    "21-25": (21, 25),
    "26-": (26, None),
}
AGE_BAND_LABELS = {b: b.replace("-", "–") if b != "26-" else "26+" for b in AGE_BANDS}
GENDERS = ("flicka", "pojke", "annat")
GENDER_LABELS = {
    "flicka": N_("girls and women"),
    "pojke": N_("boys and men"),
    "annat": N_("other or not stated"),
}
# What a commitment counts: the activities that count, or the visits to them (participants).
UNITS = ("tillfallen", "deltagare")
UNIT_LABELS = {"tillfallen": N_("activities"), "deltagare": N_("participant visits")}
SUPPORTER_KINDS = ("kommun", "bostadsbolag")
# Why an activity does not count under an agreement's rules (analysis.rules.shortfalls).
SHORTFALL_LABELS = {
    "too_short": N_("too short"),
    "no_leader": N_("too few leaders"),
    "too_few": N_("too few participants in the age range"),
}

association_district = Table(
    "association_district",
    Base.metadata,
    Column(
        "association_id",
        ForeignKey("association.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class Association(Base):
    """A local association (sport, culture, dance, theatre, programming …) in the register: its
    own organisation in samverkan (``org_id``, kind ``forening``, whose name it bears), its
    organisation number, the kinds of activity it runs and the districts it is active in."""

    __tablename__ = "association"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), unique=True
    )
    orgnr: Mapped[str] = mapped_column(String(11), unique=True)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    org = relationship("Organisation", foreign_keys=[org_id], lazy="joined")
    districts = relationship("Area", secondary=association_district, order_by="Area.name")
    contacts: Mapped[list[AssociationContact]] = relationship(
        back_populates="association",
        cascade="all, delete-orphan",
        order_by="AssociationContact.id",
    )

    @property
    def name(self) -> str:
        return str(self.org.name)


class AssociationContact(Base):
    """A person the supporters reach the association through (chair, treasurer, a leader): the
    association's own contact details, not a resident's."""

    __tablename__ = "association_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    association: Mapped[Association] = relationship(back_populates="contacts")


class Agreement(Base):
    """A supporter's (a housing company's or the municipality's, ``supporter_org_id``) support of
    an association over a period, and what the association gives back: described in words and
    quantified in its commitments. The optional rule set in the style of LOK-stöd (a minimum
    duration, leaders present, a minimum of participants in an age range) says which activities
    count; with none set, every activity of the agreement counts."""

    __tablename__ = "association_agreement"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("amount_sek >= 0", name="amount_sek"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    supporter_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    amount_sek: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    counter_performance: Mapped[str] = mapped_column(Text, default="")
    rule_min_minutes: Mapped[int | None] = mapped_column(Integer)
    rule_min_leaders: Mapped[int | None] = mapped_column(Integer)
    rule_min_participants: Mapped[int | None] = mapped_column(Integer)
    rule_age_min: Mapped[int | None] = mapped_column(Integer)
    rule_age_max: Mapped[int | None] = mapped_column(Integer)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    association: Mapped[Association] = relationship(lazy="joined")
    supporter = relationship("Organisation", foreign_keys=[supporter_org_id], lazy="joined")
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="Commitment.id"
    )
    periods: Mapped[list[PaymentPeriod]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="PaymentPeriod.period_start",
    )


class Commitment(Base):
    """One quantified counter-performance of an agreement: ``required`` activities (or
    participant visits) of the given forms (none: any), in one district (none: any), counted
    over the agreement's period by its rule set — e.g. 30 open training sessions for
    7–20-year-olds in Skäggetorp."""

    __tablename__ = "association_commitment"
    __table_args__ = (CheckConstraint("required > 0", name="required"), code_in("unit", UNITS))

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("association_agreement.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(String(300))
    required: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20), default="tillfallen")
    forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))

    agreement: Mapped[Agreement] = relationship(back_populates="commitments")
    district = relationship("Area", lazy="joined")


class PaymentPeriod(Base):
    """A part of an agreement's period with its share of the amount. The association says when
    its report for the period is in; only then may the supporter release the payment (a status,
    not a payment system)."""

    __tablename__ = "association_payment_period"
    __table_args__ = (CheckConstraint("period_end >= period_start", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("association_agreement.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount_sek: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )

    agreement: Mapped[Agreement] = relationship(back_populates="periods")

    @property
    def status(self) -> str:
        """``waiting`` for the report, ``reported`` (may be released), ``released``."""
        if self.released_at is not None:
            return "released"
        return "reported" if self.reported_at is not None else "waiting"


PERIOD_STATUS_LABELS = {
    "waiting": N_("waiting for the report"),
    "reported": N_("report in: may be released"),
    "released": N_("payment released"),
}


class Activity(Base):
    """An activity the association reports: when, where, what, how long, how many leaders, and
    its attendance by age band and gender (``attendance``, numbers only). Under an agreement of
    the association (within its period) or on its own (it still shows in the district's
    breadth and the EST calendar)."""

    __tablename__ = "association_activity"
    __table_args__ = (
        code_in("kind", KINDS),
        code_in("form", FORMS),
        CheckConstraint("minutes > 0", name="minutes"),
        CheckConstraint("leaders >= 0", name="leaders"),
        CheckConstraint("participants >= 0", name="participants"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(
        ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("association_agreement.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    form: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(Integer)
    leaders: Mapped[int] = mapped_column(Integer)
    participants: Mapped[int] = mapped_column(Integer)  # the sum of the attendance
    reported_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attendance: Mapped[list[Attendance]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Attendance.age_band"
    )


class Attendance(Base):
    """How many of one age band and gender came to an activity."""

    __tablename__ = "association_attendance"
    __table_args__ = (
        UniqueConstraint("activity_id", "age_band", "gender"),
        code_in("age_band", AGE_BANDS),
        code_in("gender", GENDERS),
        CheckConstraint("people >= 0", name="people"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("association_activity.id", ondelete="CASCADE"), index=True
    )
    age_band: Mapped[str] = mapped_column(String(10))
    gender: Mapped[str] = mapped_column(String(10))
    people: Mapped[int] = mapped_column(Integer)

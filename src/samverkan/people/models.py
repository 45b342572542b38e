"""The person register: residents known to one organisation's programs, the legal basis for
holding each of them, who has read them, what was erased, and each organisation's period.

Personal data is encrypted at rest (:class:`samverkan.core.crypto.Encrypted`); the
personnummer also has a keyed hash, so that a person is found (and a second record refused)
without decrypting anything. The hash includes the organisation, so the same person held by two
organisations gives two unrelated hashes: their records never meet, not even in the database.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.crypto import Encrypted
from samverkan.core.db import Base, UTCDateTime, utcnow
from samverkan.core.errors import N_

# The legal bases of GDPR art. 6(1) a–e as Swedish public bodies and their companies use them.
BASES = ("consent", "contract", "legal_obligation", "vital_interest", "public_task", "authority")
BASIS_LABELS = {
    "consent": N_("consent (art. 6.1 a)"),
    "contract": N_("contract (art. 6.1 b)"),
    "legal_obligation": N_("legal obligation (art. 6.1 c)"),
    "vital_interest": N_("vital interest (art. 6.1 d)"),
    "public_task": N_("task in the public interest (art. 6.1 e)"),
    "authority": N_("exercise of official authority (art. 6.1 e)"),
}
# What the data is held for; program modules use these codes when they ask for a basis.
PURPOSES = ("casework", "employment", "housing", "bosocial", "association")
PURPOSE_LABELS = {
    "casework": N_("case work and contact"),
    "employment": N_("employment programs"),
    "housing": N_("housing safety"),
    "bosocial": N_("bosocial contract"),
    "association": N_("association activities"),
}
# How a person was read, for the access log.
VIEWS = ("page", "api", "search", "export_json", "export_pdf")
VIEW_LABELS = {
    "page": N_("opened the person's page"),
    "api": N_("read through the API"),
    "search": N_("found in a search"),
    "export_json": N_("exported (JSON)"),
    "export_pdf": N_("exported (PDF)"),
    "export_csv": N_("in an export (CSV)"),
}
ERASURE_REASON_LABELS = {
    "request": N_("on the person's request"),
    "retention": N_("retention period passed"),
}


class Person(Base):
    """A resident known to one organisation: the organisation's handläggare and admins see the
    record, nobody else. ``last_entry_at`` is when anything was last written about the person
    (here or in a program module): the retention period counts from it."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("org_id", "pnr_hash", name="uq_person_org_pnr"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    pnr: Mapped[str] = mapped_column(Encrypted("person", "pnr"))
    pnr_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Encrypted("person", "name"))
    phone: Mapped[str | None] = mapped_column(Encrypted("person", "phone"))
    email: Mapped[str | None] = mapped_column(Encrypted("person", "email"))
    address: Mapped[str | None] = mapped_column(Encrypted("person", "address"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    last_entry_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    bases: Mapped[list[LegalBasis]] = relationship(
        back_populates="person", order_by="LegalBasis.id", cascade="all, delete-orphan"
    )


class LegalBasis(Base):
    """Why the organisation may hold a person for one purpose: the basis, since when, who
    recorded it, and (for consent) when it was withdrawn and by whom."""

    __tablename__ = "person_basis"
    __table_args__ = (
        CheckConstraint(f"basis IN {BASES!r}", name="basis"),
        CheckConstraint(f"purpose IN {PURPOSES!r}", name="purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    basis: Mapped[str] = mapped_column(String(30))
    since: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Encrypted("person_basis", "note"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship(back_populates="bases")

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class PersonErasure(Base):
    """The receipt of one erasure: which organisation's record, when, by whom, why, and how
    many rows of each kind went. It names no one: ``receipt`` is what the person is given."""

    __tablename__ = "person_erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt: Mapped[str] = mapped_column(String(36), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    person_ref: Mapped[int] = mapped_column(Integer)  # the record's id, now unused
    reason: Mapped[str] = mapped_column(String(20))  # "request", "retention"
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    erased_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    what: Mapped[dict[str, int]] = mapped_column(JSON)


class PersonAccess(Base):
    """One read of a person: who, when, how (:data:`VIEWS`). Kept when the person is erased
    (then linked to the erasure instead), so that the organisation can still answer who read
    the record; removed by its own retention period."""

    __tablename__ = "person_access"
    __table_args__ = (Index("ix_person_access_person_at", "person_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    erasure_id: Mapped[int | None] = mapped_column(
        ForeignKey("person_erasure.id", ondelete="SET NULL")
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))
    who: Mapped[str] = mapped_column(String(320))  # as it was then (a user may be deleted)
    view: Mapped[str] = mapped_column(String(20))


class PeopleRetention(Base):
    """An organisation's own retention period for its people, set by its admin (else the
    setting ``SAMVERKAN_RETENTION_PEOPLE_DAYS``)."""

    __tablename__ = "people_retention"
    __table_args__ = (CheckConstraint("days >= 0", name="days"),)

    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )

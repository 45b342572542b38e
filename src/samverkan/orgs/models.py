"""Who takes part: organisations, their users and roles, EST groups, tokens and web sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.db import Base, UTCDateTime, utcnow
from samverkan.core.errors import N_

ORG_KINDS = ("kommun", "polis", "bostadsbolag", "forening", "annan")
ROLES = ("admin", "samordnare", "rapportor", "analytiker", "handlaggare", "lasare")
CADENCES = ("weekly", "biweekly", "monthly")

ORG_KIND_LABELS = {
    "kommun": N_("municipality"),
    "polis": N_("police"),
    "bostadsbolag": N_("housing company"),
    "forening": N_("association"),
    "annan": N_("other"),
}
ROLE_LABELS = {
    "admin": N_("administrator"),
    "samordnare": N_("coordinator"),
    "rapportor": N_("reporter"),
    "analytiker": N_("analyst"),
    "handlaggare": N_("case worker"),
    "lasare": N_("reader"),
}
CADENCE_LABELS = {
    "weekly": N_("every week"),
    "biweekly": N_("every two weeks"),
    "monthly": N_("every month"),
}


class Organisation(Base):
    """A partner in the joint work: the municipality, the police, a housing company, an association.

    Every report, token and user belongs to one; what an organisation may see is decided by
    ``orgs.policy`` from the EST groups it is a member of.
    """

    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(f"kind IN {ORG_KINDS!r}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="org", cascade="all, delete-orphan"
    )


class User(Base):
    """A person who logs in. Passwords are argon2 hashes; a disabled user cannot log in."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_superadmin: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class Membership(Base):
    """A user's role in an organisation; a user may hold several roles in several organisations."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("user_id", "org_id", "role"),
        CheckConstraint(f"role IN {ROLES!r}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    org: Mapped[Organisation] = relationship(back_populates="memberships")


est_group_member = Table(
    "est_group_member",
    Base.metadata,
    Column("group_id", Integer, ForeignKey("est_group.id", ondelete="CASCADE"), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class EstGroup(Base):
    """A samverkansgrupp: the organisations that share an EST picture over the areas they cover.

    The owner organisation (usually the municipality) administers the group. Members see what
    is shared in the group for its areas and the areas below them; which areas a group covers
    is kept by ``geo`` (``est_group_area``), which stands above this domain.
    """

    __tablename__ = "est_group"
    __table_args__ = (CheckConstraint(f"cadence IN {CADENCES!r}", name="cadence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    owner_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    cadence: Mapped[str] = mapped_column(String(20), default="weekly")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner: Mapped[Organisation] = relationship()
    members: Mapped[list[Organisation]] = relationship(secondary=est_group_member)


class ApiToken(Base):
    """A credential for the JSON API. Only a SHA-256 of the secret is kept.

    An organisation's token is a machine acting for the organisation with reporting and
    reading rights. A personal token (``user_id`` set) is one user acting within the token's
    organisation with that user's roles there, so what it reads and writes is that person's
    (a case worker's system reading the person register names who read). It stops when the
    user is deactivated or loses every role in the organisation, and goes with the user.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    org: Mapped[Organisation] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class WebSession(Base):
    """A logged-in browser. The cookie holds a random id; only its SHA-256 is stored."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ip: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()

"""Writes about organisations, users, memberships, tokens and EST groups; every change audited."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.errors import N_, Conflict, Invalid, NotFound, PermissionDenied
from samverkan.orgs import policy, queries
from samverkan.orgs.models import (
    ApiToken,
    EstGroup,
    Membership,
    Organisation,
    User,
    WebSession,
    est_group_member,
)
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import GroupIn, MembershipIn, OrgIn, PasswordChangeIn, UserIn
from samverkan.orgs.security import digest, hash_password, new_token, verify_password

_TAKEN = {
    "name": N_("an organisation named %(name)s already exists"),
    "email": N_("a user with e-mail %(email)s already exists"),
}


def _flush_or_conflict(session: Session, field: str, **params: object) -> None:
    """Flush; a unique clash (a concurrent insert) becomes a Conflict on ``field``."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(_TAKEN[field], field=field, **params) from None


def create_org(session: Session, actor: Principal | None, data: OrgIn) -> Organisation:
    """Add an organisation (superadmin, or the CLI with ``actor=None``)."""
    if actor is not None and not policy.can_create_org(actor):
        raise PermissionDenied(N_("only a platform administrator may add organisations"))
    if queries.org_by_name(session, data.name):
        raise Conflict(
            N_("an organisation named %(name)s already exists"), field="name", name=data.name
        )
    org = Organisation(name=data.name, kind=data.kind)
    session.add(org)
    _flush_or_conflict(session, "name", name=data.name)
    audit.record(
        session,
        "org.create",
        actor=actor,
        object_type="organisation",
        object_id=org.id,
        detail={"name": org.name, "kind": org.kind},
    )
    return org


def create_user(
    session: Session, actor: Principal | None, data: UserIn, *, superadmin: bool = False
) -> User:
    """Add a user with a first role in one organisation."""
    if actor is not None and not policy.can_grant_role(actor, data.org_id, data.role):
        raise NotFound(N_("organisation not found"), field="org_id")
    if session.get(Organisation, data.org_id) is None:
        raise NotFound(N_("organisation not found"), field="org_id")
    if queries.user_by_email(session, data.email):
        raise Conflict(
            N_("a user with e-mail %(email)s already exists"), field="email", email=data.email
        )
    if superadmin and actor is not None and not actor.is_superadmin:
        raise PermissionDenied(N_("only a platform administrator may add organisations"))
    user = User(
        email=data.email,
        display_name=data.display_name,
        password_hash=hash_password(data.password),
        is_superadmin=superadmin,
    )
    user.memberships.append(Membership(org_id=data.org_id, role=data.role))
    session.add(user)
    _flush_or_conflict(session, "email", email=data.email)
    audit.record(
        session,
        "user.create",
        actor=actor,
        object_type="user",
        object_id=user.id,
        detail={"email": user.email, "org_id": data.org_id, "role": data.role},
    )
    return user


def add_membership(
    session: Session, actor: Principal | None, user_id: int, data: MembershipIn
) -> Membership:
    """Give a user a role in an organisation the actor administers."""
    target = session.get(User, user_id) if actor is None else queries.user(session, actor, user_id)
    if target is None and actor is not None and policy.can_admin_org(actor, data.org_id):
        target = session.get(User, user_id)
    if target is None:
        raise NotFound(N_("user not found"))
    if actor is not None:
        if not policy.can_grant_role(actor, data.org_id, data.role):
            raise NotFound(N_("organisation not found"), field="org_id")
        if not policy.can_change_own_membership(actor, user_id) and not actor.is_superadmin:
            raise PermissionDenied(N_("you cannot change your own roles"), field="role")
    exists = session.scalar(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.org_id == data.org_id,
            Membership.role == data.role,
        )
    )
    if exists:
        return exists
    m = Membership(user_id=user_id, org_id=data.org_id, role=data.role)
    session.add(m)
    session.flush()
    audit.record(
        session,
        "membership.add",
        actor=actor,
        object_type="user",
        object_id=user_id,
        detail={"org_id": data.org_id, "role": data.role},
    )
    return m


def remove_membership(session: Session, actor: Principal, membership_id: int) -> None:
    m = session.get(Membership, membership_id)
    if m is None or not policy.can_admin_org(actor, m.org_id):
        raise NotFound(N_("membership not found"))
    if not policy.can_change_own_membership(actor, m.user_id) and not actor.is_superadmin:
        raise PermissionDenied(N_("you cannot change your own roles"))
    detail: dict[str, object] = {"org_id": m.org_id, "role": m.role}
    session.delete(m)
    audit.record(
        session,
        "membership.remove",
        actor=actor,
        object_type="user",
        object_id=m.user_id,
        detail=detail,
    )


def end_sessions(session: Session, user_id: int, *, keep_id: int | None = None) -> int:
    """End every open web session of a user (but ``keep_id``); returns how many."""
    stmt = (
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    if keep_id is not None:
        stmt = stmt.where(WebSession.id != keep_id)
    return int(getattr(session.execute(stmt), "rowcount", 0))


def set_user_active(session: Session, actor: Principal | None, user_id: int, active: bool) -> User:
    """Enable or disable a login; disabling ends the user's sessions at once."""
    target = session.get(User, user_id) if actor is None else queries.user(session, actor, user_id)
    if target is None:
        raise NotFound(N_("user not found"))
    if actor is not None and actor.user_id == user_id:
        raise PermissionDenied(N_("you cannot disable yourself"))
    target.is_active = active
    if not active:
        end_sessions(session, user_id)
    audit.record(
        session,
        "user.enable" if active else "user.disable",
        actor=actor,
        object_type="user",
        object_id=user_id,
    )
    return target


def change_own_password(
    session: Session, actor: Principal, data: PasswordChangeIn, *, current_session_id: int | None
) -> None:
    """Change the caller's password; other sessions of the user end."""
    if actor.user_id is None:
        raise PermissionDenied(N_("only a person can change a password"))
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound(N_("user not found"))
    if not verify_password(user.password_hash, data.current):
        audit.record(
            session,
            "password.change",
            actor=actor,
            object_type="user",
            object_id=user.id,
            outcome="failed",
        )
        raise Invalid(N_("the current password is wrong"), field="current")
    if data.new != data.repeat:
        raise Invalid(N_("the new passwords differ"), field="repeat")
    user.password_hash = hash_password(data.new)
    user.password_changed_at = utcnow()
    end_sessions(session, user.id, keep_id=current_session_id)
    audit.record(session, "password.change", actor=actor, object_type="user", object_id=user.id)


def set_password(session: Session, user: User, password: str) -> None:
    """Set a password from the CLI (the operator's tool)."""
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_sessions(session, user.id)
    audit.record(session, "password.set", object_type="user", object_id=user.id)


def create_token(
    session: Session,
    actor: Principal | None,
    org_id: int,
    name: str,
    *,
    user_id: int | None = None,
) -> tuple[ApiToken, str]:
    """Make an API token for an organisation, or with ``user_id`` a personal token of that user
    within it; the secret is returned once and never stored. An organisation's admin makes its
    tokens; a personal token is made by its user alone (or the operator's CLI), since it acts as
    them."""
    if user_id is not None:
        if actor is not None and actor.user_id != user_id:
            raise NotFound(N_("user not found"), field="user_id")
        member = session.scalar(
            select(Membership).where(Membership.user_id == user_id, Membership.org_id == org_id)
        )
        user = session.get(User, user_id)
        if member is None or user is None or not user.is_active:
            raise NotFound(N_("organisation not found"), field="org_id")
    elif actor is not None and not policy.can_admin_org(actor, org_id):
        raise NotFound(N_("organisation not found"), field="org_id")
    if session.get(Organisation, org_id) is None:
        raise NotFound(N_("organisation not found"), field="org_id")
    name = name.strip()
    if not name:
        raise Invalid(N_("a token needs a label"), field="name")
    secret = new_token()
    token = ApiToken(
        org_id=org_id,
        name=name[:200],
        prefix=secret[:10],
        token_hash=digest(secret),
        created_by=actor.user_id if actor else None,
        user_id=user_id,
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        "token.create",
        actor=actor,
        object_type="api_token",
        object_id=token.id,
        detail={"org_id": org_id, "name": token.name, "personal": user_id is not None},
    )
    return token, secret


def revoke_token(session: Session, actor: Principal | None, token_id: int) -> ApiToken:
    """Revoke a token at once (the CLI passes ``actor=None``)."""
    token = session.get(ApiToken, token_id)
    own = (
        token is not None
        and actor is not None
        and actor.user_id is not None
        and token.user_id == actor.user_id
    )
    if token is None or (
        actor is not None and not own and not policy.can_admin_org(actor, token.org_id)
    ):
        raise NotFound(N_("token not found"))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            session, "token.revoke", actor=actor, object_type="api_token", object_id=token.id
        )
    return token


def create_group(session: Session, actor: Principal | None, data: GroupIn) -> EstGroup:
    """Start an EST group owned by an organisation (which becomes its first member)."""
    if actor is not None and not policy.can_create_group(actor, data.owner_org_id):
        raise NotFound(N_("organisation not found"), field="owner_org_id")
    owner = session.get(Organisation, data.owner_org_id)
    if owner is None:
        raise NotFound(N_("organisation not found"), field="owner_org_id")
    if session.scalar(select(EstGroup).where(EstGroup.name == data.name)):
        raise Conflict(
            N_("an EST group named %(name)s already exists"), field="name", name=data.name
        )
    group = EstGroup(name=data.name, owner_org_id=owner.id, cadence=data.cadence)
    group.members.append(owner)
    session.add(group)
    session.flush()
    audit.record(
        session,
        "group.create",
        actor=actor,
        object_type="est_group",
        object_id=group.id,
        detail={"name": group.name},
    )
    return group


def set_group_members(
    session: Session, actor: Principal | None, group_id: int, org_ids: set[int]
) -> EstGroup:
    """Replace a group's member organisations; the owner always stays a member."""
    group = session.get(EstGroup, group_id)
    if group is None or (actor is not None and not policy.can_see_group(actor, group_id)):
        raise NotFound(N_("EST group not found"))
    if actor is not None and not policy.can_manage_group(actor, group_id):
        raise PermissionDenied(N_("only the owner organisation's admins manage this group"))
    org_ids = set(org_ids) | {group.owner_org_id}
    if actor is not None:  # one the actor may not see answers as if it did not exist
        unseen = {o for o in org_ids if not policy.can_see_org(actor, o)}
        if unseen:
            raise NotFound(N_("organisation %(id)s not found"), field="org_ids", id=min(unseen))
    orgs = list(session.scalars(select(Organisation).where(Organisation.id.in_(org_ids))))
    missing = org_ids - {o.id for o in orgs}
    if missing:
        raise NotFound(N_("organisation %(id)s not found"), field="org_ids", id=min(missing))
    session.execute(delete(est_group_member).where(est_group_member.c.group_id == group_id))
    session.execute(
        est_group_member.insert(), [{"group_id": group_id, "org_id": o} for o in sorted(org_ids)]
    )
    session.expire(group, ["members"])
    audit.record(
        session,
        "group.members",
        actor=actor,
        object_type="est_group",
        object_id=group_id,
        detail={"org_ids": sorted(org_ids)},
    )
    return group

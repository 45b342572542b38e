"""Reads about organisations, users, tokens and EST groups, filtered by the policy."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import CompoundSelect, func, or_, select, union, union_all, update
from sqlalchemy.orm import Session, contains_eager, selectinload

from samverkan.core.models import AuditEvent
from samverkan.orgs import policy
from samverkan.orgs.models import (
    ApiToken,
    EstGroup,
    Membership,
    Organisation,
    User,
    est_group_member,
)
from samverkan.orgs.policy import Principal
from samverkan.orgs.security import digest


def _groups_select(org_ids: set[int]) -> CompoundSelect[tuple[int]]:
    """SQL: the EST groups these organisations are members or owners of (one UNION)."""
    return union(
        select(est_group_member.c.group_id).where(est_group_member.c.org_id.in_(org_ids)),
        select(EstGroup.id).where(EstGroup.owner_org_id.in_(org_ids)),
    )


def _groups_of(session: Session, org_ids: set[int]) -> frozenset[int]:
    """The EST groups these organisations are members or owners of."""
    if not org_ids:
        return frozenset()
    return frozenset(session.scalars(_groups_select(org_ids)))


def _groups_and_partners(
    session: Session, org_ids: set[int]
) -> tuple[frozenset[int], frozenset[int]]:
    """The EST groups these organisations are members or owners of, and every organisation in
    those groups (members and owners), in one query: a (group, organisation) row per member and
    per owner of each group; every group has an owner, so each one shows up."""
    if not org_ids:
        return frozenset(), frozenset()
    groups = _groups_select(org_ids).scalar_subquery()
    rows = session.execute(
        union_all(
            select(EstGroup.id, EstGroup.owner_org_id).where(EstGroup.id.in_(groups)),
            select(est_group_member.c.group_id, est_group_member.c.org_id).where(
                est_group_member.c.group_id.in_(groups)
            ),
        )
    ).all()
    return frozenset(g for g, _ in rows), frozenset(o for _, o in rows)


def group_ids_of_org(session: Session, org_id: int) -> frozenset[int]:
    """The EST groups an organisation is a member or owner of."""
    return _groups_of(session, {org_id})


def principal_for_user(
    session: Session, user: User, *, only_org: int | None = None, token_id: int | None = None
) -> Principal:
    """The principal of a logged-in user, with its roles, groups and partner organisations
    (with ``only_org``, as a personal API token of that organisation: its roles there only)."""
    roles: dict[int, set[str]] = defaultdict(set)
    memberships = select(Membership).where(Membership.user_id == user.id)
    if only_org is not None:
        memberships = memberships.where(Membership.org_id == only_org)
    for m in session.scalars(memberships):
        roles[m.org_id].add(m.role)
    org_ids = set(roles)
    groups, partners = _groups_and_partners(session, org_ids)
    admin_orgs = {o for o, r in roles.items() if policy.ADMIN in r}
    owned = frozenset(
        session.scalars(select(EstGroup.id).where(EstGroup.owner_org_id.in_(admin_orgs))).all()
        if admin_orgs
        else []
    )
    kinds: dict[int, str] = {}
    if org_ids:
        rows = session.execute(
            select(Organisation.id, Organisation.kind).where(Organisation.id.in_(org_ids))
        )
        kinds = {org_id: kind for org_id, kind in rows}
    return Principal(
        user_id=user.id,
        token_id=token_id,
        org_id=min(org_ids) if org_ids else None,
        roles={o: frozenset(r) for o, r in roles.items()},
        group_ids=groups,
        owned_group_ids=owned,
        partner_org_ids=partners,
        police_org_ids=frozenset(o for o, k in kinds.items() if k == "polis"),
        org_kinds=kinds,
        is_superadmin=user.is_superadmin and only_org is None,
        name=user.display_name or user.email,
    )


TOKEN_ROLES = frozenset({"rapportor", "lasare"})


def principal_for_token(session: Session, secret: str) -> tuple[Principal, ApiToken] | None:
    """The principal of a valid, unrevoked API token, or None.

    Checked against the database on every call (a revoked token stops at once): the token with
    its organisation in one query, its EST groups and their organisations in a second.
    """
    token = session.scalar(
        select(ApiToken)
        .join(ApiToken.org)
        .options(contains_eager(ApiToken.org))
        .where(ApiToken.token_hash == digest(secret), ApiToken.revoked_at.is_(None))
    )
    if token is None:
        return None
    if token.user_id is not None:  # a personal token: the user, within the token's organisation
        user = session.get(User, token.user_id)
        if user is None or not user.is_active:
            return None
        personal = principal_for_user(session, user, only_org=token.org_id, token_id=token.id)
        return (personal, token) if personal.roles else None
    groups, partners = _groups_and_partners(session, {token.org_id})
    police = frozenset({token.org_id}) if token.org.kind == "polis" else frozenset()
    principal = Principal(
        user_id=None,
        token_id=token.id,
        org_id=token.org_id,
        roles={token.org_id: TOKEN_ROLES},
        group_ids=groups,
        partner_org_ids=partners,
        police_org_ids=police,
        org_kinds={token.org_id: token.org.kind},
        name=token.name,
    )
    return principal, token


def reader_for_org(session: Session, org: Organisation) -> Principal:
    """What a reader of ``org`` sees (the operator's CLI asking on the organisation's behalf)."""
    groups, partners = _groups_and_partners(session, {org.id})
    return Principal(
        user_id=None,
        token_id=None,
        org_id=org.id,
        roles={org.id: frozenset({"lasare"})},
        group_ids=groups,
        partner_org_ids=partners,
        police_org_ids=frozenset({org.id}) if org.kind == "polis" else frozenset(),
        org_kinds={org.id: org.kind},
        name=org.name,
    )


def shared_reader(session: Session) -> Principal:
    """What every EST group shares: the ``delad`` incidents of all groups' areas, nothing an
    organisation keeps to itself or to the police (the operator's CLI without ``--org``)."""
    groups = frozenset(session.scalars(select(EstGroup.id)))
    return Principal(user_id=None, token_id=None, org_id=None, group_ids=groups, name="EST")


def touch_token(session: Session, token_id: int, when: datetime) -> None:
    """Note when a token was last used (bookkeeping, not audit)."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=when))


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def visible_orgs(session: Session, p: Principal) -> list[Organisation]:
    """Organisations the principal may see, by name."""
    stmt = select(Organisation).order_by(Organisation.name)
    if not p.is_superadmin:
        stmt = stmt.where(Organisation.id.in_(p.org_ids | p.partner_org_ids))
    return list(session.scalars(stmt))


def org(session: Session, p: Principal, org_id: int) -> Organisation | None:
    """One organisation, or None when it does not exist or may not be seen."""
    if not policy.can_see_org(p, org_id):
        return None
    return session.get(Organisation, org_id)


def all_orgs(session: Session) -> list[Organisation]:
    """Every organisation, for the operator's CLI (no principal: not for routes)."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def group_by_name(session: Session, name: str) -> EstGroup | None:
    return session.scalar(select(EstGroup).where(EstGroup.name == name))


def org_by_name(session: Session, name: str) -> Organisation | None:
    """The organisation of that name; the operator need not match its case (``stångåstaden``)."""
    exact = session.scalar(select(Organisation).where(Organisation.name == name))
    if exact is not None:
        return exact
    wanted = name.strip().casefold()
    matches = [o for o in all_orgs(session) if o.name.casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def admin_org_ids(session: Session, p: Principal) -> list[int]:
    """Organisations whose users and tokens ``p`` administers."""
    if p.is_superadmin:
        return list(session.scalars(select(Organisation.id)))
    return sorted(o for o, r in p.roles.items() if policy.ADMIN in r)


def members_of(session: Session, org_id: int) -> list[Membership]:
    stmt = (
        select(Membership)
        .where(Membership.org_id == org_id)
        .options(selectinload(Membership.user))
        .join(User)
        .order_by(User.email, Membership.role)
    )
    return list(session.scalars(stmt))


def manageable_users(session: Session, p: Principal) -> list[User]:
    """Users with a membership in an organisation ``p`` administers (all for a superadmin)."""
    stmt = select(User).options(selectinload(User.memberships)).order_by(User.email)
    if not p.is_superadmin:
        orgs = admin_org_ids(session, p)
        stmt = stmt.where(
            User.id.in_(select(Membership.user_id).where(Membership.org_id.in_(orgs)))
        )
    return list(session.scalars(stmt))


def user_org_ids(session: Session, user_id: int) -> set[int]:
    return set(session.scalars(select(Membership.org_id).where(Membership.user_id == user_id)))


def user(session: Session, p: Principal, user_id: int) -> User | None:
    """A user ``p`` may manage (or ``p`` itself), else None."""
    found = session.get(User, user_id)
    if found is None:
        return None
    orgs = user_org_ids(session, user_id)
    if p.user_id == user_id or policy.can_admin_user(p, orgs, superadmin=found.is_superadmin):
        return found
    return None


def personal_tokens(session: Session, p: Principal) -> list[ApiToken]:
    """The caller's own personal API tokens, newest first."""
    if p.user_id is None:
        return []
    stmt = select(ApiToken).where(ApiToken.user_id == p.user_id)
    return list(session.scalars(stmt.order_by(ApiToken.created_at.desc())))


def tokens_of(session: Session, p: Principal, org_id: int) -> list[ApiToken]:
    if not policy.can_admin_org(p, org_id):
        return []
    stmt = select(ApiToken).where(ApiToken.org_id == org_id).order_by(ApiToken.created_at.desc())
    return list(session.scalars(stmt))


def visible_groups(session: Session, p: Principal) -> list[EstGroup]:
    stmt = select(EstGroup).options(selectinload(EstGroup.members), selectinload(EstGroup.owner))
    if not p.is_superadmin:
        stmt = stmt.where(EstGroup.id.in_(p.group_ids | p.owned_group_ids))
    return list(session.scalars(stmt.order_by(EstGroup.name)))


def group(session: Session, p: Principal, group_id: int) -> EstGroup | None:
    if not policy.can_see_group(p, group_id):
        return None
    return session.get(EstGroup, group_id)


def recent_login_failures(session: Session, subject: str, since: datetime) -> int:
    """Failed logins for ``subject`` (an e-mail) since ``since`` and since its last success."""
    last_ok = session.scalar(
        select(AuditEvent.at)
        .where(AuditEvent.action == "login", AuditEvent.subject == subject)
        .where(AuditEvent.outcome == "ok")
        .order_by(AuditEvent.at.desc())
        .limit(1)
    )
    start = max(since, last_ok) if last_ok else since
    rows = session.scalars(
        select(AuditEvent.id).where(
            AuditEvent.action == "login",
            AuditEvent.subject == subject,
            or_(AuditEvent.outcome == "failed", AuditEvent.outcome == "throttled"),
            AuditEvent.at > start,
        )
    ).all()
    return len(rows)


def audit_events(session: Session, p: Principal, limit: int = 200) -> list[AuditEvent]:
    """The newest audit events ``p`` may read."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if not p.is_superadmin:
        orgs = admin_org_ids(session, p)
        if not orgs:
            return []
        stmt = stmt.where(AuditEvent.org_id.in_(orgs))
    return list(session.scalars(stmt))


def candidate_group_orgs(session: Session, p: Principal, group_id: int) -> list[Organisation]:
    """Organisations a group's manager may pick as members: those it may see (its own and its
    partners; every organisation for a superadmin, who brings a new one into its first group);
    nobody else gets the list. Listing every organisation would show one municipality's
    partners to another."""
    if not policy.can_manage_group(p, group_id):
        return []
    return [o for o in all_orgs(session) if policy.can_see_org(p, o.id)]


def primary_org_id(session: Session, user_id: int) -> int | None:
    """The organisation a user's events are filed under (their first membership)."""
    return session.scalar(select(func.min(Membership.org_id)).where(Membership.user_id == user_id))


def user_names(session: Session, user_ids: set[int]) -> dict[int, str]:
    """How the audit log names each user: their name, or their e-mail when they have none."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(User.id, User.display_name, User.email).where(User.id.in_(user_ids))
    )
    return {user_id: name or email for user_id, name, email in rows}


def group_org_ids(session: Session, group_id: int) -> set[int]:
    """The owner and member organisations of an EST group."""
    owner = session.scalar(select(EstGroup.owner_org_id).where(EstGroup.id == group_id))
    members = set(
        session.scalars(
            select(est_group_member.c.org_id).where(est_group_member.c.group_id == group_id)
        )
    )
    return members | ({owner} if owner is not None else set())

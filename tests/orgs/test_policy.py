"""The policy: deny by default, and each rule on its own."""

from __future__ import annotations

from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

KOMMUN, BOLAG, POLIS, NKPG = 1, 2, 3, 9


def user(
    roles: dict[int, set[str]],
    groups: set[int] = frozenset(),
    owned: set[int] = frozenset(),
    partners: set[int] = frozenset(),
    superadmin: bool = False,
) -> Principal:
    return Principal(
        user_id=7,
        token_id=None,
        org_id=min(roles) if roles else None,
        roles={o: frozenset(r) for o, r in roles.items()},
        group_ids=frozenset(groups),
        owned_group_ids=frozenset(owned),
        partner_org_ids=frozenset(partners),
        is_superadmin=superadmin,
    )


def test_anonymous_may_do_nothing() -> None:
    assert not policy.can_use_admin(None)
    assert not policy.can_see_org(None, KOMMUN)
    assert not policy.can_admin_org(None, KOMMUN)
    assert not policy.can_see_group(None, 1)
    assert policy.area_scope(None).empty


def test_a_member_without_roles_or_groups_sees_nothing() -> None:
    p = user({})
    assert not policy.can_use_admin(p) and policy.area_scope(p).empty
    assert not policy.can_admin_user(p, set())


def test_an_org_admin_manages_only_their_organisation() -> None:
    p = user({KOMMUN: {"admin"}}, groups={1}, owned={1}, partners={KOMMUN, BOLAG, POLIS})
    assert policy.can_admin_org(p, KOMMUN) and not policy.can_admin_org(p, BOLAG)
    assert policy.can_see_org(p, POLIS) and not policy.can_see_org(p, NKPG)
    assert policy.can_admin_user(p, {KOMMUN}) and not policy.can_admin_user(p, {KOMMUN, POLIS})
    assert not policy.can_admin_user(p, {KOMMUN}, superadmin=True)
    assert policy.can_manage_group(p, 1) and not policy.can_manage_group(p, 2)


def test_a_reporter_is_no_admin() -> None:
    p = user({BOLAG: {"rapportor"}}, groups={1}, partners={KOMMUN, BOLAG})
    assert not policy.can_use_admin(p)
    assert not policy.can_admin_org(p, BOLAG)
    assert policy.can_see_group(p, 1) and not policy.can_manage_group(p, 1)
    assert policy.area_scope(p).group_ids == {1}


def test_a_token_never_administers() -> None:
    token = Principal(
        user_id=None,
        token_id=5,
        org_id=KOMMUN,
        roles={KOMMUN: frozenset({"admin"})},
        group_ids=frozenset({1}),
        owned_group_ids=frozenset({1}),
    )
    assert not policy.can_use_admin(token)
    assert not policy.can_admin_org(token, KOMMUN)
    assert not policy.can_manage_group(token, 1)


def test_nobody_changes_their_own_membership() -> None:
    p = user({KOMMUN: {"admin"}})
    assert not policy.can_change_own_membership(p, 7)
    assert policy.can_change_own_membership(p, 8)


def test_a_superadmin_sees_all_areas() -> None:
    assert policy.area_scope(user({KOMMUN: {"admin"}}, superadmin=True)).all

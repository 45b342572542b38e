"""Who may see and change the person register (personal data of the program modules).

A person is held by one organisation. Its ``handlaggare`` (case workers) and its ``admin`` see
the record; nobody else does, and every other caller gets 404:

- not the EST samordnare, the police, analysts, readers or reporters, of any organisation;
- not another organisation, even one that holds the same person (their records never meet);
- not an organisation's API token: it is a machine acting for the whole organisation with
  reporting rights, and a read of a person must name the person who read it. A personal
  token (``orgs.models.ApiToken.user_id``) is its user within one organisation: a
  handläggare's own token reads what that handläggare may, in their name;
- not the platform's superadmin as such: the operator runs the platform, not the
  organisation's case work. A superadmin who also holds the role in the organisation sees
  what that role sees.

The organisation's admin also reads who has read a person and sets the retention period.
"""

from __future__ import annotations

from samverkan.orgs.policy.base import ADMIN, Principal

CASEWORKER = "handlaggare"


def people_org_ids(p: Principal | None) -> frozenset[int]:
    """The organisations whose people ``p`` may see (empty for organisation tokens and the
    anonymous; a personal token has its user's roles in its organisation)."""
    if p is None or p.user_id is None:
        return frozenset()
    return frozenset(o for o, roles in p.roles.items() if CASEWORKER in roles or ADMIN in roles)


def can_see_people(p: Principal | None, org_id: int) -> bool:
    """May read, add and change the people of ``org_id`` (and export or erase one)."""
    return org_id in people_org_ids(p)


def can_admin_people(p: Principal | None, org_id: int) -> bool:
    """May read who has read the organisation's people and set their retention period."""
    return p is not None and p.user_id is not None and p.has_role(ADMIN, org_id)


def can_use_people(p: Principal | None) -> bool:
    """Whether the person register is offered at all (the nav entry)."""
    return bool(people_org_ids(p))

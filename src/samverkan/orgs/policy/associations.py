"""Who may see and change the associations with counter-demands.

Two sides meet in an agreement:

- the **supporter**, a housing company or the municipality (an organisation of kind
  ``bostadsbolag`` or ``kommun``): its ``handlaggare`` and ``admin`` register associations,
  make agreements, follow them up and release payments. They see the associations they
  registered, those they have an agreement with and those active in a district their EST groups
  cover (an association is a public legal person; the register says who it is, where it works
  and whom to contact), and only their own organisation's agreements — another supporter's
  agreement with the same association is 404;
- the **association** itself (an organisation of kind ``forening``): its ``rapportor`` and
  ``admin`` (and its organisation token) see their own association and all its agreements, and
  report its activities and the report of a period. Another association's agreement is 404.

The EST group sees how many activities each association held in a week in the districts it
covers (the coordinated calendar): counts of activities only, no attendance and no agreement.
Everybody else — the police, another municipality's supporters, an association's reader — gets
404. Figures about people (attendance) shared beyond an agreement's two parties go through
:mod:`samverkan.core.suppression`.
"""

from __future__ import annotations

from samverkan.orgs.policy.base import ADMIN, Principal

SUPPORTER_KINDS = ("kommun", "bostadsbolag")
SUPPORTER_ROLES = frozenset({"handlaggare", ADMIN})
ASSOCIATION_KIND = "forening"
REPORTER_ROLES = frozenset({"rapportor", ADMIN})


def supporter_org_ids(p: Principal | None) -> frozenset[int]:
    """The housing companies and municipalities for which ``p`` handles association support
    (personal logins and personal tokens only)."""
    if p is None or p.user_id is None:
        return frozenset()
    return frozenset(o for o in p.orgs_of_kind(*SUPPORTER_KINDS) if p.roles[o] & SUPPORTER_ROLES)


def can_support(p: Principal | None, org_id: int) -> bool:
    """May make and follow up the agreements of supporter ``org_id`` and release payments."""
    return org_id in supporter_org_ids(p)


def association_org_ids(p: Principal | None) -> frozenset[int]:
    """The associations (their organisations) for which ``p`` reports activities."""
    if p is None:
        return frozenset()
    return frozenset(o for o in p.orgs_of_kind(ASSOCIATION_KIND) if p.roles[o] & REPORTER_ROLES)


def can_report_activities(p: Principal | None, association_org_id: int) -> bool:
    """May report the activities and period reports of the association ``association_org_id``."""
    return association_org_id in association_org_ids(p)


def can_use_associations(p: Principal | None) -> bool:
    """Whether the associations' pages are offered at all (the nav entry)."""
    return bool(supporter_org_ids(p) or association_org_ids(p))

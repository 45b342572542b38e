"""Who may see and change the housing companies' disturbance cases.

A case belongs to one housing company; its tenant is a person of that company's register, so
the register's rule holds (:mod:`.people`): the company's ``handlaggare`` (its safety
department's case workers) and its ``admin`` see its cases; everybody else — another landlord,
the police, the EST samordnare, the municipality — gets 404.
"""

from __future__ import annotations

from samverkan.orgs.policy.base import Principal
from samverkan.orgs.policy.people import people_org_ids


def housing_org_ids(p: Principal | None) -> frozenset[int]:
    """The organisations whose disturbance cases ``p`` works with."""
    return people_org_ids(p)


def can_work_housing(p: Principal | None, org_id: int) -> bool:
    """May read and change the disturbance cases of ``org_id``."""
    return org_id in housing_org_ids(p)


def can_use_housing(p: Principal | None) -> bool:
    """Whether the housing-safety pages are offered at all (the nav entry)."""
    return bool(housing_org_ids(p))


# --- eviction prevention ----------------------------------------------------------------------

# --- safety walks and work orders -------------------------------------------------------------

# A safety walk is the housing company's own work and holds no tenant's personal data. Its
# ``handlaggare`` and ``admin`` and also its ``rapportor`` (the trygghetsvärdar who walk the
# areas) see its walks and work orders and record walks and findings; only the handlaggare and
# admin move a work order on (assign, done, verified). Personal logins and personal tokens only
# (an organisation token never counts). Another landlord, the police and the EST samordnare get
# 404; the EST incident a finding is filed as is seen through EST's own rules.
WALKER_ROLES = frozenset({"handlaggare", "admin", "rapportor"})


def walk_org_ids(p: Principal | None) -> frozenset[int]:
    """The organisations whose safety walks ``p`` sees and records."""
    if p is None or p.user_id is None:
        return frozenset()
    return frozenset(o for o, roles in p.roles.items() if roles & WALKER_ROLES)


def can_walk(p: Principal | None, org_id: int) -> bool:
    """May see the safety walks and work orders of ``org_id`` and record walks and findings."""
    return org_id in walk_org_ids(p)


def can_walk_only(p: Principal | None) -> bool:
    """Walks a housing company's areas without working its cases (a trygghetsvärd): the nav
    entry straight to the safety walks (a case worker reaches them from /boende). Only for a
    housing company's or the municipality's people: the police's, an association's or a
    contractor's reporters get no entry (their walks page would be empty)."""
    if p is None:
        return False
    walkers = walk_org_ids(p) & p.orgs_of_kind("bostadsbolag", "kommun")
    return bool(walkers) and not can_use_housing(p)


def can_run_work_orders(p: Principal | None, org_id: int) -> bool:
    """May assign, finish and verify the work orders of ``org_id``."""
    return org_id in housing_org_ids(p)


# --- safety plans -----------------------------------------------------------------------------

# A safety plan holds no personal data, but it is the housing company's own work: its case
# workers and admins (the safety department; the safety manager holds one of these roles) read
# and change its plans (a municipality's housing unit may have plans of its own). The
# ``samordnare`` role is EST's coordinator role — the municipality's and the police's
# coordinators hold it too — so it does not open the plans: another landlord, the police and the
# EST samordnare get 404 for a housing company's plan.


def plan_org_ids(p: Principal | None) -> frozenset[int]:
    """The organisations whose safety plans ``p`` may read (personal logins and tokens only)."""
    return housing_org_ids(p)


def can_read_plans(p: Principal | None, org_id: int) -> bool:
    """May read the safety plans of ``org_id``."""
    return org_id in plan_org_ids(p)


def can_edit_plans(p: Principal | None, org_id: int) -> bool:
    """May make and change the safety plans of ``org_id``."""
    return org_id in housing_org_ids(p)


# --- bosocial contracts ("En väg in") ---------------------------------------------------------

# A bosocial contract lies under a framework agreement between a municipality and a landlord.
# The municipality's housing unit — its ``handlaggare`` and ``admin`` — sees and changes every
# contract under the municipality's agreements (the subtenant is a person of its register). The
# landlord's ``handlaggare`` and ``admin`` see the contracts in its own flats, in a limited view
# (no social-services notes, no personnummer; the service gives them another output schema),
# and report rent payments and disturbances. Everybody else — another landlord, the police, an
# EST samordnare without one of those roles, every organisation token — gets 404.


def bosocial_org_ids(p: Principal | None) -> frozenset[int]:
    """The organisations on whose side ``p`` works with bosocial contracts: as the
    municipality of an agreement, or as its landlord (which one is the agreement's)."""
    return people_org_ids(p)


def can_run_bosocial(p: Principal | None, municipality_org_id: int) -> bool:
    """May see and change everything of the agreements of ``municipality_org_id``."""
    return municipality_org_id in bosocial_org_ids(p)


def can_report_bosocial(p: Principal | None, landlord_org_id: int) -> bool:
    """May see the limited view of the contracts in the flats of ``landlord_org_id`` and report
    their rent payments and disturbances."""
    return landlord_org_id in bosocial_org_ids(p)


def can_use_bosocial(p: Principal | None) -> bool:
    """Whether "En väg in" is offered at all (the nav entry): a case worker or admin somewhere;
    which contracts they see is the agreements' (a case worker of an organisation with no
    agreement sees an empty list)."""
    return bool(bosocial_org_ids(p))

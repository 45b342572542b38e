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

# --- safety plans -----------------------------------------------------------------------------

# --- bosocial contracts ("En väg in") ---------------------------------------------------------

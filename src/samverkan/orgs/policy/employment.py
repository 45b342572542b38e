"""Who may see and change the employment programs.

A program belongs to one organisation (a housing company or the municipality). Its
participants are people of that organisation's register, so the same rule holds as for the
register (:mod:`.people`): the organisation's ``handlaggare`` (coaches, case workers) and its
``admin`` see programs, participants, employers, openings and matches; everybody else gets
404. A contractor reports the summer jobs of its own contracts: its ``rapportor`` or
``admin`` see those contracts (what was required, what they reported) and nothing else of
the program — no participant, no other contractor's contract.
"""

from __future__ import annotations

from samverkan.orgs.policy.base import ADMIN, Principal
from samverkan.orgs.policy.people import people_org_ids

REPORTER = "rapportor"


def employment_org_ids(p: Principal | None) -> frozenset[int]:
    """The organisations whose programs ``p`` works in (their case workers and admins)."""
    return people_org_ids(p)


def can_work_employment(p: Principal | None, org_id: int) -> bool:
    """May read and change the programs of ``org_id``: participants, seats, employers,
    openings, matches, contracts and their reports."""
    return org_id in employment_org_ids(p)


def contractor_org_ids(p: Principal | None) -> frozenset[int]:
    """The contractors for which ``p`` reports summer jobs (reporter or admin there; an
    organisation token reports for its organisation too)."""
    if p is None:
        return frozenset()
    return frozenset(o for o, roles in p.roles.items() if REPORTER in roles or ADMIN in roles)


def can_report_summer_jobs(p: Principal | None, contractor_org_id: int) -> bool:
    """May report who was employed under the contracts of ``contractor_org_id``."""
    return contractor_org_id in contractor_org_ids(p)


def can_see_shared_employment(p: Principal | None, org_id: int) -> bool:
    """May read the shared (suppressed) figures of the programs of ``org_id``: its members
    (any role, its token too) and the members of an EST group that ``org_id`` belongs to. Only
    counts of people that went through the small-number suppression are shared."""
    if p is None:
        return False
    return org_id in p.org_ids or org_id in p.partner_org_ids


def can_use_employment(p: Principal | None) -> bool:
    """Whether the programs are offered at all (the nav entry)."""
    return bool(employment_org_ids(p))

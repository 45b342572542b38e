"""Who may see, file, edit and review EST incidents, and keep the categories."""

from __future__ import annotations

from dataclasses import dataclass

from samverkan.orgs.policy.base import Principal

REPORTING_ROLES = frozenset({"rapportor", "samordnare", "admin"})


@dataclass(frozen=True)
class IncidentScope:
    """Which incidents a principal may see, in terms the incident queries turn into SQL.

    - its own organisations' incidents, whatever their visibility;
    - ``delad`` incidents in areas covered by its EST groups;
    - ``polis`` incidents in those areas only when it belongs to a police organisation.
    Incidents outside every area are seen by the reporting organisation only.
    """

    all: bool
    org_ids: frozenset[int]
    group_ids: frozenset[int]
    police: bool

    @property
    def empty(self) -> bool:
        return not self.all and not self.org_ids and not self.group_ids


def incident_scope(p: Principal | None) -> IncidentScope:
    if p is None:
        return IncidentScope(False, frozenset(), frozenset(), False)
    return IncidentScope(
        all=False,  # not even a superadmin reads other organisations' own or police-only reports
        org_ids=p.org_ids,
        group_ids=p.group_ids | p.owned_group_ids,
        police=bool(p.police_org_ids),
    )


def can_report(p: Principal | None, org_id: int | None = None) -> bool:
    """May file incidents (for ``org_id``, or for its own organisation)."""
    if p is None:
        return False
    target = org_id if org_id is not None else p.org_id
    return target is not None and bool(p.roles.get(target, frozenset()) & REPORTING_ROLES)


def can_edit_incident(p: Principal | None, org_id: int) -> bool:
    """The reporting organisation's reporters and coordinators edit its incidents."""
    return p is not None and bool(p.roles.get(org_id, frozenset()) & REPORTING_ROLES)


def can_review_incidents(p: Principal | None) -> bool:
    """An EST samordnare reviews what the group sees: marks reviewed or duplicate."""
    return p is not None and p.user_id is not None and p.has_role("samordnare")


def can_manage_taxonomy(p: Principal | None) -> bool:
    """The EST categories are shared by everyone on the platform: its administrators keep them."""
    return p is not None and p.user_id is not None and p.is_superadmin


def can_export_incidents(p: Principal | None) -> bool:
    """Exports are for people who work with the picture, not for tokens or read-only users."""
    if p is None or p.user_id is None:
        return False
    return any(r & {"samordnare", "analytiker", "admin"} for r in p.roles.values())

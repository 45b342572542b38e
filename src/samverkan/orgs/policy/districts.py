"""Who may see and change the districts' profiles, indicators, plans and evaluations.

What a district profile holds is about places and groups, never about a person: official
statistics per area, survey indices, the police classification, notes of resident dialogue
(redacted at the door). The partners of the district work — the municipality, the housing
companies and the police (organisations of kind ``kommun``, ``bostadsbolag``, ``polis``) — read
it for the areas they may see (``geo.queries.area``); anyone else gets 404. Counts of residents
(an indicator ``about_people``) are shown through :mod:`samverkan.core.suppression`.

Writing is for the analysts and coordinators (``analytiker``, ``samordnare``, ``admin``) of a
municipality or housing company: they import statistics, keep the profile, write dialogue
notes and interventions; a district plan is kept by its owner organisation's.
"""

from __future__ import annotations

from samverkan.orgs.policy.base import ADMIN, Principal

READER_KINDS = ("kommun", "bostadsbolag", "polis")
EDITOR_KINDS = ("kommun", "bostadsbolag")
EDITOR_ROLES = frozenset({"analytiker", "samordnare", ADMIN})


def district_reader_org_ids(p: Principal | None) -> frozenset[int]:
    """The caller's organisations through which it reads the district work."""
    if p is None:
        return frozenset()
    return p.orgs_of_kind(*READER_KINDS)


def can_read_districts(p: Principal | None) -> bool:
    """Whether the district profiles, plans and evaluations are offered at all."""
    return p is not None and (p.is_superadmin or bool(district_reader_org_ids(p)))


def district_editor_org_ids(p: Principal | None) -> frozenset[int]:
    """The municipalities and housing companies for which ``p`` keeps district facts and plans."""
    if p is None:
        return frozenset()
    return frozenset(o for o in p.orgs_of_kind(*EDITOR_KINDS) if p.roles[o] & EDITOR_ROLES)


def can_edit_districts(p: Principal | None) -> bool:
    """May import statistics and keep profiles, dialogue notes and interventions."""
    return bool(district_editor_org_ids(p))


def can_edit_district_plan(p: Principal | None, owner_org_id: int) -> bool:
    """May change the district plan that ``owner_org_id`` owns."""
    return owner_org_id in district_editor_org_ids(p)

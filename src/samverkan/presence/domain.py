"""The presence domain as the application sees it: area teams and their presence plans."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "team.create": N_("Area team created"),
    "team.member_add": N_("Team member added"),
    "team.member_remove": N_("Team member removed"),
    "team.member_hours": N_("Team member's hours changed"),
    "team.minimum": N_("Team's minimum hours changed"),
    "presence_plan.create": N_("Presence plan made"),
}
AUDIT_OBJECTS = {
    "team": N_("area team"),
    "presence_plan": N_("presence plan"),
}

DOMAIN = Domain(
    name="presence",
    models="samverkan.presence.models",
    api=("samverkan.presence.routes:api",),
    pages=("samverkan.presence.pages:router",),
    nav=(NavItem(N_("Presence"), "/narvaro", policy.is_authenticated, 45),),
    labels=(
        ("team_role", "samverkan.presence.models:ROLE_LABELS"),
        ("plan_status", "samverkan.presence.models:PLAN_STATUS_LABELS"),
        ("audit_action", "samverkan.presence.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.presence.domain:AUDIT_OBJECTS"),
    ),
)

"""The actions domain as the application sees it: meetings, actions, follow-up, evaluation.

It adds to two registries below it: an incident's page lists the actions taken about it, and
a presence plan leaves free the hours a team's actions hold."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "action.create": N_("Action planned"),
    "action.update": N_("Action updated"),
    "meeting.create": N_("Meeting created"),
    "meeting.participants": N_("Meeting's participants changed"),
}
AUDIT_OBJECTS = {"action": N_("action"), "meeting": N_("meeting")}

DOMAIN = Domain(
    name="actions",
    models="samverkan.actions.models",
    api=("samverkan.actions.routes:api",),
    pages=("samverkan.actions.pages:router", "samverkan.actions.meeting_pages:meetings"),
    nav=(
        NavItem(N_("Meetings"), "/moten", policy.is_authenticated, 35),
        NavItem(N_("Actions"), "/insatser", policy.is_authenticated, 40),
    ),
    labels=(
        ("action_type", "samverkan.actions.models:ACTION_TYPE_LABELS"),
        ("action_status", "samverkan.actions.models:ACTION_STATUS_LABELS"),
        ("verdict", "samverkan.actions.models:VERDICT_LABELS"),
        ("audit_action", "samverkan.actions.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.actions.domain:AUDIT_OBJECTS"),
    ),
    fields=("samverkan.actions.schemas:FIELD_LABELS",),
    cli=(("actions", "samverkan.actions.cli:actions_app"),),
    hooks=(
        (
            "samverkan.incidents.present:register_detail_section",
            "samverkan.actions.present:incident_actions",
        ),
        ("samverkan.presence.holds:register", "samverkan.actions.capacity:booked"),
    ),
)

"""The orgs domain as the application sees it: organisations, users, roles, tokens, groups."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "login": N_("Login"),
    "logout": N_("Logout"),
    "org.create": N_("Organisation created"),
    "user.create": N_("User created"),
    "user.enable": N_("User enabled"),
    "user.disable": N_("User disabled"),
    "membership.add": N_("Role given"),
    "membership.remove": N_("Role removed"),
    "password.change": N_("Password changed"),
    "password.set": N_("Password set by the operator"),
    "token.create": N_("API token created"),
    "token.revoke": N_("API token revoked"),
    "group.create": N_("EST group created"),
    "group.members": N_("EST group's members changed"),
}
AUDIT_OBJECTS = {
    "user": N_("user"),
    "organisation": N_("organisation"),
    "api_token": N_("API token"),
    "est_group": N_("EST group"),
}

DOMAIN = Domain(
    name="orgs",
    models="samverkan.orgs.models",
    api=("samverkan.orgs.routes:api",),
    pages=("samverkan.orgs.pages:router", "samverkan.orgs.admin_pages:router"),
    nav=(NavItem(N_("Administration"), "/admin", policy.can_use_admin, 90),),
    labels=(
        ("org_kind", "samverkan.orgs.models:ORG_KIND_LABELS"),
        ("role", "samverkan.orgs.models:ROLE_LABELS"),
        ("cadence", "samverkan.orgs.models:CADENCE_LABELS"),
        ("audit_action", "samverkan.orgs.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.orgs.domain:AUDIT_OBJECTS"),
    ),
    fields=("samverkan.orgs.schemas:FIELD_LABELS",),
    cli=(
        ("org", "samverkan.orgs.cli:org_app"),
        ("user", "samverkan.orgs.cli:user_app"),
        ("token", "samverkan.orgs.cli:token_app"),
        ("group", "samverkan.orgs.cli:group_app"),
    ),
)

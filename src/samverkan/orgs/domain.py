"""The orgs domain as the application sees it: organisations, users, roles, tokens, groups."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

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
    ),
    fields=("samverkan.orgs.schemas:FIELD_LABELS",),
    cli=(
        ("org", "samverkan.orgs.cli:org_app"),
        ("user", "samverkan.orgs.cli:user_app"),
        ("token", "samverkan.orgs.cli:token_app"),
        ("group", "samverkan.orgs.cli:group_app"),
    ),
)

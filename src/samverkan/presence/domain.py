"""The presence domain as the application sees it: area teams and their presence plans."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

DOMAIN = Domain(
    name="presence",
    models="samverkan.presence.models",
    api=("samverkan.presence.routes:api",),
    pages=("samverkan.presence.pages:router",),
    nav=(NavItem(N_("Presence"), "/narvaro", policy.is_authenticated, 45),),
    labels=(
        ("team_role", "samverkan.presence.models:ROLE_LABELS"),
        ("plan_status", "samverkan.presence.models:PLAN_STATUS_LABELS"),
    ),
)

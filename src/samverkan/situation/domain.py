"""The situation domain as the application sees it: the weekly lägesbild."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "lagesbild.level": N_("Level set"),
}

DOMAIN = Domain(
    name="situation",
    models="samverkan.situation.models",
    api=("samverkan.situation.routes:api",),
    pages=("samverkan.situation.pages:router",),
    nav=(NavItem(N_("Situation picture"), "/lagesbild", policy.is_authenticated, 20),),
    labels=(
        ("level", "samverkan.situation.levels:LEVEL_LABELS"),
        ("audit_action", "samverkan.situation.domain:AUDIT_ACTIONS"),
    ),
    cli=(("lagesbild", "samverkan.situation.cli:lagesbild_app"),),
    hooks=(("samverkan.core.templating:register_filters", "samverkan.situation.charts:FILTERS"),),
)

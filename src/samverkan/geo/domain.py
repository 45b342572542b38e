"""The geo domain as the application sees it: areas, the groups' coverage, coordinates."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "areas.import": N_("Areas imported"),
    "group.areas": N_("EST group's areas changed"),
}
AUDIT_OBJECTS = {
    "area": N_("area"),
}

DOMAIN = Domain(
    name="geo",
    models="samverkan.geo.models",
    api=("samverkan.geo.routes:api",),
    pages=("samverkan.geo.pages:router",),
    nav=(NavItem(N_("Districts"), "/stadsdelar", policy.is_authenticated, 60),),
    labels=(
        ("area_kind", "samverkan.geo.models:AREA_KIND_LABELS"),
        ("audit_action", "samverkan.geo.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.geo.domain:AUDIT_OBJECTS"),
    ),
    cli=(("areas", "samverkan.geo.cli:areas_app"),),
)

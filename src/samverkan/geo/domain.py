"""The geo domain as the application sees it: areas, the groups' coverage, coordinates."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

DOMAIN = Domain(
    name="geo",
    models="samverkan.geo.models",
    api=("samverkan.geo.routes:api",),
    pages=("samverkan.geo.pages:router",),
    nav=(NavItem(N_("Districts"), "/stadsdelar", policy.is_authenticated, 60),),
    labels=(("area_kind", "samverkan.geo.models:AREA_KIND_LABELS"),),
    cli=(("areas", "samverkan.geo.cli:areas_app"),),
)

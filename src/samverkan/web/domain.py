"""The shell as the application sees it: the start page, the language switch, ``serve``."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "access.denied": N_("Access denied"),
}
AUDIT_OBJECTS = {
    "route": N_("page"),
}

DOMAIN = Domain(
    name="web",
    pages=("samverkan.web.pages:router",),
    nav=(NavItem(N_("Overview"), "/", policy.is_authenticated, 10),),
    labels=(
        ("audit_action", "samverkan.web.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.web.domain:AUDIT_OBJECTS"),
    ),
    cli=(("", "samverkan.web.cli:app"),),
)

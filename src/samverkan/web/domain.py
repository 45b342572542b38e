"""The shell as the application sees it: the start page, the language switch, ``serve``."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

DOMAIN = Domain(
    name="web",
    pages=("samverkan.web.pages:router",),
    nav=(NavItem(N_("Overview"), "/", policy.is_authenticated, 10),),
    cli=(("", "samverkan.web.cli:app"),),
)

"""The composition root: every domain of samverkan, and how they are wired together.

Each domain describes itself once, in its ``domain.py`` (:class:`samverkan.core.domain.Domain`);
this list is the only place that names them all. The application factory, the command line,
the migrations and the tests call :func:`wire` and iterate over :data:`DOMAINS`; ``core``
imports none of them. A new domain is one line here (see docs/architecture.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from samverkan.actions.domain import DOMAIN as ACTIONS
from samverkan.associations.domain import DOMAIN as ASSOCIATIONS
from samverkan.core import nav, retention, templating, validation
from samverkan.core.domain import Domain, load
from samverkan.demo.domain import DOMAIN as DEMO
from samverkan.districts.domain import DOMAIN as DISTRICTS
from samverkan.employment.domain import DOMAIN as EMPLOYMENT
from samverkan.geo.domain import DOMAIN as GEO
from samverkan.housing.domain import DOMAIN as HOUSING
from samverkan.incidents.domain import DOMAIN as INCIDENTS
from samverkan.orgs.domain import DOMAIN as ORGS
from samverkan.people.domain import DOMAIN as PEOPLE
from samverkan.presence.domain import DOMAIN as PRESENCE
from samverkan.situation.domain import DOMAIN as SITUATION
from samverkan.web.domain import DOMAIN as WEB

if TYPE_CHECKING:
    import typer
    from fastapi import FastAPI

CORE = Domain(
    name="core",
    models="samverkan.core.models",
    api=("samverkan.core.routes:router",),
    cli=(
        ("db", "samverkan.core.cli:db_app"),
        ("retention", "samverkan.core.cli:retention_app"),
        ("", "samverkan.core.cli:app"),
    ),
    labels=(
        ("audit_action", "samverkan.core.audit:ACTION_LABELS"),
        ("audit_object", "samverkan.core.audit:OBJECT_LABELS"),
        ("audit_outcome", "samverkan.core.audit:OUTCOME_LABELS"),
    ),
    retention=("samverkan.core.retention:AUDIT",),
)

# In layering order (docs/architecture.md): a domain comes after those it builds on.
DOMAINS: tuple[Domain, ...] = (
    CORE,
    ORGS,
    GEO,
    INCIDENTS,
    SITUATION,
    PRESENCE,
    ACTIONS,
    PEOPLE,
    EMPLOYMENT,
    HOUSING,
    ASSOCIATIONS,
    DISTRICTS,
    WEB,
    DEMO,
)

_wired = False


def load_models() -> None:
    """Import every domain's models, so ``Base.metadata`` holds every table."""
    for d in DOMAINS:
        if d.models:
            load(d.models)


def wire() -> None:
    """Register what every domain brings: models, nav entries, labels, field names, retention
    classes and its contributions to other domains' registries. Safe to call again."""
    global _wired
    if _wired:
        return
    load_models()
    for d in DOMAINS:
        for item in d.nav:
            nav.register(item)
        for kind, ref in d.labels:
            templating.register_labels(kind, load(ref))
        for ref in d.fields:
            validation.register_fields(load(ref))
        for ref in d.retention:
            retention.register(load(ref))
        for register, contribution in d.hooks:
            load(register)(load(contribution))
    _wired = True


def include_routers(app: FastAPI) -> None:
    """Every domain's JSON API and pages, in layering order."""
    for d in DOMAINS:
        for ref in (*d.api, *d.pages):
            app.include_router(load(ref))


def add_commands(app: typer.Typer) -> None:
    """Every domain's commands: a group per name, or at the root for the name ``""``."""
    for d in DOMAINS:
        for name, ref in d.cli:
            sub = load(ref)
            if name:
                app.add_typer(sub, name=name)
            else:
                app.registered_commands.extend(sub.registered_commands)

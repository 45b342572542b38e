"""The incidents domain as the application sees it: EST intake, categories, Open311."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

# What the audit log shows for this domain's events and objects (stored as codes).
AUDIT_ACTIONS = {
    "incident.create": N_("Incident reported"),
    "incident.update": N_("Incident changed"),
    "incidents.export": N_("Incidents exported"),
    "incidents.import": N_("Incidents imported"),
    "category.add": N_("Category added"),
    "category.retire": N_("Category retired"),
    "category.restore": N_("Category restored"),
    "category.delete": N_("Category deleted"),
}
AUDIT_OBJECTS = {
    "incident": N_("incident"),
    "category": N_("category"),
}

DOMAIN = Domain(
    name="incidents",
    models="samverkan.incidents.models",
    api=("samverkan.incidents.routes:api", "samverkan.incidents.open311:router"),
    pages=("samverkan.incidents.pages:router", "samverkan.incidents.admin_pages:router"),
    nav=(NavItem(N_("Incidents"), "/handelser", policy.is_authenticated, 30),),
    labels=(
        ("visibility", "samverkan.incidents.models:VISIBILITY_LABELS"),
        ("status", "samverkan.incidents.models:STATUS_LABELS"),
        ("source", "samverkan.incidents.models:SOURCE_LABELS"),
        ("precision", "samverkan.incidents.models:PRECISION_LABELS"),
        ("time_band", "samverkan.incidents.models:TIME_BAND_LABELS"),
        ("audit_action", "samverkan.incidents.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.incidents.domain:AUDIT_OBJECTS"),
    ),
    fields=("samverkan.incidents.schemas:FIELD_LABELS",),
    cli=(
        ("incidents", "samverkan.incidents.cli:incidents_app"),
        ("categories", "samverkan.incidents.cli:categories_app"),
    ),
    retention=("samverkan.incidents.retention:DATA_CLASS",),
)

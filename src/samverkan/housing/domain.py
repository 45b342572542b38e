"""The housing-safety domain as the application sees it: the housing companies' disturbance
cases (to come: eviction prevention, safety walks, safety plans, bosocial contracts)."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_

_M = "samverkan.housing.models"

# What the audit log shows for this domain's events and objects (codes and ids only).
AUDIT_ACTIONS = {
    "disturbance.open": N_("Disturbance case opened"),
    "disturbance.step": N_("Disturbance case step recorded"),
    "disturbance.terminate": N_("Tenancy terminated for disturbance"),
    "disturbance.close": N_("Disturbance case closed"),
}
AUDIT_OBJECTS = {"disturbance_case": N_("disturbance case")}

DOMAIN = Domain(
    name="housing",
    models=_M,
    labels=(
        ("disturbance_source", f"{_M}:SOURCE_LABELS"),
        ("disturbance_contact", f"{_M}:CONTACT_LABELS"),
        ("disturbance_step", f"{_M}:STEP_LABELS"),
        ("disturbance_status", f"{_M}:STATUS_LABELS"),
        ("disturbance_outcome", f"{_M}:OUTCOME_LABELS"),
        ("audit_action", "samverkan.housing.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.housing.domain:AUDIT_OBJECTS"),
    ),
    fields=("samverkan.housing.schemas:FIELD_LABELS",),
    hooks=(("samverkan.people.export:register_section", "samverkan.housing.present:CASES"),),
)

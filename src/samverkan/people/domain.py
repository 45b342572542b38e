"""The people domain as the application sees it: the person register of the program modules
(residents known to one organisation, their legal bases, who read them, export and erasure)."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

_REGISTER = "samverkan.people.export:register_section"

# What the audit log shows for this domain's events and objects (stored as codes; the audit log
# never holds personal data: a person is named there by id only).
AUDIT_ACTIONS = {
    "person.create": N_("Person registered"),
    "person.update": N_("Person's details changed"),
    "person.merge": N_("Person records merged"),
    "person.basis": N_("Legal basis recorded"),
    "person.withdraw": N_("Legal basis withdrawn"),
    "person.erase": N_("Person erased"),
    "people.retention": N_("Retention period of the person register set"),
}
AUDIT_OBJECTS = {"person": N_("person")}

DOMAIN = Domain(
    name="people",
    models="samverkan.people.models",
    api=("samverkan.people.routes:api",),
    pages=("samverkan.people.pages:router",),
    nav=(NavItem(N_("People"), "/personer", policy.can_use_people, 70),),
    labels=(
        ("basis", "samverkan.people.models:BASIS_LABELS"),
        ("purpose", "samverkan.people.models:PURPOSE_LABELS"),
        ("access_view", "samverkan.people.models:VIEW_LABELS"),
        ("erasure_reason", "samverkan.people.models:ERASURE_REASON_LABELS"),
        ("audit_action", "samverkan.people.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.people.domain:AUDIT_OBJECTS"),
    ),
    fields=("samverkan.people.schemas:FIELD_LABELS",),
    cli=(("people", "samverkan.people.cli:app"),),
    retention=(
        "samverkan.people.retention:DATA_CLASS",
        "samverkan.people.retention:ACCESS_CLASS",
    ),
    hooks=(
        (_REGISTER, "samverkan.people.present:RECORD"),
        (_REGISTER, "samverkan.people.present:BASES"),
        (_REGISTER, "samverkan.people.present:ACCESS"),
    ),
)

"""The associations domain as the application sees it: local associations with counter-demands
(motkrav) — the register, the supporters' agreements, the activities the associations report,
the follow-up and the payment periods; the week's activities in the EST calendar."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

_A = "samverkan.associations"
_M = f"{_A}.models"

# What the audit log shows for this domain's events and objects (codes and ids only).
AUDIT_ACTIONS = {
    "association.create": N_("Association registered"),
    "agreement.create": N_("Association agreement made"),
    "activity.report": N_("Association activity reported"),
    "agreement.period_report": N_("Association's period report handed in"),
    "agreement.release": N_("Association payment released"),
    "agreement.export": N_("Association agreement's follow-up exported"),
}
AUDIT_OBJECTS = {
    "association": N_("association"),
    "association_agreement": N_("association agreement"),
    "association_activity": N_("association activity"),
}

DOMAIN = Domain(
    name="associations",
    models=_M,
    api=(f"{_A}.routes:api", f"{_A}.overview_routes:api"),
    # The overview's and the exports' fixed paths (/foreningar/stadsdelar) come before the
    # pages' /foreningar/{association_id}, which would otherwise take them (422).
    pages=(
        f"{_A}.overview_pages:router",
        f"{_A}.export_pages:router",
        f"{_A}.agreement_pages:router",
        f"{_A}.pages:router",
    ),
    nav=(NavItem(N_("Associations"), "/foreningar", policy.can_use_associations, 85),),
    labels=(
        ("association_kind", f"{_M}:KIND_LABELS"),
        ("association_form", f"{_M}:FORM_LABELS"),
        ("association_age_band", f"{_M}:AGE_BAND_LABELS"),
        ("association_gender", f"{_M}:GENDER_LABELS"),
        ("association_unit", f"{_M}:UNIT_LABELS"),
        ("association_period", f"{_M}:PERIOD_STATUS_LABELS"),
        ("audit_action", f"{_A}.domain:AUDIT_ACTIONS"),
        ("audit_object", f"{_A}.domain:AUDIT_OBJECTS"),
    ),
    fields=(f"{_A}.schemas:FIELD_LABELS",),
    hooks=(("samverkan.actions.coordination:register", f"{_A}.calendar:spans"),),
)

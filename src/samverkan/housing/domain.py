"""The housing-safety domain as the application sees it: the housing companies' disturbance
cases, eviction prevention, safety walks with their work orders, safety plans, and the bosocial
contracts of "En väg in".

Each part keeps its own section below (its audit codes, labels, field names, routers and nav
entries); ``DOMAIN`` joins them."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

_M = "samverkan.housing.models"
_H = "samverkan.housing"
_EXPORT = "samverkan.people.export:register_section"

# --- disturbance cases ------------------------------------------------------------------------
_CASE_AUDIT = {
    "disturbance.open": N_("Disturbance case opened"),
    "disturbance.step": N_("Disturbance case step recorded"),
    "disturbance.terminate": N_("Tenancy terminated for disturbance"),
    "disturbance.close": N_("Disturbance case closed"),
    "disturbance.place": N_("Disturbance case's place set"),
}
_CASE_OBJECTS = {"disturbance_case": N_("disturbance case")}
_CASE_LABELS: tuple[tuple[str, str], ...] = (
    ("disturbance_source", f"{_M}:SOURCE_LABELS"),
    ("disturbance_contact", f"{_M}:CONTACT_LABELS"),
    ("disturbance_step", f"{_M}:STEP_LABELS"),
    ("disturbance_status", f"{_M}:STATUS_LABELS"),
    ("disturbance_outcome", f"{_M}:OUTCOME_LABELS"),
)
_CASE_FIELDS: tuple[str, ...] = (f"{_H}.schemas:FIELD_LABELS",)
_CASE_API: tuple[str, ...] = (f"{_H}.routes:api",)
_CASE_PAGES: tuple[str, ...] = (f"{_H}.pages:router",)
_CASE_NAV: tuple[NavItem, ...] = (
    NavItem(N_("Housing safety"), "/boende", policy.can_use_housing, 80),
)
_CASE_HOOKS: tuple[tuple[str, str], ...] = ((_EXPORT, f"{_H}.present:CASES"),)
_CASE_RETENTION: tuple[str, ...] = ()

# --- eviction prevention ----------------------------------------------------------------------
_EVICTION_AUDIT = {
    "arrears.import": N_("Rent arrears list imported"),
    "arrears.step": N_("Early contact about rent arrears recorded"),
    "arrears.plan": N_("Payment plan marked kept or broken"),
    "arrears.notify": N_("Notice for non-payment recorded"),
    "arrears.consent": N_("Consent to the meeting with social services recorded"),
    "arrears.close": N_("Rent arrears case closed"),
}
_EVICTION_OBJECTS = {
    "arrears_list": N_("rent arrears list"),
    "arrears_case": N_("rent arrears case"),
}
_EVICTION_LABELS: tuple[tuple[str, str], ...] = (
    ("arrears_step", f"{_H}.eviction_models:STEP_LABELS"),
    ("arrears_outcome", f"{_H}.eviction_models:OUTCOME_LABELS"),
    ("arrears_plan_state", f"{_H}.eviction_models:PLAN_STATE_LABELS"),
)
_EVICTION_FIELDS: tuple[str, ...] = (f"{_H}.eviction_schemas:FIELD_LABELS",)
_EVICTION_API: tuple[str, ...] = (f"{_H}.eviction_routes:api",)
_EVICTION_PAGES: tuple[str, ...] = (f"{_H}.eviction_pages:router",)
_EVICTION_NAV: tuple[NavItem, ...] = ()
_EVICTION_HOOKS: tuple[tuple[str, str], ...] = ((_EXPORT, f"{_H}.eviction_present:ARREARS"),)
_EVICTION_RETENTION: tuple[str, ...] = ()

# --- safety walks and work orders -------------------------------------------------------------
_WM = f"{_H}.walk_models"
_WALK_AUDIT = {
    "walk.create": N_("Safety walk recorded"),
    "walk.finding": N_("Safety walk finding recorded"),
    "workorder.step": N_("Work order's status set"),
    "walk.checklist": N_("Safety walk checklist changed"),
    "walk.answers": N_("Safety walk checklist answered"),
}
_WALK_OBJECTS = {
    "safety_walk": N_("safety walk"),
    "work_order": N_("work order"),
    "checklist_item": N_("checklist item"),
}
_WALK_LABELS: tuple[tuple[str, str], ...] = (
    ("walk_category", f"{_WM}:CATEGORY_LABELS"),
    ("walk_responsible", f"{_WM}:RESPONSIBLE_LABELS"),
    ("workorder_status", f"{_WM}:STATUS_LABELS"),
    ("walk_answer", f"{_WM}:ANSWER_LABELS"),
)
_WALK_FIELDS: tuple[str, ...] = (f"{_H}.walk_schemas:FIELD_LABELS",)
_WALK_API: tuple[str, ...] = (f"{_H}.walk_routes:api",)
_WALK_PAGES: tuple[str, ...] = (
    f"{_H}.walk_pages:router",
    f"{_H}.walk_report:router",
    f"{_H}.workorder_pages:router",
    f"{_H}.walk_checklist_pages:router",
)
_WALK_NAV: tuple[NavItem, ...] = (
    NavItem(N_("Safety walks"), "/boende/ronderingar", policy.can_walk_only, 81),
)
_WALK_HOOKS: tuple[tuple[str, str], ...] = ()
_WALK_RETENTION: tuple[str, ...] = ()

# --- safety plans -----------------------------------------------------------------------------
_PLAN_AUDIT = {
    "plan.create": N_("Safety plan created"),
    "plan.risk": N_("Safety plan risk added"),
    "plan.measure": N_("Safety plan measure added"),
    "plan.measure_status": N_("Safety plan measure's status set"),
    "plan.review": N_("Safety plan review recorded"),
}
_PLAN_OBJECTS = {"safety_plan": N_("safety plan")}
_PLAN_LABELS: tuple[tuple[str, str], ...] = (
    ("plan_measure_status", f"{_H}.plan_models:MEASURE_STATUS_LABELS"),
    ("plan_risk_level", f"{_H}.analysis.plan_risk:LEVEL_LABELS"),
)
_PLAN_FIELDS: tuple[str, ...] = (f"{_H}.plan_schemas:FIELD_LABELS",)
_PLAN_API: tuple[str, ...] = (f"{_H}.plan_routes:api",)
_PLAN_PAGES: tuple[str, ...] = (f"{_H}.plan_pages:router",)
_PLAN_NAV: tuple[NavItem, ...] = ()
_PLAN_HOOKS: tuple[tuple[str, str], ...] = ()
_PLAN_RETENTION: tuple[str, ...] = ()

# --- bosocial contracts ("En väg in") ---------------------------------------------------------
_BO = f"{_H}.bosocial_models"
_BOSOCIAL_AUDIT = {
    "bosocial.agreement": N_("Bosocial framework agreement made"),
    "bosocial.contract": N_("Bosocial contract made"),
    "bosocial.visit": N_("Bosocial follow-up visit recorded"),
    "bosocial.payment": N_("Bosocial rent payment reported"),
    "bosocial.complaint": N_("Bosocial disturbance reported"),
    "bosocial.decision": N_("Bosocial contract decided"),
}
_BOSOCIAL_OBJECTS = {
    "bosocial_agreement": N_("bosocial framework agreement"),
    "bosocial_contract": N_("bosocial contract"),
}
_BOSOCIAL_LABELS: tuple[tuple[str, str], ...] = (
    ("bosocial_status", f"{_BO}:STATUS_LABELS"),
    ("bosocial_decision", f"{_BO}:DECISION_LABELS"),
    ("bosocial_payment", f"{_BO}:PAYMENT_LABELS"),
    ("bosocial_complaint", f"{_BO}:COMPLAINT_LABELS"),
    ("bosocial_standing", f"{_H}.bosocial_pages:STANDING_LABELS"),
)
_BOSOCIAL_FIELDS: tuple[str, ...] = (f"{_H}.bosocial_schemas:FIELD_LABELS",)
_BOSOCIAL_API: tuple[str, ...] = (f"{_H}.bosocial_routes:api",)
_BOSOCIAL_PAGES: tuple[str, ...] = (f"{_H}.bosocial_pages:router",)
_BOSOCIAL_NAV: tuple[NavItem, ...] = (
    NavItem(N_("En väg in"), "/boende/en-vag-in", policy.can_use_bosocial, 82),
)
_BOSOCIAL_HOOKS: tuple[tuple[str, str], ...] = ((_EXPORT, f"{_H}.bosocial_present:CONTRACTS"),)
_BOSOCIAL_RETENTION: tuple[str, ...] = ()

# ----------------------------------------------------------------------------------------------

# What the audit log shows for this domain's events and objects (codes and ids only).
AUDIT_ACTIONS = {**_CASE_AUDIT, **_EVICTION_AUDIT, **_WALK_AUDIT, **_PLAN_AUDIT, **_BOSOCIAL_AUDIT}
AUDIT_OBJECTS = {
    **_CASE_OBJECTS,
    **_EVICTION_OBJECTS,
    **_WALK_OBJECTS,
    **_PLAN_OBJECTS,
    **_BOSOCIAL_OBJECTS,
}

DOMAIN = Domain(
    name="housing",
    models=f"{_H}.tables",
    api=(*_CASE_API, *_EVICTION_API, *_WALK_API, *_PLAN_API, *_BOSOCIAL_API),
    pages=(*_CASE_PAGES, *_EVICTION_PAGES, *_WALK_PAGES, *_PLAN_PAGES, *_BOSOCIAL_PAGES),
    nav=(*_CASE_NAV, *_EVICTION_NAV, *_WALK_NAV, *_PLAN_NAV, *_BOSOCIAL_NAV),
    labels=(
        *_CASE_LABELS,
        *_EVICTION_LABELS,
        *_WALK_LABELS,
        *_PLAN_LABELS,
        *_BOSOCIAL_LABELS,
        ("audit_action", f"{_H}.domain:AUDIT_ACTIONS"),
        ("audit_object", f"{_H}.domain:AUDIT_OBJECTS"),
    ),
    fields=(*_CASE_FIELDS, *_EVICTION_FIELDS, *_WALK_FIELDS, *_PLAN_FIELDS, *_BOSOCIAL_FIELDS),
    retention=(
        *_CASE_RETENTION,
        *_EVICTION_RETENTION,
        *_WALK_RETENTION,
        *_PLAN_RETENTION,
        *_BOSOCIAL_RETENTION,
    ),
    hooks=(*_CASE_HOOKS, *_EVICTION_HOOKS, *_WALK_HOOKS, *_PLAN_HOOKS, *_BOSOCIAL_HOOKS),
)

"""The districts domain as the application sees it: district profiles from official
statistics, indicators with targets, district plans with goals and their follow-up, and the
evaluation of an intervention in a district — all shown on the existing area pages."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.orgs import policy

_D = "samverkan.districts"
_M = f"{_D}.models"
_P = f"{_D}.plan_models"

# What the audit log shows for this domain's events and objects (codes and ids only).
AUDIT_ACTIONS = {
    "district.import": N_("District statistics imported"),
    "district.value": N_("District indicator value typed in"),
    "district.profile": N_("District profile changed"),
    "district.note": N_("Resident dialogue note written"),
    "district.indicator": N_("District indicator added"),
    "district.plan_create": N_("District plan made"),
    "district.goal_add": N_("District plan goal added"),
    "district.goal_link": N_("EST action linked to a district goal"),
    "district.measure_add": N_("Measure added to a district goal"),
    "district.intervention": N_("District intervention added"),
}
AUDIT_OBJECTS = {
    "district_stat_import": N_("statistics import"),
    "district_indicator_value": N_("indicator value"),
    "district_dialogue_note": N_("dialogue note"),
    "district_indicator": N_("indicator"),
    "district_plan": N_("district plan"),
    "district_goal": N_("district goal"),
    "district_intervention": N_("district intervention"),
}

DOMAIN = Domain(
    name="districts",
    models=_M,
    api=(f"{_D}.routes:api", f"{_D}.plan_routes:api"),
    # pages under /utveckling (plans, statistics, evaluations) and /stadsdelar/{id}/… (deeper
    # than geo's /stadsdelar/{id}, which would take /stadsdelar/planer)
    pages=(
        f"{_D}.plan_pages:router",
        f"{_D}.report:router",
        f"{_D}.eval_pages:router",
        f"{_D}.pages:router",  # part A: indicators, statistics
        f"{_D}.page_forms:router",  # part A: the profile and dialogue forms
    ),
    nav=(NavItem(N_("District development"), "/utveckling/planer", policy.can_read_districts, 88),),
    hooks=(
        ("samverkan.geo.sections:register", f"{_D}.sections:area_section"),
        ("samverkan.core.templating:register_filters", f"{_D}.charts:FILTERS"),
    ),
    labels=(
        ("district_kind", f"{_M}:KIND_LABELS"),
        ("district_direction", f"{_M}:DIRECTION_LABELS"),
        ("district_group", f"{_M}:GROUP_LABELS"),
        ("police_class", f"{_M}:POLICE_CLASS_LABELS"),
        ("area_type", f"{_M}:AREA_TYPE_LABELS"),
        ("dialogue_kind", f"{_M}:DIALOGUE_KIND_LABELS"),
        ("district_program", f"{_P}:PROGRAM_LABELS"),
        ("measure_status", f"{_P}:MEASURE_STATUS_LABELS"),
        ("goal_status", f"{_D}.analysis.followup:STATUS_LABELS"),
        ("audit_action", f"{_D}.domain:AUDIT_ACTIONS"),
        ("audit_object", f"{_D}.domain:AUDIT_OBJECTS"),
    ),
    fields=(f"{_D}.schemas:FIELD_LABELS",),
    cli=(("statistik", f"{_D}.cli:statistik_app"),),
)

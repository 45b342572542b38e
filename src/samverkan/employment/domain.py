"""The employment domain as the application sees it: the job factory, Linkstep coaching and
employer matching, and summer jobs required through procurement."""

from __future__ import annotations

from samverkan.core.domain import Domain
from samverkan.core.errors import N_
from samverkan.core.nav import NavItem
from samverkan.employment import summer_pages
from samverkan.orgs import policy

_REGISTER = "samverkan.people.export:register_section"
_M = "samverkan.employment.models"

# What the audit log shows for this domain's events and objects (codes and ids only).
AUDIT_ACTIONS = {
    "program.create": N_("Employment program created"),
    "participant.create": N_("Participant enrolled"),
    "participant.update": N_("Participant's program data changed"),
    "participant.stage": N_("Participant moved on the pathway"),
    "participant.coaching": N_("Coaching session logged"),
    "participant.plan": N_("Individual plan changed"),
    "participant.followup": N_("Follow-up recorded"),
    "participant.export_esf": N_("ESF+ participant export"),
    "seat.create": N_("Job factory seat created"),
    "seat.term": N_("Seat term changed"),
    "employer.create": N_("Employer added"),
    "employer.update": N_("Employer changed"),
    "opening.create": N_("Opening added"),
    "opening.update": N_("Opening changed"),
    "match.propose": N_("Matches proposed"),
    "match.decide": N_("Match decided"),
    "match.outcome": N_("Match outcome recorded"),
    "summer_contract.create": N_("Summer-job contract created"),
    "summer_report.create": N_("Summer jobs reported"),
}
AUDIT_OBJECTS = {
    "program": N_("employment program"),
    "participant": N_("participant"),
    "seat": N_("seat"),
    "employer": N_("employer"),
    "opening": N_("opening"),
    "match": N_("match"),
    "summer_contract": N_("summer-job contract"),
}

DOMAIN = Domain(
    name="employment",
    models=_M,
    api=(
        "samverkan.employment.routes:api",
        "samverkan.employment.summer_routes:api",
        "samverkan.employment.network_routes:api",
        "samverkan.employment.report_routes:api",
    ),
    pages=(
        "samverkan.employment.pages:router",
        "samverkan.employment.program_pages:router",
        "samverkan.employment.network_pages:router",
        "samverkan.employment.match_pages:router",
        "samverkan.employment.summer_pages:router",
    ),
    nav=(
        NavItem(N_("Employment"), "/sysselsattning", policy.can_use_employment, 75),
        NavItem(N_("Summer jobs"), "/sysselsattning/sommarjobb", summer_pages.contractor_only, 76),
    ),
    labels=(
        ("program_kind", f"{_M}:PROGRAM_KIND_LABELS"),
        ("referral", f"{_M}:REFERRAL_LABELS"),
        ("entry_status", f"{_M}:ENTRY_STATUS_LABELS"),
        ("gender", f"{_M}:GENDER_LABELS"),
        ("education", f"{_M}:EDUCATION_LABELS"),
        ("stage", f"{_M}:STAGE_LABELS"),
        ("placement", f"{_M}:PLACEMENT_LABELS"),
        ("exit_reason", f"{_M}:EXIT_REASON_LABELS"),
        ("followup_status", f"{_M}:FOLLOWUP_STATUS_LABELS"),
        ("employer_kind", f"{_M}:EMPLOYER_KIND_LABELS"),
        ("match_status", f"{_M}:MATCH_STATUS_LABELS"),
        ("match_outcome", f"{_M}:MATCH_OUTCOME_LABELS"),
        ("opening_status", "samverkan.employment.network_pages:OPENING_STATUS_LABELS"),
        ("audit_action", "samverkan.employment.domain:AUDIT_ACTIONS"),
        ("audit_object", "samverkan.employment.domain:AUDIT_OBJECTS"),
    ),
    fields=(
        "samverkan.employment.schemas:FIELD_LABELS",
        "samverkan.employment.summer_schemas:FIELD_LABELS",
        "samverkan.employment.network_schemas:FIELD_LABELS",
        "samverkan.employment.program_pages:FIELD_LABELS",
        "samverkan.employment.match_pages:FIELD_LABELS",
    ),
    hooks=((_REGISTER, "samverkan.employment.present:PARTICIPANTS"),),
)

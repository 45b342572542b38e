"""The one place that decides what a principal may see or do.

Deny by default: every function answers False (or an empty scope) unless a rule allows it.
Routes and services ask here; an object the caller may not see is answered with 404 by the
caller, so that its existence is not revealed. One module per domain holds that domain's rules
(``base`` the principal, organisations, users and EST groups); they are all reached through
this package, ``policy.can_plan(...)``, so a caller never needs to know which module decides.
"""

from __future__ import annotations

from samverkan.orgs.policy.actions import can_own_action, can_plan, in_group
from samverkan.orgs.policy.associations import (
    association_org_ids,
    can_report_activities,
    can_support,
    can_use_associations,
    supporter_org_ids,
)
from samverkan.orgs.policy.base import (
    ADMIN,
    AreaScope,
    Principal,
    area_scope,
    can_admin_org,
    can_admin_user,
    can_change_own_membership,
    can_create_group,
    can_create_org,
    can_grant_role,
    can_manage_group,
    can_see_group,
    can_see_org,
    can_use_admin,
    is_authenticated,
)
from samverkan.orgs.policy.districts import (
    can_edit_district_plan,
    can_edit_districts,
    can_read_districts,
    district_editor_org_ids,
    district_reader_org_ids,
)
from samverkan.orgs.policy.employment import (
    can_report_summer_jobs,
    can_see_shared_employment,
    can_use_employment,
    can_work_employment,
    contractor_org_ids,
    employment_org_ids,
)
from samverkan.orgs.policy.housing import (
    bosocial_org_ids,
    can_edit_plans,
    can_read_plans,
    can_report_bosocial,
    can_run_bosocial,
    can_run_work_orders,
    can_use_bosocial,
    can_use_housing,
    can_walk,
    can_walk_only,
    can_work_housing,
    housing_org_ids,
    plan_org_ids,
    walk_org_ids,
)
from samverkan.orgs.policy.incidents import (
    REPORTING_ROLES,
    IncidentScope,
    can_edit_incident,
    can_export_incidents,
    can_manage_taxonomy,
    can_report,
    can_review_incidents,
    incident_scope,
)
from samverkan.orgs.policy.people import (
    can_admin_people,
    can_see_people,
    can_use_people,
    people_org_ids,
)
from samverkan.orgs.policy.presence import can_see_presence
from samverkan.orgs.policy.situation import can_set_level

__all__ = [
    "ADMIN",
    "REPORTING_ROLES",
    "AreaScope",
    "IncidentScope",
    "Principal",
    "area_scope",
    "association_org_ids",
    "bosocial_org_ids",
    "can_admin_org",
    "can_admin_people",
    "can_admin_user",
    "can_change_own_membership",
    "can_create_group",
    "can_create_org",
    "can_edit_district_plan",
    "can_edit_districts",
    "can_edit_incident",
    "can_edit_plans",
    "can_export_incidents",
    "can_grant_role",
    "can_manage_group",
    "can_manage_taxonomy",
    "can_own_action",
    "can_plan",
    "can_read_districts",
    "can_read_plans",
    "can_report",
    "can_report_activities",
    "can_report_bosocial",
    "can_report_summer_jobs",
    "can_review_incidents",
    "can_run_bosocial",
    "can_run_work_orders",
    "can_see_group",
    "can_see_org",
    "can_see_people",
    "can_see_presence",
    "can_see_shared_employment",
    "can_set_level",
    "can_support",
    "can_use_admin",
    "can_use_associations",
    "can_use_bosocial",
    "can_use_employment",
    "can_use_housing",
    "can_use_people",
    "can_walk",
    "can_walk_only",
    "can_work_employment",
    "can_work_housing",
    "contractor_org_ids",
    "district_editor_org_ids",
    "district_reader_org_ids",
    "employment_org_ids",
    "housing_org_ids",
    "in_group",
    "incident_scope",
    "is_authenticated",
    "people_org_ids",
    "plan_org_ids",
    "supporter_org_ids",
    "walk_org_ids",
]

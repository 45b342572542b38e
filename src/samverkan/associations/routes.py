"""Associations with counter-demands: ``/api/v1/associations`` (Bearer token).

A supporter's case workers and admins (their personal tokens) register associations, make
agreements, follow them up and release payments; the association's reporters (a personal token,
or the association's organisation token) report its activities and the report of a period.
What the caller may not see is 404. Thin: parse → :mod:`.service` / :mod:`.queries` → schema."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response

from samverkan.associations import export, present, queries, service
from samverkan.associations.models import Agreement
from samverkan.associations.schemas import (
    ActivityIn,
    ActivityOut,
    AgreementIn,
    AgreementOut,
    AssociationIn,
    AssociationOut,
    FollowupOut,
    PeriodOut,
)
from samverkan.core.deps import SessionDep
from samverkan.core.errors import N_, NotFound
from samverkan.core.i18n import translations
from samverkan.core.timeutil import today
from samverkan.orgs import policy
from samverkan.orgs.deps import ApiDep, write_aside
from samverkan.orgs.policy import Principal

api = APIRouter(prefix="/api/v1/associations", tags=["associations"])


def _use(p: Principal) -> None:
    if not policy.can_use_associations(p):
        raise NotFound(N_("not found"))


@api.get("", response_model=list[AssociationOut], summary="The associations the caller sees")
def associations(db: SessionDep, p: ApiDep, district_id: int | None = None) -> list[AssociationOut]:
    _use(p)
    return [present.association_out(a) for a in queries.associations(db, p, district_id)]


@api.post("", status_code=201, response_model=AssociationOut, summary="Register an association")
def register(
    db: SessionDep, p: ApiDep, body: AssociationIn, org_id: int | None = None
) -> AssociationOut:
    _use(p)
    return present.association_out(service.register(db, p, body, org_id))


@api.get("/agreements", response_model=list[AgreementOut], summary="The caller's agreements")
def agreements(db: SessionDep, p: ApiDep, association_id: int | None = None) -> list[AgreementOut]:
    _use(p)
    return [present.agreement_out(a) for a in queries.agreements(db, p, association_id)]


@api.post("/agreements", status_code=201, response_model=AgreementOut, summary="Make an agreement")
def create_agreement(db: SessionDep, p: ApiDep, body: AgreementIn) -> AgreementOut:
    _use(p)
    return present.agreement_out(service.create_agreement(db, p, body))


def _agreement(db: SessionDep, p: Principal, agreement_id: int) -> Agreement:
    _use(p)
    found = queries.agreement(db, p, agreement_id)
    if found is None:
        raise NotFound(service.AGREEMENT_NOT_FOUND, id=agreement_id)
    return found


@api.get(
    "/agreements/{agreement_id}/followup.csv",
    response_class=Response,
    summary="An agreement's follow-up as CSV (UTF-8 with BOM, `;`, Swedish headers)",
)
def followup_csv(
    request: Request, db: SessionDep, p: ApiDep, agreement_id: int, on: date | None = None
) -> Response:
    """The follow-up of :mod:`.export` on ``on`` (today by default); the export is audited."""
    v = export.view(db, _agreement(db, p, agreement_id), on or today())
    lang = getattr(request.state, "lang", "sv")
    body = export.csv_body(v, translations(lang).gettext, lang)
    write_aside(request, db, export.record(p, v, "csv"))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export.filename(v, "csv")}"'},
    )


@api.get("/agreements/{agreement_id}", response_model=AgreementOut, summary="An agreement")
def agreement(db: SessionDep, p: ApiDep, agreement_id: int) -> AgreementOut:
    found = _agreement(db, p, agreement_id)
    return present.agreement_out(found)


@api.get(
    "/agreements/{agreement_id}/followup",
    response_model=FollowupOut,
    summary="An agreement's follow-up: delivered against agreed, at the pace of its period",
)
def followup(db: SessionDep, p: ApiDep, agreement_id: int, on: date | None = None) -> FollowupOut:
    found = _agreement(db, p, agreement_id)
    return present.followup(db, found, on or today())


@api.get(
    "/agreements/{agreement_id}/activities",
    response_model=list[ActivityOut],
    summary="The activities reported under an agreement, each with whether it counts",
)
def agreement_activities(db: SessionDep, p: ApiDep, agreement_id: int) -> list[ActivityOut]:
    found = _agreement(db, p, agreement_id)
    return [
        present.activity_out(a, found) for a in queries.activities(db, agreement_ids=[found.id])
    ]


@api.post(
    "/agreements/{agreement_id}/periods/{period_id}/report",
    response_model=PeriodOut,
    summary="The association's report for a payment period is in",
)
def report_period(db: SessionDep, p: ApiDep, agreement_id: int, period_id: int) -> PeriodOut:
    _use(p)
    return present.period_out(service.report_period(db, p, agreement_id, period_id, today()))


@api.post(
    "/agreements/{agreement_id}/periods/{period_id}/release",
    response_model=PeriodOut,
    summary="Release a period's payment (after its report)",
)
def release_period(db: SessionDep, p: ApiDep, agreement_id: int, period_id: int) -> PeriodOut:
    _use(p)
    return present.period_out(service.release_period(db, p, agreement_id, period_id))


@api.get("/{association_id}", response_model=AssociationOut, summary="An association")
def association(db: SessionDep, p: ApiDep, association_id: int) -> AssociationOut:
    _use(p)
    found = queries.association(db, p, association_id)
    if found is None:
        raise NotFound(service.ASSOCIATION_NOT_FOUND, id=association_id)
    return present.association_out(found)


@api.post(
    "/{association_id}/activities",
    status_code=201,
    response_model=ActivityOut,
    summary="Report an activity the association held",
)
def report_activity(
    db: SessionDep, p: ApiDep, association_id: int, body: ActivityIn
) -> ActivityOut:
    _use(p)
    activity = service.report_activity(db, p, association_id, body, today())
    agreement = queries.agreement(db, p, body.agreement_id) if body.agreement_id else None
    return present.activity_out(activity, agreement)

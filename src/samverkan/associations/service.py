"""The rules of the associations with counter-demands: registering an association, making an
agreement with its commitments, rule set and payment periods, reporting an activity and a
period's report, and releasing a period's payment.

Who may (:mod:`samverkan.orgs.policy.associations`): a supporter's case workers and admins
register associations and make agreements for their own organisation; the association's
reporters report its activities and period reports; an agreement or association the caller may
not see is :class:`NotFound`, and a supporter who sees an agreement may not report under it
(403), nor the association release its own payment.

Every write checks everything before it adds anything (nothing is half-saved) and is audited
with codes and numbers only. The caller commits.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.associations import queries
from samverkan.associations.analysis.rules import HIGH_EDGES, LOW_EDGES, problems
from samverkan.associations.models import (
    Activity,
    Agreement,
    Association,
    AssociationContact,
    Attendance,
    Commitment,
    PaymentPeriod,
)
from samverkan.associations.schemas import ActivityIn, AgreementIn, AssociationIn
from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.errors import N_, Invalid, NotFound, PermissionDenied
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.acting import acting_org
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

AGREEMENT_NOT_FOUND = N_("agreement %(id)s not found")
ASSOCIATION_NOT_FOUND = N_("association %(id)s not found")
DISTRICT_KINDS = ("stadsdel", "delomrade")


def supporter(p: Principal, org_id: int | None) -> int:
    """The supporting organisation ``p`` acts for: ``org_id``, or their only one."""
    return acting_org(policy.supporter_org_ids(p), org_id, "supporter_org_id")


def _districts(session: Session, p: Principal, ids: list[int], field: str) -> list[Area]:
    visible = geo_queries.visible_area_ids(session, p)
    out = []
    for area_id in dict.fromkeys(ids):
        area = geo_queries.visible_area(session, visible, area_id)
        if area is None or area.kind not in DISTRICT_KINDS:
            raise Invalid(N_("no such district: %(id)s"), field=field, id=area_id)
        out.append(area)
    return out


def register(
    session: Session, p: Principal, data: AssociationIn, org_id: int | None = None
) -> Association:
    """Add an association to the register, as its own organisation (kind ``forening``). An
    association already in samverkan as an organisation without a register entry is linked."""
    by = supporter(p, org_id)
    if session.scalar(select(Association.id).where(Association.orgnr == data.orgnr)):
        raise Invalid(
            N_("an association with organisation number %(orgnr)s is already in the register"),
            field="orgnr",
            orgnr=data.orgnr,
        )
    districts = _districts(session, p, data.district_ids, "district_ids")
    org = session.scalar(select(Organisation).where(Organisation.name == data.name))
    if org is not None and (
        org.kind != "forening"
        or session.scalar(select(Association.id).where(Association.org_id == org.id))
    ):
        raise Invalid(
            N_("an organisation named %(name)s already exists"), field="name", name=data.name
        )
    if org is None:
        org = Organisation(name=data.name, kind="forening")
        session.add(org)
        session.flush()
    assoc = Association(
        org_id=org.id,
        orgnr=data.orgnr,
        kinds=list(data.kinds),
        description=data.description,
        created_by_org_id=by,
    )
    assoc.districts = districts
    assoc.contacts = [AssociationContact(**c.model_dump()) for c in data.contacts]
    session.add(assoc)
    session.flush()
    audit.record(
        session,
        "association.create",
        actor=p,
        object_type="association",
        object_id=assoc.id,
        org_id=by,
        detail={"kinds": list(data.kinds), "districts": [d.id for d in districts]},
    )
    return assoc


def _month_edges(start: date, end: date, n: int) -> list[date] | None:
    """The first days of ``n`` equal runs of whole months from ``start`` to ``end`` (and the
    day after ``end``), when the period is whole months that split evenly; else None."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return None
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months % n:
        return None
    step = months // n
    edges = []
    for i in range(n + 1):
        m = start.month - 1 + i * step
        edges.append(date(start.year + m // 12, m % 12 + 1, 1))
    return edges


def _periods(start: date, end: date, amount: int, n: int) -> list[PaymentPeriod]:
    """``n`` payment periods covering ``start``–``end``: runs of whole months when the period
    splits so (a year into half-years), else about equal days; the amount split in whole kronor
    (the remainder in the last)."""
    days = (end - start).days + 1
    n = min(n, days)
    edges = _month_edges(start, end, n) or [
        start + timedelta(days=days * i // n) for i in range(n + 1)
    ]
    share = amount // n
    return [
        PaymentPeriod(
            period_start=edges[i],
            period_end=edges[i + 1] - timedelta(days=1),
            amount_sek=share + (amount - share * n if i == n - 1 else 0),
        )
        for i in range(n)
    ]


_RULE_WORDS = {
    "negative": N_("must be 0 or more"),
    "order": N_("must not be below the youngest age"),
}


def _check_rules(data: AgreementIn) -> None:
    found = problems(queries.rules(data))
    for name, why in found.items():
        if why == "edge":
            edges = LOW_EDGES if name == "age_min" else HIGH_EDGES
            raise Invalid(
                N_("must be where an age band starts or ends: %(edges)s"),
                field=f"rule_{name}",
                edges=", ".join(str(e) for e in edges),
            )
        raise Invalid(_RULE_WORDS[why], field=f"rule_{name}")


def create_agreement(session: Session, p: Principal, data: AgreementIn) -> Agreement:
    """A supporter's agreement with an association it may see, with its commitments and
    payment periods."""
    by = supporter(p, data.supporter_org_id)
    assoc = queries.association(session, p, data.association_id)
    if assoc is None:
        raise NotFound(ASSOCIATION_NOT_FOUND, field="association_id", id=data.association_id)
    _check_rules(data)
    own = {d.id for d in assoc.districts}
    for i, c in enumerate(data.commitments):
        if c.district_id is not None and c.district_id not in own:
            raise Invalid(
                N_("the association is not registered as active in district %(id)s"),
                field=f"commitments.{i}.district_id",
                id=c.district_id,
            )
    agreement = Agreement(
        association_id=assoc.id,
        supporter_org_id=by,
        title=data.title,
        amount_sek=data.amount_sek,
        period_start=data.period_start,
        period_end=data.period_end,
        counter_performance=data.counter_performance,
        rule_min_minutes=data.rule_min_minutes,
        rule_min_leaders=data.rule_min_leaders,
        rule_min_participants=data.rule_min_participants,
        rule_age_min=data.rule_age_min,
        rule_age_max=data.rule_age_max,
        created_by_user_id=p.user_id,
    )
    agreement.commitments = [Commitment(**c.model_dump()) for c in data.commitments]
    agreement.periods = _periods(
        data.period_start, data.period_end, data.amount_sek, data.payment_periods
    )
    session.add(agreement)
    session.flush()
    audit.record(
        session,
        "agreement.create",
        actor=p,
        object_type="association_agreement",
        object_id=agreement.id,
        org_id=by,
        detail={
            "association_id": assoc.id,
            "amount_sek": data.amount_sek,
            "period": [data.period_start.isoformat(), data.period_end.isoformat()],
            "commitments": len(data.commitments),
        },
    )
    return agreement


def _own_association(session: Session, p: Principal, association_id: int) -> Association:
    assoc = queries.association(session, p, association_id)
    if assoc is None:
        raise NotFound(ASSOCIATION_NOT_FOUND, id=association_id)
    if not policy.can_report_activities(p, assoc.org_id):
        raise PermissionDenied(N_("only the association itself reports its activities"))
    return assoc


def report_activity(
    session: Session, p: Principal, association_id: int, data: ActivityIn, today: date
) -> Activity:
    """Report an activity the association held (its reporters only), under one of its own
    agreements within the agreement's period, or on its own."""
    assoc = _own_association(session, p, association_id)
    if data.agreement_id is not None:
        agreement = queries.agreement(session, p, data.agreement_id)
        if agreement is None or agreement.association_id != assoc.id:
            raise NotFound(AGREEMENT_NOT_FOUND, field="agreement_id", id=data.agreement_id)
        if not agreement.period_start <= data.held_on <= agreement.period_end:
            raise Invalid(
                N_("must be within the agreement's period %(start)s–%(end)s"),
                field="held_on",
                start=agreement.period_start.isoformat(),
                end=agreement.period_end.isoformat(),
            )
    if data.held_on > today:
        raise Invalid(
            N_("an activity is reported once it has been held: %(day)s is after today"),
            field="held_on",
            day=data.held_on.isoformat(),
        )
    if data.district_id not in {d.id for d in assoc.districts}:
        raise Invalid(
            N_("the association is not registered as active in this district"),
            field="district_id",
        )
    rows = [Attendance(**a.model_dump()) for a in data.attendance if a.people]
    activity = Activity(
        association_id=assoc.id,
        agreement_id=data.agreement_id,
        held_on=data.held_on,
        district_id=data.district_id,
        kind=data.kind,
        form=data.form,
        title=data.title,
        minutes=data.minutes,
        leaders=data.leaders,
        participants=sum(a.people for a in rows),
        reported_by_user_id=p.user_id,
    )
    activity.attendance = rows
    session.add(activity)
    session.flush()
    audit.record(
        session,
        "activity.report",
        actor=p,
        object_type="association_activity",
        object_id=activity.id,
        org_id=assoc.org_id,
        detail={
            "agreement_id": data.agreement_id,
            "district_id": data.district_id,
            "participants": activity.participants,
        },
    )
    return activity


def _period(session: Session, p: Principal, agreement_id: int, period_id: int) -> PaymentPeriod:
    agreement = queries.agreement(session, p, agreement_id)
    period = session.get(PaymentPeriod, period_id)
    if agreement is None or period is None or period.agreement_id != agreement.id:
        raise NotFound(AGREEMENT_NOT_FOUND, id=agreement_id)
    return period


def report_period(
    session: Session, p: Principal, agreement_id: int, period_id: int, today: date
) -> PaymentPeriod:
    """The association says its report for a payment period is in (once the period ended)."""
    period = _period(session, p, agreement_id, period_id)
    if not policy.can_report_activities(p, period.agreement.association.org_id):
        raise PermissionDenied(N_("only the association itself reports its activities"))
    if today < period.period_end:
        raise Invalid(
            N_("the period's report is given once the period has ended (%(end)s)"),
            field="period_id",
            end=period.period_end.isoformat(),
        )
    if period.reported_at is None:
        period.reported_at = utcnow()
        period.reported_by_user_id = p.user_id
        audit.record(
            session,
            "agreement.period_report",
            actor=p,
            object_type="association_agreement",
            object_id=agreement_id,
            org_id=period.agreement.association.org_id,
            detail={"period_id": period.id},
        )
    return period


def release_period(
    session: Session, p: Principal, agreement_id: int, period_id: int
) -> PaymentPeriod:
    """The supporter releases a period's payment: only after the period's report is in."""
    period = _period(session, p, agreement_id, period_id)
    if not policy.can_support(p, period.agreement.supporter_org_id):
        raise PermissionDenied(N_("only the supporter releases a payment"))
    if period.reported_at is None:
        raise Invalid(
            N_("the payment is released only after the report for the period is in"),
            field="period_id",
        )
    if period.released_at is None:
        period.released_at = utcnow()
        period.released_by_user_id = p.user_id
        audit.record(
            session,
            "agreement.release",
            actor=p,
            object_type="association_agreement",
            object_id=agreement_id,
            org_id=period.agreement.supporter_org_id,
            detail={"period_id": period.id, "amount_sek": period.amount_sek},
        )
    return period

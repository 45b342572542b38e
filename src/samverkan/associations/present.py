"""The associations' answers: an association, an agreement, an activity, and an agreement's
follow-up on a day (the pure follow-up of :mod:`.analysis.followup` over its activities)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from samverkan.associations import queries
from samverkan.associations.analysis.followup import Fact, Goal, progress, reach
from samverkan.associations.analysis.rules import shortfalls
from samverkan.associations.models import (
    Activity,
    Agreement,
    Association,
    Commitment,
    PaymentPeriod,
)
from samverkan.associations.schemas import (
    ActivityOut,
    AgreementOut,
    AssociationOut,
    AttendanceOut,
    CommitmentOut,
    ContactOut,
    FollowupOut,
    PeriodOut,
    ProgressOut,
)


def association_out(a: Association) -> AssociationOut:
    return AssociationOut(
        id=a.id,
        org_id=a.org_id,
        name=a.name,
        orgnr=a.orgnr,
        kinds=list(a.kinds),
        district_ids=[d.id for d in a.districts],
        description=a.description,
        contacts=[
            ContactOut(name=c.name, role=c.role, email=c.email, phone=c.phone) for c in a.contacts
        ],
    )


def period_out(x: PaymentPeriod) -> PeriodOut:
    return PeriodOut(
        id=x.id,
        period_start=x.period_start,
        period_end=x.period_end,
        amount_sek=x.amount_sek,
        status=x.status,
        reported_at=x.reported_at,
        released_at=x.released_at,
    )


def agreement_out(a: Agreement) -> AgreementOut:
    r = queries.rules(a)
    return AgreementOut(
        id=a.id,
        association_id=a.association_id,
        association=a.association.name,
        supporter_org_id=a.supporter_org_id,
        supporter=a.supporter.name,
        title=a.title,
        amount_sek=a.amount_sek,
        period_start=a.period_start,
        period_end=a.period_end,
        counter_performance=a.counter_performance,
        rules={
            "min_minutes": r.min_minutes,
            "min_leaders": r.min_leaders,
            "min_participants": r.min_participants,
            "age_min": r.age_min,
            "age_max": r.age_max,
        },
        commitments=[
            CommitmentOut(
                id=c.id,
                description=c.description,
                required=c.required,
                unit=c.unit,
                forms=list(c.forms),
                district_id=c.district_id,
            )
            for c in a.commitments
        ],
        periods=[period_out(x) for x in a.periods],
    )


def activity_out(a: Activity, agreement: Agreement | None = None) -> ActivityOut:
    """An activity; with its agreement, whether it counts under the agreement's rules."""
    why: list[str] = []
    if agreement is not None:
        f = queries.fact(a)
        why = shortfalls(queries.rules(agreement), f.minutes, f.leaders, f.by_band)
    return ActivityOut(
        id=a.id,
        association_id=a.association_id,
        agreement_id=a.agreement_id,
        held_on=a.held_on,
        district_id=a.district_id,
        kind=a.kind,
        form=a.form,
        title=a.title,
        minutes=a.minutes,
        leaders=a.leaders,
        participants=a.participants,
        attendance=[
            AttendanceOut(age_band=x.age_band, gender=x.gender, people=x.people)
            for x in a.attendance
        ],
        counts=None if agreement is None else not why,
        shortfalls=why,
    )


def goal(c: Commitment) -> Goal:
    """A commitment as the pure follow-up reads it."""
    return Goal(required=c.required, unit=c.unit, forms=tuple(c.forms), district_id=c.district_id)


def followups(session: Session, agreements: list[Agreement], on: date) -> dict[int, FollowupOut]:
    """The follow-ups of many agreements on ``on``, their activities read at once."""
    facts = queries.agreement_facts(session, [a.id for a in agreements], on)
    return {a.id: followup(session, a, on, facts.get(a.id, [])) for a in agreements}


def followup(
    session: Session, a: Agreement, on: date, facts: list[Fact] | None = None
) -> FollowupOut:
    """The follow-up of agreement ``a`` on ``on``: every commitment's delivery at the pace of
    the agreement's period, and the reach of its activities held by then (``facts``: those
    activities, when the caller has read them already)."""
    if facts is None:
        facts = queries.agreement_facts(session, [a.id], on).get(a.id, [])
    rules = queries.rules(a)
    rows = []
    for c in a.commitments:
        pr = progress(goal(c), rules, facts, a.period_start, a.period_end, on)
        rows.append(
            ProgressOut(
                commitment_id=c.id,
                description=c.description,
                unit=c.unit,
                required=c.required,
                delivered=pr.delivered,
                expected=round(pr.pace.expected, 1),
                share=pr.pace.share,
                matching=pr.matching,
                not_counted=pr.not_counted,
                days_left=pr.pace.days_left,
                status=pr.pace.status,
            )
        )
    r = reach(facts)
    by_kind: dict[str, int] = {}
    for f in facts:
        by_kind[f.kind] = by_kind.get(f.kind, 0) + 1
    return FollowupOut(
        agreement_id=a.id,
        on=on,
        commitments=rows,
        behind=any(x.status in ("behind", "ended_short") for x in rows),
        activities=r.activities,
        participants=r.total,
        by_age_band=r.by_band,
        by_gender=r.by_gender,
        by_district=r.by_district,
        by_kind=by_kind,
        periods=[
            period_out(x).model_copy(
                update={
                    "counted": sum(
                        1
                        for f in facts
                        if x.period_start <= f.held_on <= x.period_end
                        and not shortfalls(rules, f.minutes, f.leaders, f.by_band)
                    )
                }
            )
            for x in a.periods
        ],
    )

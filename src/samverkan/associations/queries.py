"""Reads of the associations, their agreements and activities, narrowed in SQL to what the
caller may see (:mod:`samverkan.orgs.policy.associations`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from samverkan.associations.analysis.followup import Fact
from samverkan.associations.analysis.rules import Rules
from samverkan.associations.models import (
    Activity,
    Agreement,
    Association,
    Attendance,
    association_district,
)
from samverkan.associations.schemas import AgreementIn
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


def association_filter(session: Session, p: Principal | None) -> object:
    """The SQL condition on :class:`Association` of the associations ``p`` may see."""
    own = policy.association_org_ids(p)
    supporters = policy.supporter_org_ids(p)
    conditions: list[object] = []
    if own:
        conditions.append(Association.org_id.in_(own))
    if supporters:
        conditions.append(Association.created_by_org_id.in_(supporters))
        conditions.append(
            Association.id.in_(
                select(Agreement.association_id).where(Agreement.supporter_org_id.in_(supporters))
            )
        )
        areas = geo_queries.visible_area_ids(session, p)
        if areas is None:
            conditions.append(Association.id.is_not(None))
        elif areas:
            conditions.append(
                Association.id.in_(
                    select(association_district.c.association_id).where(
                        association_district.c.area_id.in_(areas)
                    )
                )
            )
    return or_(*conditions) if conditions else false()  # type: ignore[arg-type]


def associations(
    session: Session, p: Principal | None, district_id: int | None = None
) -> list[Association]:
    """The associations ``p`` may see, by name (only those active in ``district_id``)."""
    stmt = select(Association).where(
        association_filter(session, p)  # type: ignore[arg-type]
    )
    if district_id is not None:
        stmt = stmt.where(
            Association.id.in_(
                select(association_district.c.association_id).where(
                    association_district.c.area_id == district_id
                )
            )
        )
    found = list(session.scalars(stmt))
    return sorted(found, key=lambda a: a.name.casefold())


def association(session: Session, p: Principal | None, association_id: int) -> Association | None:
    """One association, or None when it does not exist or ``p`` may not see it."""
    return session.scalar(
        select(Association).where(
            Association.id == association_id,
            association_filter(session, p),  # type: ignore[arg-type]
        )
    )


def agreement_filter(p: Principal | None) -> object:
    """The SQL condition on :class:`Agreement` of the agreements ``p`` may see: the
    supporter's own, and every agreement of the caller's association."""
    supporters = policy.supporter_org_ids(p)
    own = policy.association_org_ids(p)
    conditions: list[object] = []
    if supporters:
        conditions.append(Agreement.supporter_org_id.in_(supporters))
    if own:
        conditions.append(
            Agreement.association_id.in_(select(Association.id).where(Association.org_id.in_(own)))
        )
    return or_(*conditions) if conditions else false()  # type: ignore[arg-type]


def agreements(
    session: Session, p: Principal | None, association_id: int | None = None
) -> list[Agreement]:
    """The agreements ``p`` may see, the latest period first."""
    stmt = select(Agreement).where(agreement_filter(p))  # type: ignore[arg-type]
    if association_id is not None:
        stmt = stmt.where(Agreement.association_id == association_id)
    return list(
        session.scalars(stmt.order_by(Agreement.period_start.desc(), Agreement.id.desc())).unique()
    )


def agreement(session: Session, p: Principal | None, agreement_id: int) -> Agreement | None:
    """One agreement, or None when it does not exist or ``p`` may not see it."""
    return session.scalar(
        select(Agreement).where(
            Agreement.id == agreement_id,
            agreement_filter(p),  # type: ignore[arg-type]
        )
    )


def activities(
    session: Session,
    *,
    agreement_ids: Iterable[int] = (),
    association_id: int | None = None,
    district_ids: Iterable[int] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[Activity]:
    """Activities, by day: of these agreements, of one association, in these districts, within
    ``first``..``last``. The caller has checked that the reader may see what it asks for."""
    stmt = select(Activity)
    ids = list(agreement_ids)
    if ids:
        stmt = stmt.where(Activity.agreement_id.in_(ids))
    if association_id is not None:
        stmt = stmt.where(Activity.association_id == association_id)
    if district_ids is not None:
        stmt = stmt.where(Activity.district_id.in_(list(district_ids)))
    if first is not None:
        stmt = stmt.where(Activity.held_on >= first)
    if last is not None:
        stmt = stmt.where(Activity.held_on <= last)
    return list(session.scalars(stmt.order_by(Activity.held_on, Activity.id)))


def agreement_facts(
    session: Session, agreement_ids: list[int], last: date
) -> dict[int, list[Fact]]:
    """Per agreement, its activities held by ``last`` as the pure follow-up reads them, by day:
    two plain reads (the activities, their attendance), no objects."""
    if not agreement_ids:
        return {}
    rows = session.execute(
        select(
            Activity.id,
            Activity.agreement_id,
            Activity.held_on,
            Activity.district_id,
            Activity.kind,
            Activity.form,
            Activity.minutes,
            Activity.leaders,
        )
        .where(Activity.agreement_id.in_(agreement_ids), Activity.held_on <= last)
        .order_by(Activity.held_on, Activity.id)
    ).all()
    attendance: dict[int, dict[tuple[str, str], int]] = {}
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 5000):  # within every engine's limit of parameters
        for activity_id, band, gender, people in session.execute(
            select(
                Attendance.activity_id, Attendance.age_band, Attendance.gender, Attendance.people
            ).where(Attendance.activity_id.in_(ids[start : start + 5000]))
        ):
            attendance.setdefault(activity_id, {})[(band, gender)] = people
    out: dict[int, list[Fact]] = {}
    for r in rows:
        out.setdefault(r.agreement_id, []).append(
            Fact(
                r.held_on,
                r.district_id,
                r.kind,
                r.form,
                r.minutes,
                r.leaders,
                attendance.get(r.id, {}),
            )
        )
    return out


def fact(a: Activity) -> Fact:
    """An activity as the pure follow-up reads it."""
    return Fact(
        held_on=a.held_on,
        district_id=a.district_id,
        kind=a.kind,
        form=a.form,
        minutes=a.minutes,
        leaders=a.leaders,
        attendance={(x.age_band, x.gender): x.people for x in a.attendance},
    )


def rules(a: Agreement | AgreementIn) -> Rules:
    """An agreement's rule set (of a stored agreement, or of one being made)."""
    return Rules(
        min_minutes=a.rule_min_minutes,
        min_leaders=a.rule_min_leaders,
        min_participants=a.rule_min_participants,
        age_min=a.rule_age_min,
        age_max=a.rule_age_max,
    )

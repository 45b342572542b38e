"""The associations' activities in the EST group's coordinated calendar: per association,
district and week, how many activities it held — so the meeting sees where something already
happens. Counts of activities only: no attendance, no agreement. Hooked into
:func:`samverkan.actions.coordination.register` by the composition root."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions.calendar import ASSOCIATION, Span
from samverkan.associations import queries
from samverkan.associations.models import Activity, Association
from samverkan.geo import queries as geo_queries
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal


def spans(session: Session, p: Principal | None, first: date, last: date) -> list[Span]:
    """The week's activities of every association per district the reader sees, from
    ``first`` to ``last``; each links the association's page when the reader may see it."""
    areas = geo_queries.visible_area_ids(session, p)
    if areas is not None and not areas:
        return []
    stmt = (
        select(Activity.association_id, Organisation.name, Activity.district_id, Activity.held_on)
        .join(Association, Association.id == Activity.association_id)
        .join(Organisation, Organisation.id == Association.org_id)
        .where(Activity.held_on >= first, Activity.held_on <= last)
    )
    if areas is not None:
        stmt = stmt.where(Activity.district_id.in_(areas))
    weeks: Counter[tuple[int, str, int, date]] = Counter()
    for assoc_id, name, district_id, held_on in session.execute(stmt):
        monday = held_on - timedelta(days=held_on.weekday())
        weeks[(assoc_id, name, district_id, monday)] += 1
    if not weeks:
        return []
    seen = set(
        session.scalars(
            select(Association.id).where(
                Association.id.in_({k[0] for k in weeks}),
                queries.association_filter(session, p),  # type: ignore[arg-type]
            )
        )
    )
    return [
        Span(
            district_id,
            name,
            str(n),
            ASSOCIATION,
            monday,
            monday + timedelta(days=6),
            f"/foreningar/{assoc_id}" if assoc_id in seen else "",
        )
        for (assoc_id, name, district_id, monday), n in sorted(weeks.items())
    ]

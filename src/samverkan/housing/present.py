"""The disturbance cases' section of the person register's export and erasure: every case
about one person, with its steps."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.housing.models import CaseStep, DisturbanceCase
from samverkan.orgs.policy import Principal
from samverkan.people.export import Row, Section
from samverkan.people.models import Person


def _collect(session: Session, p: Principal, person: Person) -> list[Row]:
    rows: list[Row] = []
    for c in session.scalars(
        select(DisturbanceCase)
        .where(DisturbanceCase.person_id == person.id)
        .order_by(DisturbanceCase.id)
    ):
        rows.append(
            {
                N_("flat"): c.flat,
                N_("opened on"): c.opened_on.isoformat(),
                N_("status"): c.status,
                N_("disturbance to stop by"): c.rectify_by.isoformat() if c.rectify_by else "",
                N_("terminated on"): c.terminated_on.isoformat() if c.terminated_on else "",
                N_("very serious disturbance"): c.very_serious_reason or "",
                N_("outcome"): c.outcome or "",
                N_("steps"): "; ".join(
                    f"{s.on} {s.kind}"
                    + (f" ({s.source or s.contact})" if s.source or s.contact else "")
                    + (f": {s.note}" if s.note else "")
                    for s in c.steps
                ),
            }
        )
    return rows


def _erase(session: Session, person_id: int) -> int:
    """Remove every case about the person, with its steps."""
    ids = select(DisturbanceCase.id).where(DisturbanceCase.person_id == person_id)
    n = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    session.execute(delete(CaseStep).where(CaseStep.case_id.in_(ids)))
    session.execute(delete(DisturbanceCase).where(DisturbanceCase.person_id == person_id))
    return int(n)


CASES = Section(
    key="housing",
    title=N_("Disturbance cases"),
    tables=("housing_disturbance_case", "housing_case_step"),
    collect=_collect,
    erase=_erase,
    order=300,
    labels=(),
)

"""Eviction prevention: importing a month's arrears list, the early-contact steps, the notice
for non-payment and the three-week window, consent to the monthly meeting, the outcome.

- An import is all-or-nothing: the file is read in full (:mod:`.eviction_import`) and any bad
  line rejects it with every line's field and reason (:class:`ImportRejected`); nothing is
  stored. A tenant is matched to the housing company's register by personnummer or added, held
  for ``housing`` on the landlord's legal obligation (its duty to notify social services).
- Re-importing a month replaces that month's entries; each entry points to the tenant's open
  episode, so the steps recorded on an episode stay.
- Steps and notes are redacted of personnummer; every write is audited with ids and codes only;
  the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.redaction import redact_personnummer
from samverkan.housing import eviction_import
from samverkan.housing.analysis.eviction_window import Window, window
from samverkan.housing.eviction_import import LineError
from samverkan.housing.eviction_models import (
    OUTCOMES,
    PLAN_STATES,
    STEPS,
    ArrearsEntry,
    ArrearsEpisode,
    ArrearsList,
    EvictionStep,
)
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people import service as people_service
from samverkan.people.models import Person
from samverkan.people.schemas import BasisIn, PersonIn

PURPOSE = "housing"
BASIS = "legal_obligation"


class ImportRejected(Invalid):
    """The file had bad lines: ``errors`` lists each (line, field, reason)."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(
            N_("the file has %(count)s bad lines; nothing was saved"),
            field="file",
            count=len(errors),
        )
        self.errors = errors


@dataclass(frozen=True)
class StepData:
    kind: str
    on: date
    note: str | None = None
    plan_monthly_ore: int | None = None
    plan_start: date | None = None
    plan_state: str | None = None


def _org(p: Principal, org_id: int) -> None:
    if not policy.can_work_housing(p, org_id):
        raise NotFound(N_("organisation not found"))


def import_list(
    session: Session, p: Principal, org_id: int, month: date, data: bytes, today: date
) -> ArrearsList:
    """The month's list from the landlord's CSV (see :mod:`.eviction_import` for the columns)."""
    _org(p, org_id)
    if month.day != 1:
        raise Invalid(N_("the month is given by its first day"), field="month")
    parsed = eviction_import.parse(data, today)
    if parsed.errors:
        raise ImportRejected(parsed.errors)
    if not parsed.rows:
        raise ImportRejected([LineError(0, "", N_("the file is empty"))])
    seen: dict[str, int] = {}
    dupes = []
    for row in parsed.rows:
        if row.personnummer in seen:
            dupes.append(
                LineError(
                    row.line,
                    "personnummer",
                    N_("the tenant is already on line %(line)s"),
                    {"line": str(seen[row.personnummer])},
                )
            )
        seen.setdefault(row.personnummer, row.line)
    if dupes:
        raise ImportRejected(dupes)
    old = session.scalar(
        select(ArrearsList).where(ArrearsList.org_id == org_id, ArrearsList.month == month)
    )
    replaced = old is not None
    if old is not None:
        session.delete(old)
        session.flush()
    listing = ArrearsList(org_id=org_id, month=month, by_user_id=p.user_id)
    session.add(listing)
    basis = BasisIn(purpose=PURPOSE, basis=BASIS, since=month)
    for row in parsed.rows:
        person = people_service.registered(
            session, p, org_id, None, PersonIn(pnr=row.personnummer, name=row.name, basis=basis)
        )
        try:
            people_service.require_basis(session, person, PURPOSE)
        except people_service.NoBasis:
            people_service.add_basis(session, p, person.id, basis)
        people_service.touch(person)
        listing.entries.append(
            ArrearsEntry(
                episode=_episode_for(session, org_id, person, month),
                amount_ore=row.amount_ore,
                months_due=row.months_due,
                flat=row.flat,
            )
        )
    session.flush()
    audit.record(
        session,
        "arrears.import",
        actor=p,
        object_type="arrears_list",
        object_id=listing.id,
        org_id=org_id,
        detail={"month": month.isoformat(), "rows": len(parsed.rows), "replaced": replaced},
    )
    return listing


def _episode_for(session: Session, org_id: int, person: Person, month: date) -> ArrearsEpisode:
    found = session.scalar(
        select(ArrearsEpisode).where(
            ArrearsEpisode.org_id == org_id,
            ArrearsEpisode.person_id == person.id,
            ArrearsEpisode.closed_on.is_(None),
        )
    )
    if found is None:
        found = ArrearsEpisode(org_id=org_id, person_id=person.id, opened_on=month)
        session.add(found)
    return found


def episode(session: Session, p: Principal | None, episode_id: int) -> ArrearsEpisode:
    """The episode if ``p`` works the housing company's cases; else :class:`NotFound`."""
    found = session.get(ArrearsEpisode, episode_id)
    if found is None or found.org_id not in policy.housing_org_ids(p):
        raise NotFound(N_("arrears case %(id)s not found"), id=episode_id)
    return found


def _open(ep: ArrearsEpisode, on: date) -> None:
    if ep.closed_on is not None:
        raise Conflict(N_("the case is closed"), field="outcome")
    if on < ep.opened_on:
        raise Invalid(
            N_("cannot be before the case was opened (%(day)s)"),
            field="on",
            day=ep.opened_on.isoformat(),
        )


def _note(session: Session, ep: ArrearsEpisode, text: str | None) -> str | None:
    person = session.get(Person, ep.person_id)
    return redact_personnummer(text, person.pnr if person else None).text or None


def add_step(session: Session, p: Principal, episode_id: int, data: StepData) -> EvictionStep:
    """A letter, a call, a home visit or a payment plan (amount per month, start, state)."""
    ep = episode(session, p, episode_id)
    _open(ep, data.on)
    if data.kind not in STEPS:
        raise Invalid(N_("unknown kind of step"), field="kind")
    plan = data.kind == "payment_plan"
    if plan:
        if data.plan_monthly_ore is None or data.plan_monthly_ore <= 0:
            raise Invalid(N_("a payment plan needs its amount per month"), field="plan_monthly")
        if data.plan_start is None:
            raise Invalid(N_("a payment plan needs its first day"), field="plan_start")
    step = EvictionStep(
        kind=data.kind,
        on=data.on,
        plan_monthly_ore=data.plan_monthly_ore if plan else None,
        plan_start=data.plan_start if plan else None,
        plan_state="running" if plan else None,
        note=_note(session, ep, data.note),
        by_user_id=p.user_id,
    )
    ep.steps.append(step)
    session.flush()
    audit.record(
        session,
        "arrears.step",
        actor=p,
        object_type="arrears_case",
        object_id=ep.id,
        org_id=ep.org_id,
        detail={"kind": data.kind, "step_id": step.id},
    )
    return step


def set_plan_state(
    session: Session, p: Principal, episode_id: int, step_id: int, state: str
) -> EvictionStep:
    """Mark a payment plan kept or broken."""
    ep = episode(session, p, episode_id)
    _open(ep, ep.opened_on)
    step = next((s for s in ep.steps if s.id == step_id and s.kind == "payment_plan"), None)
    if step is None:
        raise NotFound(N_("payment plan not found"))
    if state not in PLAN_STATES:
        raise Invalid(N_("unknown state of a payment plan"), field="plan_state")
    step.plan_state = state
    session.flush()
    audit.record(
        session,
        "arrears.plan",
        actor=p,
        object_type="arrears_case",
        object_id=ep.id,
        org_id=ep.org_id,
        detail={"step_id": step.id, "state": state},
    )
    return step


def notify(
    session: Session,
    p: Principal,
    episode_id: int,
    notified_on: date,
    social_notified_on: date | None,
) -> ArrearsEpisode:
    """The day the tenant was notified for non-payment (the window runs from it) and the day
    social services were notified; the latter not before the former."""
    ep = episode(session, p, episode_id)
    _open(ep, notified_on)
    if social_notified_on is not None and social_notified_on < notified_on:
        raise Invalid(
            N_("cannot be before the tenant was notified (%(day)s)"),
            field="social_notified_on",
            day=notified_on.isoformat(),
        )
    ep.notified_on, ep.social_notified_on = notified_on, social_notified_on
    session.flush()
    audit.record(
        session,
        "arrears.notify",
        actor=p,
        object_type="arrears_case",
        object_id=ep.id,
        org_id=ep.org_id,
        detail={"social": social_notified_on is not None},
    )
    return ep


def the_window(ep: ArrearsEpisode, today: date) -> Window | None:
    """The three-week window on ``today``, once the tenant was notified."""
    return window(ep.notified_on, today) if ep.notified_on else None


def set_consent(
    session: Session, p: Principal, episode_id: int, consent: bool, on: date
) -> ArrearsEpisode:
    """The tenant's consent (or its withdrawal) to be discussed at the monthly meeting."""
    ep = episode(session, p, episode_id)
    ep.consent, ep.consent_on = consent, on if consent else None
    session.flush()
    audit.record(
        session,
        "arrears.consent",
        actor=p,
        object_type="arrears_case",
        object_id=ep.id,
        org_id=ep.org_id,
        detail={"consent": consent},
    )
    return ep


def close(
    session: Session, p: Principal, episode_id: int, outcome: str, on: date
) -> ArrearsEpisode:
    """The outcome; ``plan_kept`` needs a payment plan marked kept, ``eviction`` the notice."""
    ep = episode(session, p, episode_id)
    _open(ep, on)
    if outcome not in OUTCOMES:
        raise Invalid(N_("unknown outcome"), field="outcome")
    if outcome == "plan_kept" and not any(s.plan_state == "kept" for s in ep.steps):
        raise Invalid(N_("no payment plan is marked kept"), field="outcome")
    if outcome == "eviction" and ep.notified_on is None:
        raise Invalid(
            N_("an eviction needs the notice for non-payment recorded first"), field="outcome"
        )
    ep.outcome, ep.closed_on = outcome, on
    session.flush()
    audit.record(
        session,
        "arrears.close",
        actor=p,
        object_type="arrears_case",
        object_id=ep.id,
        org_id=ep.org_id,
        detail={"outcome": outcome},
    )
    return ep


def meeting_list(
    session: Session, p: Principal, org_id: int, view: str = "page"
) -> list[ArrearsEpisode]:
    """The open episodes of tenants who consented, for the monthly meeting with social
    services (only those: a tenant without consent never appears). Each read is logged."""
    _org(p, org_id)
    found = list(
        session.scalars(
            select(ArrearsEpisode)
            .where(
                ArrearsEpisode.org_id == org_id,
                ArrearsEpisode.consent.is_(True),
                ArrearsEpisode.closed_on.is_(None),
            )
            .order_by(ArrearsEpisode.id)
        )
    )
    people = [session.get(Person, e.person_id) for e in found]
    people_service.log_read(session, p, [x for x in people if x is not None], view)
    return found


def lists(session: Session, p: Principal, org_id: int) -> list[ArrearsList]:
    """The housing company's monthly lists, the latest first."""
    _org(p, org_id)
    return list(
        session.scalars(
            select(ArrearsList)
            .where(ArrearsList.org_id == org_id)
            .order_by(ArrearsList.month.desc())
        )
    )


def month_list(session: Session, p: Principal, org_id: int, month: date) -> ArrearsList:
    """One month's list."""
    _org(p, org_id)
    found = session.scalar(
        select(ArrearsList).where(ArrearsList.org_id == org_id, ArrearsList.month == month)
    )
    if found is None:
        raise NotFound(N_("no arrears list for %(month)s"), month=month.isoformat()[:7])
    return found


def outcomes_per_month(session: Session, p: Principal, org_id: int) -> dict[str, dict[str, int]]:
    """Counts of outcomes per month closed (``YYYY-MM`` → outcome → count); inside the company
    only, so no suppression."""
    _org(p, org_id)
    out: dict[str, dict[str, int]] = {}
    for ep in session.scalars(
        select(ArrearsEpisode).where(
            ArrearsEpisode.org_id == org_id, ArrearsEpisode.closed_on.is_not(None)
        )
    ):
        key = ep.closed_on.isoformat()[:7] if ep.closed_on else ""
        row = out.setdefault(key, {})
        row[ep.outcome or ""] = row.get(ep.outcome or "", 0) + 1
    return out

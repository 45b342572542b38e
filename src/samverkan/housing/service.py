"""Disturbance cases and the rules of Jordabalken 12 kap. they follow.

- A case is opened by a complaint about a tenant of the housing company's register, held for
  the purpose ``housing`` (a new person is added with their legal basis).
- The warning (rättelseanmaning) names the day by which the disturbance must stop; the notice
  to the social welfare board (25 §) goes with it, on the same day or after, never before.
- A termination for disturbance is refused unless the warning and the notice are recorded
  first and its day is not before them; only the path of very serious disturbance (42 §),
  chosen explicitly and with its reason, terminates without them.
- A case ends with its outcome: resolved (any time), or after a termination with the rent
  tribunal (hyresnämnden), the enforcement authority (Kronofogden) or the tenant moving out.

Notes are redacted of any personnummer but the tenant's own before they are stored. Every
write checks everything before it adds anything and is audited with ids and codes only; the
caller commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound
from samverkan.core.redaction import redact_personnummer
from samverkan.geo import queries as geo_queries
from samverkan.housing import queries
from samverkan.housing.models import CaseStep, DisturbanceCase
from samverkan.housing.schemas import CaseIn, OutcomeIn, PlaceIn, StepIn, TerminationIn
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people import service as people_service
from samverkan.people.models import Person

PURPOSE = "housing"
AFTER_TERMINATION = ("rent_tribunal", "enforcement", "moved_out")


def _note(text: str | None, person: Person | None) -> str | None:
    return redact_personnummer(text, person.pnr if person else None).text or None


def open_case(session: Session, p: Principal, org_id: int, data: CaseIn) -> DisturbanceCase:
    """A case of the housing company ``org_id`` (its case workers and admins), opened by the
    complaint ``data.source`` on ``data.opened_on``."""
    if not policy.can_work_housing(p, org_id):
        raise NotFound(N_("organisation not found"))
    geo_queries.check_district(session, p, data.area_id)
    person = people_service.registered(session, p, org_id, data.person_id, data.person)
    people_service.require_basis(session, person, PURPOSE)
    case = DisturbanceCase(
        org_id=org_id,
        person_id=person.id,
        flat=data.flat,
        area_id=data.area_id,
        opened_on=data.opened_on,
        handler_user_id=p.user_id,
        place=(data.place or "").strip() or None,
        place_lat=data.place_lat,
        place_lon=data.place_lon,
    )
    case.steps.append(
        CaseStep(
            kind="complaint",
            on=data.opened_on,
            source=data.source,
            note=_note(data.note, person),
            by_user_id=p.user_id,
        )
    )
    session.add(case)
    people_service.touch(person)
    session.flush()
    audit.record(
        session,
        "disturbance.open",
        actor=p,
        object_type="disturbance_case",
        object_id=case.id,
        org_id=case.org_id,
        detail={"source": data.source},
    )
    return case


def _case(session: Session, p: Principal, case_id: int) -> DisturbanceCase:
    found = queries.case(session, p, case_id)
    if found is None:
        raise NotFound(N_("disturbance case %(id)s not found"), id=case_id)
    return found


def _open(case: DisturbanceCase) -> None:
    if case.status == "closed":
        raise Conflict(N_("the case is closed"), field="status")


def _last(case: DisturbanceCase, kind: str) -> CaseStep | None:
    found = [s for s in case.steps if s.kind == kind]
    return found[-1] if found else None


def _check_step(case: DisturbanceCase, data: StepIn) -> None:
    """The step's own fields and its place among the steps before it."""
    if data.on < case.opened_on:
        raise Invalid(
            N_("cannot be before the case was opened (%(day)s)"),
            field="on",
            day=case.opened_on.isoformat(),
        )
    if data.kind == "complaint" and data.source is None:
        raise Invalid(N_("a complaint needs its source"), field="source")
    if data.kind == "contact" and data.contact is None:
        raise Invalid(N_("a contact needs its kind"), field="contact")
    if data.kind == "warning":
        if data.rectify_by is None:
            raise Invalid(
                N_("a warning needs the day by which the disturbance must stop"),
                field="rectify_by",
            )
        if data.rectify_by <= data.on:
            raise Invalid(N_("must come after the day of the warning"), field="rectify_by")
    if data.kind == "social_notice":
        warning = _last(case, "warning")
        if warning is None:
            raise Invalid(
                N_("the notice to the social welfare board goes with a warning: record it first"),
                field="kind",
            )
        if data.on < warning.on:
            raise Invalid(
                N_("cannot be before the warning (%(day)s)"),
                field="on",
                day=warning.on.isoformat(),
            )
    if case.status == "terminated" and data.kind in ("warning", "social_notice"):
        raise Conflict(N_("the tenancy is already terminated"), field="kind")


def add_step(session: Session, p: Principal, case_id: int, data: StepIn) -> CaseStep:
    """A complaint, a contact, the warning or the notice to the social welfare board."""
    case = _case(session, p, case_id)
    _open(case)
    _check_step(case, data)
    person = session.get(Person, case.person_id)
    step = CaseStep(
        kind=data.kind,
        on=data.on,
        source=data.source if data.kind == "complaint" else None,
        contact=data.contact if data.kind == "contact" else None,
        note=_note(data.note, person),
        by_user_id=p.user_id,
    )
    case.steps.append(step)
    if data.kind == "warning":
        case.rectify_by = data.rectify_by
        if case.status == "open":
            case.status = "warned"
    if person is not None:
        people_service.touch(person)
    session.flush()
    audit.record(
        session,
        "disturbance.step",
        actor=p,
        object_type="disturbance_case",
        object_id=case.id,
        org_id=case.org_id,
        detail={"kind": data.kind, "step_id": step.id},
    )
    return step


def terminate(session: Session, p: Principal, case_id: int, data: TerminationIn) -> CaseStep:
    """The termination for disturbance (see the module docstring for when it is refused)."""
    case = _case(session, p, case_id)
    _open(case)
    if case.status == "terminated":
        raise Conflict(N_("the tenancy is already terminated"), field="on")
    if data.on < case.opened_on:
        raise Invalid(
            N_("cannot be before the case was opened (%(day)s)"),
            field="on",
            day=case.opened_on.isoformat(),
        )
    reason = (data.reason or "").strip()
    if data.very_serious:
        if len(reason) < 10:
            raise Invalid(
                N_("terminating without a warning (12 kap. 42 §) needs its reason in words"),
                field="reason",
            )
    else:
        warning, notice = _last(case, "warning"), _last(case, "social_notice")
        if warning is None or notice is None:
            raise Invalid(
                N_(
                    "a termination for disturbance needs the warning and the notice to the "
                    "social welfare board recorded first (12 kap. 25 §), or the path of very "
                    "serious disturbance (42 §) chosen with its reason"
                ),
                field="very_serious",
            )
        latest = max(warning.on, notice.on)
        if data.on < latest:
            raise Invalid(
                N_("cannot be before the warning and the notice (%(day)s)"),
                field="on",
                day=latest.isoformat(),
            )
    person = session.get(Person, case.person_id)
    note = _note(reason, person)
    step = CaseStep(kind="termination", on=data.on, note=note, by_user_id=p.user_id)
    case.steps.append(step)
    case.status, case.terminated_on = "terminated", data.on
    case.very_serious = data.very_serious
    case.very_serious_reason = note if data.very_serious else None
    session.flush()
    audit.record(
        session,
        "disturbance.terminate",
        actor=p,
        object_type="disturbance_case",
        object_id=case.id,
        org_id=case.org_id,
        detail={"very_serious": data.very_serious},
    )
    return step


def close(session: Session, p: Principal, case_id: int, data: OutcomeIn) -> DisturbanceCase:
    """How the case ended; an outcome after a termination needs the termination first."""
    case = _case(session, p, case_id)
    _open(case)
    if data.outcome in AFTER_TERMINATION and case.status != "terminated":
        raise Invalid(N_("this outcome follows a termination"), field="outcome")
    last = max((s.on for s in case.steps), default=case.opened_on)
    if data.on < last:
        raise Invalid(
            N_("cannot be before the case's last step (%(day)s)"), field="on", day=last.isoformat()
        )
    case.status, case.outcome, case.closed_on = "closed", data.outcome, data.on
    session.flush()
    audit.record(
        session,
        "disturbance.close",
        actor=p,
        object_type="disturbance_case",
        object_id=case.id,
        org_id=case.org_id,
        detail={"outcome": data.outcome},
    )
    return case


def set_place(session: Session, p: Principal, case_id: int, data: PlaceIn) -> DisturbanceCase:
    """Point the case to an EST place (its area, a description, optionally a point), or to
    none. Only the case keeps it: nothing is written to EST."""
    case = _case(session, p, case_id)
    _open(case)
    geo_queries.check_district(session, p, data.area_id)
    case.area_id = data.area_id
    case.place = (data.place or "").strip() or None
    case.place_lat, case.place_lon = data.place_lat, data.place_lon
    session.flush()
    audit.record(
        session,
        "disturbance.place",
        actor=p,
        object_type="disturbance_case",
        object_id=case.id,
        org_id=case.org_id,
        detail={"area_id": data.area_id},
    )
    return case


def deadlines(
    session: Session, p: Principal, on: date, within_days: int = 14
) -> list[DisturbanceCase]:
    """The warned cases whose day to stop by has passed or comes within ``within_days``: the
    deadlines a case worker follows up, the earliest first."""
    return queries.warned_by(session, p, on.toordinal() + within_days)

"""The demo's disturbance cases: Stångåstaden's case worker (``handlaggare@stangastaden.demo``)
with eight cases at different steps as of ``until`` — a fresh complaint; a complaint followed by a
call; a warning with the notice to the social welfare board, the day to stop by still ahead; one
whose day has passed with a new complaint after it (the deadline the list shows as overdue); a
termination taken to the rent tribunal; a case resolved after the warning; a termination on the
path of very serious disturbance (42 §) with its reason; and one pointing to an EST place (a
stairwell in Skäggetorp) — of which nothing flows into EST.

The tenants are test people of Stångåstaden's register held for the purpose ``housing`` (test
personnummer born in December 1890, birth numbers 993–994, apart from the job factory's
participants in the same register; names that say they are made up, "Provgranne …").
Everything goes through :mod:`samverkan.housing.service`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.demo.people import TEST_YEAR
from samverkan.geo import queries as geo_queries
from samverkan.housing import service
from samverkan.housing.schemas import CaseIn, OutcomeIn, StepIn, TerminationIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people.schemas import BasisIn, PersonIn

CASEWORKER = "handlaggare@stangastaden.demo"
HOUSING = "Stångåstaden"
# (days before ``until`` the case opened, district, flat, source, what happened: the script)
CASES = (
    (9, "Skäggetorp", "Bergsrådsvägen 12 B, lgh 1201", "neighbour", "complaint"),
    (30, "Skäggetorp", "Skäggetorpsvägen 3, lgh 1102", "on_call", "contact"),
    (45, "Ryd", "Ryttargårdsgatan 8, lgh 1304", "neighbour", "warned"),
    (80, "Skäggetorp", "Gillbergsgatan 21, lgh 1003", "caretaker", "overdue"),
    (200, "Ryd", "Ryttargårdsgatan 14, lgh 1202", "neighbour", "tribunal"),
    (150, "Skäggetorp", "Bergsrådsvägen 16 A, lgh 1401", "on_call", "resolved"),
    (60, "Ryd", "Ryttargårdsgatan 2, lgh 1101", "authority", "very_serious"),
    (20, "Skäggetorp", "Bergsrådsvägen 12 A, lgh 1302", "neighbour", "place"),
)
NOTES = {
    "neighbour": "Grannar klagar på hög musik och skrik nattetid.",
    "on_call": "Störningsjouren ryckte ut efter klagomål om bråk i trapphuset.",
    "caretaker": "Fastighetsskötaren har sett skadegörelse i tvättstugan vid flera tillfällen.",
    "authority": "Polisen har meddelat att lägenheten använts för narkotikahandel.",
}


def _pnr(n: int) -> str:
    """A test personnummer: born TEST_YEAR-12-01 onwards, birth numbers 993–994."""
    return str(personnummer.make(date(TEST_YEAR, 12, 1) + timedelta(days=n), 993 + n % 2))


def seed(session: Session, until: date) -> None:
    """Stångåstaden's disturbance cases as of ``until`` (nothing when the demo's case worker or
    districts are missing)."""
    user = org_queries.user_by_email(session, CASEWORKER)
    org = org_queries.org_by_name(session, HOUSING)
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    if user is None or org is None or not {"Skäggetorp", "Ryd"} <= set(areas):
        return
    p = org_queries.principal_for_user(session, user)
    for n, (back, district, flat, source, script) in enumerate(CASES):
        opened = until - timedelta(days=back)
        place = "Trapphus Bergsrådsvägen 12 A" if script == "place" else None
        case = service.open_case(
            session,
            p,
            org.id,
            CaseIn(
                person=PersonIn(
                    pnr=_pnr(n),
                    name=f"Provgranne {n + 1:02d}",
                    address=f"{flat.split(',')[0]}, Linköping",
                    basis=BasisIn(
                        purpose="housing",
                        basis="legal_obligation",
                        since=opened,
                        note="Hyresavtal; störningsärende enligt 12 kap. jordabalken",
                    ),
                ),
                flat=flat,
                area_id=areas[district],
                opened_on=opened,
                source=source,
                note=NOTES[source],
                place=place,
                place_lat=58.4279 if place else None,
                place_lon=15.5822 if place else None,
            ),
        )
        _follow(session, p, case.id, opened, script, until)
    session.flush()


def _step(session: Session, p: Principal, case_id: int, kind: str, on: date, **kw: Any) -> None:
    service.add_step(session, p, case_id, StepIn(kind=kind, on=on, **kw))


def _warn(session: Session, p: Principal, case_id: int, on: date, days: int) -> None:
    note = "Rättelseanmaning: störningarna ska upphöra."
    _step(session, p, case_id, "warning", on, rectify_by=on + timedelta(days=days), note=note)
    _step(session, p, case_id, "social_notice", on, note="Underrättelse till socialnämnden.")


def _follow(
    session: Session, p: Principal, case_id: int, opened: date, script: str, until: date
) -> None:
    """The steps after the first complaint that put the case where ``script`` says."""
    if script in ("contact", "place"):
        _step(
            session,
            p,
            case_id,
            "contact",
            opened + timedelta(days=3),
            contact="call",
            note="Samtal med hyresgästen, som lovar att dämpa sig.",
        )
    elif script == "warned":
        _step(session, p, case_id, "contact", opened + timedelta(days=5), contact="visit")
        _warn(session, p, case_id, until - timedelta(days=10), 30)
    elif script == "overdue":
        _warn(session, p, case_id, opened + timedelta(days=20), 30)
        _step(
            session,
            p,
            case_id,
            "complaint",
            until - timedelta(days=12),
            source="neighbour",
            note="Nya klagomål efter rättelseanmaningen.",
        )
    elif script == "tribunal":
        _warn(session, p, case_id, opened + timedelta(days=14), 21)
        _step(session, p, case_id, "complaint", opened + timedelta(days=50), source="neighbour")
        on = opened + timedelta(days=60)
        service.terminate(session, p, case_id, TerminationIn(on=on))
        service.close(
            session, p, case_id, OutcomeIn(outcome="rent_tribunal", on=on + timedelta(days=40))
        )
    elif script == "resolved":
        _warn(session, p, case_id, opened + timedelta(days=10), 30)
        service.close(
            session, p, case_id, OutcomeIn(outcome="resolved", on=opened + timedelta(days=60))
        )
    elif script == "very_serious":
        service.terminate(
            session,
            p,
            case_id,
            TerminationIn(
                on=opened + timedelta(days=7),
                very_serious=True,
                reason="Narkotikahandel i lägenheten enligt polisens underrättelse (42 §).",
            ),
        )

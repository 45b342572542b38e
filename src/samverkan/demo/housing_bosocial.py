"""The demo's "En väg in": Linköpings kommun's framework agreements with Stångåstaden (20 flats),
Willhem and Victoria Park (5 each), and 30 bosocial contracts at different points of their
trial as of ``until`` — new, mid-trial, a decision due within 3 months, overdue, taken over,
extended, terminated — with follow-up visits, rent payments and a few disturbances.

The housing unit (``bostad@linkoping.demo``) makes the agreements and contracts, records the
visits and decides; Stångåstaden's case worker (``handlaggare@stangastaden.demo``) reports its
flats' rent and disturbances (the other landlords have no case worker in the demo: the unit
records theirs). The subtenants are test people of the kommun's register: test personnummer
(born in November 1890, birth numbers 981–982, apart from the employment programs'
participants in the same register) and names that say they are made up ("Provhyresgäst …").
Deterministic (a seeded ``random.Random``); nothing after ``until``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.demo.people import TEST_YEAR
from samverkan.housing import bosocial_service as service
from samverkan.housing.analysis.bosocial import add_months, month_of
from samverkan.housing.bosocial_schemas import (
    AgreementIn,
    ComplaintIn,
    ContractIn,
    DecisionIn,
    PaymentIn,
    VisitIn,
)
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people.schemas import BasisIn, PersonIn

UNIT = "bostad@linkoping.demo"
LANDLORD = "handlaggare@stangastaden.demo"
# (landlord, flats agreed, contracts made)
AGREEMENTS = (("Stångåstaden", 20, 20), ("Willhem", 5, 5), ("Victoria Park", 5, 5))
STREETS = ("Ryttargårdsgatan", "Skäggetorps centrum", "Bergsrådsvägen", "Gillbergsgatan")
# Where each contract is on ``until``: (kind, how many). 30 in all.
PLAN = (
    ("new", 4),
    ("mid", 8),
    ("due", 5),
    ("overdue", 3),
    ("taken_over", 5),
    ("extended", 3),
    ("terminated", 2),
)
VISITORS = ("Socialsekreterare Provsson", "Boendestödjare Exempelsdotter")
NOTES = (
    "Hemma, ordning i lägenheten. Pratat om budget.",
    "Stöd med ansökan om bostadsbidrag.",
    "Trivs i området; kontakt med grannar ok.",
)


def _principal(session: Session, email: str) -> Principal | None:
    user = org_queries.user_by_email(session, email)
    return org_queries.principal_for_user(session, user) if user is not None else None


def _start(kind: str, until: date, i: int) -> date:
    """The start that puts a contract of ``kind`` where the plan says on ``until``."""
    back = {
        "new": 1,
        "mid": 6 + i,
        "due": 16,
        "overdue": 19,
        "taken_over": 21 + i,
        "extended": 20,
        "terminated": 12,
    }[kind]
    return add_months(until, -back) - timedelta(days=7 * (i % 3))


def _trial(session: Session, unit: Principal, reporter: Principal, cid: int, end: date) -> None:
    rng = random.Random(cid)
    c = service._unit(session, unit, cid)
    month = month_of(c.start_on)
    while month <= end and month <= month_of(c.trial_end):
        status = rng.choices(("on_time", "late", "unpaid"), (88, 9, 3))[0]
        service.add_payment(session, reporter, cid, PaymentIn(month=month, status=status))
        month = add_months(month, 1)
    day = c.start_on + timedelta(days=20)
    while day <= end:
        note = NOTES[rng.randrange(len(NOTES))]
        visit = VisitIn(on=day, visitor=VISITORS[rng.randrange(2)], note=note)
        service.add_visit(session, unit, cid, visit)
        day += timedelta(days=90)
    if rng.random() < 0.25:
        on = min(end, c.start_on + timedelta(days=rng.randrange(30, 200)))
        complaint = ComplaintIn(on=on, kind="noise", note="Klagomål på hög musik nattetid.")
        service.add_complaint(session, reporter, cid, complaint)


def seed(session: Session, until: date) -> None:
    """The demo's agreements and 30 contracts as of ``until`` (nothing when the kommun, its
    housing unit or the landlords are missing)."""
    unit = _principal(session, UNIT)
    kommun = org_queries.org_by_name(session, "Linköpings kommun")
    if unit is None or kommun is None:
        return
    stanga = _principal(session, LANDLORD)
    kinds = [k for k, n in PLAN for _ in range(n)]
    n = 0
    for name, flats, made in AGREEMENTS:
        landlord = org_queries.org_by_name(session, name)
        if landlord is None:
            continue
        agreement = service.create_agreement(
            session,
            unit,
            AgreementIn(
                municipality_org_id=kommun.id,
                landlord_org_id=landlord.id,
                reference=f"EVI-{name[:3].upper()}-{until.year - 3}",
                flats=flats,
                starts_on=date(until.year - 3, 1, 1),
            ),
        )
        reporter = stanga if stanga is not None and name == "Stångåstaden" else unit
        for _ in range(made):
            kind, i = kinds[n % len(kinds)], n
            n += 1
            start = _start(kind, until, i % 4)
            person = PersonIn(
                pnr=_pnr(n),
                name=f"Provhyresgäst {n:02d}",
                address=f"{STREETS[n % len(STREETS)]} {n}, Linköping",
                basis=BasisIn(
                    purpose="bosocial",
                    basis="consent",
                    since=start - timedelta(days=14),
                    note="Samtycke till bosocialt kontrakt (En väg in)",
                ),
            )
            contract = service.create_contract(
                session,
                unit,
                ContractIn(
                    agreement_id=agreement.id,
                    person=person,
                    flat=f"{STREETS[n % len(STREETS)]} {n}, lgh {1100 + n}",
                    lease_number=f"FH-{until.year}-{n:03d}",
                    lease_on=start - timedelta(days=10),
                    start_on=start,
                ),
            )
            _decide(session, unit, reporter, contract.id, kind, until)
    session.flush()


def _pnr(n: int) -> str:
    """A test personnummer: born TEST_YEAR-11-01 onwards, 981–982."""
    born = date(TEST_YEAR, 11, 1) + timedelta(days=n)
    return str(personnummer.make(born, 981 + n % 2))


def _decide(
    session: Session, unit: Principal, reporter: Principal, cid: int, kind: str, until: date
) -> None:
    c = service._unit(session, unit, cid)
    end = c.trial_end
    if kind == "taken_over":
        on = end + timedelta(days=5)
        _trial(session, unit, reporter, cid, on)
        service.decide(session, unit, cid, DecisionIn(decision="takeover", on=on))
    elif kind == "extended":
        on = end - timedelta(days=20)
        _trial(session, unit, reporter, cid, on)
        new_end = add_months(end, 6)
        decision = DecisionIn(decision="extension", on=on, new_trial_end=new_end)
        service.decide(session, unit, cid, decision)
        _trial_more(session, reporter, cid, on, until)
    elif kind == "terminated":
        on = c.start_on + timedelta(days=240)
        _trial(session, unit, reporter, cid, on)
        service.add_complaint(
            session, reporter, cid, ComplaintIn(on=on - timedelta(days=30), kind="threat")
        )
        service.decide(session, unit, cid, DecisionIn(decision="termination", on=on))
    else:
        _trial(session, unit, reporter, cid, until)


def _trial_more(session: Session, reporter: Principal, cid: int, after: date, until: date) -> None:
    """The rent after an extension, up to ``until``."""
    c = service._contract(session, reporter, cid)[0]
    month = add_months(month_of(after), 1)
    while month <= until and month <= month_of(c.trial_end):
        service.add_payment(session, reporter, cid, PaymentIn(month=month, status="on_time"))
        month = add_months(month, 1)

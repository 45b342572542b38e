"""The demo's person register: the residents that two organisations' programs work with, so that
a newcomer can try the register (``handlaggare@linkoping.demo``, ``handlaggare@stangastaden.demo``).

- Linköpings kommun: twelve participants of Linkstep (the employment program), held as a task
  in the public interest; some have also consented to case work and contact, one has
  withdrawn that consent.
- Stångåstaden: twelve tenants followed for housing safety under their tenancy (a contract);
  some have consented to a bosocial contract, one has withdrawn it.

Everything is synthetic and goes through ``people.service``, so it is encrypted at rest, has a
legal basis and is audited like real entries. The personnummer are TEST NUMBERS that cannot
belong to a living person: born 1–24 January 1890, with a birth number in the 980–999 series
(the style of Skatteverket's test numbers) and a correct check digit (``personnummer.make``).
The names say they are made up ("Testperson Ett"), the addresses are on "Testgatan" and the
e-mail addresses at example.com (reserved by RFC 2606); nobody has a phone number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import data
from samverkan.geo import queries as geo_queries
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people import service
from samverkan.people.models import Person
from samverkan.people.schemas import BasisIn, PersonIn

NUMBERS = ("Ett", "Två", "Tre", "Fyra", "Fem", "Sex", "Sju", "Åtta", "Nio", "Tio", "Elva", "Tolv")
TEST_YEAR = 1890  # test numbers: nobody born in 1890 is alive


@dataclass(frozen=True)
class Register:
    """One organisation's demo residents and how it holds them."""

    org: str
    caseworker: str  # the e-mail of the demo handläggare who adds and reads them
    admin: str | None  # an admin of the organisation who also reads one of them
    surname: str  # the residents are "<surname> Ett" … "<surname> Tolv"
    first_day: int  # born TEST_YEAR-01-<first_day> onwards
    serial: int  # the first birth number (980–999), counting down or up
    step: int
    street_from: int  # Testgatan <street_from> onwards
    districts: tuple[str, ...]
    purpose: str
    basis: str
    note: str
    consent_purpose: str
    consent_note: str
    withdrawn: int  # the resident (index) whose consent is withdrawn


REGISTERS = (
    Register(
        org="Linköpings kommun",
        caseworker="handlaggare@linkoping.demo",
        admin="samordnare@linkoping.demo",
        surname="Testperson",
        first_day=1,
        serial=980,
        step=1,
        street_from=1,
        districts=("Skäggetorp", "Ryd", "Berga", data.TOWN),
        purpose="employment",
        basis="public_task",
        note="Anvisad till Linkstep av Arbetsförmedlingen",
        consent_purpose="casework",
        consent_note="Samtycke till kontakt med skola och föreningar",
        withdrawn=5,
    ),
    Register(
        org="Stångåstaden",
        caseworker="handlaggare@stangastaden.demo",
        admin="chef@stangastaden.demo",
        surname="Testhyresgäst",
        first_day=13,
        serial=999,
        step=-1,
        street_from=21,
        districts=("Skäggetorp", "Ryd", "Skäggetorp", "Berga"),
        purpose="housing",
        basis="contract",
        note="Hyresavtal; trygghetsärende",
        consent_purpose="bosocial",
        consent_note="Samtycke till bosocialt kontrakt",
        withdrawn=2,
    ),
)


def demo_number(day: int, serial: int, *, coordination: bool = False) -> str:
    """A test personnummer (born TEST_YEAR-01-``day``, birth number ``serial`` in 980–999)."""
    if not 980 <= serial <= 999:
        raise ValueError("demo birth numbers are in the test series 980–999")
    born = date(TEST_YEAR, 1, day)
    return str(personnummer.make(born, serial, coordination=coordination))


def _at(day: date, hour: int) -> datetime:
    """``hour`` o'clock in Linköping on ``day``, as an aware UTC time."""
    return datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC)


def _principal(session: Session, email: str | None) -> Principal | None:
    user = org_queries.user_by_email(session, email) if email else None
    return org_queries.principal_for_user(session, user) if user is not None else None


def _seed_register(session: Session, reg: Register, areas: dict[str, int], until: date) -> int:
    p = _principal(session, reg.caseworker)
    org = org_queries.org_by_name(session, reg.org)
    if p is None or org is None:
        return 0
    admin = _principal(session, reg.admin)
    people: list[Person] = []
    for i, word in enumerate(NUMBERS):
        since = until - timedelta(days=40 + 15 * i)
        person = service.create_person(
            session,
            p,
            PersonIn(
                # the last one has a samordningsnummer (day + 60): no Swedish residence
                pnr=demo_number(reg.first_day + i, reg.serial + reg.step * i, coordination=i == 11),
                name=f"{reg.surname} {word}",
                email=f"{reg.surname.lower().replace('ä', 'a')}{i + 1}@example.com"
                if i % 2 == 0
                else None,
                address=f"Testgatan {reg.street_from + i}, Linköping",
                district_id=areas.get(reg.districts[i % len(reg.districts)]),
                basis=BasisIn(purpose=reg.purpose, basis=reg.basis, since=since, note=reg.note),
            ),
            org.id,
        )
        person.created_at = _at(since, 9)
        last = since
        if i % 3 == 2 or i == reg.withdrawn:
            given = since + timedelta(days=7)
            consent = service.add_basis(
                session,
                p,
                person.id,
                BasisIn(
                    purpose=reg.consent_purpose,
                    basis="consent",
                    since=given,
                    note=reg.consent_note,
                ),
            )
            last = given
            if i == reg.withdrawn:
                last = min(until - timedelta(days=3), given + timedelta(days=20))
                service.withdraw_basis(session, p, consent.id, on=last)
        service.touch(person, _at(last, 14))
        people.append(person)

    # a few reads in the access log: searches, the page, an export, the admin's look
    reads = [  # (who was read, how, days before ``until``, minutes past ten)
        (people[0], "search", 1, 0),
        (people[0], "page", 1, 1),
        (people[1], "search", 2, 0),
        (people[1], "page", 2, 2),
        (people[reg.withdrawn], "page", 3, 0),
        (people[reg.withdrawn], "export_pdf", 3, 6),
        (people[4], "page", 9, 30),
    ]
    for person, view, days_ago, minutes in reads:
        at = _at(until - timedelta(days=days_ago), 10) + timedelta(minutes=minutes)
        service.log_read(session, p, [person], view, now=at)
    if admin is not None:
        at = _at(until - timedelta(days=1), 8)
        service.log_read(session, admin, [people[0]], "page", now=at)
    session.flush()
    return len(people)


def seed_people(session: Session, until: date) -> int:
    """The demo residents of every register above, as of ``until`` (nothing after it); returns
    how many were added."""
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    return sum(_seed_register(session, reg, areas, until) for reg in REGISTERS)

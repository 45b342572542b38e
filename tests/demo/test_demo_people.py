"""The demo's person register: residents a newcomer can search and open as the demo
handläggare, with test personnummer only, legal bases, a withdrawn consent and reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import people as demo_people
from samverkan.demo.service import seed
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from samverkan.people import queries, service
from samverkan.people.models import LegalBasis, Person, PersonAccess

DAY = date(2025, 6, 11)  # the demo as made that day, whatever day the test runs


def principal(db: Session, email: str) -> Principal:
    user = org_queries.user_by_email(db, email)
    assert user is not None, email
    return org_queries.principal_for_user(db, user)


def test_the_demo_numbers_are_test_numbers_with_a_valid_check_digit() -> None:
    for reg in demo_people.REGISTERS:
        for i in range(len(demo_people.NUMBERS)):
            text = demo_people.demo_number(reg.first_day + i, reg.serial + reg.step * i)
            number = personnummer.parse(text, DAY)
            assert number.birth_date == date(1890, 1, reg.first_day + i)
            assert 980 <= int(number.digits[8:11]) <= 999, text


def test_each_caseworker_finds_their_organisations_residents_and_nobody_else_does(
    db: Session,
) -> None:
    assert seed(db, DAY, incidents=False, people=True)
    db.flush()
    assert db.scalar(select(func.count(Person.id))) == 24
    kommun = principal(db, "handlaggare@linkoping.demo")
    bostad = principal(db, "handlaggare@stangastaden.demo")

    found = queries.search(db, kommun, "Testperson")
    assert len(found) == 12 and {x.org_id for x in found} == {kommun.org_id}
    assert queries.search(db, kommun, "Testhyresgäst") == []
    assert len(queries.search(db, bostad, "testhyresgäst")) == 12
    # every stored number is a test number; a person is found by it in 12 digits
    for x in found:
        number = personnummer.Personnummer(x.pnr)
        assert number.birth_date.year == 1890 and 980 <= int(x.pnr[8:11]) <= 999
        assert x.address and x.address.startswith("Testgatan ")
    one = next(x for x in found if x.name == "Testperson Ett")
    assert [x.id for x in queries.search(db, kommun, str(personnummer.Personnummer(one.pnr)))] == [
        one.id
    ]
    assert any(personnummer.Personnummer(x.pnr).coordination for x in found)

    # the police, an analyst and the other organisation's handläggare see none of them
    for email in ("polis@polisen.demo", "analytiker@linkoping.demo"):
        assert queries.search(db, principal(db, email), "Test") == [], email
    assert queries.person(db, bostad, one.id) is None


def test_every_resident_has_a_basis_one_consent_is_withdrawn_and_reads_are_logged(
    db: Session,
) -> None:
    assert seed(db, DAY, incidents=False, people=True)
    db.flush()
    kommun = principal(db, "handlaggare@linkoping.demo")
    for x in queries.search(db, kommun, "Testperson"):
        assert service.require_basis(db, x, "employment").basis == "public_task"
    bases = list(db.scalars(select(LegalBasis).where(LegalBasis.basis == "consent")))
    withdrawn = [b for b in bases if b.withdrawn_on is not None]
    assert len(bases) >= 6 and len(withdrawn) == 2  # one in each organisation
    assert all(b.since <= b.withdrawn_on <= DAY for b in withdrawn if b.withdrawn_on)

    # nothing happened after the day the demo was made
    latest = datetime.combine(DAY + timedelta(days=1), time(0), STOCKHOLM).astimezone(UTC)
    reads = list(db.scalars(select(PersonAccess)))
    assert len(reads) >= 10 and max(a.at for a in reads) < latest
    assert max(x.last_entry_at for x in db.scalars(select(Person))) < latest
    ett = queries.search(db, kommun, "Testperson Ett")[0]
    log = queries.access_log(db, kommun, ett)
    assert {a.who for a in log} == {"Hanna Handläggare", "Sara Samordnare"}
    assert {a.view for a in log} >= {"search", "page"}


def test_without_people_the_bare_demo_holds_none(db: Session) -> None:
    assert seed(db, DAY, incidents=False)
    assert db.scalar(select(func.count(Person.id))) == 0

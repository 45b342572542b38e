"""Writes to the person register: adding a person with a legal basis, the merge proposed for a
second record of the same personnummer, legal bases and their withdrawal, the access log, the
erasure with its receipt, and each organisation's retention period.

Every function takes the principal and checks it (an unseen person is :class:`NotFound`);
every change is audited without personal data in the audit log (ids, purposes, counts). The
caller commits.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.errors import N_, Conflict, Invalid, NotFound, PermissionDenied
from samverkan.core.timeutil import today
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people import export, queries
from samverkan.people.models import (
    LegalBasis,
    PeopleRetention,
    Person,
    PersonAccess,
    PersonErasure,
)
from samverkan.people.schemas import BasisIn, PersonFields, PersonIn


class DuplicatePerson(Conflict):
    """The organisation already holds this personnummer: merge into that record instead."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(
            N_("this personnummer is already registered (person %(id)s): merge instead"),
            field="pnr",
            id=existing_id,
        )
        self.existing_id = existing_id


class NoBasis(Invalid):
    """A program wanted to hold a person for a purpose without a recorded legal basis."""


def _org_for(p: Principal, org_id: int | None) -> int:
    orgs = policy.people_org_ids(p)
    if org_id is None and len(orgs) == 1:
        return next(iter(orgs))
    if org_id is None:
        raise Invalid(N_("choose the organisation that holds the person"), field="org_id")
    if org_id not in orgs:
        raise NotFound(N_("organisation not found"))
    return org_id


def _person(session: Session, p: Principal, person_id: int) -> Person:
    found = queries.person(session, p, person_id)
    if found is None:
        raise NotFound(N_("person %(id)s not found"), id=person_id)
    return found


def touch(person: Person, now: datetime | None = None) -> None:
    """Something new was written about ``person`` (here or by a program module): the retention
    period counts from now."""
    person.last_entry_at = now or utcnow()


def _add_basis(person: Person, p: Principal, data: BasisIn) -> LegalBasis:
    basis = LegalBasis(
        purpose=data.purpose,
        basis=data.basis,
        since=data.since,
        note=data.note or None,
        recorded_by_user_id=p.user_id,
    )
    person.bases.append(basis)
    return basis


def create_person(
    session: Session, p: Principal, data: PersonIn, org_id: int | None = None
) -> Person:
    """Add a person to the register of ``org_id`` (the caller's, when they have one) with their
    first legal basis; a personnummer already held raises :class:`DuplicatePerson`."""
    org = _org_for(p, org_id)
    geo_queries.check_district(session, p, data.district_id)
    existing = queries.by_pnr(session, org, data.pnr)
    if existing is not None:
        raise DuplicatePerson(existing.id)
    person = Person(
        org_id=org,
        pnr=data.pnr,
        pnr_hash=queries.pnr_hash(org, data.pnr),
        name=data.name,
        phone=data.phone,
        email=data.email,
        address=data.address,
        district_id=data.district_id,
        created_by_user_id=p.user_id,
    )
    _add_basis(person, p, data.basis)
    try:
        with session.begin_nested():
            session.add(person)
            session.flush()
    except IntegrityError:  # the same number added at the same moment by someone else
        existing = queries.by_pnr(session, org, data.pnr)
        if existing is None:
            raise
        raise DuplicatePerson(existing.id) from None
    audit.record(
        session,
        "person.create",
        actor=p,
        object_type="person",
        object_id=person.id,
        detail={"purpose": data.basis.purpose, "basis": data.basis.basis},
    )
    return person


def update_person(session: Session, p: Principal, person_id: int, data: PersonFields) -> Person:
    """Change a person's name, contact details or district."""
    person = _person(session, p, person_id)
    geo_queries.check_district(session, p, data.district_id)
    changed = [k for k, v in data.model_dump().items() if getattr(person, k) != v]
    for key in changed:
        setattr(person, key, getattr(data, key))
    touch(person)
    audit.record(
        session,
        "person.update",
        actor=p,
        object_type="person",
        object_id=person.id,
        detail={"fields": changed},
    )
    return person


def merge_into(session: Session, p: Principal, person_id: int, data: PersonIn) -> Person:
    """The proposed second record of the same person, taken into the existing one: details the
    proposal has replace those it changes, its legal basis is added unless the same purpose
    already has one."""
    person = _person(session, p, person_id)
    if data.pnr != person.pnr:
        raise Invalid(N_("this is another personnummer: nothing to merge"), field="pnr")
    geo_queries.check_district(session, p, data.district_id)
    changed = []
    for key in ("name", "phone", "email", "address", "district_id"):
        value = getattr(data, key)
        if value not in (None, "") and getattr(person, key) != value:
            setattr(person, key, value)
            changed.append(key)
    if not any(b.active and b.purpose == data.basis.purpose for b in person.bases):
        _add_basis(person, p, data.basis)
        changed.append("basis")
    touch(person)
    audit.record(
        session,
        "person.merge",
        actor=p,
        object_type="person",
        object_id=person.id,
        detail={"fields": changed},
    )
    return person


def add_basis(session: Session, p: Principal, person_id: int, data: BasisIn) -> LegalBasis:
    person = _person(session, p, person_id)
    basis = _add_basis(person, p, data)
    touch(person)
    session.flush()
    audit.record(
        session,
        "person.basis",
        actor=p,
        object_type="person",
        object_id=person.id,
        detail={"purpose": data.purpose, "basis": data.basis, "basis_id": basis.id},
    )
    return basis


def withdraw_basis(
    session: Session, p: Principal, basis_id: int, on: date | None = None
) -> LegalBasis:
    """A consent withdrawn (or another basis ended) from ``on`` (today), by ``p``."""
    basis = session.get(LegalBasis, basis_id)
    if basis is None or queries.person(session, p, basis.person_id) is None:
        raise NotFound(N_("legal basis not found"))
    if basis.withdrawn_on is not None:
        raise Conflict(N_("this basis was already withdrawn"))
    basis.withdrawn_on = on or today()  # the Stockholm day, not UTC's
    basis.withdrawn_by_user_id = p.user_id
    touch(basis.person)
    audit.record(
        session,
        "person.withdraw",
        actor=p,
        object_type="person",
        object_id=basis.person_id,
        detail={"purpose": basis.purpose, "basis_id": basis.id},
    )
    return basis


def registered(
    session: Session, p: Principal, org_id: int, person_id: int | None, data: PersonIn | None
) -> Person:
    """The person a program module takes in: ``person_id`` of the register of ``org_id``, or
    the record of ``data``'s personnummer there — added with its legal basis when there is
    none yet."""
    if data is not None:
        existing = queries.by_pnr(session, org_id, data.pnr)
        return existing if existing is not None else create_person(session, p, data, org_id)
    found = queries.person(session, p, person_id or 0)
    if found is None or found.org_id != org_id:
        raise Invalid(N_("no such person in the organisation's register"), field="person_id")
    return found


def require_basis(session: Session, person: Person, purpose: str) -> LegalBasis:
    """The active legal basis for holding ``person`` for ``purpose``; a program module calls
    this before it adds the person, and :class:`NoBasis` refuses without one."""
    basis = session.scalar(
        select(LegalBasis)
        .where(
            LegalBasis.person_id == person.id,
            LegalBasis.purpose == purpose,
            LegalBasis.withdrawn_on.is_(None),
        )
        .order_by(LegalBasis.id.desc())
        .limit(1)
    )
    if basis is None:
        raise NoBasis(
            N_("no legal basis is recorded for holding this person for %(purpose)s"),
            field="basis",
            purpose=purpose,
        )
    return basis


def log_read(
    session: Session, p: Principal, people: list[Person], view: str, now: datetime | None = None
) -> None:
    """One access-log entry per person read by ``p`` (``view``: how, see ``VIEWS``)."""
    at = now or utcnow()
    who = p.name or f"user {p.user_id}"
    for person in people:
        session.add(
            PersonAccess(
                at=at,
                person_id=person.id,
                org_id=person.org_id,
                user_id=p.user_id,
                token_id=p.token_id,
                who=who,
                view=view,
            )
        )
    session.flush()


def erase_record(
    session: Session,
    person_id: int,
    org_id: int,
    *,
    reason: str,
    by_user_id: int | None,
    now: datetime | None = None,
) -> PersonErasure:
    """Erase person ``person_id`` and what every module holds about them; the receipt counts
    what went. Nothing is decrypted, so a person can be erased even when a key is lost. The
    access log stays, linked to the receipt instead of the person. Aggregates already reported
    are not changed: they keep their counts and never named the person."""
    now = now or utcnow()
    what: dict[str, int] = {}
    for s in export.sections():
        if s.erase is not None:
            n = s.erase(session, person_id)
            if n:
                what[s.key] = n
    receipt = PersonErasure(
        receipt=str(uuid.uuid4()),
        org_id=org_id,
        person_ref=person_id,
        reason=reason,
        erased_at=now,
        erased_by_user_id=by_user_id,
        what=what,
    )
    session.add(receipt)
    session.flush()
    conn = session.connection()
    kept = conn.execute(
        update(PersonAccess)
        .where(PersonAccess.person_id == person_id)
        .values(person_id=None, erasure_id=receipt.id)
    ).rowcount
    bases = conn.execute(delete(LegalBasis).where(LegalBasis.person_id == person_id)).rowcount
    conn.execute(delete(Person).where(Person.id == person_id))
    for obj in list(session.identity_map.values()):
        gone = (isinstance(obj, Person) and obj.id == person_id) or (
            isinstance(obj, LegalBasis) and obj.person_id == person_id
        )
        if gone and obj in session:  # a person's bases leave with it (cascade)
            session.expunge(obj)
    receipt.what = {
        **what,
        "person": 1,
        "bases": int(bases or 0),
        "access_log_kept": int(kept or 0),
    }
    session.flush()
    return receipt


def erase(session: Session, p: Principal, person_id: int) -> PersonErasure:
    """Erase a person on their request (art. 17), by a handläggare or admin of their
    organisation; the receipt is what the person is given. Only the organisation is read
    first (not the encrypted record), so erasure works whatever the keys."""
    org_id = session.scalar(select(Person.org_id).where(Person.id == person_id))
    if org_id is None or not policy.can_see_people(p, org_id):
        raise NotFound(N_("person %(id)s not found"), id=person_id)
    receipt = erase_record(session, person_id, org_id, reason="request", by_user_id=p.user_id)
    audit.record(
        session,
        "person.erase",
        actor=p,
        object_type="person",
        object_id=person_id,
        detail={"receipt": receipt.receipt, "what": receipt.what},
    )
    return receipt


def set_retention(
    session: Session, p: Principal, org_id: int, days: int | None
) -> PeopleRetention | None:
    """The organisation's own retention period for its people (None: back to the setting)."""
    if not policy.can_admin_people(p, org_id):
        raise PermissionDenied(N_("only the organisation's administrator sets this"))
    row = session.get(PeopleRetention, org_id)
    if days is None:
        if row is not None:
            session.delete(row)
        out = None
    else:
        if row is None:
            row = PeopleRetention(org_id=org_id, days=days)
            session.add(row)
        row.days = days
        row.updated_at = utcnow()
        row.updated_by_user_id = p.user_id
        out = row
    audit.record(
        session,
        "people.retention",
        actor=p,
        object_type="organisation",
        object_id=org_id,
        detail={"days": days},
    )
    session.flush()
    return out


def count_people(session: Session, org_id: int) -> int:
    return int(session.scalar(select(func.count(Person.id)).where(Person.org_id == org_id)) or 0)

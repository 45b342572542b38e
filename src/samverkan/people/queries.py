"""Reads of the person register, always through the principal: only the people of the
organisations where the caller is handläggare or admin (:func:`policy.people_org_ids`);
anything else is None or empty, answered 404 by the caller.

These functions do not write the access log; the service's :func:`service.read` does (one
entry per read, in the same transaction as the answer).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samverkan.core import crypto, personnummer
from samverkan.core.timeutil import today
from samverkan.core.validation import Problem
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people.models import PeopleRetention, Person, PersonAccess, PersonErasure

SEARCH_LIMIT = 50


def pnr_hash(org_id: int, digits: str) -> str:
    """The look-up hash of a personnummer (12 digits) in one organisation's register."""
    return crypto.ring().lookup(digits, f"person.pnr:{org_id}")


def person(session: Session, p: Principal | None, person_id: int) -> Person | None:
    """One person, with their legal bases, if ``p`` may see them."""
    found = session.scalar(
        select(Person).options(selectinload(Person.bases)).where(Person.id == person_id)
    )
    if found is None or not policy.can_see_people(p, found.org_id):
        return None
    return found


def pnr_hashes(org_id: int, digits: str) -> list[str]:
    """Its hash under every key of the ring (rows not yet rotated are found too)."""
    return crypto.ring().lookups(digits, f"person.pnr:{org_id}")


def by_pnr(session: Session, org_id: int, digits: str) -> Person | None:
    """The organisation's record of the personnummer ``digits`` (no principal: the service
    uses it to refuse a second record, the caller having been checked)."""
    return session.scalar(
        select(Person)
        .where(Person.org_id == org_id, Person.pnr_hash.in_(pnr_hashes(org_id, digits)))
        .limit(1)
    )


def search(
    session: Session, p: Principal | None, text: str, org_id: int | None = None
) -> list[Person]:
    """The people of ``p``'s organisations (or of one of them) matching ``text``: a whole
    personnummer is found by its hash; otherwise names are decrypted and compared in memory
    (names are encrypted, so SQL cannot compare them), case and accents as typed."""
    orgs = policy.people_org_ids(p)
    if org_id is not None:
        orgs &= {org_id}
    text = " ".join(text.split())
    if not orgs or not text:
        return []
    try:
        digits = personnummer.parse(text, today()).digits
    except Problem:
        digits = None
    if digits is not None:
        hashes = [h for o in sorted(orgs) for h in pnr_hashes(o, digits)]
        stmt = select(Person).where(Person.pnr_hash.in_(hashes))
        return list(session.scalars(stmt))
    needle = text.casefold()
    found = [
        x
        for x in session.scalars(select(Person).where(Person.org_id.in_(orgs)))
        if needle in x.name.casefold()
    ]
    found.sort(key=lambda x: (x.name.casefold(), x.id))
    return found[:SEARCH_LIMIT]


def recent(session: Session, p: Principal | None, limit: int = 20) -> list[Person]:
    """The people most recently written about in ``p``'s organisations."""
    orgs = policy.people_org_ids(p)
    if not orgs:
        return []
    stmt = (
        select(Person)
        .where(Person.org_id.in_(orgs))
        .order_by(Person.last_entry_at.desc(), Person.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def access_log(session: Session, p: Principal | None, person: Person) -> list[PersonAccess]:
    """Who has read ``person``, the latest first (for those who may see the person)."""
    if not policy.can_see_people(p, person.org_id):
        return []
    stmt = (
        select(PersonAccess)
        .where(PersonAccess.person_id == person.id)
        .order_by(PersonAccess.at.desc(), PersonAccess.id.desc())
    )
    return list(session.scalars(stmt))


def erasure(session: Session, p: Principal | None, receipt: str) -> PersonErasure | None:
    """A receipt of an erasure in one of ``p``'s organisations."""
    found = session.scalar(select(PersonErasure).where(PersonErasure.receipt == receipt))
    if found is None or not policy.can_see_people(p, found.org_id):
        return None
    return found


def erasures(session: Session, p: Principal | None, limit: int = 50) -> list[PersonErasure]:
    orgs = policy.people_org_ids(p)
    if not orgs:
        return []
    stmt = (
        select(PersonErasure)
        .where(PersonErasure.org_id.in_(orgs))
        .order_by(PersonErasure.erased_at.desc(), PersonErasure.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def retention_days(session: Session, org_id: int) -> int | None:
    """The organisation's own retention period in days, or None (the setting applies)."""
    row = session.get(PeopleRetention, org_id)
    return row.days if row is not None else None

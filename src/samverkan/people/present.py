"""A person as the API and the export show them, and the people domain's own export sections
(the record, its legal bases, who has read it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.core.personnummer import Personnummer
from samverkan.geo.models import Area
from samverkan.orgs.models import User
from samverkan.orgs.policy import Principal
from samverkan.people.export import Row, Section
from samverkan.people.models import LegalBasis, Person, PersonAccess, PersonErasure
from samverkan.people.schemas import AccessOut, BasisOut, ErasureOut, PersonBrief, PersonOut


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(User.id, User.display_name, User.email).where(User.id.in_(wanted))
    )
    return {i: name or email for i, name, email in rows}


def basis_out(b: LegalBasis, names: dict[int, str]) -> BasisOut:
    return BasisOut(
        id=b.id,
        purpose=b.purpose,
        basis=b.basis,
        since=b.since,
        note=b.note,
        recorded_at=b.recorded_at,
        recorded_by=names.get(b.recorded_by_user_id or 0),
        withdrawn_on=b.withdrawn_on,
        withdrawn_by=names.get(b.withdrawn_by_user_id or 0),
    )


def person_out(session: Session, x: Person) -> PersonOut:
    number = Personnummer(x.pnr)
    names = user_names(
        session, {u for b in x.bases for u in (b.recorded_by_user_id, b.withdrawn_by_user_id)}
    )
    district = session.get(Area, x.district_id) if x.district_id else None
    return PersonOut(
        id=x.id,
        org_id=x.org_id,
        pnr=str(number),
        coordination=number.coordination,
        birth_date=number.birth_date,
        name=x.name,
        phone=x.phone,
        email=x.email,
        address=x.address,
        district_id=x.district_id,
        district=district.name if district else None,
        created_at=x.created_at,
        last_entry_at=x.last_entry_at,
        bases=[basis_out(b, names) for b in x.bases],
    )


def brief(x: Person) -> PersonBrief:
    number = Personnummer(x.pnr)
    return PersonBrief(id=x.id, name=x.name, born=number.birth_date, pnr_masked=number.masked())


def access_out(a: PersonAccess) -> AccessOut:
    return AccessOut(at=a.at, who=a.who, view=a.view)


def erasure_out(session: Session, e: PersonErasure) -> ErasureOut:
    names = user_names(session, {e.erased_by_user_id})
    return ErasureOut(
        receipt=e.receipt,
        org_id=e.org_id,
        reason=e.reason,
        erased_at=e.erased_at,
        erased_by=names.get(e.erased_by_user_id or 0),
        what=dict(e.what),
    )


def _record(session: Session, p: Principal, x: Person) -> list[Row]:
    out = person_out(session, x)
    return [
        {
            N_("personnummer"): out.pnr,
            N_("samordningsnummer"): out.coordination,
            N_("date of birth"): out.birth_date,
            N_("name"): out.name,
            N_("phone"): out.phone,
            N_("e-mail"): out.email,
            N_("address"): out.address,
            N_("district"): out.district,
            N_("registered"): out.created_at,
            N_("last entry"): out.last_entry_at,
        }
    ]


def _bases(session: Session, p: Principal, x: Person) -> list[Row]:
    out = person_out(session, x)
    return [
        {
            N_("purpose"): b.purpose,
            N_("legal basis"): b.basis,
            N_("since"): b.since,
            N_("note"): b.note,
            N_("recorded"): b.recorded_at,
            N_("recorded by"): b.recorded_by,
            N_("withdrawn"): b.withdrawn_on,
            N_("withdrawn by"): b.withdrawn_by,
        }
        for b in out.bases
    ]


def _access(session: Session, p: Principal, x: Person) -> list[Row]:
    rows = session.scalars(
        select(PersonAccess)
        .where(PersonAccess.person_id == x.id)
        .order_by(PersonAccess.at, PersonAccess.id)
    )
    return [{N_("when"): a.at, N_("who"): a.who, N_("how"): a.view} for a in rows]


RECORD = Section("person", N_("The record"), ("person",), _record, order=0)
BASES = Section(
    "bases",
    N_("Legal bases and consents"),
    ("person_basis",),
    _bases,
    order=1,
    labels=(("purpose", "purpose"), ("legal basis", "basis")),
)
# The access log is kept at an erasure (linked to the receipt): its section erases nothing.
ACCESS = Section(
    "access",
    N_("Who has read the record"),
    ("person_access",),
    _access,
    order=2,
    labels=(("how", "access_view"),),
)

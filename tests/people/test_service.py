"""The person register's rules without HTTP: who sees a person, the merge proposal, legal
bases, the access log, erasure with its receipt, the export's sections, and the data key."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import crypto
from samverkan.core.db import Base
from samverkan.core.errors import NotFound
from samverkan.people import export, keys, queries, service
from samverkan.people.models import Person, PersonAccess, PersonErasure
from samverkan.people.schemas import BasisIn, PersonIn
from tests.people.conftest import Caseworkers, number

SINCE = date(2026, 1, 15)


def person_in(serial: int, name: str = "Testa Testsson", **extra: object) -> PersonIn:
    return PersonIn(
        pnr=number(serial),
        name=name,
        phone="070-000 00 00",
        basis=BasisIn(purpose="employment", basis="consent", since=SINCE),
        **extra,  # type: ignore[arg-type]
    )


def test_it_adds_a_person_that_only_the_organisations_caseworkers_and_admins_see(
    db: Session, people_world: Caseworkers
) -> None:
    pr = people_world.principals
    x = service.create_person(db, pr["handlaggare"], person_in(101))
    for who in ("handlaggare", "kommun_admin", "samordnare"):  # samordnare is also kommun admin
        assert queries.person(db, pr[who], x.id) is not None, who
    for who in ("lasare", "samordnare_only", "rapportor", "polis", "forening", "outsider"):
        assert queries.person(db, pr[who], x.id) is None, who
        assert queries.search(db, pr[who], "Testa") == [], who
    assert queries.person(db, pr["nkpg_handlaggare"], x.id) is None


def test_the_superadmin_as_such_sees_no_person(db: Session, people_world: Caseworkers) -> None:
    from samverkan.orgs.policy import Principal

    x = service.create_person(db, people_world.principals["handlaggare"], person_in(102))
    operator = Principal(user_id=1, token_id=None, org_id=None, is_superadmin=True)
    assert queries.person(db, operator, x.id) is None


def test_a_second_record_of_the_same_number_proposes_a_merge(
    db: Session, people_world: Caseworkers
) -> None:
    pr = people_world.principals
    x = service.create_person(db, pr["handlaggare"], person_in(103))
    ten = number(103).replace("-", "")[2:]  # the same number written with 10 digits
    again = person_in(103, name="Testa Ny", email="ny@example.test")
    again.pnr = PersonIn.model_validate({**again.model_dump(), "pnr": ten}).pnr
    with pytest.raises(service.DuplicatePerson) as exc:
        service.create_person(db, pr["handlaggare"], again)
    assert exc.value.existing_id == x.id and exc.value.status == 409
    merged = service.merge_into(db, pr["handlaggare"], x.id, again)
    assert merged.email == "ny@example.test" and merged.name == "Testa Ny"
    assert len(merged.bases) == 1  # the purpose had a basis already
    # another organisation holds the same person separately, with an unrelated hash
    other = service.create_person(db, pr["nkpg_handlaggare"], person_in(103))
    assert other.id != x.id and other.pnr_hash != x.pnr_hash


def test_a_program_is_refused_a_person_without_a_basis_for_its_purpose(
    db: Session, people_world: Caseworkers
) -> None:
    h = people_world.principals["handlaggare"]
    x = service.create_person(db, h, person_in(104))
    assert service.require_basis(db, x, "employment").basis == "consent"
    with pytest.raises(service.NoBasis):
        service.require_basis(db, x, "housing")
    b = x.bases[0]
    service.withdraw_basis(db, h, b.id, on=date(2026, 2, 1))
    assert b.withdrawn_on == date(2026, 2, 1) and b.withdrawn_by_user_id == h.user_id
    with pytest.raises(service.NoBasis):
        service.require_basis(db, x, "employment")


def test_erasure_removes_everything_keeps_the_access_log_and_gives_a_receipt(
    db: Session, people_world: Caseworkers
) -> None:
    pr = people_world.principals
    h = pr["handlaggare"]
    x = service.create_person(db, h, person_in(105))
    service.log_read(db, h, [x], "page")
    with pytest.raises(NotFound):
        service.erase(db, pr["nkpg_handlaggare"], x.id)
    receipt = service.erase(db, h, x.id)
    db.flush()
    assert db.get(Person, x.id) is None
    assert receipt.what["person"] == 1 and receipt.what["bases"] == 1
    assert receipt.what["access_log_kept"] == 1
    kept = db.scalars(select(PersonAccess).where(PersonAccess.erasure_id == receipt.id)).all()
    assert [a.person_id for a in kept] == [None]
    assert queries.erasure(db, h, receipt.receipt) is not None
    assert queries.erasure(db, pr["nkpg_handlaggare"], receipt.receipt) is None
    assert db.scalar(select(PersonErasure.org_id).where(PersonErasure.id == receipt.id))


def test_the_export_holds_every_registered_section(db: Session, people_world: Caseworkers) -> None:
    h = people_world.principals["handlaggare"]
    x = service.create_person(db, h, person_in(106))
    service.log_read(db, h, [x], "export_json")
    out = export.as_json(export.collect(db, h, x, x.created_at))
    assert (
        set(out["sections"])
        == {s.key for s in export.sections()}
        >= {
            "person",
            "bases",
            "access",
        }
    )
    assert out["sections"]["person"]["rows"][0]["personnummer"] == number(106)
    assert out["sections"]["access"]["rows"][0]["how"] == "export_json"


def test_every_table_that_refers_to_a_person_has_an_export_section() -> None:
    """A program module that keeps rows about a person must register an export section naming
    its table, or the export (art. 15) and the erasure would miss them."""
    person_id = Person.__table__.c.id
    referring = {
        t.name
        for t in Base.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column is person_id
    }
    missing = referring - export.covered_tables()
    assert not missing, f"tables about a person with no export section: {sorted(missing)}"
    assert "person" in export.covered_tables()


def test_rotation_re_encrypts_what_old_keys_wrote_and_nothing_else(
    db: Session, people_world: Caseworkers, data_key: crypto.KeyRing
) -> None:
    h = people_world.principals["handlaggare"]
    x = service.create_person(db, h, person_in(107))
    db.flush()
    old_master = crypto.parse_key(crypto.new_key())
    new_master = crypto.parse_key(crypto.new_key())
    # pretend the register was written under `old_master`
    crypto.configure(crypto.KeyRing(old_master))
    db.execute(
        Person.__table__.update()
        .where(Person.id == x.id)
        .values(
            pnr=number(107),
            name="Testa Testsson",
            phone="070-000 00 00",
            pnr_hash=queries.pnr_hash(x.org_id, number(107)),
        )
    )
    # a new key without the old one: a clear error naming the key, never garbage
    crypto.configure(crypto.KeyRing(new_master))
    db.expire_all()
    with pytest.raises(crypto.DataKeyError) as exc:
        db.get(Person, x.id)
    assert crypto.KeyRing.key_id(old_master) in exc.value.text()
    with pytest.raises(crypto.DataKeyError):
        keys.rotate(db, [Person.__table__])
    # with the old key given as old, rotate: then the old key is no longer needed
    crypto.configure(crypto.KeyRing(new_master, (old_master,)))
    db.expire_all()
    assert queries.by_pnr(db, x.org_id, number(107)) is not None  # found before rotating too
    changed = keys.rotate(db, Base.metadata.sorted_tables)
    assert changed["person"] >= 1
    assert keys.rotate(db, Base.metadata.sorted_tables)["person"] == 0  # nothing left to do
    crypto.configure(crypto.KeyRing(new_master))
    db.expire_all()
    again = db.get(Person, x.id)
    assert again is not None and again.pnr == number(107)
    assert queries.by_pnr(db, x.org_id, number(107)) is not None
    crypto.configure(data_key)

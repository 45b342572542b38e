"""Bosocial contracts of "En väg in": the trial's end (the setting's months or the contract's
own), a takeover refused before the trial is over and allowed after it (an extension moves the
end), nothing half-saved; the landlord reports rent payments and disturbances of its own flats
but records no visit and decides nothing; another landlord, the police and an EST samordnare see
no contract; the arithmetic of the dashboard; the person's export and erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Conflict, Invalid, NotFound
from samverkan.core.settings import Settings
from samverkan.housing import bosocial_queries as queries
from samverkan.housing import bosocial_service as service
from samverkan.housing.analysis.bosocial import (
    add_months,
    conversion_rates,
    standing,
    trial_end,
)
from samverkan.housing.bosocial_models import BosocialContract, BosocialDecision
from samverkan.housing.bosocial_schemas import (
    AgreementIn,
    ComplaintIn,
    ContractIn,
    DecisionIn,
    PaymentIn,
    VisitIn,
)
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import OrgIn
from samverkan.people import export
from samverkan.people import service as people_service
from samverkan.people.schemas import BasisIn, PersonIn
from tests.conftest import World, login_client, make_user
from tests.people.conftest import Caseworkers, number

START = date(2024, 6, 3)
MARKER = "SOCIALTJANST-HEMLIG-7731"


@dataclass
class Bosocial:
    """The housing unit (a handläggare of Linköpings kommun), Stångåstaden's case worker (the
    landlord) and another landlord's case worker, with an agreement and one contract."""

    unit: Principal
    landlord: Principal
    other: Principal
    agreement_id: int
    contract_id: int
    clients: dict[str, tuple[object, str]]
    tokens: dict[str, str]


def _person(serial: int) -> PersonIn:
    return PersonIn(
        pnr=number(serial, date(1979, 5, 4)),
        name=f"Andrahand Syntetisk {serial}",
        basis=BasisIn(purpose="bosocial", basis="consent", since=date(2024, 5, 1)),
    )


def new_contract(db: Session, b: Bosocial, serial: int, **kw: object) -> BosocialContract:
    data = {
        "agreement_id": b.agreement_id,
        "person": _person(serial),
        "flat": f"Ryttargårdsgatan {serial}, lgh 1201",
        "lease_number": f"FH-{serial}",
        "lease_on": date(2024, 5, 20),
        "start_on": START,
        **kw,
    }
    c = service.create_contract(db, b.unit, ContractIn(**data))
    db.commit()
    return c


@pytest.fixture
def bosocial(app, db: Session, world: World, people_world: Caseworkers) -> Bosocial:
    from samverkan.orgs.models import Organisation

    bolag = db.get(Organisation, world.ids["bolag_org"])
    assert bolag is not None
    other_org = org_service.create_org(db, None, OrgIn(name="Hyresvärd Två", kind="bostadsbolag"))
    users = {
        "landlord": make_user(db, "tina@stangastaden.test", bolag, "handlaggare"),
        "other": make_user(db, "olof@hyresvard2.test", other_org, "handlaggare"),
    }
    db.commit()
    unit = people_world.principals["handlaggare"]
    p = {k: org_queries.principal_for_user(db, u) for k, u in users.items()}
    agreement = service.create_agreement(
        db,
        unit,
        AgreementIn(
            municipality_org_id=world.ids["kommun_org"],
            landlord_org_id=bolag.id,
            reference="EVI-STÅ",
            flats=3,
            starts_on=date(2024, 1, 1),
        ),
    )
    db.commit()
    clients = dict(people_world.clients)
    clients["unit"] = people_world.clients["handlaggare"]
    clients.update({k: login_client(app, db, u) for k, u in users.items()})
    tokens = {}
    kommun = db.get(Organisation, world.ids["kommun_org"])
    assert kommun is not None
    hanna = people_world.principals["handlaggare"].user_id
    _, tokens["unit"] = org_service.create_token(db, None, kommun.id, "Hannas", user_id=hanna)
    _, tokens["landlord"] = org_service.create_token(
        db, None, bolag.id, "Tinas", user_id=users["landlord"].id
    )
    _, tokens["other"] = org_service.create_token(
        db, None, other_org.id, "Olofs", user_id=users["other"].id
    )
    db.commit()
    b = Bosocial(unit, p["landlord"], p["other"], agreement.id, 0, clients, tokens)
    b.contract_id = new_contract(db, b, 901).id
    service.add_visit(
        db,
        unit,
        b.contract_id,
        VisitIn(on=date(2024, 9, 2), visitor="Socialsekreterare A", note=MARKER),
    )
    db.commit()
    return b


def test_the_trial_lasts_the_settings_months_unless_the_contract_names_its_own(
    db: Session, bosocial: Bosocial
) -> None:
    c = db.get(BosocialContract, bosocial.contract_id)
    assert c is not None and c.trial_months == 18 and c.trial_end == date(2025, 12, 3)
    own = new_contract(db, bosocial, 902, trial_months=12)
    assert own.trial_end == date(2025, 6, 3)
    assert Settings().bosocial_trial_months == 18
    data = ContractIn(
        agreement_id=bosocial.agreement_id,
        person=_person(903),
        flat="Testgatan 1",
        lease_number="FH-903",
        lease_on=START,
        start_on=START,
    )
    short = service.create_contract(db, bosocial.unit, data, default_months=6)
    assert short.trial_end == date(2024, 12, 3)


def test_an_agreement_takes_no_more_contracts_than_its_flats(
    db: Session, bosocial: Bosocial
) -> None:
    new_contract(db, bosocial, 902)
    new_contract(db, bosocial, 903)
    with pytest.raises(Conflict) as e:
        new_contract(db, bosocial, 904)
    db.rollback()
    assert e.value.field == "agreement_id"
    assert db.scalar(select(func.count()).select_from(BosocialContract)) == 3


def test_a_takeover_before_the_trial_ends_is_refused_and_nothing_is_saved(
    db: Session, bosocial: Bosocial
) -> None:
    cid = bosocial.contract_id
    with pytest.raises(Invalid) as e:
        service.decide(
            db, bosocial.unit, cid, DecisionIn(decision="takeover", on=date(2025, 12, 2))
        )
    db.rollback()
    assert e.value.field == "decision" and e.value.params["day"] == "2025-12-03"
    assert "trial period is over" in e.value.message
    c = db.get(BosocialContract, cid)
    assert c is not None and c.status == "trial" and not c.decisions
    # an extension moves the end: the takeover waits for the new one
    service.decide(
        db,
        bosocial.unit,
        cid,
        DecisionIn(decision="extension", on=date(2025, 11, 20), new_trial_end=date(2026, 3, 3)),
    )
    db.commit()
    with pytest.raises(Invalid):
        service.decide(db, bosocial.unit, cid, DecisionIn(decision="takeover", on=date(2026, 1, 5)))
    db.rollback()
    service.decide(db, bosocial.unit, cid, DecisionIn(decision="takeover", on=date(2026, 3, 3)))
    db.commit()
    c = db.get(BosocialContract, cid)
    assert c is not None and c.status == "taken_over" and c.ended_on == date(2026, 3, 3)
    with pytest.raises(Conflict):
        service.decide(
            db, bosocial.unit, cid, DecisionIn(decision="termination", on=date(2026, 4, 1))
        )
    db.rollback()
    assert db.scalar(select(func.count()).select_from(BosocialDecision)) == 2


def test_an_extension_needs_a_later_end(db: Session, bosocial: Bosocial) -> None:
    cid = bosocial.contract_id
    for end in (None, date(2025, 12, 3)):
        with pytest.raises(Invalid) as e:
            service.decide(
                db,
                bosocial.unit,
                cid,
                DecisionIn(decision="extension", on=date(2025, 11, 1), new_trial_end=end),
            )
        db.rollback()
        assert e.value.field == "new_trial_end"
    service.decide(db, bosocial.unit, cid, DecisionIn(decision="termination", on=date(2025, 2, 1)))
    db.commit()
    c = db.get(BosocialContract, cid)
    assert c is not None and c.status == "terminated"


def test_the_landlord_reports_payments_and_disturbances_but_no_visit_or_decision(
    db: Session, bosocial: Bosocial
) -> None:
    cid, landlord = bosocial.contract_id, bosocial.landlord
    service.add_payment(db, landlord, cid, PaymentIn(month=date(2024, 6, 28), status="on_time"))
    service.add_payment(db, landlord, cid, PaymentIn(month=date(2024, 7, 1), status="late"))
    service.add_complaint(db, landlord, cid, ComplaintIn(on=date(2024, 8, 1), kind="noise"))
    db.commit()
    with pytest.raises(Conflict) as dup:
        service.add_payment(db, landlord, cid, PaymentIn(month=date(2024, 7, 15), status="unpaid"))
    db.rollback()
    assert dup.value.field == "month"
    for month in (date(2024, 5, 1), date(2026, 1, 1)):
        with pytest.raises(Invalid) as e:
            service.add_payment(db, landlord, cid, PaymentIn(month=month, status="on_time"))
        db.rollback()
        assert e.value.field == "month"
    with pytest.raises(NotFound):
        service.add_visit(db, landlord, cid, VisitIn(on=date(2024, 9, 1), visitor="x"))
    with pytest.raises(NotFound):
        service.decide(db, landlord, cid, DecisionIn(decision="termination", on=date(2025, 1, 1)))
    db.rollback()
    found = queries.contract(db, landlord, cid)
    assert found is not None and found[1] == "landlord"
    assert [x.status for x in found[0].payments] == ["on_time", "late"]


def test_another_landlord_the_police_and_the_samordnare_see_no_contract(
    db: Session, world: World, people_world: Caseworkers, bosocial: Bosocial
) -> None:
    cid = bosocial.contract_id
    outsiders = [
        bosocial.other,
        people_world.principals["polis"],
        people_world.principals["samordnare_only"],
        people_world.principals["rapportor"],
        people_world.principals["nkpg_handlaggare"],
    ]
    for p in outsiders:
        assert queries.contract(db, p, cid) is None
        assert queries.contracts(db, p) == []
        with pytest.raises(NotFound):
            service.add_payment(db, p, cid, PaymentIn(month=date(2024, 7, 1), status="on_time"))
        with pytest.raises(NotFound):
            service.create_contract(
                db,
                p,
                ContractIn(
                    agreement_id=bosocial.agreement_id,
                    person=_person(950),
                    flat="x",
                    lease_number="x",
                    lease_on=START,
                    start_on=START,
                ),
            )
        db.rollback()
    # the landlord makes no agreement for the municipality
    with pytest.raises(NotFound):
        service.create_agreement(
            db,
            bosocial.landlord,
            AgreementIn(
                municipality_org_id=world.ids["kommun_org"],
                landlord_org_id=world.ids["bolag_org"],
                reference="x",
                flats=1,
                starts_on=START,
            ),
        )


def test_an_agreement_is_between_a_municipality_and_a_housing_company(
    db: Session, world: World, bosocial: Bosocial
) -> None:
    with pytest.raises(Invalid) as e:
        service.create_agreement(
            db,
            bosocial.unit,
            AgreementIn(
                municipality_org_id=world.ids["kommun_org"],
                landlord_org_id=world.ids["forening_org"],
                reference="x",
                flats=1,
                starts_on=START,
            ),
        )
    assert e.value.field == "landlord_org_id"


def test_the_subtenant_needs_a_basis_for_the_purpose_bosocial(
    db: Session, bosocial: Bosocial
) -> None:
    person = people_service.create_person(
        db,
        bosocial.unit,
        PersonIn(
            pnr=number(960, date(1979, 5, 4)),
            name="Utan Grund",
            basis=BasisIn(purpose="employment", basis="public_task", since=date(2024, 1, 1)),
        ),
    )
    db.commit()
    with pytest.raises(Invalid):
        new_contract(db, bosocial, 961, person=None, person_id=person.id)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(BosocialContract)) == 1


def test_export_and_erasure_cover_the_contracts(db: Session, bosocial: Bosocial) -> None:
    c = db.get(BosocialContract, bosocial.contract_id)
    assert c is not None
    person = people_service.queries.person(db, bosocial.unit, c.person_id)
    assert person is not None
    section = next(s for s in export.sections() if s.key == "bosocial")
    rows = section.collect(db, bosocial.unit, person)
    assert rows and MARKER in str(rows[0]["follow-up visits"])
    assert section.erase is not None and section.erase(db, person.id) == 1
    db.commit()
    assert db.scalar(select(func.count()).select_from(BosocialContract)) == 0


def test_the_arithmetic_of_the_trial_and_the_dashboard() -> None:
    assert add_months(date(2024, 8, 31), 18) == date(2026, 2, 28)
    assert trial_end(date(2024, 1, 31), 1) == date(2024, 2, 29)
    with pytest.raises(ValueError, match="at least one month"):
        trial_end(START, 0)
    on = date(2026, 1, 1)
    assert standing("trial", date(2025, 12, 31), on) == "overdue"
    assert standing("trial", date(2026, 1, 1), on) == "due"
    assert standing("trial", date(2026, 4, 1), on) == "due"  # 90 days
    assert standing("trial", date(2026, 4, 2), on) == "running"
    assert standing("taken_over", date(2025, 1, 1), on) == "decided"
    decisions = [(1, date(2025, m, 1), "takeover") for m in range(1, 5)]
    decisions += [(1, date(2025, 6, 1), "termination"), (1, date(2025, 7, 1), "extension")]
    decisions += [(2, date(2025, 1, 1), "takeover"), (1, date(2024, 1, 1), "termination")]
    rates = {(r.landlord_org_id, r.year): r for r in conversion_rates(decisions)}
    assert rates[(1, 2025)].decided == 5 and rates[(1, 2025)].rate == pytest.approx(0.8)
    assert rates[(2, 2025)].too_few and rates[(2, 2025)].rate is None
    assert rates[(1, 2024)].too_few

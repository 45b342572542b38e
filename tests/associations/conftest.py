"""The associations' test world: the matrix world (tests/conftest.py) with a supporter at
Stångåstaden, Hemgårdarnas BK registered as an association with an agreement, and a second
association with a reporter of its own — each with a personal API token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.orm import Session

from samverkan.associations import service
from samverkan.associations.models import Agreement, Association
from samverkan.associations.schemas import AgreementIn, AssociationIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import OrgIn
from tests.conftest import World, make_user

DAY = date(2026, 6, 30)  # the day the tests look from: half of 2026 gone (181 of 365 days)


@dataclass
class AssocWorld:
    world: World
    supporter: Principal  # Stångåstaden's handläggare
    hemgarden: Principal  # Hemgårdarnas BK's rapportör
    dancer: Principal  # Ryds Dansförening's rapportör
    tokens: dict[str, str]
    hbk: Association
    dans: Association
    agreement: Agreement  # Stångåstaden – Hemgårdarnas BK, 2026, LOK rules

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def principal(db: Session, user) -> Principal:  # type: ignore[no-untyped-def]
    return org_queries.principal_for_user(db, user)


@pytest.fixture
def assoc_world(world: World, db: Session) -> AssocWorld:
    bolag = db.get(Organisation, world.ids["bolag_org"])
    forening = db.get(Organisation, world.ids["forening_org"])
    assert bolag is not None and forening is not None
    stina = make_user(db, "stina@stangastaden.test", bolag, "handlaggare")
    dans_org = org_service.create_org(db, None, OrgIn(name="Ryds Dansförening", kind="forening"))
    dina = make_user(db, "dina@rydsdans.test", dans_org, "rapportor")
    hamid = world.personas["forening"].user
    tokens = {}
    for key, user, org in (
        ("stina", stina, bolag),
        ("hamid", hamid, forening),
        ("dina", dina, dans_org),
    ):
        _tok, tokens[key] = org_service.create_token(db, None, org.id, key, user_id=user.id)
    db.flush()
    sup = principal(db, stina)
    hbk = service.register(
        db,
        sup,
        AssociationIn(
            name="Hemgårdarnas BK",
            orgnr="802400-1235",
            kinds=["idrott"],
            district_ids=[world.ids["skaggetorp"]],
            contacts=[{"name": "Ada Ordförande", "role": "ordförande", "email": "ada@example.se"}],
        ),
    )
    dans = service.register(
        db,
        sup,
        AssociationIn(
            name="Ryds Dansförening",
            orgnr="802500-1234",
            kinds=["dans"],
            district_ids=[world.ids["ryd"]],
        ),
    )
    agreement = service.create_agreement(
        db,
        sup,
        AgreementIn(
            association_id=hbk.id,
            title="Fotboll för Skäggetorp 2026",
            amount_sek=120_000,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            counter_performance="Öppna träningar för barn och unga, två evenemang för de boende.",
            payment_periods=2,
            rule_min_minutes=60,
            rule_min_leaders=1,
            rule_min_participants=3,
            rule_age_min=7,
            rule_age_max=25,
            commitments=[
                {
                    "description": "30 öppna träningar för 7–20-åringar i Skäggetorp",
                    "required": 30,
                    "forms": ["traning", "oppen"],
                    "district_id": world.ids["skaggetorp"],
                },
                {"description": "2 evenemang för de boende", "required": 2, "forms": ["evenemang"]},
            ],
        ),
    )
    db.commit()
    return AssocWorld(
        world, sup, principal(db, hamid), principal(db, dina), tokens, hbk, dans, agreement
    )

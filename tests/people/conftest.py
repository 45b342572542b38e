"""The person register's test world: besides the personas of tests/conftest.py, a handläggare
(case worker) and a läsare of Linköpings kommun, a samordnare of the kommun with no other role,
and a handläggare of Norrköpings kommun. Every personnummer is synthetic (made with the Luhn
check digit for a made-up date and serial)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samverkan.core import crypto
from samverkan.core import personnummer as pn
from samverkan.core.settings import Settings
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from tests.conftest import World, login_client, make_user


@pytest.fixture(autouse=True)
def data_key(settings: Settings) -> crypto.KeyRing:
    ring = crypto.KeyRing.from_settings(settings)
    crypto.configure(ring)
    return ring


def number(serial: int, born: date = date(1984, 3, 9), coordination: bool = False) -> str:
    return str(pn.make(born, serial, coordination=coordination))


@dataclass
class Caseworkers:
    """Extra people of the register's tests, with logged-in clients and principals."""

    clients: dict[str, tuple[TestClient, str]]
    principals: dict[str, Principal]
    ids: dict[str, int]


@pytest.fixture
def people_world(app, db: Session, world: World) -> Caseworkers:
    from samverkan.orgs.models import Organisation

    kommun = db.get(Organisation, world.ids["kommun_org"])
    nkpg = db.get(Organisation, world.ids["norrkoping_org"])
    assert kommun is not None and nkpg is not None
    users = {
        "handlaggare": make_user(db, "hanna@linkoping.test", kommun, "handlaggare"),
        "lasare": make_user(db, "lars@linkoping.test", kommun, "lasare"),
        "samordnare_only": make_user(db, "sam@linkoping.test", kommun, "samordnare"),
        "kommun_admin": make_user(db, "ada@linkoping.test", kommun, "admin"),
        "nkpg_handlaggare": make_user(db, "nils@norrkoping.test", nkpg, "handlaggare"),
    }
    db.commit()
    clients = {k: login_client(app, db, u) for k, u in users.items()}
    db.commit()
    for key in ("samordnare", "rapportor", "polis", "forening", "outsider", "superadmin"):
        persona = world.personas[key]
        clients[key] = (persona.client, persona.csrf)
        assert persona.user is not None
        users[key] = persona.user
    principals = {k: org_queries.principal_for_user(db, u) for k, u in users.items()}
    return Caseworkers(clients, principals, dict(world.ids))

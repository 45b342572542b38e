"""Test fixtures: a migrated database (SQLite file, or PostgreSQL from
``SAMVERKAN_TEST_DATABASE_URL``), a transaction rolled back after every test, the app bound
to that transaction, and personas.

Personas (as in the authorization matrix):
- ``samordnare``  Linköpings kommun, EST samordnare and admin of the municipality
- ``rapportor``   Stångåstaden (housing company) reporter
- ``polis``       Polisen, kommunpolis
- ``forening``    Hemgårdarnas BK (association) reporter
- ``outsider``    Norrköpings kommun, in another municipality's EST group
- ``superadmin``  the platform operator
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Polygon, box
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from samverkan import domains
from samverkan.core import migrate
from samverkan.core.db import make_engine
from samverkan.core.settings import Settings, load_settings
from samverkan.geo import service as geo_service
from samverkan.geo.models import Area
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Membership, Organisation, User, WebSession
from samverkan.orgs.schemas import GroupIn, OrgIn
from samverkan.orgs.security import digest, hash_password

domains.wire()  # every domain's models, labels, retention classes and hooks, as the app has them

PASSWORD = "korrekt-häst-batteri"
PG_URL = os.environ.get("SAMVERKAN_TEST_DATABASE_URL", "")
SECRET = "t" * 48


def pytest_report_header() -> str:
    return f"samverkan database: {make_url(PG_URL).render_as_string() if PG_URL else 'SQLite'}"


def _fresh_postgres_database(base_url: str) -> str:
    """A new empty database on the test server (one per xdist worker)."""
    name = f"samverkan_t_{uuid.uuid4().hex[:10]}"
    admin = make_engine(migrate_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return migrate_url(base_url).rsplit("/", 1)[0] + "/" + name


def migrate_url(url: str) -> str:
    return load_settings(database_url=url, secret_key=SECRET).database_url


def drop_postgres_database(base_url: str, url: str) -> None:
    name = make_url(url).database
    admin = make_engine(migrate_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if PG_URL:
        url = _fresh_postgres_database(PG_URL)
        yield url
        drop_postgres_database(PG_URL, url)
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return load_settings(database_url=database_url, secret_key=SECRET)


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    eng = make_engine(settings.database_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection in an outer transaction that is rolled back after the test."""
    from samverkan.situation import cache

    cache.clear()  # a rolled-back world reuses ids: no picture survives its test
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    s = session_factory()
    yield s
    s.close()


@pytest.fixture
def app(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]):
    from samverkan.web.app import create_app

    application = create_app(settings, engine)
    application.state.sessionmaker = session_factory
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@dataclass
class Persona:
    """A test user with its organisation; ``client`` is logged in as it."""

    key: str
    user: User | None
    org: Organisation | None
    client: TestClient
    csrf: str = ""
    token: str = ""


@dataclass
class World:
    """The personas and the objects the authorization matrix refers to by name."""

    personas: dict[str, Persona] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def make_user(
    db: Session,
    email: str,
    org: Organisation,
    *roles: str,
    superadmin: bool = False,
    password: str = PASSWORD,
) -> User:
    user = User(
        email=email,
        display_name=email.split("@")[0].title(),
        password_hash=_hash(password),
        is_superadmin=superadmin,
    )
    user.memberships.extend(Membership(org_id=org.id, role=r) for r in roles)
    db.add(user)
    db.flush()
    return user


_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def login_client(app, db: Session, user: User) -> tuple[TestClient, str]:
    """A client with a session cookie for ``user`` (the session row made directly; real logins
    are tested in tests/orgs/test_login.py)."""
    from samverkan.orgs.security import csrf_token

    secret = secrets.token_urlsafe(32)
    db.add(WebSession(id_hash=digest(secret), user_id=user.id))
    db.flush()
    c = TestClient(app, base_url="http://testserver")
    c.cookies.set("samverkan_session", secret)
    return c, csrf_token(SECRET, secret)


def square(lon: float, lat: float, d: float = 0.01) -> Polygon:
    return box(lon - d, lat - d, lon + d, lat + d)


@pytest.fixture
def world(app, db: Session) -> World:
    """Two municipalities' EST work: Linköping (with partners) and Norrköping (the outsider)."""
    w = World()
    orgs = {
        key: org_service.create_org(db, None, OrgIn(name=name, kind=kind))
        for key, name, kind in [
            ("kommun", "Linköpings kommun", "kommun"),
            ("polis", "Polisen Linköping", "polis"),
            ("bolag", "Stångåstaden", "bostadsbolag"),
            ("forening", "Hemgårdarnas BK", "forening"),
            ("norrkoping", "Norrköpings kommun", "kommun"),
        ]
    }
    users = {
        "samordnare": make_user(db, "sara@linkoping.test", orgs["kommun"], "samordnare", "admin"),
        "rapportor": make_user(db, "tove@stangastaden.test", orgs["bolag"], "rapportor"),
        "polis": make_user(db, "petra@polisen.test", orgs["polis"], "samordnare", "rapportor"),
        "forening": make_user(db, "hamid@hemgardarna.test", orgs["forening"], "rapportor"),
        "outsider": make_user(
            db, "olle@norrkoping.test", orgs["norrkoping"], "samordnare", "admin"
        ),
        "superadmin": make_user(
            db, "root@samverkan.test", orgs["kommun"], "admin", superadmin=True
        ),
    }
    lkpg = geo_service.save_area(
        db, name="Linköping", kind="kommun", geom=square(15.62, 58.41, 0.2)
    )
    skagg = geo_service.save_area(
        db,
        name="Skäggetorp",
        kind="stadsdel",
        geom=square(15.58, 58.43),
        parent=lkpg,
        approximate=True,
    )
    ryd = geo_service.save_area(
        db, name="Ryd", kind="stadsdel", geom=square(15.56, 58.405, 0.005), parent=lkpg
    )
    nkpg = geo_service.save_area(
        db, name="Norrköping", kind="kommun", geom=square(16.18, 58.59, 0.2)
    )
    nav = geo_service.save_area(
        db, name="Navestad", kind="stadsdel", geom=square(16.21, 58.57), parent=nkpg
    )
    est = org_service.create_group(
        db, None, GroupIn(name="EST Linköping", owner_org_id=orgs["kommun"].id)
    )
    org_service.set_group_members(
        db, None, est.id, {o.id for k, o in orgs.items() if k != "norrkoping"}
    )
    geo_service.set_group_areas(db, None, est.id, {lkpg.id})
    est_n = org_service.create_group(
        db, None, GroupIn(name="EST Norrköping", owner_org_id=orgs["norrkoping"].id)
    )
    geo_service.set_group_areas(db, None, est_n.id, {nkpg.id})
    tok_bolag, secret_bolag = org_service.create_token(
        db, None, orgs["bolag"].id, "Bolagets export"
    )
    tok_polis, secret_polis = org_service.create_token(db, None, orgs["polis"].id, "Polisens RAR")
    tok_n, secret_n = org_service.create_token(
        db, None, orgs["norrkoping"].id, "Norrköpings nyckel"
    )
    db.flush()
    tok_own, _secret_own = org_service.create_token(  # the samordnare's own, personal token
        db, None, orgs["kommun"].id, "Saras skript", user_id=users["samordnare"].id
    )
    tokens = {"rapportor": secret_bolag, "polis": secret_polis, "outsider": secret_n}
    for key, user in users.items():
        c, csrf = login_client(app, db, user)
        org = db.get(Organisation, user.memberships[0].org_id)
        w.personas[key] = Persona(key, user, org, c, csrf, tokens.get(key, ""))
    w.personas["anonymous"] = Persona(
        "anonymous", None, None, TestClient(app, base_url="http://testserver")
    )
    w.ids.update(
        kommun_org=orgs["kommun"].id,
        polis_org=orgs["polis"].id,
        bolag_org=orgs["bolag"].id,
        forening_org=orgs["forening"].id,
        norrkoping_org=orgs["norrkoping"].id,
        linkoping=lkpg.id,
        skaggetorp=skagg.id,
        ryd=ryd.id,
        norrkoping=nkpg.id,
        navestad=nav.id,
        est_group=est.id,
        est_norrkoping=est_n.id,
        bolag_token=tok_bolag.id,
        polis_token=tok_polis.id,
        norrkoping_token=tok_n.id,
        samordnare_personal_token=tok_own.id,
        samordnare_user=users["samordnare"].id,
        rapportor_user=users["rapportor"].id,
        polis_user=users["polis"].id,
        outsider_user=users["outsider"].id,
        superadmin_user=users["superadmin"].id,
        rapportor_membership=users["rapportor"].memberships[0].id,
        polis_membership=users["polis"].memberships[0].id,
    )
    db.commit()
    return w


FIXTURES = Path(__file__).parent / "fixtures"


def areas_of(db: Session) -> list[Area]:
    from sqlalchemy import select

    return list(db.scalars(select(Area).order_by(Area.name)))

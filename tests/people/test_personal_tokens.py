"""A handläggare's personal API token: the API as that person within one organisation, so a
case system reads the person register in the case worker's name; an organisation's token never
does, and a personal token stops with its user's account or role."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samverkan.core.errors import NotFound
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Membership, User
from samverkan.people.models import PersonAccess
from tests.people.conftest import Caseworkers
from tests.people.test_pages import add, person_id


def _make_own_token(people_world: Caseworkers, who: str = "handlaggare") -> tuple[str, str]:
    client, csrf = people_world.clients[who]
    page = client.post(
        "/konto/nycklar",
        data={
            "org_id": str(people_world.ids["kommun_org"]),
            "name": "Ärendesystemet",
            "csrf_token": csrf,
        },
    )
    assert page.status_code == 200, page.text[-500:]
    assert "Kopiera den nu" in page.text and "Ärendesystemet" in page.text
    found = re.search(r'id="new-token">([^<]+)<', page.text)
    assert found is not None
    return found[1].strip(), page.text


def test_a_caseworker_s_own_token_reads_the_register_in_their_name(
    app, people_world: Caseworkers, db: Session
) -> None:
    pid = person_id(add(people_world, 301))
    secret, _ = _make_own_token(people_world)
    api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    got = api.get(f"/api/v1/people/{pid}")
    assert got.status_code == 200, got.text
    assert got.json()["name"] == "Sara Syntetisk"
    me = api.get("/api/v1/me").json()
    assert me["roles"] == ["handlaggare"]
    read = db.scalars(
        select(PersonAccess).where(PersonAccess.person_id == pid, PersonAccess.view == "api")
    ).one()
    hanna = db.scalar(select(User).where(User.email == "hanna@linkoping.test"))
    assert hanna is not None and read.user_id == hanna.id and read.token_id is not None
    # the account page lists it; revoking it there stops it at once
    client, csrf = people_world.clients["handlaggare"]
    account = client.get("/konto")
    assert "Ärendesystemet" in account.text and account.text.count("Mina API-nycklar") == 1
    title = re.search(r"<title>(.*?)</title>", account.text, re.S)
    assert title is not None and title[1].strip().startswith("Mitt konto"), title
    token_id = read.token_id
    other, other_csrf = people_world.clients["lasare"]
    refused = other.post(f"/konto/nycklar/{token_id}/aterkalla", data={"csrf_token": other_csrf})
    assert refused.status_code == 404  # nobody revokes another's token from their account
    assert api.get(f"/api/v1/people/{pid}").status_code == 200
    done = client.post(
        f"/konto/nycklar/{token_id}/aterkalla",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert api.get(f"/api/v1/people/{pid}").status_code == 401


def test_an_organisation_s_token_and_other_people_s_tokens_see_no_one(
    app, people_world: Caseworkers, db: Session
) -> None:
    pid = person_id(add(people_world, 302))
    _org_token, org_secret = org_service.create_token(
        db, None, people_world.ids["kommun_org"], "Export"
    )
    user = db.scalar(select(User).where(User.email == "lars@linkoping.test"))
    assert user is not None
    _t, reader_secret = org_service.create_token(
        db, None, people_world.ids["kommun_org"], "Läsarens", user_id=user.id
    )
    db.commit()
    for secret in (org_secret, reader_secret):
        api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
        assert api.get(f"/api/v1/people/{pid}").status_code == 404
        assert api.get("/api/v1/people").status_code in (200, 404)
        listed = api.get("/api/v1/people")
        assert "Sara" not in listed.text


def test_a_personal_token_stops_with_its_user_s_account_or_role(
    app, people_world: Caseworkers, db: Session
) -> None:
    pid = person_id(add(people_world, 303))
    secret, _ = _make_own_token(people_world)
    api = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    assert api.get(f"/api/v1/people/{pid}").status_code == 200
    hanna = db.scalar(select(User).where(User.email == "hanna@linkoping.test"))
    assert hanna is not None
    hanna.is_active = False
    db.commit()
    assert api.get(f"/api/v1/people/{pid}").status_code == 401
    hanna.is_active = True
    db.commit()
    assert api.get(f"/api/v1/people/{pid}").status_code == 200
    db.execute(delete(Membership).where(Membership.user_id == hanna.id))
    db.commit()
    assert api.get(f"/api/v1/people/{pid}").status_code == 401


def test_nobody_makes_a_personal_token_for_someone_else(
    people_world: Caseworkers, db: Session
) -> None:
    admin = people_world.principals["kommun_admin"]
    hanna = db.scalar(select(User).where(User.email == "hanna@linkoping.test"))
    assert hanna is not None
    try:
        org_service.create_token(db, admin, people_world.ids["kommun_org"], "x", user_id=hanna.id)
    except NotFound:
        pass
    else:
        raise AssertionError("an admin made a token that acts as someone else")
    # nor for an organisation the user is not in
    mine = org_queries.principal_for_user(db, hanna)
    try:
        org_service.create_token(
            db, mine, people_world.ids["norrkoping_org"], "x", user_id=hanna.id
        )
    except NotFound:
        pass
    else:
        raise AssertionError("a personal token for an organisation the user is not in")

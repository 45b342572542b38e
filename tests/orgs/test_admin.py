"""Admin pages: who may manage which organisation, users, roles, tokens and EST groups."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.models import AuditEvent
from samverkan.orgs.models import ApiToken, Membership, User
from samverkan.orgs.security import digest
from tests.conftest import PASSWORD, World, login_client, make_user


def test_an_org_admin_adds_a_user_to_their_own_organisation(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    r = p.client.post(
        "/admin/anvandare",
        data={
            "csrf_token": p.csrf,
            "email": "Ny.Person@Linkoping.test",
            "display_name": "Ny Person",
            "password": "ett-långt-lösenord",
            "org_id": str(world.ids["kommun_org"]),
            "role": "rapportor",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    user = db.scalar(select(User).where(User.email == "ny.person@linkoping.test"))
    assert user is not None and user.password_hash.startswith("$argon2")
    page = p.client.get(r.headers["location"])
    assert "ny.person@linkoping.test" in page.text and "rapportör" in page.text
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).one()
    assert event.user_id == p.user.id and event.object_id == str(user.id)


def test_an_org_admin_cannot_add_users_to_another_organisation(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    r = p.client.post(
        "/admin/anvandare",
        data={
            "csrf_token": p.csrf,
            "email": "x@polisen.test",
            "password": "ett-långt-lösenord",
            "org_id": str(world.ids["polis_org"]),
            "role": "admin",
        },
    )
    assert r.status_code == 422 and "organisationen finns inte" in r.text
    assert db.scalar(select(User).where(User.email == "x@polisen.test")) is None


def test_bad_user_input_is_named(world: World) -> None:
    p = world.personas["samordnare"]
    r = p.client.post(
        "/admin/anvandare",
        data={
            "csrf_token": p.csrf,
            "email": "inte-en-adress",
            "password": "ett-långt-lösenord",
            "org_id": str(world.ids["kommun_org"]),
            "role": "rapportor",
        },
    )
    assert r.status_code == 422
    assert "<strong>e-post</strong>: ska vara en e-postadress som namn@exempel.se" in r.text
    r = p.client.post(
        "/admin/anvandare",
        data={
            "csrf_token": p.csrf,
            "email": "a@b.se",
            "password": "ett-långt-lösenord",
            "org_id": str(world.ids["kommun_org"]),
            "role": "kung",
        },
    )
    assert r.status_code == 422 and "<strong>roll</strong>: ska vara något av" in r.text
    assert "Input should" not in r.text


def test_nobody_changes_their_own_roles(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    r = p.client.post(
        f"/admin/anvandare/{p.user.id}/roller",
        data={"csrf_token": p.csrf, "org_id": str(world.ids["kommun_org"]), "role": "handlaggare"},
    )
    assert r.status_code == 403
    assert "du kan inte ändra dina egna roller" in r.text
    roles = set(db.scalars(select(Membership.role).where(Membership.user_id == p.user.id)))
    assert roles == {"samordnare", "admin"}


def test_a_reporter_cannot_reach_administration(world: World) -> None:
    p = world.personas["rapportor"]
    assert p.client.get("/admin").status_code == 403
    r = p.client.post(
        f"/admin/anvandare/{p.user.id}/roller",
        data={"csrf_token": p.csrf, "org_id": str(world.ids["bolag_org"]), "role": "admin"},
    )
    assert r.status_code == 403


def test_a_token_is_shown_once_stored_hashed_and_revocable(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    org_id = world.ids["kommun_org"]
    r = p.client.post(
        f"/admin/organisationer/{org_id}/nycklar",
        data={"csrf_token": p.csrf, "name": "Ärendesystemet"},
    )
    assert r.status_code == 200
    secret = re.search(r'id="new-token">([^<]+)<', r.text).group(1)
    assert secret.startswith("sv_") and len(secret) > 40
    token = db.scalar(select(ApiToken).where(ApiToken.name == "Ärendesystemet"))
    assert token.token_hash == digest(secret) and secret not in token.token_hash
    again = p.client.get(f"/admin/organisationer/{org_id}")
    assert secret not in again.text and token.prefix in again.text
    me = p.client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json()["organisation"]["name"] == "Linköpings kommun"
    r = p.client.post(
        f"/admin/nycklar/{token.id}/aterkalla", data={"csrf_token": p.csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    assert (
        p.client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_disabling_an_account_ends_its_sessions(world: World, db: Session) -> None:
    admin = world.personas["samordnare"]
    kommun = world.personas["samordnare"].org
    target = make_user(db, "kim@linkoping.test", kommun, "analytiker")
    victim_client, _ = login_client(admin.client.app, db, target)
    db.commit()
    assert victim_client.get("/", follow_redirects=False).status_code == 200
    r = admin.client.post(
        f"/admin/anvandare/{target.id}/aktiv",
        data={"csrf_token": admin.csrf, "active": "0"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert victim_client.get("/", follow_redirects=False).status_code == 303


def test_the_group_owner_manages_members_and_areas(world: World, db: Session) -> None:
    p = world.personas["samordnare"]
    gid = world.ids["est_group"]
    r = p.client.post(
        f"/admin/grupper/{gid}/medlemmar",
        data={"csrf_token": p.csrf, "org_id": [str(world.ids["polis_org"])]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = p.client.get(f"/admin/grupper/{gid}").text
    assert f'value="{world.ids["polis_org"]}" checked' in page
    assert f'value="{world.ids["bolag_org"]}" checked' not in page
    # Stångåstaden is no longer in the group: its reporter loses the areas.
    areas = world.personas["rapportor"].client.get("/stadsdelar").text
    assert "Skäggetorp" not in areas
    r = p.client.post(
        f"/admin/grupper/{gid}/omraden",
        data={"csrf_token": p.csrf, "area_id": [str(world.ids["skaggetorp"])]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    polis_areas = world.personas["polis"].client.get("/stadsdelar").text
    assert "Skäggetorp" in polis_areas and ">Ryd<" not in polis_areas


def test_a_partner_cannot_manage_the_owners_group(world: World) -> None:
    p = world.personas["polis"]
    gid = world.ids["est_group"]
    r = p.client.post(
        f"/admin/grupper/{gid}/omraden",
        data={"csrf_token": p.csrf, "area_id": [str(world.ids["ryd"])]},
    )
    assert r.status_code == 403


def test_an_outsider_cannot_touch_another_municipalitys_group(world: World) -> None:
    p = world.personas["outsider"]
    gid = world.ids["est_group"]
    assert p.client.get(f"/admin/grupper/{gid}").status_code == 404
    r = p.client.post(
        f"/admin/grupper/{gid}/medlemmar",
        data={"csrf_token": p.csrf, "org_id": [str(world.ids["norrkoping_org"])]},
    )
    assert r.status_code == 404


def test_the_audit_log_shows_the_admins_own_organisation(world: World) -> None:
    p = world.personas["outsider"]
    p.client.post(
        f"/admin/organisationer/{world.ids['norrkoping_org']}/nycklar",
        data={"csrf_token": p.csrf, "name": "Norrköpings export"},
    )
    page = p.client.get("/admin/logg").text
    assert "API-token skapad" in page and "<td>Olle</td>" in page  # what, in words; who, by name
    assert "sara@linkoping.test" not in page and "<td>Sara" not in page


def test_denied_access_is_audited(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    assert p.client.get("/admin").status_code == 403
    assert p.client.get(f"/admin/grupper/{world.ids['est_norrkoping']}").status_code == 403
    outsider = world.personas["outsider"]
    assert outsider.client.get(f"/stadsdelar/{world.ids['skaggetorp']}").status_code == 404
    db.expire_all()
    rows = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "access.denied").order_by(AuditEvent.id)
    ).all()
    assert [(e.user_id, e.object_id, e.outcome) for e in rows] == [
        (p.user.id, "GET /admin", "denied"),
        (p.user.id, f"GET /admin/grupper/{world.ids['est_norrkoping']}", "denied"),
        (outsider.user.id, f"GET /stadsdelar/{world.ids['skaggetorp']}", "denied"),
    ]


def test_an_org_admin_cannot_manage_a_platform_administrator(world: World) -> None:
    admin = world.personas["samordnare"]
    root = world.personas["superadmin"].user  # also a member of the municipality
    assert admin.client.get(f"/admin/anvandare/{root.id}").status_code == 404
    r = admin.client.post(
        f"/admin/anvandare/{root.id}/aktiv", data={"csrf_token": admin.csrf, "active": "0"}
    )
    assert r.status_code == 404
    assert world.personas["superadmin"].client.get("/", follow_redirects=False).status_code == 200


def test_logins_are_in_the_organisations_audit_log(world: World, client, db: Session) -> None:
    from tests.orgs.test_login import login

    login(client, "tove@stangastaden.test", "fel-lösenord-1")
    login(client, "tove@stangastaden.test", PASSWORD)
    admin = make_user(db, "boss@stangastaden.test", world.personas["rapportor"].org, "admin")
    admin_client, _ = login_client(admin_client_app(world), db, admin)
    db.commit()
    page = admin_client.get("/admin/logg").text
    assert page.count("tove@stangastaden.test") >= 2 and ">Misslyckades<" in page


def admin_client_app(world: World):
    return world.personas["anonymous"].client.app

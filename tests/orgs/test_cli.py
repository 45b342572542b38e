"""The operator's CLI: organisations, users (password from stdin), tokens, groups."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from samverkan.core.settings import load_settings
from samverkan.web.app import create_app
from tests.core.test_settings import run_cli


def test_it_sets_up_an_organisation_with_a_user_and_a_working_token(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert run_cli("org", "add", "Motala kommun", "--kind", "kommun", "--db", db).returncode == 0
    bad = run_cli("org", "add", "Kyrkan", "--kind", "kyrka", "--db", db)
    assert bad.returncode == 2 and "kind" in bad.stderr and "'kyrka'" in bad.stderr
    dup = run_cli("org", "add", "Motala kommun", "--kind", "kommun", "--db", db)
    assert dup.returncode == 2 and "finns redan" in dup.stderr  # the CLI speaks Swedish
    r = run_cli(
        "user",
        "add",
        "anna@motala.test",
        "--org",
        "Motala kommun",
        "--role",
        "admin",
        "--db",
        db,
        stdin="ett-långt-lösenord\n",
    )
    assert r.returncode == 0, r.stderr
    short = run_cli(
        "user",
        "add",
        "bo@motala.test",
        "--org",
        "Motala kommun",
        "--role",
        "admin",
        "--db",
        db,
        stdin="kort\n",
    )
    assert short.returncode == 2 and "password" in short.stderr and "10 tecken" in short.stderr
    missing = run_cli(
        "user",
        "add",
        "bo@motala.test",
        "--org",
        "Finns Inte",
        "--role",
        "admin",
        "--db",
        db,
        stdin="ett-långt-lösenord\n",
    )
    assert missing.returncode == 2 and "Finns Inte" in missing.stderr
    r = run_cli("token", "create", "--org", "Motala kommun", "--name", "Export", "--db", db)
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip().splitlines()[-1]
    assert token.startswith("sv_")
    settings = load_settings(database_url=db, secret_key="k" * 40)
    with TestClient(create_app(settings)) as c:
        me = c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["organisation"]["name"] == "Motala kommun"
    r = run_cli("group", "add", "EST Motala", "--owner", "Motala kommun", "--db", db)
    assert r.returncode == 0, r.stderr

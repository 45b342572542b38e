"""Settings: checked at start, one clear line and exit code 2 for a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.core.settings import SettingsError, load_settings, normalise_database_url


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=60,
        check=False,
    )


def test_it_reads_a_plain_path_as_a_sqlite_file() -> None:
    assert normalise_database_url("data/x.db") == "sqlite:///data/x.db"
    assert normalise_database_url("postgresql://u:p@h/db").startswith(
        "postgresql+psycopg://u:p@h/db"
    )


def test_it_names_the_setting_and_what_was_expected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_LANGUAGE", "fr")
    with pytest.raises(SettingsError) as err:
        load_settings(database_url="sqlite://", secret_key="k" * 40)
    assert "SAMVERKAN_LANGUAGE='fr'" in str(err.value)
    assert "'sv' or 'en'" in str(err.value)


def test_it_rejects_an_unknown_database_kind() -> None:
    with pytest.raises(SettingsError, match="uses 'mysql': expected sqlite or postgresql"):
        load_settings(database_url="mysql://root:hemligt@db/x", secret_key="k" * 40)


def test_it_hides_the_password_in_messages() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(database_url="mysql://root:hemligt@db/x", secret_key="k" * 40)
    assert "hemligt" not in str(err.value)


def test_it_requires_a_secret_key_in_production() -> None:
    with pytest.raises(SettingsError, match="SAMVERKAN_SECRET_KEY is required"):
        load_settings(database_url="sqlite://", environment="production")


def test_it_keeps_a_generated_key_beside_the_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = load_settings(database_url=str(db))
    second = load_settings(database_url=str(db))
    key_file = tmp_path / "demo.db.secret"
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_it_rejects_a_bad_tile_url() -> None:
    with pytest.raises(SettingsError, match="SAMVERKAN_TILE_URL"):
        load_settings(database_url="sqlite://", secret_key="k" * 40, tile_url="http://tiles/x.png")


def test_cli_exits_2_with_one_line_for_a_wrong_database_url() -> None:
    result = run_cli("db", "upgrade", "--db", "mysql://x@y/z")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "mysql://x@y/z" in lines[0] and "expected sqlite or postgresql" in lines[0]


def test_cli_exits_2_when_the_database_cannot_be_reached() -> None:
    result = run_cli("db", "upgrade", "--db", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "samverkan: cannot open database 'postgresql+psycopg://nobody:***@127.0.0.1:1/none'"
    )
    assert "Traceback" not in result.stderr


def test_cli_exits_2_for_a_missing_folder(tmp_path: Path) -> None:
    result = run_cli("db", "upgrade", "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_exits_2_for_a_bad_environment_value(tmp_path: Path) -> None:
    result = run_cli(
        "db",
        "upgrade",
        "--db",
        str(tmp_path / "x.db"),
        env={"SAMVERKAN_SESSION_IDLE_MINUTES": "lots"},
    )
    assert result.returncode == 2
    assert "SAMVERKAN_SESSION_IDLE_MINUTES='lots'" in result.stderr

"""The data key as a setting: required in production (the server and the CLI stop at start
with one line naming it), checked for its form, kept beside the SQLite file in development."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.core import crypto
from samverkan.core.settings import SettingsError, load_settings

SECRET = "s" * 40


def test_production_without_a_data_key_stops_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as exc:
        load_settings(
            environment="production", secret_key=SECRET, database_url=str(tmp_path / "x.db")
        )
    assert "SAMVERKAN_DATA_KEY" in str(exc.value)
    env = {
        **os.environ,
        "SAMVERKAN_ENVIRONMENT": "production",
        "SAMVERKAN_SECRET_KEY": SECRET,
        "SAMVERKAN_DATABASE_URL": str(tmp_path / "x.db"),
    }
    env.pop("SAMVERKAN_DATA_KEY", None)
    r = subprocess.run(
        [sys.executable, "-m", "samverkan", "people", "key-status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "samverkan: SAMVERKAN_DATA_KEY is required when SAMVERKAN_ENVIRONMENT=production"
    ]


def test_a_malformed_key_is_refused_and_a_good_one_used(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="SAMVERKAN_DATA_KEY is not a data key"):
        load_settings(secret_key=SECRET, data_key="too-short", database_url=str(tmp_path / "a.db"))
    with pytest.raises(SettingsError, match="SAMVERKAN_DATA_KEYS_OLD"):
        load_settings(
            secret_key=SECRET,
            data_key=crypto.new_key(),
            data_keys_old="nope",
            database_url=str(tmp_path / "a.db"),
        )
    key = crypto.new_key()
    s = load_settings(environment="production", secret_key=SECRET, data_key=key)
    assert s.data_key == key


def test_in_development_the_key_is_kept_beside_the_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "dev.db"
    first = load_settings(secret_key=SECRET, database_url=str(db)).data_key
    again = load_settings(secret_key=SECRET, database_url=str(db)).data_key
    assert first == again and crypto.parse_key(first)
    key_file = tmp_path / "dev.db.datakey"
    assert key_file.read_text().strip() == first and key_file.stat().st_mode & 0o077 == 0

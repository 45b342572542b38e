"""The Swedish catalog translates every message the code and templates use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from samverkan.core.i18n import LOCALE_DIR, translations

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_a_swedish_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "-o",
            str(pot),
            str(ROOT / "src"),
        ],
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (LOCALE_DIR / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = {m.id: m.string for m in read_po(fh) if m.id}
    missing = sorted(m for m in wanted if not catalog.get(m))
    assert missing == [], f"untranslated: {missing}"
    assert len(wanted) > 100


def test_swedish_is_the_catalog_and_english_the_msgids() -> None:
    assert translations("sv").gettext("Log in") == "Logga in"
    assert translations("en").gettext("Log in") == "Log in"
    assert (
        translations("sv").gettext("%(name)s: broken polygon (%(reason)s)")
        % {"name": "Ryd", "reason": "Self-intersection"}
        == "Ryd: trasig polygon (Self-intersection)"
    )


def test_every_translation_keeps_its_placeholders() -> None:
    """What ``pybabel compile`` (run by ``make install``) refuses: a translation whose
    placeholders differ from its message's, or a message mixing %(name)s with a bare %."""
    with (LOCALE_DIR / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    problems = [
        f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors
    ]
    assert problems == []

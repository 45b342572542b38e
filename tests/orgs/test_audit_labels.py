"""The audit log in words: every event code the code records has a label in the reader's
language (declared by its domain, ``labels=`` in ``domain.py``), and the log page names users."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.i18n import LOCALE_DIR
from samverkan.core.templating import LABELS
from tests.conftest import World

SRC = Path(__file__).resolve().parents[2] / "src" / "samverkan"
# Domains whose labels are still to come (none: every domain labels its audit codes).
PENDING: set[str] = set()


def _recorded() -> dict[str, dict[str, set[str]]]:
    """Per domain package: the action codes, object types and outcomes of its audit.record
    calls (both arms of a conditional code), read from the source."""
    out: dict[str, dict[str, set[str]]] = {}
    for path in sorted(SRC.rglob("*.py")):
        domain = path.relative_to(SRC).parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            codes = out.setdefault(domain, {"action": set(), "object": set(), "outcome": set()})
            codes["action"] |= _strings(node.args[1])
            for kw in node.keywords:
                if kw.arg == "object_type":
                    codes["object"] |= _strings(kw.value)
                elif kw.arg == "outcome":
                    codes["outcome"] |= _strings(kw.value)
    return out


def _strings(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    raise AssertionError(f"line {node.lineno}: an audit code must be a literal")


RECORDED = _recorded()


@pytest.mark.parametrize(
    "domain",
    [
        pytest.param(
            d, marks=pytest.mark.xfail(strict=True, reason="labels to come from its owner")
        )
        if d in PENDING
        else d
        for d in sorted(RECORDED)
    ],
)
def test_every_audit_code_has_a_swedish_label(domain: str) -> None:
    with (LOCALE_DIR / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        swedish = {m.id for m in read_po(fh) if m.id and m.string}
    codes = RECORDED[domain]
    missing = [
        f"{kind} {code!r}"
        for kind, found in codes.items()
        for code in sorted(found)
        if LABELS.get(f"audit_{kind}", {}).get(code) not in swedish
    ]
    assert missing == []


def test_every_outcome_has_a_label() -> None:
    outcomes = {"ok"} | {o for codes in RECORDED.values() for o in codes["outcome"]}
    assert outcomes <= set(audit.OUTCOME_LABELS)


def test_the_log_page_shows_events_in_words_and_users_by_name(world: World, db: Session) -> None:
    admin, rapportor = world.personas["samordnare"], world.personas["rapportor"]
    assert admin.user and admin.org and rapportor.user
    org, me = admin.org.id, admin.user.id
    audit.record(db, "login", subject=rapportor.user.email, outcome="failed", org_id=org)
    by_me = {"user_id": me, "org_id": org}
    audit.record(db, "presence_plan.create", object_type="presence_plan", object_id=7, **by_me)
    audit.record(db, "user.disable", object_type="user", object_id=rapportor.user.id, **by_me)
    db.commit()
    page = admin.client.get("/admin/logg").text
    for words in ("Inloggning", "Misslyckades", "Närvaroplan skapad", "närvaroplan 7"):
        assert words in page
    assert f"användare {rapportor.user.display_name}" in page
    assert "presence_plan.create</td>" not in page and ">failed<" not in page

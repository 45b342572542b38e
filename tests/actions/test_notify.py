"""E-mail to the owning organisation: when an action is assigned to it, and when overdue;
tested against a local SMTP sink (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from sqlalchemy.orm import Session

from samverkan.actions import notify, service
from samverkan.actions.schemas import ActionIn
from samverkan.core.timeutil import today
from samverkan.orgs import queries as org_queries
from tests.conftest import World


class Inbox(Sink):
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _subject(raw: bytes) -> str:
    return str(make_header(decode_header(message_from_bytes(raw)["Subject"])))


def test_an_assigned_organisation_is_told_and_overdue_ones_reminded(
    db: Session, world: World, settings, inbox
) -> None:
    handler, port = inbox
    mailing = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    user = world.personas["samordnare"].user
    assert user is not None
    p = org_queries.principal_for_user(db, user)
    a = service.create_action(
        db,
        p,
        ActionIn(
            group_id=world.ids["est_group"],
            type="belysning",
            title="Byt lamporna i gången",
            owner_org_id=world.ids["polis_org"],
            due_on=date(2026, 11, 30),
        ),
        allow_past_due=True,  # recording work of the past
    )
    db.flush()
    assert notify.assigned(mailing, db, a)
    ((to, raw),) = handler.messages
    assert to == ["petra@polisen.test"]  # the police's samordnare
    assert _subject(raw) == "Ny insats: Byt lamporna i gången"
    assert notify.remind_overdue(mailing, db, date(2026, 12, 2)) == 1
    assert _subject(handler.messages[-1][1]) == "Försenad insats: Byt lamporna i gången"


def test_mail_is_off_by_default_and_a_dead_server_loses_nothing(
    db: Session, world: World, settings
) -> None:
    user = world.personas["samordnare"].user
    assert user is not None
    p = org_queries.principal_for_user(db, user)
    a = service.create_action(
        db,
        p,
        ActionIn(
            group_id=world.ids["est_group"],
            type="stadning",
            title="Städa",
            owner_org_id=world.ids["polis_org"],
            due_on=today(),  # the earliest due date the service takes
        ),
    )
    assert notify.assigned(settings, db, a) is False  # no smtp_host: off
    dead = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": _free_port()})
    assert notify.assigned(dead, db, a) is False  # logged, not raised
    assert a.id is not None


def test_remind_without_mail_configured_says_how(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "samverkan", "actions", "remind", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "SAMVERKAN_SMTP_HOST" in out.stderr

"""``samverkan actions remind``: e-mail each organisation its overdue actions."""

from __future__ import annotations

import typer
from rich.console import Console

from samverkan.actions import notify
from samverkan.core import mail
from samverkan.core.cli import DbOpt
from samverkan.core.runtime import open_runtime
from samverkan.core.settings import SettingsError
from samverkan.core.timeutil import today

console = Console(stderr=True, soft_wrap=True)
actions_app = typer.Typer(help="Actions (insatser): reminders.", no_args_is_help=True)


@actions_app.command()
def remind(db: DbOpt = None) -> None:
    """Mail the owners of open actions past their due date (run it daily, e.g. from cron)."""
    rt = open_runtime(db, upgrade=False)
    if not mail.enabled(rt.settings):
        raise SettingsError("e-mail is off: set SAMVERKAN_SMTP_HOST (and SAMVERKAN_MAIL_FROM)")
    with rt.sessionmaker() as session:
        sent = notify.remind_overdue(rt.settings, session, today())
    console.print(f"Skickade {sent} påminnelser om försenade insatser.")

"""The ``samverkan`` command: the root Typer app that gathers every domain's commands."""

from __future__ import annotations

import logging
import sys

import typer

from samverkan.actions.cli import actions_app
from samverkan.core.cli import app as core_app
from samverkan.core.cli import db_app, retention_app
from samverkan.core.errors import DomainError
from samverkan.core.settings import SettingsError
from samverkan.demo.cli import app as demo_app
from samverkan.geo.cli import areas_app
from samverkan.incidents.cli import categories_app, incidents_app
from samverkan.orgs.cli import group_app, org_app, token_app, user_app
from samverkan.situation.cli import lagesbild_app

app = typer.Typer(
    help="samverkan — EST, effektiv samordning för trygghet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(org_app, name="org")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(group_app, name="group")
app.add_typer(areas_app, name="areas")
app.add_typer(incidents_app, name="incidents")
app.add_typer(categories_app, name="categories")
app.add_typer(lagesbild_app, name="lagesbild")
app.add_typer(actions_app, name="actions")
app.add_typer(retention_app, name="retention")
app.registered_commands.extend(core_app.registered_commands)
app.registered_commands.extend(demo_app.registered_commands)


def main() -> None:
    """Entry point: run the app; known errors become one line on stderr and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except SettingsError as exc:
        print(f"samverkan: {exc}", file=sys.stderr)
        sys.exit(2)
    except DomainError as exc:
        text = exc.text()
        where = f" ({exc.field})" if exc.field and exc.field not in text else ""
        print(f"samverkan: {text}{where}", file=sys.stderr)
        sys.exit(2)

"""The ``samverkan`` command: the root Typer app that gathers every domain's commands."""

from __future__ import annotations

import logging
import sys

import typer

from samverkan import cli_words, domains
from samverkan.core.errors import DomainError
from samverkan.core.i18n import cli_gettext
from samverkan.core.settings import SettingsError

app = typer.Typer(
    help="samverkan — EST, effektiv samordning för trygghet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
domains.wire()
domains.add_commands(app)


def main() -> None:
    """Entry point: run the app; known errors become one line on stderr and exit code 2, in the
    language of ``SAMVERKAN_LANGUAGE`` (Swedish unless set)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    cli_words.speak(cli_gettext)  # Typer's own usage errors and headings, in Swedish too
    try:
        app()
    except SettingsError as exc:
        print(f"samverkan: {exc}", file=sys.stderr)
        sys.exit(2)
    except DomainError as exc:
        text = exc.text(cli_gettext)
        where = f" ({exc.field})" if exc.field and exc.field not in text else ""
        print(f"samverkan: {text}{where}", file=sys.stderr)
        sys.exit(2)

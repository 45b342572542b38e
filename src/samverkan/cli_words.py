"""Typer's own words in the command line's language: the usage errors it raises ("Missing
argument 'file'.", "No such option: --bogus") and the headings of its help and error panels.

Typer (0.29) writes these as English f-strings, with no catalog of its own, so they are told
again here: each message is matched against the patterns below and given as the msgid of
this project's catalog with its values; a message that matches none is shown as Typer wrote
it. The panels' headings are module constants of ``typer.rich_utils``, read when a panel is
drawn, so they are set once at start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import rich_utils

from samverkan.core.errors import N_

Gettext = Callable[[str], str]

# Typer's message → our msgid, the pattern's groups as its values
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument (?P<name>'[^']+')\.$"), N_("Missing argument %(name)s.")),
    (re.compile(r"^Missing option (?P<name>'[^']+')\.$"), N_("Missing option %(name)s.")),
    (
        re.compile(r"^No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)$"),
        N_("No such option: %(name)s (did you mean %(options)s?)"),
    ),
    (re.compile(r"^No such option: (?P<name>\S+)$"), N_("No such option: %(name)s")),
    (re.compile(r"^No such command (?P<name>'[^']+')\.$"), N_("No such command: %(name)s")),
    (
        re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"),
        N_("Unexpected extra argument (%(args)s)"),
    ),
    (
        re.compile(r"^Option (?P<name>'[^']+') requires an argument\.$"),
        N_("Option %(name)s needs a value."),
    ),
    (
        re.compile(
            r"^Invalid value for '(?P<name>[^']+)': '(?P<value>.*)' is not a valid (?P<type>\w+)\.$"
        ),
        N_("Invalid value for %(name)s: %(value)s is not a valid %(type)s."),
    ),
    (re.compile(r"^Missing command\.$"), N_("A command is missing.")),
]
HEADINGS = {
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ABORTED_TEXT": N_("Aborted."),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
TYPES = {"integer": N_("whole number"), "float": N_("number"), "boolean": N_("yes or no")}


def translate(message: str, gettext: Gettext) -> str:
    """One of Typer's messages in ``gettext``'s language (as it is when no pattern fits)."""
    for pattern, msgid in PATTERNS:
        m = pattern.match(message)
        if m:
            values = m.groupdict()
            if "type" in values:
                values["type"] = gettext(TYPES.get(values["type"], values["type"]))
            return gettext(msgid) % values
    return message


def speak(gettext: Gettext) -> None:
    """Make Typer's panels and usage errors speak ``gettext``'s language from now on."""
    for name, msgid in HEADINGS.items():
        setattr(rich_utils, name, gettext(msgid))
    original = rich_utils.rich_format_error
    if getattr(original, "translated", False):
        return

    def rich_format_error(error: Any) -> None:
        told = translate(error.format_message(), gettext)
        error.format_message = lambda: told  # the panel shows the message in our words
        original(error)

    rich_format_error.translated = True  # type: ignore[attr-defined]
    setattr(rich_utils, "rich_format_error", rich_format_error)  # noqa: B010 - the module is Typer's

"""Translations: Swedish first (the catalog), English as the msgids themselves.

Catalogs are compiled to ``.mo`` at build time (``make install`` runs ``pybabel compile``).
If a checkout runs without that step, the ``.po`` file is compiled in memory, with a warning.
"""

from __future__ import annotations

import gettext as _gettext
import io
import logging
import os
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog for ``lang`` (English needs none: msgids are English)."""
    if lang not in LANGUAGES or lang == "en":
        return _gettext.NullTranslations()
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo"
    po = mo.with_suffix(".po")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    log.warning("%s is missing or older than its .po; compiling in memory", mo)
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def pick_language(cookie: str | None, user_pref: str | None, default: str) -> str:
    """The language: the switch (cookie) wins, then the user's choice, then the setting."""
    for choice in (cookie, user_pref, default):
        if choice in LANGUAGES:
            return choice
    return DEFAULT_LANGUAGE


def cli_language() -> str:
    """The command line's language: ``SAMVERKAN_LANGUAGE`` (as the settings read it), Swedish
    when it is unset or not one of ours (a bad setting is reported in that language)."""
    choice = os.environ.get("SAMVERKAN_LANGUAGE", DEFAULT_LANGUAGE).strip().lower()
    return choice if choice in LANGUAGES else DEFAULT_LANGUAGE


def cli_gettext(message: str) -> str:
    """``message`` in the command line's language."""
    return translations(cli_language()).gettext(message)

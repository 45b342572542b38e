"""Errors that services raise and routes translate: 404, 403, 409 and 422 with a clear message.

A message is an English msgid with ``%(name)s`` placeholders filled from ``params``, so that the
web layer can show it translated (``text(gettext)``) and the API and CLI can show it as is.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a message for translation without translating it here."""
    return message


class Explained(Exception):
    """A problem told in a msgid with ``%(name)s`` placeholders, outside a request: a row or a
    file an import cannot read. ``str()`` is the English text; :meth:`text` the reader's."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(self.text())

    def text(self, gettext: Callable[[str], str] | None = None, lang: str = "en") -> str:
        """The message in ``gettext``'s language; a float as given, with a decimal comma unless
        English (a coordinate keeps every digit the file had)."""
        template = gettext(self.message) if gettext else self.message
        if not self.params:
            return template
        comma = lang != "en"
        return template % {
            k: v.text(gettext, lang)  # a problem within the problem, in the same language
            if isinstance(v, Explained)
            else str(v).replace(".", ",")
            if comma and isinstance(v, float)
            else v
            for k, v in self.params.items()
        }


class DomainError(Exception):
    """Base of the errors a caller can act on."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, **params: object) -> None:
        self.message = message
        self.field = field
        self.params = params
        super().__init__(self.text())

    def text(self, gettext: Callable[[str], str] | None = None) -> str:
        template = gettext(self.message) if gettext else self.message
        return template % self.params if self.params else template


class NotFound(DomainError):
    """The object does not exist, or the caller may not see it (the two look the same)."""

    status = 404

    def __init__(self, message: str = "not found", *, field: str | None = None, **params: object):
        super().__init__(message, field=field, **params)


class PermissionDenied(DomainError):
    """The caller sees the object but may not do this to it."""

    status = 403


class Invalid(DomainError):
    """Input that breaks a rule; ``field`` names the field, the message says what was expected."""

    status = 422


class BadRequest(Invalid):
    """A request parameter that cannot be understood (a week like ``2026-W99``): 400."""

    status = 400


class Conflict(DomainError):
    """The change clashes with what is stored (a name already taken, a retired item in use)."""

    status = 409

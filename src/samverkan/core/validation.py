"""Validation errors as people read them: the field's name and what was expected, in the page's
language. Pydantic's own messages are for developers (the API keeps them); a page shows these.

Domains name their fields with :func:`register_fields`; a validator that wants its message
translated raises :class:`Problem` with a msgid and its parameters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import AfterValidator, ValidationInfo, WithJsonSchema

from samverkan.core.errors import N_

Gettext = Callable[[str], str]

FIELD_LABELS: dict[str, str] = {}


def register_fields(labels: Mapping[str, str]) -> None:
    """Name fields for people (``{"people_count": N_("number of people")}``)."""
    FIELD_LABELS.update(labels)


class Problem(ValueError):
    """A validator's complaint that can be translated: ``msgid % params``."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params


_DATE_TIME = N_("must be a date and time, e.g. 2026-11-20 22:15")
_DATE = N_("must be a date, e.g. 2026-11-20")
_WHOLE = N_("must be a whole number")
_NUMBER = N_("must be a number")
OR = N_("or")  # joins the choices a value may take, in the reader's language

# Pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/) → msgids
# with the error's context as parameters.
MESSAGES: dict[str, str] = {
    "missing": N_("must be filled in"),
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": _NUMBER,
    "decimal_parsing": _NUMBER,
    "less_than_equal": N_("must be at most %(le)s"),
    "less_than": N_("must be less than %(lt)s"),
    "greater_than_equal": N_("must be at least %(ge)s"),
    "greater_than": N_("must be more than %(gt)s"),
    "string_too_short": N_("must have at least %(min_length)s characters"),
    "string_too_long": N_("must have at most %(max_length)s characters"),
    "too_short": N_("must have at least %(min_length)s items"),
    "too_long": N_("must have at most %(max_length)s items"),
    "literal_error": N_("must be one of %(expected)s"),
    "enum": N_("must be one of %(expected)s"),
    "datetime_parsing": _DATE_TIME,
    "datetime_from_date_parsing": _DATE_TIME,
    "datetime_type": _DATE_TIME,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_type": _DATE,
    "time_parsing": N_("must be a time, e.g. 22:15"),
    "bool_parsing": N_("must be yes or no"),
    "bool_type": N_("must be yes or no"),
    "string_type": N_("must be text"),
    "extra_forbidden": N_("cannot be set here"),
}


def field_of(loc: Iterable[object]) -> str:
    """The field a location names: its last name (not a list index, not ``body``)."""
    names = [str(x) for x in loc if isinstance(x, str) and x not in ("body", "query", "path")]
    return names[-1] if names else ""


def label(field: str | None) -> str:
    """The msgid naming ``field`` for people (the field itself when none is registered)."""
    return FIELD_LABELS.get(field or "", field or "")


def explain(error: Mapping[str, Any]) -> tuple[str, dict[str, object]]:
    """One error as a msgid and its parameters (pydantic's own message when the type is not
    known here)."""
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, Problem):
        return cause.msgid, dict(cause.params)
    msgid = MESSAGES.get(str(error.get("type", "")))
    if msgid is None:
        return str(error.get("msg", "")).removeprefix("Value error, "), {}
    params: dict[str, object] = {}
    for key, value in ctx.items():
        params[key] = int(value) if isinstance(value, float) and value.is_integer() else value
    try:
        msgid % params
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", "")), {}
    return msgid, params


def readable(errors: Iterable[Mapping[str, Any]], gettext: Gettext) -> list[dict[str, str]]:
    """Pydantic's errors as ``{"field": label, "message": text}`` for a page."""
    out = []
    for e in errors:
        msgid, params = explain(e)
        shown = {k: str(v).replace(" or ", f" {gettext(OR)} ") for k, v in params.items()}
        text = gettext(msgid) % shown if shown else gettext(msgid)
        name = label(field_of(e.get("loc", ())))
        out.append({"field": gettext(name) if name else "", "message": text})
    return out


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise Problem(N_("must be one of %(expected)s"), expected=", ".join(allowed))
    return value


def one_of(allowed: tuple[str, ...]) -> AfterValidator:
    """A code that must be one of ``allowed``, refused in words otherwise (``Annotated[str,
    one_of(CODES), listed(CODES)]``)."""
    return AfterValidator(lambda v: _choice(v, allowed))


def listed(allowed: tuple[str, ...]) -> WithJsonSchema:
    """The codes as the field's ``enum`` in the API's schema."""
    return WithJsonSchema({"type": "string", "enum": list(allowed)})


def not_before_start(value: date, info: ValidationInfo, start: str = "period_start") -> date:
    """A period's end, refused in words when it comes before the start (the field ``start``,
    validated before it): ``field_validator("period_end")`` of a model with a period."""
    first = info.data.get(start)
    if isinstance(first, date) and value < first:
        raise Problem(N_("must be on or after the period's start (%(start)s)"), start=first)
    return value

"""What every domain's form pages share: the form's values, a refusal in words with the field's
name, the status a refused form answers with, and the day a page is shown for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import Request
from pydantic import ValidationError

from samverkan.core.errors import N_, DomainError, Invalid
from samverkan.core.i18n import translations
from samverkan.core.timeutil import today
from samverkan.core.validation import label, readable


def gettext(request: Request) -> Callable[[str], str]:
    """The request's language's gettext."""
    return translations(getattr(request.state, "lang", "sv")).gettext


async def form(request: Request) -> dict[str, str]:
    """The form's values, trimmed."""
    return {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}


def errors(request: Request, exc: ValidationError | DomainError) -> list[dict[str, str]]:
    """A refusal as the page lists it: the field's name and what was expected, in words."""
    tr = gettext(request)
    if isinstance(exc, ValidationError):
        return readable(exc.errors(), tr)
    name = label(exc.field)
    return [{"field": tr(name) if name else "", "message": exc.text(tr)}]


def status_of(exc: ValidationError | DomainError) -> int:
    """The status a refused form answers with: the refusal's own (409 for a conflict)."""
    return exc.status if isinstance(exc, DomainError) and exc.status >= 400 else 422


def day(raw: str) -> date:
    """The day a page is shown for: ``?dag=YYYY-MM-DD``, today when not given."""
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(N_("expected a date like 2026-06-15"), field="dag") from None

"""Rendering pages: one Jinja environment over every domain's ``templates/`` folder.

Every page gets the translation functions, the language, the principal, the CSRF token and
the navigation, so that templates never reach into the request themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from pydantic import ValidationError

from samverkan.core import nav, numbers
from samverkan.core.errors import N_, DomainError
from samverkan.core.i18n import translations
from samverkan.core.timeutil import current_week, to_local
from samverkan.core.validation import explain, field_of, label

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = sorted(PACKAGE.glob("*/templates"))


def _json_island(value: Any) -> Markup:
    """JSON safe to put inside ``<script type="application/json">`` (no ``</script>`` break-out)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script-data context


LABELS: dict[str, dict[str, str]] = {}


def register_labels(kind: str, labels: dict[str, str]) -> None:
    """Make ``code|label(kind)`` show a translated label for stored codes (roles, kinds…).
    Several domains may label codes of one kind (each its own audit events): they add up."""
    LABELS.setdefault(kind, {}).update(labels)


FILTERS: dict[str, Callable[..., Any]] = {}


def register_filters(filters: Mapping[str, Callable[..., Any]]) -> None:
    """Template filters of a domain (the lägesbild's ``sparkline`` and ``heat``)."""
    FILTERS.update(filters)
    environment().filters.update(filters)


@pass_context
def _label(context: Context, code: str, kind: str) -> str:
    msgid = LABELS.get(kind, {}).get(code)
    return context["_"](msgid) if msgid else code


def form_error(exc: ValidationError | DomainError) -> dict[str, Any]:
    """What a form page shows for a refused input: the message, its values, the field (msgids,
    translated by the page)."""
    if isinstance(exc, DomainError):
        return {"error": exc.message, "error_params": exc.params, "error_field": label(exc.field)}
    err = exc.errors()[0]
    msgid, params = explain(err)
    return {
        "error": msgid,
        "error_params": params,
        "error_field": label(field_of(err["loc"])) or None,
    }


AND = N_("and")  # before the last of names listed: "Berga, Ryd och Skäggetorp"


@pass_context
def _names(context: Context, items: Any) -> str:
    """Names listed as a reader reads them, "Berga, Ryd och Skäggetorp"; when a name holds a
    comma itself ("Linköping, övriga tätorten") the names are kept apart by semicolons, so
    that the list cannot be read two ways."""
    names = [str(x) for x in items or () if x]
    if any("," in x for x in names):
        return "; ".join(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {context['_'](AND)} {names[-1]}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(d) for d in dict.fromkeys(TEMPLATE_DIRS)]),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_island"] = _json_island
    env.filters["label"] = _label
    env.filters["names"] = _names
    env.filters["decimal"] = numbers.decimal_filter
    env.filters["figure"] = numbers.figure_filter
    env.filters["decimal_places"] = numbers.places_filter
    env.filters["whole"] = numbers.whole_filter
    env.filters["signed"] = numbers.signed_filter
    env.filters["local"] = lambda dt, fmt="%Y-%m-%d %H:%M": to_local(dt).strftime(fmt) if dt else ""
    env.filters.update(FILTERS)
    return env


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` for this request."""
    state = request.state
    lang = getattr(state, "lang", "sv")
    tr = translations(lang)
    principal = getattr(state, "principal", None)
    ctx: dict[str, Any] = {
        "request": request,
        "_": tr.gettext,
        "ngettext": tr.ngettext,
        "lang": lang,
        "principal": principal,
        "user": getattr(state, "user", None),
        "csrf_token": getattr(state, "csrf_token", ""),
        "nav": nav.items_for(principal),
        "path": request.url.path,
        "settings": request.app.state.settings,
        "week": current_week(),
    }
    ctx.update(context or {})
    html = environment().get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status_code)


def pdf_response(request: Request, template: str, context: dict[str, Any], name: str) -> Response:
    """A print template rendered in the caller's language and made into a PDF download with
    WeasyPrint (Pango is loaded only when a PDF is asked for; without it: 503)."""
    lang = getattr(request.state, "lang", "sv")
    tr = translations(lang)
    html = (
        environment()
        .get_template(template)
        .render(**context, lang=lang, _=tr.gettext, ngettext=tr.ngettext)
    )
    try:
        import weasyprint
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise HTTPException(503, f"PDF needs Pango: {exc}") from None
    return Response(
        weasyprint.HTML(string=html).write_pdf(),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

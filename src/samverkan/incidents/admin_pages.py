"""Admin page for the EST categories: add, retire, bring back, delete an unused one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import DomainError
from samverkan.core.templating import form_error, render
from samverkan.incidents import queries, service
from samverkan.incidents.schemas import CategoryIn
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/admin/kategorier", include_in_schema=False)
Text = Annotated[str, Form(max_length=400)]


def _require(p: Principal) -> None:
    if not policy.can_manage_taxonomy(p):
        raise HTTPException(403, "the categories are kept by the platform administrators")


def _page(request: Request, db: SessionDep, status: int = 200, **extra: Any) -> Response:
    cats = queries.categories(db, include_retired=True)
    return render(
        request,
        "incidents/admin_categories.html",
        {
            "categories": cats,
            "by_id": {c.id: c for c in cats},
            "usage": queries.category_usage(db),
            "saved": request.query_params.get("saved"),
            **extra,
        },
        status,
    )


@router.get("")
def categories_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    _require(p)
    return _page(request, db)


@router.post("", dependencies=[CsrfDep])
def category_add(
    request: Request,
    db: SessionDep,
    p: UserDep,
    code: Text = "",
    label_sv: Text = "",
    label_en: Text = "",
    parent: Text = "",
) -> Response:
    _require(p)
    form = {"code": code, "label_sv": label_sv, "label_en": label_en, "parent": parent}
    try:
        data = CategoryIn(code=code, label_sv=label_sv, label_en=label_en, parent=parent or None)
        service.add_category(db, p, data)
    except (ValidationError, DomainError) as exc:
        return _page(request, db, 422, form=form, **form_error(exc))
    return RedirectResponse("/admin/kategorier?saved=1", status_code=303)


@router.post("/{code}/{action}", dependencies=[CsrfDep])
def category_action(
    request: Request, db: SessionDep, p: UserDep, code: str, action: str
) -> Response:
    _require(p)
    if action not in ("avveckla", "aterstall", "ta-bort"):
        raise HTTPException(404)
    try:
        if action == "ta-bort":
            service.delete_category(db, p, code)
        else:
            service.set_category_retired(db, p, code, action == "avveckla")
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _page(request, db, exc.status, **form_error(exc))
    return RedirectResponse("/admin/kategorier?saved=1", status_code=303)

"""The forms that keep a district's facts: its profile, ``/stadsdelar/{id}/profil``, and a
note of resident dialogue, ``/stadsdelar/{id}/dialog`` (personnummer, phone numbers and e-mail
addresses are removed before it is stored). For editors (``policy.can_edit_districts``) of a
district they may see; anyone else gets 404. A refused form answers 422 naming the field and
keeps what was typed; nothing is saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import Invalid
from samverkan.core.forms import errors, form
from samverkan.core.templating import render
from samverkan.core.timeutil import today
from samverkan.districts import queries, service
from samverkan.districts.models import AREA_TYPES, DIALOGUE_KINDS, POLICE_CLASSES
from samverkan.districts.schemas import DialogueNoteIn, ProfileIn
from samverkan.orgs import policy
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal

router = APIRouter(include_in_schema=False)
REFUSED = (ValidationError, Invalid)
PROFILE_FIELDS = (
    "police_class",
    "police_class_year",
    "area_type",
    "area_type_year",
    "homes_planned",
    "homes_finished",
)


def _back(area_id: int) -> RedirectResponse:
    return RedirectResponse(f"/stadsdelar/{area_id}#stadsdelsprofil", status_code=303)


def _profile_page(request: Request, db: Any, p: Principal, area_id: int, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    a = service.editable_area(db, p, area_id)
    prof = queries.profile(db, a.id)
    current: dict[str, str] = {}
    if prof is not None:
        current = {
            k: "" if getattr(prof, k) is None else str(getattr(prof, k)) for k in PROFILE_FIELDS
        }
        current["homes_note"] = prof.homes_note
    context = {
        "area": a,
        "form": current,
        "errors": [],
        "police_classes": POLICE_CLASSES,
        "area_types": AREA_TYPES,
        **ctx,
    }
    return render(request, "districts/profile_form.html", context, status)


@router.get("/stadsdelar/{area_id}/profil", response_class=HTMLResponse)
def profile_form(request: Request, db: SessionDep, p: UserDep, area_id: int) -> Any:
    return _profile_page(request, db, p, area_id)


@router.post("/stadsdelar/{area_id}/profil", dependencies=[CsrfDep])
async def profile_save(request: Request, db: SessionDep, p: UserDep, area_id: int) -> Response:
    service.editable_area(db, p, area_id)
    f = await form(request)
    try:
        data = ProfileIn(
            **{k: f.get(k) or None for k in PROFILE_FIELDS},
            homes_note=f.get("homes_note", ""),
        )
        service.save_profile(db, p, area_id, data)
    except REFUSED as exc:
        db.rollback()
        return _profile_page(
            request, db, p, area_id, form=f, errors=errors(request, exc), status=422
        )
    return _back(area_id)


def _note_page(request: Request, db: Any, p: Principal, area_id: int, **ctx: Any) -> Any:
    status = ctx.pop("status", 200)
    a = service.editable_area(db, p, area_id)
    orgs = [db.get(Organisation, o) for o in sorted(policy.district_editor_org_ids(p))]
    context = {
        "area": a,
        "form": {},
        "errors": [],
        "kinds": DIALOGUE_KINDS,
        "orgs": [o for o in orgs if o is not None],
        "today": today().isoformat(),
        "notes": queries.dialogue_notes(db, a.id, limit=10),
        **ctx,
    }
    return render(request, "districts/note_form.html", context, status)


@router.get("/stadsdelar/{area_id}/dialog", response_class=HTMLResponse)
def note_form(request: Request, db: SessionDep, p: UserDep, area_id: int) -> Any:
    return _note_page(request, db, p, area_id)


@router.post("/stadsdelar/{area_id}/dialog", dependencies=[CsrfDep])
async def note_add(request: Request, db: SessionDep, p: UserDep, area_id: int) -> Response:
    service.editable_area(db, p, area_id)
    f = await form(request)
    try:
        data = DialogueNoteIn(
            held_on=f.get("held_on", ""),
            kind=f.get("kind") or "dialog",
            title=f.get("title", ""),
            body=f.get("body", ""),
            participants=f.get("participants") or None,
        )
        org_id = int(f["org_id"]) if f.get("org_id", "").isdigit() else None
        service.add_note(db, p, area_id, data, org_id=org_id)
    except REFUSED as exc:
        db.rollback()
        return _note_page(request, db, p, area_id, form=f, errors=errors(request, exc), status=422)
    return _back(area_id)

"""Admin pages (Swedish first): organisations, users and roles, EST groups, API tokens, audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from samverkan.core.deps import SessionDep
from samverkan.core.errors import DomainError, NotFound
from samverkan.core.templating import form_error, render
from samverkan.orgs import policy, queries, service
from samverkan.orgs.deps import CsrfDep, UserDep
from samverkan.orgs.models import CADENCES, ORG_KINDS, ROLES
from samverkan.orgs.policy import Principal
from samverkan.orgs.schemas import GroupIn, MembershipIn, OrgIn, UserIn

router = APIRouter(prefix="/admin", include_in_schema=False)
Text = Annotated[str, Form(max_length=400)]


def _require_admin(p: Principal) -> None:
    if not policy.can_use_admin(p):
        raise HTTPException(403, "administration is for admins")


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path + ("&" if "?" in path else "?") + "saved=1", status_code=303)


@router.get("")
def index(request: Request, db: SessionDep, p: UserDep) -> Response:
    _require_admin(p)
    return render(
        request,
        "orgs/admin_index.html",
        {
            "orgs": [o for o in queries.visible_orgs(db, p) if policy.can_admin_org(p, o.id)],
            "groups": queries.visible_groups(db, p),
            "can_create_org": policy.can_create_org(p),
        },
    )


def _orgs_page(
    request: Request, db: SessionDep, p: Principal, status: int = 200, **extra: Any
) -> Response:
    orgs = queries.visible_orgs(db, p)
    return render(
        request,
        "orgs/admin_orgs.html",
        {
            "orgs": orgs,
            "kinds": ORG_KINDS,
            "can_create": policy.can_create_org(p),
            "admin_of": {o.id for o in orgs if policy.can_admin_org(p, o.id)},
            **extra,
        },
        status,
    )


@router.get("/organisationer")
def orgs_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    _require_admin(p)
    return _orgs_page(request, db, p, saved=request.query_params.get("saved"))


@router.post("/organisationer", dependencies=[CsrfDep])
def org_create(
    request: Request, db: SessionDep, p: UserDep, name: Text = "", kind: Text = ""
) -> Response:
    _require_admin(p)
    if not policy.can_create_org(p):
        raise HTTPException(403, "only a platform administrator may add organisations")
    try:
        org = service.create_org(db, p, OrgIn(name=name, kind=kind))
    except (ValidationError, DomainError) as exc:
        return _orgs_page(request, db, p, 422, form={"name": name, "kind": kind}, **form_error(exc))
    return _back(f"/admin/organisationer/{org.id}")


def _org_page(
    request: Request, db: SessionDep, p: Principal, org_id: int, status: int = 200, **extra: Any
) -> Response:
    org = queries.org(db, p, org_id)
    if org is None or not policy.can_admin_org(p, org_id):
        raise NotFound()
    return render(
        request,
        "orgs/admin_org.html",
        {
            "org": org,
            "members": queries.members_of(db, org_id),
            "tokens": queries.tokens_of(db, p, org_id),
            "roles": ROLES,
            **extra,
        },
        status,
    )


@router.get("/organisationer/{org_id}")
def org_page(request: Request, db: SessionDep, p: UserDep, org_id: int) -> Response:
    _require_admin(p)
    return _org_page(request, db, p, org_id, saved=request.query_params.get("saved"))


@router.post("/organisationer/{org_id}/nycklar", dependencies=[CsrfDep])
def token_create(
    request: Request, db: SessionDep, p: UserDep, org_id: int, name: Text = ""
) -> Response:
    _require_admin(p)
    try:
        token, secret = service.create_token(db, p, org_id, name)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _org_page(request, db, p, org_id, 422, **form_error(exc))
    return _org_page(request, db, p, org_id, new_token=token, new_secret=secret)


@router.post("/nycklar/{token_id}/aterkalla", dependencies=[CsrfDep])
def token_revoke(db: SessionDep, p: UserDep, token_id: int) -> Response:
    _require_admin(p)
    token = service.revoke_token(db, p, token_id)
    return _back(f"/admin/organisationer/{token.org_id}")


def _users_page(
    request: Request, db: SessionDep, p: Principal, status: int = 200, **extra: Any
) -> Response:
    orgs = {o.id: o for o in queries.visible_orgs(db, p)}
    users = queries.manageable_users(db, p)
    return render(
        request,
        "orgs/admin_users.html",
        {
            "users": users,
            # a user who is also in an organisation ``p`` does not administer (or a platform
            # administrator) is listed, but their page is not ``p``'s to open
            "openable": {
                u.id
                for u in users
                if u.id == p.user_id
                or policy.can_admin_user(
                    p, {m.org_id for m in u.memberships}, superadmin=u.is_superadmin
                )
            },
            "orgs": orgs,
            "roles": ROLES,
            "admin_orgs": [orgs[o] for o in queries.admin_org_ids(db, p) if o in orgs],
            **extra,
        },
        status,
    )


@router.get("/anvandare")
def users_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    _require_admin(p)
    return _users_page(request, db, p, saved=request.query_params.get("saved"))


@router.post("/anvandare", dependencies=[CsrfDep])
def user_create(
    request: Request,
    db: SessionDep,
    p: UserDep,
    email: Text = "",
    display_name: Text = "",
    password: Text = "",
    org_id: Text = "",
    role: Text = "",
) -> Response:
    _require_admin(p)
    try:
        data = UserIn(
            email=email, display_name=display_name, password=password, org_id=org_id, role=role
        )
        user = service.create_user(db, p, data)
    except (ValidationError, DomainError) as exc:
        form = {"email": email, "display_name": display_name, "org_id": org_id, "role": role}
        return _users_page(request, db, p, 422, form=form, **form_error(exc))
    return _back(f"/admin/anvandare/{user.id}")


def _user_page(
    request: Request, db: SessionDep, p: Principal, user_id: int, status: int = 200, **extra: Any
) -> Response:
    user = queries.user(db, p, user_id)
    if user is None:
        raise NotFound()
    orgs = {o.id: o for o in queries.visible_orgs(db, p)}
    return render(
        request,
        "orgs/admin_user.html",
        {
            "target": user,
            "orgs": orgs,
            "roles": ROLES,
            "admin_orgs": [orgs[o] for o in queries.admin_org_ids(db, p) if o in orgs],
            "is_self": user.id == p.user_id,
            **extra,
        },
        status,
    )


@router.get("/anvandare/{user_id}")
def user_page(request: Request, db: SessionDep, p: UserDep, user_id: int) -> Response:
    _require_admin(p)
    return _user_page(request, db, p, user_id, saved=request.query_params.get("saved"))


@router.post("/anvandare/{user_id}/roller", dependencies=[CsrfDep])
def membership_add(
    request: Request, db: SessionDep, p: UserDep, user_id: int, org_id: Text = "", role: Text = ""
) -> Response:
    _require_admin(p)
    if queries.user(db, p, user_id) is None:
        raise NotFound()
    try:
        data = MembershipIn(org_id=org_id, role=role)
        service.add_membership(db, p, user_id, data)
    except (ValidationError, DomainError) as exc:
        status = exc.status if isinstance(exc, DomainError) and exc.status == 403 else 422
        return _user_page(request, db, p, user_id, status, **form_error(exc))
    return _back(f"/admin/anvandare/{user_id}")


@router.post("/roller/{membership_id}/ta-bort", dependencies=[CsrfDep])
def membership_remove(
    request: Request,
    db: SessionDep,
    p: UserDep,
    membership_id: int,
    user_id: Annotated[int, Form()],
) -> Response:
    _require_admin(p)
    try:
        service.remove_membership(db, p, membership_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _user_page(request, db, p, user_id, 403, **form_error(exc))
    return _back(f"/admin/anvandare/{user_id}")


@router.post("/anvandare/{user_id}/aktiv", dependencies=[CsrfDep])
def user_active(
    request: Request, db: SessionDep, p: UserDep, user_id: int, active: Text = "0"
) -> Response:
    _require_admin(p)
    try:
        service.set_user_active(db, p, user_id, active == "1")
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _user_page(request, db, p, user_id, 403, **form_error(exc))
    return _back(f"/admin/anvandare/{user_id}")


def _groups_page(
    request: Request, db: SessionDep, p: Principal, status: int = 200, **extra: Any
) -> Response:
    orgs = {o.id: o for o in queries.visible_orgs(db, p)}
    return render(
        request,
        "orgs/admin_groups.html",
        {
            "groups": queries.visible_groups(db, p),
            "cadences": CADENCES,
            "owner_orgs": [orgs[o] for o in queries.admin_org_ids(db, p) if o in orgs],
            **extra,
        },
        status,
    )


@router.get("/grupper")
def groups_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    _require_admin(p)
    return _groups_page(request, db, p, saved=request.query_params.get("saved"))


@router.post("/grupper", dependencies=[CsrfDep])
def group_create(
    request: Request,
    db: SessionDep,
    p: UserDep,
    name: Text = "",
    owner_org_id: Text = "",
    cadence: Text = "weekly",
) -> Response:
    _require_admin(p)
    try:
        data = GroupIn(name=name, owner_org_id=owner_org_id, cadence=cadence)
        group = service.create_group(db, p, data)
    except (ValidationError, DomainError) as exc:
        form = {"name": name, "owner_org_id": owner_org_id, "cadence": cadence}
        return _groups_page(request, db, p, 422, form=form, **form_error(exc))
    return _back(f"/admin/grupper/{group.id}")


@router.get("/grupper/{group_id}")
def group_page(request: Request, db: SessionDep, p: UserDep, group_id: int) -> Response:
    _require_admin(p)
    group = queries.group(db, p, group_id)
    if group is None:
        raise NotFound()
    return render(
        request,
        "orgs/admin_group.html",
        {
            "group": group,
            "all_orgs": queries.candidate_group_orgs(db, p, group_id),
            "member_ids": {o.id for o in group.members},
            "can_manage": policy.can_manage_group(p, group_id),
            "saved": request.query_params.get("saved"),
        },
    )


@router.post("/grupper/{group_id}/medlemmar", dependencies=[CsrfDep])
async def group_members(request: Request, db: SessionDep, p: UserDep, group_id: int) -> Response:
    _require_admin(p)
    form = await request.form()
    try:
        org_ids = {int(v) for v in form.getlist("org_id") if isinstance(v, str)}
    except ValueError:
        raise HTTPException(422, "org_id must be whole numbers") from None
    service.set_group_members(db, p, group_id, org_ids)
    return _back(f"/admin/grupper/{group_id}")


@router.get("/logg")
def audit_page(request: Request, db: SessionDep, p: UserDep) -> Response:
    _require_admin(p)
    events = queries.audit_events(db, p)
    # who acted and which user an event is about, by name (the events keep ids)
    ids = {e.user_id for e in events if e.user_id}
    about = [e.object_id or "" for e in events if e.object_type == "user"]
    ids |= {int(o) for o in about if o.isdigit()}
    names = {str(k): v for k, v in queries.user_names(db, ids).items()}
    return render(request, "orgs/admin_audit.html", {"events": events, "names": names})

"""``GET /api/v1/me``: who a token belongs to."""

from __future__ import annotations

from fastapi import APIRouter

from samverkan.core.deps import SessionDep
from samverkan.orgs.deps import ApiDep
from samverkan.orgs.models import Organisation
from samverkan.orgs.schemas import MeOut, OrgOut

api = APIRouter(prefix="/api/v1", tags=["me"])


@api.get("/me", response_model=MeOut, summary="Who the token belongs to")
def me(db: SessionDep, principal: ApiDep) -> MeOut:
    org = db.get(Organisation, principal.org_id) if principal.org_id else None
    return MeOut(
        kind="token" if principal.token_id else "user",
        name=principal.name,
        organisation=OrgOut.model_validate(org) if org else None,
        roles=sorted({r for rs in principal.roles.values() for r in rs}),
        est_groups=sorted(principal.group_ids),
    )

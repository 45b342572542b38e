"""Which of the caller's organisations a write is for: the one the request names, or the only
one they act for. Shared by the programs whose writes belong to one organisation (a summer-job
contract's housing company, an association agreement's supporter)."""

from __future__ import annotations

from samverkan.core.errors import N_, Invalid, NotFound


def acting_org(allowed: frozenset[int], org_id: int | None, field: str = "org_id") -> int:
    """``org_id`` when it is among ``allowed`` (the organisations the caller may act for here),
    or the only one of them when none is named. An organisation outside ``allowed`` — or none at
    all — is :class:`NotFound`; several without a choice is :class:`Invalid` on ``field``."""
    if org_id is None:
        if len(allowed) == 1:
            return next(iter(allowed))
        if not allowed:
            raise NotFound(N_("organisation not found"))
        raise Invalid(N_("choose an organisation"), field=field)
    if org_id not in allowed:
        raise NotFound(N_("organisation not found"))
    return org_id

"""Writing the audit log: who did what, when, to which object, and how it ended."""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.core.models import AuditEvent

log = logging.getLogger(__name__)

# The stored codes are kept as they are (searchable, stable); the admin log page shows these
# labels (``code|label("audit_action")`` and friends). Each domain labels its own events and
# objects in its ``domain.py``; these are core's and every event's outcome.
ACTION_LABELS = {"retention.run": N_("Retention run")}
OBJECT_LABELS = {"retention": N_("retention")}
OUTCOME_LABELS = {
    "ok": N_("Done"),
    "failed": N_("Failed"),
    "throttled": N_("Blocked: too many attempts"),
    "denied": N_("Denied"),
}


class Actor(Protocol):
    """Whoever acts: a user through the web, a token through the API, or nobody."""

    @property
    def user_id(self) -> int | None: ...
    @property
    def token_id(self) -> int | None: ...
    @property
    def org_id(self) -> int | None: ...


def record(
    session: Session,
    action: str,
    *,
    actor: Actor | None = None,
    object_type: str | None = None,
    object_id: object = None,
    outcome: str = "ok",
    subject: str | None = None,
    ip: str | None = None,
    detail: dict[str, object] | None = None,
    org_id: int | None = None,
    user_id: int | None = None,
) -> AuditEvent:
    """Add one audit event to ``session`` (committed with the caller's transaction).

    ``org_id``/``user_id`` name the organisation and person the event concerns when there is
    no actor (a login, the operator's CLI), so that the organisation's admins can read it.
    """
    event = AuditEvent(
        action=action,
        user_id=actor.user_id if actor else user_id,
        token_id=actor.token_id if actor else None,
        org_id=actor.org_id if actor and actor.org_id is not None else org_id,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        outcome=outcome,
        subject=subject,
        ip=ip,
        detail=detail,
    )
    session.add(event)
    log.info("audit %s %s %s:%s %s", action, outcome, object_type, object_id, subject or "")
    return event

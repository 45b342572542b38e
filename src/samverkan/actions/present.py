"""What the actions add to other domains' pages: an incident's page lists what was done about
it (registered with ``incidents.present`` through the composition root)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from samverkan.actions import queries
from samverkan.actions.models import Action, action_incident
from samverkan.core.errors import N_
from samverkan.orgs.policy import Principal

Section = tuple[str, list[tuple[str, str]]]


def incident_actions(db: Any, p: Principal | None, inc: Any) -> Section | None:
    """What was done about an incident: the actions that name it, as the reader may see them
    (the title is a message id: the page translates it)."""
    ids = queries.group_ids(p)
    if not ids:
        return None
    rows = db.scalars(
        select(Action)
        .join(action_incident, action_incident.c.action_id == Action.id)
        .where(action_incident.c.incident_id == inc.id, Action.group_id.in_(ids))
        .order_by(Action.due_on)
    ).all()
    if not rows:
        return None
    items = [(f"{a.title} – {a.owner.name}, {a.due_on}", f"/insatser/{a.id}") for a in rows]
    return N_("What was done about it"), items

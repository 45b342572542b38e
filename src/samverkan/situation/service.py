"""Writes of the lägesbild: the samordnare's level for an area and week."""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound, PermissionDenied
from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.situation.levels import LEVELS
from samverkan.situation.models import LevelOverride

REASON_MAX = 500


def set_level(
    session: Session,
    p: Principal,
    area_id: int,
    week: IsoWeek,
    level: str,
    reason: str,
    computed: str,
) -> LevelOverride:
    """Set the area's level for the week, overriding the rule; the reason is required and kept."""
    area = geo_queries.area(session, p, area_id)
    if area is None:
        raise NotFound(N_("area %(id)s not found"), field="area_id", id=area_id)
    if not policy.can_set_level(p, True):
        raise PermissionDenied(N_("only an EST samordnare sets an area's level"))
    if level not in LEVELS:
        raise Invalid(
            N_("level %(value)s: expected gron, gul, orange or rod"), field="level", value=level
        )
    reason = " ".join(reason.split())
    if not reason:
        raise Invalid(N_("say why the level differs from the rule"), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(
            N_("the reason is longer than %(max)s characters"), field="reason", max=REASON_MAX
        )
    row = LevelOverride(
        area_id=area.id,
        week=week.monday,
        level=level,
        computed=computed,
        reason=reason,
        user_id=p.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "lagesbild.level",
        actor=p,
        object_type="area",
        object_id=area.id,
        detail={"week": str(week), "level": level, "computed": computed},
    )
    return row

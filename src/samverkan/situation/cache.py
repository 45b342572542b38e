"""Recently made pictures, kept while nothing they show has changed.

A picture is reused only for the same week, areas and view (what the reader may see: their
organisations, EST groups, the areas those cover, police or not), and only while the weekly
totals, the areas and the samordnare's levels are as they were: each of those is one cheap
read (a change counter, a count and latest change, a latest id). A report filed, edited or
imported moves the counter in the same transaction, so a cached picture is never behind.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.timeutil import IsoWeek
from samverkan.geo import queries as geo_queries
from samverkan.incidents import counts
from samverkan.incidents import queries as incident_queries
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.situation import picture
from samverkan.situation.models import LevelOverride

SIZE = 64
_lock = threading.Lock()
_pictures: OrderedDict[tuple[Any, ...], picture.Picture] = OrderedDict()


def _key(
    session: Session, p: Principal | None, week: IsoWeek, area_ids: list[int] | None
) -> tuple[Any, ...]:
    scope = policy.incident_scope(p)
    visible = geo_queries.visible_area_ids(session, p)
    return (
        id(session.get_bind()),
        scope.org_ids,
        scope.police,
        None if visible is None else frozenset(visible),
        str(week),
        tuple(area_ids or ()),
        counts.version(session.connection()),
        geo_queries.areas_version(session),
        session.scalar(select(func.max(LevelOverride.id))),
    )


def build(
    session: Session, p: Principal | None, week: IsoWeek, area_ids: list[int] | None = None
) -> picture.Picture:
    """:func:`picture.build`, or the same picture made before when nothing has changed."""
    key = _key(session, p, week, area_ids)
    with _lock:
        found = _pictures.get(key)
        if found is not None:
            _pictures.move_to_end(key)
            return found
    made = picture.build(session, p, week, area_ids, seen=incident_queries.reach(session, p))
    with _lock:
        _pictures[key] = made
        while len(_pictures) > SIZE:
            _pictures.popitem(last=False)
    return made


def clear() -> None:
    with _lock:
        _pictures.clear()

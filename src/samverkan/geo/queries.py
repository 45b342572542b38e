"""Reads about areas: what a principal may see, and the point-to-area index."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import shapely
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_, Invalid
from samverkan.geo.index import AreaIndex
from samverkan.geo.models import Area, est_group_area
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


@dataclass(frozen=True)
class AreaTree:
    """Which area lies in which: every area's parent and children, by id."""

    parent: Mapping[int, int | None]
    children: Mapping[int, tuple[int, ...]]

    def below(self, roots: Iterable[int]) -> set[int]:
        """The given areas and every area below them."""
        seen: set[int] = set()
        stack = list(roots)
        while stack:
            a = stack.pop()
            if a in seen:
                continue
            seen.add(a)
            stack.extend(self.children.get(a, ()))
        return seen


_cache_lock = threading.Lock()


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_areas_version(session: Session, *_: object) -> None:
    """A write, a commit or a rollback may change the areas seen: ask the database again."""
    session.info.pop("areas_version", None)


_tree_cache: dict[tuple[object, ...], AreaTree] = {}


def areas_version(session: Session) -> tuple[object, ...]:
    """What the cached area structures are keyed on: the database, and the areas' count and
    latest change (every change of an area sets its ``updated_at``). Read once per session
    until it flushes: one request asks for the tree and the index at the price of one query."""
    memo = session.info.get("areas_version")
    if memo is not None:
        return memo
    count, latest = session.execute(select(func.count(Area.id), func.max(Area.updated_at))).one()
    version = (id(session.get_bind()), count, latest)
    session.info["areas_version"] = version
    return version


def area_tree(session: Session) -> AreaTree:
    """The tree of every area, read again only when the areas change."""
    key = areas_version(session)
    with _cache_lock:
        cached = _tree_cache.get(key)
        if cached is not None:
            return cached
    parent: dict[int, int | None] = {}
    children: dict[int, list[int]] = defaultdict(list)
    for area_id, parent_id in session.execute(select(Area.id, Area.parent_id)):
        parent[area_id] = parent_id
        if parent_id is not None:
            children[parent_id].append(area_id)
    tree = AreaTree(parent, {a: tuple(c) for a, c in children.items()})
    with _cache_lock:
        _tree_cache.clear()
        _tree_cache[key] = tree
    return tree


def descendant_ids(session: Session, roots: set[int]) -> set[int]:
    """The given areas and every area below them."""
    return area_tree(session).below(roots)


def covered_area_ids(session: Session, group_ids: frozenset[int] | set[int]) -> set[int]:
    """Areas covered by these EST groups, directly or through an area above them."""
    if not group_ids:
        return set()
    direct = set(
        session.scalars(
            select(est_group_area.c.area_id).where(est_group_area.c.group_id.in_(group_ids))
        )
    )
    return descendant_ids(session, direct)


def visible_area_ids(session: Session, p: Principal | None) -> set[int] | None:
    """Ids of the areas ``p`` may see; None means all of them."""
    scope = policy.area_scope(p)
    if scope.all:
        return None
    return covered_area_ids(session, scope.group_ids)


def visible_areas(session: Session, p: Principal | None) -> list[Area]:
    """The areas ``p`` may see, the largest (municipality) first, then by name."""
    ids = visible_area_ids(session, p)
    stmt = select(Area).order_by(Area.kind != "kommun", Area.kind, Area.name)
    if ids is not None:
        if not ids:
            return []
        stmt = stmt.where(Area.id.in_(ids))
    return list(session.scalars(stmt))


def all_areas(session: Session) -> list[Area]:
    """Every area, for the operator's CLI (no principal: not for routes)."""
    return list(session.scalars(select(Area).order_by(Area.parent_id.is_not(None), Area.name)))


def area(session: Session, p: Principal | None, area_id: int) -> Area | None:
    """One area, or None when it does not exist or ``p`` may not see it."""
    return visible_area(session, visible_area_ids(session, p), area_id)


def check_district(
    session: Session, p: Principal | None, area_id: int | None, field: str = "district_id"
) -> None:
    """Refuse (:class:`Invalid`, naming ``field``) an area that does not exist or that ``p``
    may not see; ``None`` (no district given) passes."""
    if area_id is not None and area(session, p, area_id) is None:
        raise Invalid(N_("no such district"), field=field)


def visible_area(session: Session, visible: set[int] | None, area_id: int) -> Area | None:
    """One area, or None when it does not exist or is not among ``visible`` (what
    :func:`visible_area_ids` answered for the caller, once per request; None: all)."""
    if visible is not None and area_id not in visible:
        return None
    return session.get(Area, area_id)


def area_by_name(session: Session, name: str, parent_id: int | None = None) -> Area | None:
    stmt = select(Area).where(func.lower(Area.name) == name.strip().lower())
    if parent_id is not None:
        stmt = stmt.where(Area.parent_id == parent_id)
    return session.scalars(stmt.order_by(Area.id)).first()


def group_area_ids(session: Session, group_id: int) -> set[int]:
    return set(
        session.scalars(
            select(est_group_area.c.area_id).where(est_group_area.c.group_id == group_id)
        )
    )


def children_counts(session: Session, area_ids: list[int]) -> dict[int, int]:
    if not area_ids:
        return {}
    rows = session.execute(
        select(Area.parent_id, func.count())
        .where(Area.parent_id.in_(area_ids))
        .group_by(Area.parent_id)
    )
    return {int(pid): int(n) for pid, n in rows if pid is not None}


_index_cache: dict[tuple[object, ...], AreaIndex] = {}


def area_index(session: Session) -> AreaIndex:
    """The STRtree over every area, rebuilt only when the areas change."""
    key = areas_version(session)
    with _cache_lock:
        cached = _index_cache.get(key)
        if cached is not None:
            return cached
    rows = session.execute(select(Area.id, Area.geom_wkb)).all()
    index = AreaIndex.build([r[0] for r in rows], [shapely.from_wkb(r[1]) for r in rows])
    with _cache_lock:
        _index_cache.clear()
        _index_cache[key] = index
    return index

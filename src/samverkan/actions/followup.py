"""Follow-up of a completed action: did its categories' incidents change at its place, beyond
what happened in comparable areas at the same time (difference-in-differences)?

Windows of equal length (8 weeks) end the week before the action started (or, without a start,
before it was due) and begin the week after it was completed. The comparison areas are the
group's other areas of the same kind (another district for a district). Counts come from the
weekly totals as the reader may see them; the estimate, its interval and the verdict from
:func:`samverkan.actions.analysis.evaluation.did`. Before the after-window is over the answer
is "too early to say".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions.models import Action
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import Category
from samverkan.orgs.policy import Principal
from samverkan.situation import queries as situation_queries

if TYPE_CHECKING:
    from samverkan.actions.analysis.evaluation import Effect

WINDOW_WEEKS = 8
# What an action acts on when it names no categories.
TYPE_CATEGORIES = {
    "belysning": ("belysning", "otrygg_plats", "skadegorelse"),
    "rojning": ("skymd_sikt", "otrygg_plats"),
    "klottersanering": ("klotter",),
    "stadning": ("nedskrapning",),
    "trygghetsvandring": ("ungdomsgrupp", "ordningsstorning", "otrygg_plats"),
    "faltarbetare": ("ungdomsgrupp", "ordningsstorning"),
    "polisiar_narvaro": ("narkotika", "ordningsstorning", "hot_vald"),
    "kamerabevakning": ("skadegorelse", "inbrott_stold", "brand"),
    "dialog_boende": ("ordningsstorning", "nedskrapning"),
    "foreningsaktivitet": ("ungdomsgrupp",),
}


@dataclass
class FollowUp:
    status: str  # "done", "too_early", "not_done", "no_area"
    before: tuple[date, date] | None = None
    after: tuple[date, date] | None = None
    categories: tuple[str, ...] = ()
    control_areas: tuple[str, ...] = ()
    effect: Effect | None = None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def follow_up(session: Session, p: Principal | None, a: Action, today: date) -> FollowUp:
    if a.status != "klar" or a.completed_on is None:
        return FollowUp("not_done")
    if a.area_id is None:
        return FollowUp("no_area")
    from samverkan.actions.analysis.evaluation import did  # scipy: loaded when first asked

    codes = tuple(c for c in a.category_codes.split(",") if c) or TYPE_CATEGORIES.get(a.type, ())
    began = _monday(a.start_on or a.due_on)
    before = (began - timedelta(weeks=WINDOW_WEEKS), began - timedelta(days=1))
    after_start = _monday(a.completed_on) + timedelta(weeks=1)
    after = (after_start, after_start + timedelta(weeks=WINDOW_WEEKS) - timedelta(days=1))
    if after[1] >= today:
        return FollowUp("too_early", before, after, codes)
    cats = list(session.scalars(select(Category)))
    wanted = {c.id for c in cats if c.code in codes}
    wanted |= {c.id for c in cats if c.parent_id in wanted}
    tree = geo_queries.area_tree(session)
    treated = tree.below({a.area_id})
    area = a.area
    visible = geo_queries.visible_areas(session, p)
    controls = [
        x
        for x in visible
        if area is not None
        and x.kind == area.kind
        and x.id != a.area_id
        and x.id not in treated
        and a.area_id not in tree.below({x.id})
    ]
    members = {x.id: tree.below({x.id}) for x in controls}
    every = set(treated).union(*members.values()) if members else set(treated)
    totals: dict[tuple[int, bool], int] = defaultdict(int)
    owner = {i: x for x, ids in members.items() for i in ids}
    for w, area_id, cat_id, n in situation_queries.weekly(
        session, incident_queries.reach(session, p), _monday(before[0]), _monday(after[1]), every
    ):
        if cat_id not in wanted:
            continue
        is_after = w >= after[0]
        if not is_after and w > before[1]:
            continue  # the action's own weeks count in neither window
        key = -1 if area_id in treated else owner.get(area_id)
        if key is not None:
            totals[(key, is_after)] += n
    control_ids = list(members)
    effect = did(
        totals[(-1, False)],
        totals[(-1, True)],
        [totals[(c, False)] for c in control_ids] or [0],
        [totals[(c, True)] for c in control_ids] or [0],
    )
    return FollowUp("done", before, after, codes, tuple(x.name for x in controls), effect)

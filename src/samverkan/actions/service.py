"""Writes of meetings and actions: who may, what must hold, and the history of each change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverkan.actions import capacity, queries
from samverkan.actions.models import (
    OPEN_STATUSES,
    Action,
    ActionEvent,
    Decision,
    Meeting,
    action_incident,
)
from samverkan.actions.schemas import (
    ActionIn,
    ActionPatch,
    DecisionIn,
    MeetingIn,
    ParticipantsIn,
)
from samverkan.core import audit
from samverkan.core.errors import N_, Conflict, Invalid, NotFound, PermissionDenied
from samverkan.core.i18n import DEFAULT_LANGUAGE, translations
from samverkan.core.timeutil import IsoWeek, to_local, today
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries as incident_queries
from samverkan.orgs import policy
from samverkan.orgs.models import Organisation, User
from samverkan.orgs.policy import Principal
from samverkan.presence import queries as presence_queries

# How far from today a meeting may be planned or recorded.
MEETING_YEARS_BACK = 1
MEETING_YEARS_AHEAD = 2


def _years_from(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def create_action(
    session: Session,
    p: Principal,
    data: ActionIn,
    *,
    decision_id: int | None = None,
    allow_past_due: bool = False,
) -> Action:
    """A new action of the group, owned by one of its organisations. Its due date is today or
    later, unless ``allow_past_due`` (recording past work: the demo's history, imports)."""
    if not policy.in_group(p, data.group_id):
        raise NotFound(N_("group %(id)s not found"), field="group_id", id=data.group_id)
    members = queries.group_org_ids(session, data.group_id)
    if data.owner_org_id not in members:
        raise Invalid(
            N_("owner_org_id %(id)s is not an organisation of the group"),
            field="owner_org_id",
            id=data.owner_org_id,
        )
    if not policy.can_own_action(p, data.group_id, data.owner_org_id):
        raise PermissionDenied(N_("you may plan actions for your own organisation only"))
    if not allow_past_due and data.due_on < today():
        raise Invalid(
            N_("the due date %(due)s has passed: give today or a later date"),
            field="due_on",
            due=data.due_on,
        )
    if data.area_id is not None and geo_queries.area(session, p, data.area_id) is None:
        raise NotFound(N_("area %(id)s not found"), field="area_id", id=data.area_id)
    if data.team_id is not None:
        team = presence_queries.team(session, p, data.team_id)
        if team is None or team.group_id != data.group_id:
            raise NotFound(N_("team %(id)s not found"), field="team_id", id=data.team_id)
        tree = geo_queries.area_tree(session)
        if data.area_id is not None and data.area_id not in tree.below({team.area_id}):
            raise Invalid(
                N_("team %(team)s works in %(area)s: the action's area is outside it"),
                field="team_id",
                team=team.name,
                area=team.area.name,
            )
        if data.hours:
            capacity.check(session, team, data.hours, data.start_on or today(), data.due_on)
    if data.owner_user_id is not None:
        user = session.get(User, data.owner_user_id)
        if user is None or all(m.org_id != data.owner_org_id for m in user.memberships):
            raise Invalid(
                N_("owner_user_id %(id)s is not a person of the owning organisation"),
                field="owner_user_id",
                id=data.owner_user_id,
            )
    unknown = [
        c for c in data.category_codes if incident_queries.category_by_code(session, c) is None
    ]
    if unknown:
        raise Invalid(N_("unknown category %(code)s"), field="category_codes", code=unknown[0])
    a = Action(
        group_id=data.group_id,
        decision_id=decision_id,
        type=data.type,
        title=data.title,
        description=data.description,
        area_id=data.area_id,
        place_name=data.place_name,
        lat=data.lat,
        lon=data.lon,
        owner_org_id=data.owner_org_id,
        owner_user_id=data.owner_user_id,
        team_id=data.team_id,
        start_on=data.start_on,
        due_on=data.due_on,
        hours=data.hours,
        cost_sek=data.cost_sek,
        prompted_by=data.prompted_by,
        category_codes=",".join(data.category_codes),
        created_by_user_id=p.user_id,
    )
    a.history.append(ActionEvent(to_status="planerad", user_id=p.user_id, org_id=p.org_id))
    session.add(a)
    session.flush()
    if data.incident_ids:
        visible = [
            i for i in dict.fromkeys(data.incident_ids) if incident_queries.incident(session, p, i)
        ]
        if len(visible) != len(set(data.incident_ids)):
            missing = sorted(set(data.incident_ids) - set(visible))[0]
            raise NotFound(N_("incident %(id)s not found"), field="incident_ids", id=missing)
        session.execute(
            insert(action_incident), [{"action_id": a.id, "incident_id": i} for i in visible]
        )
    audit.record(session, "action.create", actor=p, object_type="action", object_id=a.id)
    return a


def update_action(
    session: Session,
    p: Principal,
    action_id: int,
    patch: ActionPatch,
    *,
    on: date | None = None,
) -> Action:
    """Change an action; a status change (and its note) goes into its history. Done (klar),
    it was done ``completed_on``: today (``on``) unless given, never later than today nor
    before its start."""
    a = queries.action(session, p, action_id)
    if a is None:
        raise NotFound(N_("action not found"))
    if not policy.can_own_action(p, a.group_id, a.owner_org_id):
        raise PermissionDenied(N_("only the owning organisation updates its action"))
    if patch.due_on is not None and a.start_on and patch.due_on < a.start_on:
        raise Invalid(
            N_("due_on %(due)s is before start_on %(start)s"),
            field="due_on",
            due=patch.due_on,
            start=a.start_on,
        )
    status = patch.status or a.status
    day = on or today()
    done_on = _completed_on(a, patch, status, day)
    changed = patch.hours is not None or patch.due_on is not None or patch.status is not None
    if a.team is not None and status in OPEN_STATUSES and changed:
        hours = patch.hours if patch.hours is not None else a.hours
        if hours:
            first = a.start_on or to_local(a.created_at).date()
            capacity.check(session, a.team, hours, first, patch.due_on or a.due_on, a.id)
    if patch.due_on is not None:
        a.due_on = patch.due_on
    for name in ("hours", "hours_spent", "cost_sek", "description", "owner_user_id"):
        value = getattr(patch, name)
        if value is not None:
            setattr(a, name, value)
    if patch.status is not None and patch.status != a.status:
        a.history.append(
            ActionEvent(
                from_status=a.status,
                to_status=patch.status,
                note=patch.note,
                user_id=p.user_id,
                org_id=p.org_id,
            )
        )
        a.status = patch.status
    elif patch.note:
        a.history.append(ActionEvent(note=patch.note, user_id=p.user_id, org_id=p.org_id))
    a.completed_on = done_on
    session.flush()
    audit.record(
        session,
        "action.update",
        actor=p,
        object_type="action",
        object_id=a.id,
        detail={
            "status": a.status,
            **{
                k: str(getattr(a, k))
                for k in ("hours_spent", "cost_sek", "completed_on")
                if getattr(patch, k) is not None
            },
        },
    )
    return a


def _completed_on(a: Action, patch: ActionPatch, status: str, day: date) -> date | None:
    """The day a done action was done: the one given, else the one stored, else ``day``
    (today); none while it is not done. Refused when later than today or before its start."""
    if status != "klar":
        return None
    done = patch.completed_on or a.completed_on or day
    if done > day:
        raise Invalid(
            N_("%(day)s is in the future: give the day it was done, today or earlier"),
            field="completed_on",
            day=done,
        )
    if a.start_on and done < a.start_on:
        raise Invalid(
            N_("%(day)s is before the action started (%(start)s)"),
            field="completed_on",
            day=done,
            start=a.start_on,
        )
    return done


def create_meeting(
    session: Session, p: Principal, data: MeetingIn, *, allow_past: bool = False
) -> Meeting:
    """A meeting of the group: at most a year ago (unless ``allow_past``: recording past
    meetings, as the demo's history does) or two years ahead, and not at the same day and time
    as another of the group's meetings."""
    if not policy.in_group(p, data.group_id):
        raise NotFound(N_("group %(id)s not found"), field="group_id", id=data.group_id)
    if not policy.can_plan(p, data.group_id):
        raise PermissionDenied(N_("an EST samordnare of the group holds its meetings"))
    now = today()
    earliest = _years_from(now, -MEETING_YEARS_BACK)
    latest = _years_from(now, MEETING_YEARS_AHEAD)
    if data.held_on < earliest and not allow_past:
        raise Invalid(
            N_("the meeting date %(day)s is more than a year ago: give a date from %(first)s"),
            field="held_on",
            day=data.held_on,
            first=earliest,
        )
    if data.held_on > latest:
        raise Invalid(
            N_("the meeting date %(day)s is more than two years ahead: give a date up to %(last)s"),
            field="held_on",
            day=data.held_on,
            last=latest,
        )
    same = queries.meeting_at(session, data.group_id, data.held_on, data.starts)
    if same is not None:
        raise Conflict(
            N_("the group already has a meeting on %(day)s at %(time)s"),
            field="held_on",
            day=data.held_on,
            time=data.starts,
            id=same,
        )
    orgs = _participants(session, data.group_id, data.participant_org_ids)
    m = Meeting(
        group_id=data.group_id,
        held_on=data.held_on,
        starts=data.starts,
        title=data.title or meeting_title(data.held_on),
        minutes=data.minutes,
        participants=orgs,
        created_by_user_id=p.user_id,
    )
    try:
        with session.begin_nested():
            session.add(m)
            session.flush()
    except IntegrityError:  # the same meeting made at the same moment (PostgreSQL)
        raise Conflict(
            N_("the group already has a meeting on %(day)s at %(time)s"),
            field="held_on",
            day=data.held_on,
            time=data.starts,
        ) from None
    audit.record(session, "meeting.create", actor=p, object_type="meeting", object_id=m.id)
    return m


def meeting_title(held_on: date, gettext: Callable[[str], str] | None = None) -> str:
    """The title a meeting gets when none is typed: "EST-möte vecka 49", the week of its day
    (in Swedish, the language of the group's shared records, unless ``gettext`` says)."""
    tr = gettext or translations(DEFAULT_LANGUAGE).gettext
    return tr(N_("EST meeting week %(week)s")) % {"week": IsoWeek.of(held_on).week}


def _participants(session: Session, group_id: int, org_ids: list[int]) -> list[Organisation]:
    """The organisations named, each one of the group's (else Invalid naming the first)."""
    members = queries.group_org_ids(session, group_id)
    strangers = [o for o in org_ids if o not in members]
    if strangers:
        raise Invalid(
            N_("participant %(id)s is not an organisation of the group"),
            field="participant_org_ids",
            id=strangers[0],
        )
    if not org_ids:
        return []
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(org_ids))))


def set_participants(
    session: Session, p: Principal, meeting_id: int, data: ParticipantsIn
) -> Meeting:
    """Record who took part in a meeting (before it, or afterwards as it was)."""
    m = queries.meeting(session, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    if not policy.can_plan(p, m.group_id):
        raise PermissionDenied(N_("an EST samordnare of the group writes its minutes"))
    m.participants = _participants(
        session, m.group_id, list(dict.fromkeys(data.participant_org_ids))
    )
    session.flush()
    audit.record(
        session,
        "meeting.participants",
        actor=p,
        object_type="meeting",
        object_id=m.id,
        detail={"org_ids": sorted(o.id for o in m.participants)},
    )
    return m


def add_decision(
    session: Session,
    p: Principal,
    meeting_id: int,
    data: DecisionIn,
    *,
    allow_past_due: bool = False,
) -> tuple[Decision, list[Action]]:
    """A decision in the minutes, and the actions it creates, all or nothing (the caller rolls
    back on an error)."""
    m = queries.meeting(session, p, meeting_id)
    if m is None:
        raise NotFound(N_("meeting not found"))
    if not policy.can_plan(p, m.group_id):
        raise PermissionDenied(N_("an EST samordnare of the group writes its minutes"))
    d = Decision(meeting_id=m.id, text=data.text)
    session.add(d)
    session.flush()
    created = []
    for i, spec in enumerate(data.actions):
        if spec.group_id != m.group_id:
            raise Invalid(
                N_("actions[%(i)s].group_id must be the meeting's group %(id)s"),
                field="actions",
                i=i,
                id=m.group_id,
            )
        created.append(
            create_action(session, p, spec, decision_id=d.id, allow_past_due=allow_past_due)
        )
    return d, created

"""Eviction prevention as answered: an episode with its window, a list's entries, the meeting
list; and the person's export section (the episodes, steps and lines of a tenant)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.housing.eviction_models import (
    ArrearsEntry,
    ArrearsEpisode,
    ArrearsList,
    EvictionStep,
)
from samverkan.housing.eviction_schemas import (
    EntryOut,
    EpisodeOut,
    ListOut,
    MeetingOut,
    StepOut,
)
from samverkan.housing.eviction_service import the_window
from samverkan.orgs.policy import Principal
from samverkan.people.export import Row, Section
from samverkan.people.models import Person


def _name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.name if person else ""


def episode_out(session: Session, ep: ArrearsEpisode, today: date) -> EpisodeOut:
    w = the_window(ep, today)
    return EpisodeOut(
        id=ep.id,
        org_id=ep.org_id,
        person_id=ep.person_id,
        name=_name(session, ep.person_id),
        opened_on=ep.opened_on,
        notified_on=ep.notified_on,
        social_notified_on=ep.social_notified_on,
        window_last_day=w.last_day if w else None,
        window_days_left=w.days_left if w else None,
        window_overdue=bool(w and w.overdue and ep.closed_on is None),
        consent=ep.consent,
        outcome=ep.outcome,
        closed_on=ep.closed_on,
        steps=[
            StepOut(
                id=s.id,
                kind=s.kind,
                on=s.on,
                note=s.note,
                plan_monthly_ore=s.plan_monthly_ore,
                plan_start=s.plan_start,
                plan_state=s.plan_state,
            )
            for s in ep.steps
        ],
    )


def list_out(session: Session, listing: ArrearsList) -> ListOut:
    return ListOut(
        id=listing.id,
        org_id=listing.org_id,
        month=listing.month.isoformat()[:7],
        entries=[
            EntryOut(
                episode_id=e.episode_id,
                name=_name(session, e.episode.person_id),
                flat=e.flat,
                amount_ore=e.amount_ore,
                months_due=e.months_due,
            )
            for e in listing.entries
        ],
    )


def latest_amount(session: Session, episode_id: int) -> int | None:
    """The debt on the latest list the episode is on."""
    return session.scalar(
        select(ArrearsEntry.amount_ore)
        .join(ArrearsList)
        .where(ArrearsEntry.episode_id == episode_id)
        .order_by(ArrearsList.month.desc())
        .limit(1)
    )


def meeting_out(session: Session, eps: list[ArrearsEpisode], today: date) -> list[MeetingOut]:
    out = []
    for ep in eps:
        w = the_window(ep, today)
        out.append(
            MeetingOut(
                episode_id=ep.id,
                name=_name(session, ep.person_id),
                amount_ore=latest_amount(session, ep.id),
                notified_on=ep.notified_on,
                window_last_day=w.last_day if w else None,
                steps=[s.kind for s in ep.steps],
            )
        )
    return out


def _collect(session: Session, p: Principal, person: Person) -> list[Row]:
    rows: list[Row] = []
    for ep in session.scalars(
        select(ArrearsEpisode)
        .where(ArrearsEpisode.person_id == person.id)
        .order_by(ArrearsEpisode.id)
    ):
        rows.append(
            {
                N_("opened on"): ep.opened_on.isoformat(),
                N_("notified for non-payment on"): ep.notified_on.isoformat()
                if ep.notified_on
                else "",
                N_("consent to the meeting"): "1" if ep.consent else "",
                N_("outcome"): ep.outcome or "",
                N_("steps"): "; ".join(
                    f"{s.on} {s.kind}" + (f": {s.note}" if s.note else "") for s in ep.steps
                ),
            }
        )
    return rows


def _erase(session: Session, person_id: int) -> int:
    """Remove the person's episodes with their steps and list lines."""
    ids = select(ArrearsEpisode.id).where(ArrearsEpisode.person_id == person_id)
    n = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    session.execute(delete(EvictionStep).where(EvictionStep.episode_id.in_(ids)))
    session.execute(delete(ArrearsEntry).where(ArrearsEntry.episode_id.in_(ids)))
    session.execute(delete(ArrearsEpisode).where(ArrearsEpisode.person_id == person_id))
    return int(n)


ARREARS = Section(
    key="housing_arrears",
    title=N_("Rent arrears cases"),
    tables=("housing_arrears_episode", "housing_eviction_step", "housing_arrears_entry"),
    collect=_collect,
    erase=_erase,
    order=310,
    labels=(),
)

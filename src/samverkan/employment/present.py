"""A participant as the API and the pages show them, and the employment programs' section of
the person register's export and erasure (everything the programs hold about one person)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from samverkan.core.errors import N_
from samverkan.employment import queries, tallies
from samverkan.employment.analysis.flows import spells
from samverkan.employment.models import (
    CoachingSession,
    FollowUp,
    Match,
    Participant,
    PlanStep,
    Program,
    SeatTerm,
    StageChange,
)
from samverkan.employment.schemas import ParticipantOut, ProgramOut, StageChangeOut
from samverkan.orgs.policy import Principal
from samverkan.people.export import Row, Section
from samverkan.people.models import Person


def days_in_stage(x: Participant, today: date) -> dict[str, int]:
    """Days spent in each stage so far (the current one until ``today``)."""
    out: dict[str, int] = {}
    for spell in spells([(c.stage, c.entered_on) for c in x.changes], today=today):
        out[spell.stage] = out.get(spell.stage, 0) + spell.days
    return out


def participant_out(session: Session, x: Participant, today: date) -> ParticipantOut:
    person = session.get(Person, x.person_id)
    return ParticipantOut(
        id=x.id,
        program_id=x.program_id,
        person_id=x.person_id,
        name=person.name if person else "",
        referral=x.referral,
        entry_status=x.entry_status,
        age_band=x.age_band,
        gender=x.gender,
        education=x.education,
        district_id=x.district_id,
        languages=list(x.languages or []),
        licence=x.licence,
        occupations=list(x.occupations or []),
        skills=list(x.skills or []),
        certificates=x.certificates,
        stage=x.stage,
        stage_since=x.stage_since,
        referred_on=x.referred_on,
        intake_on=x.intake_on,
        placement=x.placement,
        placed_on=x.placed_on,
        exit_reason=x.exit_reason,
        exited_on=x.exited_on,
        days_in_stage=days_in_stage(x, today),
        changes=[
            StageChangeOut(
                stage=c.stage,
                on=c.entered_on,
                placement=c.placement,
                exit_reason=c.exit_reason,
                note=c.note,
            )
            for c in x.changes
        ],
    )


def program_out(session: Session, p: Principal, x: Program) -> ProgramOut:
    return ProgramOut(
        id=x.id,
        org_id=x.org_id,
        name=x.name,
        kind=x.kind,
        term_months=x.term_months,
        recruit_months=x.recruit_months,
        transition_months=x.transition_months,
        success_months=x.success_months,
        stages=queries.stage_counts(session, p, x.id),
    )


def _collect(session: Session, p: Principal, person: Person) -> list[Row]:
    rows: list[Row] = []
    for x in session.scalars(
        select(Participant).where(Participant.person_id == person.id).order_by(Participant.id)
    ):
        program = session.get(Program, x.program_id)
        rows.append(
            {
                N_("program"): program.name if program else x.program_id,
                N_("referral source"): x.referral,
                N_("status at entry"): x.entry_status,
                N_("age band"): x.age_band,
                N_("education level"): x.education,
                N_("languages"): ", ".join(x.languages or []),
                N_("driving licence"): x.licence,
                N_("competences"): ", ".join(x.skills or []),
                N_("certificates"): x.certificates,
                N_("stage"): x.stage,
                N_("pathway"): "; ".join(f"{c.stage} {c.entered_on}" for c in x.changes),
                N_("coaching sessions"): "; ".join(
                    f"{c.held_on} {c.coach_name}: {c.notes or ''}"
                    for c in queries.coaching(session, x.id)
                ),
                N_("individual plan"): "; ".join(s.text for s in queries.plan(session, x.id)),
                N_("follow-ups"): "; ".join(
                    f"{f.months} mån: {f.status or '–'}" for f in queries.followups(session, x.id)
                ),
            }
        )
    return rows


def _erase(session: Session, person_id: int) -> int:
    """Remove every participant of the person, with their pathway, sessions, plan, follow-ups
    and matches; a job-factory term stays without them (its cohort's hit rate is kept)."""
    ids = list(session.scalars(select(Participant.id).where(Participant.person_id == person_id)))
    if not ids:
        return 0
    conn = session.connection()
    tallies.forget(conn, ids)  # the dashboard's tallies no longer count them
    for table in (StageChange, CoachingSession, PlanStep, FollowUp, Match):
        conn.execute(delete(table).where(table.participant_id.in_(ids)))
    conn.execute(
        update(SeatTerm).where(SeatTerm.participant_id.in_(ids)).values(participant_id=None)
    )
    n = conn.execute(delete(Participant).where(Participant.id.in_(ids))).rowcount
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Participant) and obj.id in ids and obj in session:
            session.expunge(obj)
    return int(n or 0)


def count_participants(session: Session, org_id: int) -> int:
    return int(
        session.scalar(select(func.count(Participant.id)).where(Participant.org_id == org_id)) or 0
    )


PARTICIPANTS = Section(
    key="employment",
    title=N_("Employment programs"),
    tables=(
        "employment_participant",
        "employment_stage_change",
        "employment_coaching",
        "employment_plan_step",
        "employment_followup",
        "employment_match",
        "employment_seat_term",
    ),
    collect=_collect,
    erase=_erase,
    order=200,
    labels=(),
)

"""The employment programs: programs and their participants (residents of the person register)
on a pathway from referral to exit, their coaching, plans and follow-ups; the job factory's
seats and terms; employers, openings and matches; summer jobs required through procurement.

A participant is a person of the owning organisation's register (``people.Person``) held for
the purpose ``employment``: visible to that organisation's case workers only. Free text about a
person (coaching notes, plan steps, certificates, exit notes) is encrypted at rest; the codes
that the program's reports count (status at entry, age band, education, stage) are kept plain,
so that a report is one grouped query. They name no one without the encrypted person.

The employer network's tables are in :mod:`.network_models`, the summer jobs' in
:mod:`.summer_models` and the tallies in :mod:`.tally_models`; all are re-exported here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverkan.core.crypto import Encrypted
from samverkan.core.db import Base, UTCDateTime, code_in, utcnow
from samverkan.core.errors import N_
from samverkan.employment.analysis.flows import STAGES
from samverkan.employment.network_models import EMPLOYER_KIND_LABELS as EMPLOYER_KIND_LABELS
from samverkan.employment.network_models import EMPLOYER_KINDS as EMPLOYER_KINDS
from samverkan.employment.network_models import MATCH_OUTCOME_LABELS as MATCH_OUTCOME_LABELS
from samverkan.employment.network_models import MATCH_OUTCOMES as MATCH_OUTCOMES
from samverkan.employment.network_models import MATCH_STATUS_LABELS as MATCH_STATUS_LABELS
from samverkan.employment.network_models import MATCH_STATUSES as MATCH_STATUSES
from samverkan.employment.network_models import OPENING_STATUSES as OPENING_STATUSES
from samverkan.employment.network_models import Employer as Employer
from samverkan.employment.network_models import Match as Match
from samverkan.employment.network_models import Opening as Opening
from samverkan.employment.summer_models import SummerContract as SummerContract
from samverkan.employment.summer_models import SummerReport as SummerReport
from samverkan.employment.tally_models import EntryTally as EntryTally
from samverkan.employment.tally_models import OutcomeTally as OutcomeTally
from samverkan.employment.tally_models import SpellTally as SpellTally

PROGRAM_KINDS = ("job_factory", "coaching", "other")
PROGRAM_KIND_LABELS = {
    "job_factory": N_("job factory"),
    "coaching": N_("coaching and matching"),
    "other": N_("other program"),
}
REFERRALS = ("af", "social_services", "housing", "self", "school", "other")
REFERRAL_LABELS = {
    "af": N_("Arbetsförmedlingen"),
    "social_services": N_("social services"),
    "housing": N_("housing company"),
    "self": N_("self-referral"),
    "school": N_("school or adult education"),
    "other": N_("other"),
}
# The ESF+ labour-market status at entry.
ENTRY_STATUSES = ("unemployed", "long_term_unemployed", "inactive", "employed")
ENTRY_STATUS_LABELS = {
    "unemployed": N_("unemployed"),
    "long_term_unemployed": N_("long-term unemployed"),
    "inactive": N_("inactive"),
    "employed": N_("employed, incl. self-employed"),
}
AGE_BANDS = ("15-17", "18-24", "25-29", "30-54", "55-64", "65+")
GENDERS = ("woman", "man", "other", "unknown")
GENDER_LABELS = {
    "woman": N_("woman"),
    "man": N_("man"),
    "other": N_("other"),
    "unknown": N_("not stated"),
}
EDUCATIONS = ("isced_0_2", "isced_3_4", "isced_5_8")
EDUCATION_LABELS = {
    "isced_0_2": N_("primary or lower secondary (ISCED 0–2)"),
    "isced_3_4": N_("upper secondary or post-secondary (ISCED 3–4)"),
    "isced_5_8": N_("tertiary (ISCED 5–8)"),
}
# The pathway, in order (defined once, with its analysis). A participant is in exactly one
# stage at a time.
STAGE_LABELS = {
    "referred": N_("referred"),
    "intake": N_("intake"),
    "mapped": N_("mapped"),
    "active": N_("active"),
    "matched": N_("matched"),
    "placed": N_("placed"),
    "exited": N_("exited"),
}
PLACEMENTS = ("employment", "internship", "studies", "own_business")
PLACEMENT_LABELS = {
    "employment": N_("employment"),
    "internship": N_("internship"),
    "studies": N_("studies"),
    "own_business": N_("own business"),
}
EXIT_REASONS = (
    "job",
    "studies",
    "own_business",
    "self_sufficient",
    "moved",
    "health",
    "dropped_out",
    "other",
)
EXIT_REASON_LABELS = {
    "job": N_("got a job"),
    "studies": N_("began studies"),
    "own_business": N_("started a business"),
    "self_sufficient": N_("self-sufficient"),
    "moved": N_("moved away"),
    "health": N_("ill health"),
    "dropped_out": N_("left the program"),
    "other": N_("other reason"),
}
FOLLOWUP_MONTHS = (1, 6, 12)
FOLLOWUP_STATUSES = ("employed", "studies", "own_business", "job_seeking", "inactive", "unknown")
FOLLOWUP_STATUS_LABELS = {
    "employed": N_("employed"),
    "studies": N_("studying"),
    "own_business": N_("own business"),
    "job_seeking": N_("looking for work"),
    "inactive": N_("inactive"),
    "unknown": N_("not reached"),
}


class Program(Base):
    """One organisation's employment program (the job factory, Linkstep, ...). ``term_months``
    is the job factory's rolling term, ``recruit_months`` how long before a seat frees the
    recruiting starts, ``transition_months`` the last months of a term with transition support,
    ``success_months`` the N of "a job within N months after the term"."""

    __tablename__ = "employment_program"
    __table_args__ = (code_in("kind", PROGRAM_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    term_months: Mapped[int] = mapped_column(Integer, default=18)
    recruit_months: Mapped[int] = mapped_column(Integer, default=3)
    transition_months: Mapped[int] = mapped_column(Integer, default=3)
    success_months: Mapped[int] = mapped_column(Integer, default=6)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Participant(Base):
    """A person taking part in a program: who referred them, where they stood at entry (the
    ESF+ categories), what they can, and where they are on the pathway now."""

    __tablename__ = "employment_participant"
    __table_args__ = (
        UniqueConstraint("program_id", "person_id", name="uq_participant_program_person"),
        code_in("referral", REFERRALS),
        code_in("entry_status", ENTRY_STATUSES),
        code_in("age_band", AGE_BANDS),
        code_in("gender", GENDERS),
        code_in("education", EDUCATIONS),
        code_in("stage", STAGES),
        Index("ix_participant_org_stage", "org_id", "stage"),
        # the dashboard counts the month of its day from the rows: who was referred, placed or
        # exited in it
        Index("ix_participant_program_referred", "program_id", "referred_on"),
        Index("ix_participant_program_placed", "program_id", "placed_on"),
        Index("ix_participant_program_exited", "program_id", "exited_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(
        ForeignKey("employment_program.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    referral: Mapped[str] = mapped_column(String(20))
    entry_status: Mapped[str] = mapped_column(String(30))
    age_band: Mapped[str] = mapped_column(String(10))
    gender: Mapped[str] = mapped_column(String(10), default="unknown")
    education: Mapped[str] = mapped_column(String(10))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence: Mapped[bool] = mapped_column(Boolean, default=False)
    occupations: Mapped[list[str]] = mapped_column(JSON, default=list)  # SSYK 2012 codes
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    certificates: Mapped[str | None] = mapped_column(
        Encrypted("employment_participant", "certificates")
    )
    stage: Mapped[str] = mapped_column(String(20), default="referred")
    stage_since: Mapped[date] = mapped_column(Date)
    referred_on: Mapped[date] = mapped_column(Date)
    intake_on: Mapped[date | None] = mapped_column(Date)
    placement: Mapped[str | None] = mapped_column(String(20))
    placed_on: Mapped[date | None] = mapped_column(Date)
    exit_reason: Mapped[str | None] = mapped_column(String(20))
    exited_on: Mapped[date | None] = mapped_column(Date)
    coach_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    program: Mapped[Program] = relationship()
    changes: Mapped[list[StageChange]] = relationship(
        back_populates="participant", order_by="StageChange.id", cascade="all, delete-orphan"
    )


class StageChange(Base):
    """One step on the pathway: the stage entered on ``entered_on``, with the placement kind
    (placed) or the exit reason (exited). ``left_on`` is the day the participant's next change
    (by day, then as stored) was entered, None while none is: the spell's end. It and the
    participant's ``program_id`` are kept by :mod:`samverkan.employment.tallies` on every
    flush, so that the dashboard finds the spells done and open on a day through an index."""

    __tablename__ = "employment_stage_change"
    __table_args__ = (
        Index("ix_stage_change_program_left", "program_id", "left_on", "stage", "entered_on"),
        Index("ix_stage_change_program_entered", "program_id", "entered_on", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("employment_participant.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[int] = mapped_column(ForeignKey("employment_program.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    entered_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    placement: Mapped[str | None] = mapped_column(String(20))
    exit_reason: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Encrypted("employment_stage_change", "note"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="changes")


class FollowUp(Base):
    """The follow-up due ``months`` after the exit, and what it found."""

    __tablename__ = "employment_followup"
    __table_args__ = (
        UniqueConstraint("participant_id", "months", name="uq_followup_participant_months"),
        # the follow-ups that fell due or were recorded in the dashboard's month
        Index("ix_followup_due", "due_on", "participant_id"),
        Index("ix_followup_done", "done_on", "participant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("employment_participant.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Encrypted("employment_followup", "note"))


class CoachingSession(Base):
    """A coaching session: when, which coach, how long, and the notes (redacted of any other
    person's personnummer before they are stored)."""

    __tablename__ = "employment_coaching"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("employment_participant.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    coach_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    coach_name: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Encrypted("employment_coaching", "notes"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PlanStep(Base):
    """A step of the participant's individual plan."""

    __tablename__ = "employment_plan_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("employment_participant.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Encrypted("employment_plan_step", "text"))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Seat(Base):
    """One seat of the job factory (e.g. one of 5 miljövärd seats in Skäggetorp), held by one
    participant at a time for a term."""

    __tablename__ = "employment_seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("employment_program.id", ondelete="CASCADE"), index=True
    )
    district_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SeatTerm(Base):
    """One participant's term on a seat: from ``start`` to ``planned_end`` (``ended_on`` when it
    ended), and ``job_on``, the day they started a job after it. When the person is erased the
    term stays without them, so that a cohort's hit rate does not change."""

    __tablename__ = "employment_seat_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[int] = mapped_column(
        ForeignKey("employment_seat.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("employment_participant.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    job_on: Mapped[date | None] = mapped_column(Date)

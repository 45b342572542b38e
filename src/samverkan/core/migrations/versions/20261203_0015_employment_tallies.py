"""The employment dashboard's tallies: each stage change's program and the day its spell ended,
and the entries, spells and outcomes of each program by month, counted from the rows stored

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_FK = "fk_employment_stage_change_program_id_employment_program"


def _tally(name: str, *key: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("program_id", sa.Integer(), nullable=False),
        *key,
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["employment_program.id"],
            name=op.f(f"fk_{name}_program_id_employment_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "program_id", *(c.name for c in key), "month", name=op.f(f"pk_{name}")
        ),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    _tally("employment_tally_entry", sa.Column("stage", sa.String(length=20), nullable=False))
    _tally(
        "employment_tally_spell",
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
    )
    _tally(
        "employment_tally_outcome",
        sa.Column("dimension", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=20), nullable=False),
        sa.Column("measure", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("months", sa.SmallInteger(), nullable=False),
    )
    with op.batch_alter_table("employment_followup", schema=None) as batch_op:
        batch_op.create_index("ix_followup_done", ["done_on", "participant_id"], unique=False)
        batch_op.create_index("ix_followup_due", ["due_on", "participant_id"], unique=False)
    with op.batch_alter_table("employment_participant", schema=None) as batch_op:
        for name, column in (
            ("exited", "exited_on"),
            ("placed", "placed_on"),
            ("referred", "referred_on"),
        ):
            batch_op.create_index(
                f"ix_participant_program_{name}", ["program_id", column], unique=False
            )
    op.add_column("employment_stage_change", sa.Column("program_id", sa.Integer(), nullable=True))
    op.add_column("employment_stage_change", sa.Column("left_on", sa.Date(), nullable=True))
    conn = op.get_bind()
    _fill_spell_ends(conn)
    with op.batch_alter_table("employment_stage_change", schema=None) as batch_op:
        batch_op.alter_column("program_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(
            "ix_stage_change_program_entered", ["program_id", "entered_on", "stage"], unique=False
        )
        batch_op.create_index(
            "ix_stage_change_program_left",
            ["program_id", "left_on", "stage", "entered_on"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f(_FK), "employment_program", ["program_id"], ["id"], ondelete="CASCADE"
        )
    _count_stored(conn)


# The tallies of the rows already stored, counted as the rules stood at this revision. A fixed
# copy, not ``samverkan.employment.tallies``: that module follows the models of today, and an
# old migration must run the same way on every later version.
_SC = sa.table(
    "employment_stage_change",
    sa.column("id", sa.Integer()),
    sa.column("participant_id", sa.Integer()),
    sa.column("program_id", sa.Integer()),
    sa.column("stage", sa.String()),
    sa.column("entered_on", sa.Date()),
    sa.column("left_on", sa.Date()),
)
_P = sa.table(
    "employment_participant",
    *(sa.column(c, sa.Integer()) for c in ("id", "program_id", "district_id")),
    *(sa.column(c, sa.String()) for c in ("gender", "age_band", "placement", "exit_reason")),
    *(sa.column(c, sa.Date()) for c in ("referred_on", "placed_on", "exited_on")),
)
_F = sa.table(
    "employment_followup",
    sa.column("participant_id", sa.Integer()),
    sa.column("months", sa.Integer()),
    sa.column("due_on", sa.Date()),
    sa.column("done_on", sa.Date()),
    sa.column("status", sa.String()),
)


def _fill_spell_ends(conn: sa.Connection) -> None:
    """Each change's program (its participant's) and the day of the participant's next change
    by day, then as stored (None for the last)."""
    program = sa.select(_P.c.program_id).where(_P.c.id == _SC.c.participant_id)
    conn.execute(sa.update(_SC).values(program_id=program.scalar_subquery()))
    nxt = _SC.alias("nxt")
    later = sa.or_(
        nxt.c.entered_on > _SC.c.entered_on,
        sa.and_(nxt.c.entered_on == _SC.c.entered_on, nxt.c.id > _SC.c.id),
    )
    first = sa.select(sa.func.min(nxt.c.entered_on)).where(
        nxt.c.participant_id == _SC.c.participant_id, later
    )
    conn.execute(sa.update(_SC).values(left_on=first.scalar_subquery()))


def _status(day: date, exited: date, due: date, done: date | None, status: str | None) -> Any:
    if exited > day:
        return None
    if done is not None and done <= day:
        return status or "unknown"
    return "due" if due <= day else "not_due"


def _participant(row: Any, follow: list[Any]) -> Iterator[tuple[date, tuple[Any, ...], int]]:
    """(day, outcome key, ±1) of one participant and their follow-ups."""
    moves = [(row.referred_on, "participants", "", 0, 1)]
    if row.placement is not None and row.placed_on is not None:
        moves.append((max(row.referred_on, row.placed_on), "placement", row.placement, 0, 1))
    if row.exit_reason is not None and row.exited_on is not None:
        moves.append((max(row.referred_on, row.exited_on), "exit", row.exit_reason, 0, 1))
    if row.exited_on is not None:
        for f in follow:
            days = {row.exited_on} | {
                d for d in (f.due_on, f.done_on) if d is not None and d > row.exited_on
            }
            was = None
            for day in sorted(days):
                now = _status(day, row.exited_on, f.due_on, f.done_on, f.status)
                if now != was:
                    if was is not None:
                        moves.append((day, "followup", was, f.months, -1))
                    if now is not None:
                        moves.append((day, "followup", now, f.months, 1))
                    was = now
    district = "" if row.district_id is None else str(row.district_id)
    for dimension, value in (
        ("district", district),
        ("gender", row.gender),
        ("age_band", row.age_band),
    ):
        for day, measure, kind, months, sign in moves:
            yield day, (dimension, value, measure, kind, months), sign


def _count_stored(conn: sa.Connection) -> None:
    """Fill the (empty) tallies: each change's entry in its month and, when the next change is
    dated, its spell in the month it ended; each participant in their district, gender and
    age band from the referral, placed and exited from those days (not before the referral),
    each follow-up in its status from the exit (not due, due, what was found)."""
    entries: Counter[tuple[Any, ...]] = Counter()
    spells: Counter[tuple[Any, ...]] = Counter()
    changes = conn.execute(
        sa.select(_SC.c.program_id, _SC.c.stage, _SC.c.entered_on, _SC.c.left_on)
    )
    for program, stage, entered_on, left_on in changes:
        entries[(program, stage, entered_on.replace(day=1))] += 1
        if left_on is not None:
            spells[(program, stage, (left_on - entered_on).days, left_on.replace(day=1))] += 1
    follow: dict[int, list[Any]] = defaultdict(list)
    for f in conn.execute(sa.select(_F)):
        follow[f.participant_id].append(f)
    outcomes: Counter[tuple[Any, ...]] = Counter()
    for row in conn.execute(sa.select(_P)):
        for day, key, sign in _participant(row, follow.get(row.id, [])):
            outcomes[(row.program_id, *key, day.replace(day=1))] += sign
    for name, keys, totals in (
        ("employment_tally_entry", ("stage",), entries),
        ("employment_tally_spell", ("stage", "days"), spells),
        ("employment_tally_outcome", ("dimension", "value", "measure", "kind", "months"), outcomes),
    ):
        columns = ("program_id", *keys, "month", "n")
        target = sa.table(name, *(sa.column(c) for c in columns))
        values = [dict(zip(columns, (*key, n), strict=True)) for key, n in totals.items() if n]
        for k in range(0, len(values), 5_000):
            conn.execute(target.insert(), values[k : k + 5_000])


def downgrade() -> None:
    with op.batch_alter_table("employment_stage_change", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(_FK), type_="foreignkey")
        batch_op.drop_index("ix_stage_change_program_left")
        batch_op.drop_index("ix_stage_change_program_entered")
        batch_op.drop_column("left_on")
        batch_op.drop_column("program_id")
    with op.batch_alter_table("employment_participant", schema=None) as batch_op:
        batch_op.drop_index("ix_participant_program_referred")
        batch_op.drop_index("ix_participant_program_placed")
        batch_op.drop_index("ix_participant_program_exited")
    with op.batch_alter_table("employment_followup", schema=None) as batch_op:
        batch_op.drop_index("ix_followup_due")
        batch_op.drop_index("ix_followup_done")
    op.drop_table("employment_tally_spell")
    op.drop_table("employment_tally_outcome")
    op.drop_table("employment_tally_entry")

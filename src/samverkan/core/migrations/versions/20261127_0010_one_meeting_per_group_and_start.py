"""one meeting per group and start

A group holds one meeting at a time: a unique index on (group, day, start) guards what the
service checks, also when two requests race on PostgreSQL. Twin meetings made before it keep
everything: each later twin starts a minute later (the next free minute that day).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _later(starts: str, taken: set[str]) -> str:
    """The first free HH:MM after ``starts`` that day (the last minute of the day if none)."""
    h, m = (int(x) for x in starts.split(":"))
    minute = h * 60 + m
    while minute < 24 * 60 - 1:
        minute += 1
        candidate = f"{minute // 60:02d}:{minute % 60:02d}"
        if candidate not in taken:
            return candidate
    return starts  # a day full of twins cannot happen; the index creation would say so


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, group_id, held_on, starts FROM meeting ORDER BY group_id, held_on, id")
    ).all()
    taken: dict[tuple[object, object], set[str]] = {}
    for _id, group_id, held_on, starts in rows:
        taken.setdefault((group_id, held_on), set()).add(starts)
    seen: set[tuple[object, object, str]] = set()
    for meeting_id, group_id, held_on, starts in rows:
        key = (group_id, held_on, starts)
        if key not in seen:
            seen.add(key)
            continue
        moved = _later(starts, taken[(group_id, held_on)])
        taken[(group_id, held_on)].add(moved)
        seen.add((group_id, held_on, moved))
        conn.execute(
            sa.text("UPDATE meeting SET starts = :s WHERE id = :id"), {"s": moved, "id": meeting_id}
        )
    op.create_index(
        "uq_meeting_group_start", "meeting", ["group_id", "held_on", "starts"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_meeting_group_start", table_name="meeting")

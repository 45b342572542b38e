"""The stored tallies of the employment programs: what a program's dashboard counts, kept by
month on every write (:mod:`samverkan.employment.tallies`), so that the dashboard of any day
reads the tallies of the months before it and only that month's rows.

Each row adds ``n`` to one key of one program in the month beginning ``month``. The tallies
count codes and days only: they name no one.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from samverkan.core.db import Base

# Rows are read in key order and summed over the months: on SQLite the table is its key (no
# rowid), so that a sum is one pass over it.
_BY_KEY = {"sqlite_with_rowid": False}


class EntryTally(Base):
    """How many stage changes into ``stage`` were dated in ``month``."""

    __tablename__ = "employment_tally_entry"
    __table_args__ = _BY_KEY

    program_id: Mapped[int] = mapped_column(
        ForeignKey("employment_program.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class SpellTally(Base):
    """How many spells in ``stage`` ended in ``month`` after ``days`` days (a spell ends when
    the participant's next stage change is dated)."""

    __tablename__ = "employment_tally_spell"
    __table_args__ = _BY_KEY

    program_id: Mapped[int] = mapped_column(
        ForeignKey("employment_program.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class OutcomeTally(Base):
    """What changed in ``month`` among the participants of one group (``dimension`` is
    ``district``, ``gender`` or ``age_band``; ``value`` the district's id, '' for none, or the
    code): ``measure`` ``participants`` (referred), ``placement`` and ``exit`` (of the kind
    ``kind``), or ``followup`` (the follow-up at ``months`` months moving into status ``kind``,
    ``due`` or ``not_due``: +1, and out of one: −1, so a month's row may be negative)."""

    __tablename__ = "employment_tally_outcome"
    __table_args__ = _BY_KEY

    program_id: Mapped[int] = mapped_column(
        ForeignKey("employment_program.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(20), primary_key=True)
    measure: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    months: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)

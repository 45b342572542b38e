"""Retention: how long each kind of data is kept, and removing what is older.

Each domain describes its data classes (:class:`DataClass`) in its ``domain.py``; the
composition root registers them (:func:`register`), so ``core`` imports no domain. A class has
its own setting, ``SAMVERKAN_RETENTION_<NAME>_DAYS`` (0 = kept for ever), read and checked by
:func:`periods`. :func:`run` (``samverkan retention run [--dry-run]``) goes through every class
in one transaction and records one audit event with what it removed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.models import AuditEvent
from samverkan.core.settings import SettingsError

MAX_DAYS = 100 * 366


@dataclass(frozen=True)
class DataClass:
    """One kind of data with a retention period.

    ``count`` and ``delete`` take the session, the moment of the run and the class's period in
    days (a class with periods of its own per organisation applies them itself); ``delete``
    returns how many it removed (deleted or anonymised) and keeps what is derived from the data
    consistent.
    """

    name: str
    what: str  # what "older" means, for the summary
    default_days: int
    count: Callable[[Session, datetime, int], int]
    delete: Callable[[Session, datetime, int], int]

    @property
    def setting(self) -> str:
        """The environment variable with the period in days."""
        return f"SAMVERKAN_RETENTION_{self.name.upper()}_DAYS"


_CLASSES: dict[str, DataClass] = {}


def register(data_class: DataClass) -> None:
    """Add (or replace, by name) a data class."""
    _CLASSES[data_class.name] = data_class


def registered() -> list[DataClass]:
    return list(_CLASSES.values())


def periods(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """Each class's period in days from its setting (or its default); a bad value raises
    :class:`SettingsError` naming the setting."""
    env = os.environ if environ is None else environ
    out = {}
    for dc in registered():
        text = env.get(dc.setting, "").strip()
        if not text:
            out[dc.name] = dc.default_days
            continue
        if not text.isdigit() or int(text) > MAX_DAYS:
            raise SettingsError(
                f"{dc.setting}={text!r}: expected a whole number of days from 0 (kept for "
                f"ever) to {MAX_DAYS}"
            )
        out[dc.name] = int(text)
    return out


@dataclass(frozen=True)
class Outcome:
    """What one class came to: ``before`` is None when it is kept for ever."""

    name: str
    what: str
    days: int
    before: datetime | None
    count: int


def run(
    session: Session,
    days: Mapping[str, int] | None = None,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[Outcome]:
    """Remove (or with ``dry_run`` only count) what every class holds beyond its period
    (``days`` per class name, by default :func:`periods`), and audit it; the caller commits."""
    now = now or utcnow()
    configured = periods()
    configured.update(days or {})
    outcomes = []
    for dc in registered():
        n_days = configured.get(dc.name, dc.default_days)
        if n_days <= 0:
            outcomes.append(Outcome(dc.name, dc.what, 0, None, 0))
            continue
        before = now - timedelta(days=n_days)
        n = dc.count(session, now, n_days) if dry_run else dc.delete(session, now, n_days)
        outcomes.append(Outcome(dc.name, dc.what, n_days, before, n))
    if not dry_run:
        audit.record(
            session,
            "retention.run",
            object_type="retention",
            detail={
                o.name: {
                    "days": o.days,
                    "before": o.before.isoformat() if o.before else None,
                    "deleted": o.count,
                }
                for o in outcomes
            },
        )
        session.flush()
    return outcomes


def _count_audit(session: Session, now: datetime, days: int) -> int:
    before = now - timedelta(days=days)
    return int(session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.at < before)) or 0)


def _delete_audit(session: Session, now: datetime, days: int) -> int:
    before = now - timedelta(days=days)
    result = session.connection().execute(delete(AuditEvent).where(AuditEvent.at < before))
    return int(result.rowcount or 0)


AUDIT = DataClass(
    name="audit",
    what="audit events",
    default_days=730,
    count=_count_audit,
    delete=_delete_audit,
)

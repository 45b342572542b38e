"""Retention: how long each kind of data is kept, and deleting what is older.

Each domain registers its data classes (:func:`register`): a name, the setting that holds its
period in days (0 = kept for ever), and how to count and delete what is older than a moment.
``core`` registers the audit log; ``incidents`` registers the incidents at import, so that
``core`` imports no domain. :func:`run` (``samverkan retention run [--dry-run]``) goes through
every class in one transaction and records one audit event with what it deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.models import AuditEvent
from samverkan.core.settings import Settings


@dataclass(frozen=True)
class DataClass:
    """One kind of data with a retention period.

    ``count`` and ``delete`` take the session and the moment before which data goes; ``delete``
    returns how many it deleted and keeps whatever is derived from the data consistent.
    """

    name: str
    setting: str  # the Settings field with the period in days
    what: str  # what "older" means, for the summary
    count: Callable[[Session, datetime], int]
    delete: Callable[[Session, datetime], int]


_CLASSES: dict[str, DataClass] = {}


def register(data_class: DataClass) -> None:
    """Add (or replace, by name) a data class."""
    _CLASSES[data_class.name] = data_class


def registered() -> list[DataClass]:
    return list(_CLASSES.values())


@dataclass(frozen=True)
class Outcome:
    """What one class came to: ``before`` is None when it is kept for ever."""

    name: str
    what: str
    days: int
    before: datetime | None
    count: int


def run(
    session: Session, settings: Settings, *, dry_run: bool = False, now: datetime | None = None
) -> list[Outcome]:
    """Delete (or with ``dry_run`` only count) what every class holds beyond its period, and
    audit it; the caller commits."""
    now = now or utcnow()
    outcomes = []
    for dc in registered():
        days = int(getattr(settings, dc.setting))
        if days <= 0:
            outcomes.append(Outcome(dc.name, dc.what, 0, None, 0))
            continue
        before = now - timedelta(days=days)
        n = dc.count(session, before) if dry_run else dc.delete(session, before)
        outcomes.append(Outcome(dc.name, dc.what, days, before, n))
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


def _count_audit(session: Session, before: datetime) -> int:
    return int(session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.at < before)) or 0)


def _delete_audit(session: Session, before: datetime) -> int:
    result = session.connection().execute(delete(AuditEvent).where(AuditEvent.at < before))
    return int(result.rowcount or 0)


register(
    DataClass(
        name="audit",
        setting="retention_audit_days",
        what="audit events",
        count=_count_audit,
        delete=_delete_audit,
    )
)

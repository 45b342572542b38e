"""The data-subject export (GDPR art. 15) and erasure across every program module, from one
registry of sections.

Each module that holds anything about a person registers a :class:`Section` (through the
hooks of its ``domain.py``): the tables it keeps about people, how to list what it holds about
one person, and how to erase it. The export is every section's rows; an erasure calls every
section's ``erase`` and counts what went, for the receipt. A test fails when a table refers to
``person.id`` and no section names it, so a new module cannot forget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from samverkan.core.timeutil import to_local
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person

Row = dict[str, object]  # one fact or record: field msgid -> value


@dataclass(frozen=True)
class Section:
    """What one module holds about a person. ``collect(session, principal, person)`` returns
    its rows (field msgid → value); ``erase(session, person_id)`` removes them and says how
    many (None: nothing to do, or the rows go with the person by ``ON DELETE CASCADE``). It
    must not need to decrypt: a person can be erased whatever the keys. ``labels`` names the
    fields that hold stored codes and the label kind that words them for a reader (the PDF
    says "samtycke (art. 6.1 a)" where the JSON keeps ``consent``)."""

    key: str
    title: str  # msgid
    tables: tuple[str, ...]
    collect: Callable[[Session, Principal, Person], list[Row]]
    erase: Callable[[Session, int], int] | None = None
    order: int = 100
    labels: tuple[tuple[str, str], ...] = ()


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add (or replace, by key) a module's section."""
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def covered_tables() -> set[str]:
    return {t for s in _SECTIONS.values() for t in s.tables}


@dataclass
class Export:
    """Everything held about one person, section by section, as of ``made_at``."""

    person_id: int
    org_id: int
    made_at: datetime
    sections: list[tuple[Section, list[Row]]] = field(default_factory=list)


def collect(session: Session, p: Principal, person: Person, now: datetime) -> Export:
    """Every registered section's rows about ``person`` (the caller has checked ``p``)."""
    out = Export(person.id, person.org_id, now)
    for s in sections():
        out.sections.append((s, s.collect(session, p, person)))
    return out


def _plain(value: object) -> Any:
    if isinstance(value, datetime):
        return to_local(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_json(export: Export, gettext: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The export as JSON: sections by key, each with its title and rows (field names as keys,
    translated when ``gettext`` is given)."""
    tr = gettext or (lambda s: s)
    return {
        "person_id": export.person_id,
        "made_at": _plain(export.made_at),
        "sections": {
            s.key: {
                "title": tr(s.title),
                "rows": [{tr(k): _plain(v) for k, v in row.items()} for row in rows],
            }
            for s, rows in export.sections
        },
    }

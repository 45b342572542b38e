"""What the employment program pages share: the form's values, a refusal in words, the day a
page is shown for, and the program or persons a page may show (404 for what the caller may not
see; the page logs each read of a person it shows). The form helpers every domain shares are
:mod:`samverkan.core.forms`, re-exported here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_, NotFound
from samverkan.core.forms import day as day
from samverkan.core.forms import errors as errors
from samverkan.core.forms import form as form
from samverkan.core.forms import gettext as gettext
from samverkan.core.forms import status_of as status_of
from samverkan.employment import queries
from samverkan.employment.models import Participant, Program
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person

TOO_FEW = N_("too few to say")


def blank(f: dict[str, str], *keys: str) -> dict[str, str | None]:
    """The fields ``keys`` of a form, an empty one as None (an optional field left out)."""
    return {k: f.get(k) or None for k in keys}


def use(p: Principal) -> None:
    if not policy.can_use_employment(p):
        raise NotFound(N_("page not found"))


def program_of(db: Session, p: Principal, program_id: int) -> Program:
    found = queries.program(db, p, program_id)
    if found is None:
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def people_of(db: Session, participant_ids: set[int]) -> dict[int, Person]:
    """The person of each participant (the caller has checked the program and logs the read)."""
    if not participant_ids:
        return {}
    rows = db.execute(
        select(Participant.id, Person)
        .join(Person, Person.id == Participant.person_id)
        .where(Participant.id.in_(participant_ids))
    )
    return {pid: person for pid, person in rows}


def org_of(p: Principal, raw: str | int | None) -> int:
    """The organisation a network or matching page is for: ``?org=`` when the caller works
    there, else the first the caller works for; 404 for another's."""
    orgs = sorted(policy.employment_org_ids(p))
    if not orgs:
        raise NotFound(N_("page not found"))
    if raw in (None, ""):
        return orgs[0]
    try:
        org_id = int(raw)
    except ValueError:
        raise NotFound(N_("organisation not found")) from None
    if org_id not in orgs:
        raise NotFound(N_("organisation not found"))
    return org_id


def words(text: str) -> list[str]:
    """A comma- or semicolon-separated field as its words."""
    return [w.strip() for w in text.replace(";", ",").split(",") if w.strip()]

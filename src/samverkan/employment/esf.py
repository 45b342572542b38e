"""The ESF+ participant export: one CSV row per participant of a program (or of every program
of the organisation) with the ESF+ common indicators at entry and at exit.

Choices, for the spreadsheet of a Swedish municipality:

- **Encoding and separator**: UTF-8 with a byte-order mark and ``;`` between cells, what
  Excel set to Swedish opens directly (the decimal comma makes ``,`` the list separator there;
  without the BOM, Excel reads å, ä, ö wrongly). ``sep="comma"`` gives ``,`` for other tools.
- **Headers**: one row of column names in the reader's language through the catalog (Swedish
  by default); the values are the stable codes of the indicators (``long_term_unemployed``,
  ``18_29``, ``isced_0_2``, ``employed``), dates as ISO ``YYYY-MM-DD``: codes do not change
  with the language, so a file can be read by a program and compared year by year.
- **The participant** is a pseudonymous code, never the personnummer or the name: ``D-`` and
  the first 12 hex digits of the HMAC-SHA256 of the organisation and the participant's id
  under the data key's look-up key (:meth:`samverkan.core.crypto.KeyRing.lookup`, purpose
  ``esf``). The same participant has the same code in every export (a later export with the
  6-month results matches the earlier one) until the data key is rotated; without the key
  the code says nothing.
- **Indicators**: status at entry (employed, unemployed, long-term unemployed, inactive), the
  age at entry in the ESF+ bands (below 18, 18–29, 30–54, 55 and over), gender, education
  (ISCED 0–2, 3–4, 5–8), district; the result upon leaving (in employment, in education, job
  searching, other: :func:`.analysis.outcomes.esf_result_at_exit`) and six months after it
  where the follow-up says (:func:`.analysis.outcomes.esf_result_after`), with the dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Literal, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from samverkan.core import audit, crypto
from samverkan.core.errors import N_, NotFound
from samverkan.employment import queries
from samverkan.employment.analysis import outcomes as oc
from samverkan.employment.models import FollowUp, Participant, Program
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal
from samverkan.people.models import Person

Separator = Literal["semicolon", "comma"]
HEADERS = (
    N_("participant code"),
    N_("program"),
    N_("entry date"),
    N_("status at entry"),
    N_("age at entry (ESF+)"),
    N_("gender"),
    N_("education (ISCED)"),
    N_("district"),
    N_("exit date"),
    N_("result upon leaving"),
    N_("result six months after leaving"),
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def code(org_id: int, participant_id: int) -> str:
    """The participant's pseudonymous code in the export (see the module)."""
    return "D-" + crypto.ring().lookup(f"{org_id}:{participant_id}", "esf")[:12].upper()


def _cell(value: object) -> str:
    """A cell a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def rows(
    session: Session, p: Principal, *, program_id: int | None = None, org_id: int | None = None
) -> tuple[list[Participant], list[list[str]]]:
    """The participants exported and their rows: of one program, or of every program of
    ``org_id`` (404 for what the caller does not work in)."""
    if program_id is not None:
        program = queries.program(session, p, program_id)
        if program is None:
            raise NotFound(N_("program %(id)s not found"), id=program_id)
        programs = [program]
    else:
        if org_id is None or not policy.can_work_employment(p, org_id):
            raise NotFound(N_("organisation not found"))
        programs = [x for x in queries.programs(session, p) if x.org_id == org_id]
    by_id: dict[int, Program] = {x.id: x for x in programs}
    found = list(
        session.scalars(
            select(Participant)
            .where(Participant.program_id.in_(by_id))
            .order_by(Participant.program_id, Participant.id)
        )
    )
    ids = [x.id for x in found]
    follow: dict[tuple[int, int], str | None] = {}
    if ids:
        q = select(FollowUp.participant_id, FollowUp.months, FollowUp.status).where(
            FollowUp.participant_id.in_(ids), FollowUp.done_on.is_not(None)
        )
        follow = {(pid, m): s for pid, m, s in session.execute(q)}
    districts = {x.district_id for x in found if x.district_id is not None}
    names = (
        dict(session.execute(select(Area.id, Area.name).where(Area.id.in_(districts))).all())
        if districts
        else {}
    )
    out = []
    for x in found:
        out.append(
            [
                code(x.org_id, x.id),
                by_id[x.program_id].name,
                (x.intake_on or x.referred_on).isoformat(),
                x.entry_status,
                oc.esf_age(x.age_band),
                x.gender,
                x.education,
                names.get(x.district_id, "") if x.district_id is not None else "",
                x.exited_on.isoformat() if x.exited_on else "",
                oc.esf_result_at_exit(x.exit_reason, follow.get((x.id, 1))) or "",
                (oc.esf_result_after(follow.get((x.id, 6))) or "") if x.exited_on else "",
            ]
        )
    return found, out


class Export(NamedTuple):
    """The CSV (UTF-8 with BOM), the people it is about (for the access log), and the
    export's audit event, written into the session given (the access log's transaction)."""

    body: bytes
    people: list[Person]
    record: Callable[[Session], object]


def export(
    session: Session,
    p: Principal,
    gettext: Callable[[str], str],
    *,
    program_id: int | None = None,
    org_id: int | None = None,
    sep: Separator = "semicolon",
) -> Export:
    """The export of a program's (or an organisation's) participants; it reads only: the
    caller writes :attr:`Export.record` (the audit event, with how many participants it holds)
    where it logs the reads, so a reading request writes nothing in its own session."""
    found, table = rows(session, p, program_id=program_id, org_id=org_id)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if sep == "semicolon" else ",", lineterminator="\r\n")
    writer.writerow([gettext(h) for h in HEADERS])
    writer.writerows([[_cell(v) for v in row] for row in table])
    owner = found[0].org_id if found else org_id
    detail: dict[str, object] = {"participants": len(found), "org": owner}

    def record(into: Session) -> object:
        return audit.record(
            into,
            "participant.export_esf",
            actor=p,
            object_type="program",
            object_id=program_id,
            org_id=owner,
            detail=detail,
        )

    people = list(
        session.scalars(
            select(Person)
            .options(load_only(Person.id, Person.org_id))
            .where(Person.id.in_({x.person_id for x in found}))
        )
    )
    return Export(("\ufeff" + buf.getvalue()).encode("utf-8"), people, record)

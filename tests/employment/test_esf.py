"""The ESF+ participant export: one row per participant with the common indicators at entry
and exit, a pseudonymous stable code instead of the personnummer or the name, UTF-8 with BOM
and semicolons (commas on request), Swedish headers, audited, every participant's read logged,
and 404 for anyone but the owner."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import NotFound
from samverkan.core.models import AuditEvent
from samverkan.employment import esf, service
from samverkan.employment.schemas import FollowUpIn
from samverkan.people.models import PersonAccess
from tests.employment.test_reports import _world
from tests.people.conftest import Caseworkers, number


def _parse(body: bytes, delimiter: str = ";") -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def test_the_export_has_a_row_per_participant_with_the_indicators(
    db: Session, people_world: Caseworkers
) -> None:
    program, people = _world(db, people_world)
    p = people_world.principals["handlaggare"]
    service.record_followup(
        db, p, people[0].id, 6, FollowUpIn(done_on=date(2026, 11, 2), status="own_business")
    )
    service.record_followup(
        db, p, people[2].id, 1, FollowUpIn(done_on=date(2026, 4, 2), status="job_seeking")
    )
    db.commit()
    body, persons, record = esf.export(db, p, lambda s: s, program_id=program)
    record(db)
    rows = _parse(body)
    assert rows[0] == list(esf.HEADERS) and len(rows) == 8
    by_code = {r[0]: r for r in rows[1:]}
    assert len(by_code) == 7 and all(c.startswith("D-") and len(c) == 14 for c in by_code)
    first = by_code[esf.code(people[0].org_id, people[0].id)]
    assert first == [
        first[0], "Linkstep", "2026-01-12", "long_term_unemployed", "18_29", "woman",
        "isced_0_2", "Skäggetorp", "2026-05-01", "employed", "employed",
    ]  # fmt: skip
    third = by_code[esf.code(people[2].org_id, people[2].id)]
    assert third[3:] == [
        "long_term_unemployed", "30_54", "woman", "isced_0_2", "Skäggetorp", "2026-03-01",
        "job_searching", "",
    ]  # fmt: skip
    sixth = by_code[esf.code(people[5].org_id, people[5].id)]
    assert sixth[2:] == ["2026-05-01", "inactive", "55_plus", "unknown", "isced_3_4"] + [""] * 4
    text = body.decode("utf-8-sig")
    for serial in range(501, 508):
        assert number(serial) not in text and f"Deltagare {serial}" not in text
    assert {x.id for x in persons} == {x.person_id for x in people}
    # the code is stable: a second export gives the same codes
    again, _, record = esf.export(db, p, lambda s: s, program_id=program)
    record(db)
    assert {r[0] for r in _parse(again)[1:]} == set(by_code)
    audits = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "participant.export_esf")
    ).all()
    assert len(audits) == 2 and audits[0].detail["participants"] == 7


def test_all_programs_of_the_organisation_and_who_may_not(
    db: Session, people_world: Caseworkers
) -> None:
    program, _people = _world(db, people_world)
    org = people_world.ids["kommun_org"]
    body, _, _ = esf.export(
        db, people_world.principals["handlaggare"], lambda s: s, org_id=org, sep="comma"
    )
    assert len(_parse(body, ",")) == 8
    for who in ("nkpg_handlaggare", "polis", "samordnare_only", "lasare"):
        with pytest.raises(NotFound):
            esf.export(db, people_world.principals[who], lambda s: s, program_id=program)
        with pytest.raises(NotFound):
            esf.export(db, people_world.principals[who], lambda s: s, org_id=org)


def test_the_api_gives_the_csv_with_swedish_headers_and_logs_every_read(
    app, db: Session, people_world: Caseworkers, world
) -> None:
    from tests.people.test_personal_tokens import _make_own_token

    program, people = _world(db, people_world)
    secret, _ = _make_own_token(people_world)
    owner = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    got = owner.get(f"/api/v1/employment/programs/{program}/esf.csv")
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    rows = _parse(got.content)
    assert len(rows) == 8 and rows[0][3] == "status vid inskrivning"  # Swedish headers
    assert got.content.count(b";") >= 70
    comma = owner.get(f"/api/v1/employment/programs/{program}/esf.csv?sep=comma")
    assert len(_parse(comma.content, ",")[1]) == len(esf.HEADERS)
    bad = owner.get(f"/api/v1/employment/programs/{program}/esf.csv?sep=tab")
    assert bad.status_code == 422 and "sep" in bad.text
    logged = db.scalar(
        select(func.count(PersonAccess.id)).where(
            PersonAccess.person_id.in_([x.person_id for x in people]), PersonAccess.view == "api"
        )
    )
    assert logged == 14
    partner = TestClient(
        app, headers={"Authorization": f"Bearer {world.personas['rapportor'].token}"}
    )
    other = partner.get(f"/api/v1/employment/programs/{program}/esf.csv")
    assert other.status_code == 404 and "D-" not in other.text

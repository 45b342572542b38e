"""The program owner's reports, checked by hand on a small world: seven participants with
known histories give exact stage counts, monthly entries, medians and quartiles, outcomes by
district, gender and age band; a job factory's hit rate; the shared figures suppressed (no
count from 1 to 4, a secondary cell) and who may see which."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samverkan.core.errors import NotFound
from samverkan.employment import factory, reports, service, shared
from samverkan.employment.analysis import flows
from samverkan.employment.models import Participant, StageChange
from samverkan.employment.schemas import FollowUpIn, ParticipantIn, ProgramIn, StageIn
from samverkan.people.models import Person
from samverkan.people.schemas import BasisIn, PersonIn
from tests.people.conftest import Caseworkers, number

ON = date(2026, 6, 30)
D = date

# serial, district, gender, age band, changes after the referral: (stage, day, kind)
HISTORIES: list[tuple[int, str | None, str, str, list[tuple[str, date, str | None]]]] = [
    (501, "skaggetorp", "woman", "25-29", [
        ("intake", D(2026, 1, 12), None), ("mapped", D(2026, 2, 1), None),
        ("active", D(2026, 3, 1), None), ("placed", D(2026, 4, 1), "employment"),
        ("exited", D(2026, 5, 1), "job"),
    ]),
    (502, "skaggetorp", "man", "18-24", [
        ("intake", D(2026, 1, 20), None), ("mapped", D(2026, 2, 10), None),
        ("active", D(2026, 3, 10), None),
    ]),
    (503, "skaggetorp", "woman", "30-54", [
        ("intake", D(2026, 2, 5), None), ("exited", D(2026, 3, 1), "dropped_out"),
    ]),
    (504, "ryd", "man", "30-54", [("intake", D(2026, 3, 15), None)]),
    (505, "ryd", "woman", "18-24", [
        ("intake", D(2026, 3, 12), None), ("mapped", D(2026, 4, 1), None),
        ("active", D(2026, 4, 15), None), ("matched", D(2026, 5, 1), None),
        ("placed", D(2026, 6, 1), "studies"),
    ]),
    (506, None, "unknown", "55-64", []),
    (507, "skaggetorp", "woman", "25-29", [("intake", D(2026, 6, 20), None)]),
]  # fmt: skip
REFERRED = [D(2026, 1, 5), D(2026, 1, 10), D(2026, 2, 1), D(2026, 3, 1), D(2026, 3, 2),
            D(2026, 5, 1), D(2026, 6, 10)]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh() -> None:
    reports.clear_cache()


def _world(db: Session, cw: Caseworkers) -> tuple[int, list[Participant]]:
    p = cw.principals["handlaggare"]
    program = service.create_program(
        db, p, ProgramIn(name="Linkstep", kind="coaching"), cw.ids["kommun_org"]
    )
    out = []
    for (serial, district, gender, age, changes), referred in zip(HISTORIES, REFERRED, strict=True):
        x = service.enrol(
            db,
            p,
            program.id,
            ParticipantIn(
                person=PersonIn(
                    pnr=number(serial),
                    name=f"Deltagare {serial}",
                    basis=BasisIn(purpose="employment", basis="consent", since=D(2026, 1, 1)),
                ),
                referral="af",
                entry_status="long_term_unemployed" if serial % 2 else "inactive",
                age_band=age,
                gender=gender,
                education="isced_0_2" if serial < 504 else "isced_3_4",
                district_id=cw.ids[district] if district else None,
                referred_on=referred,
            ),
        )
        for stage, on, kind in changes:
            extra = {"placement": kind} if stage == "placed" else {}
            extra |= {"exit_reason": kind} if stage == "exited" else {}
            service.move(db, p, x.id, StageIn(stage=stage, on=on, **extra))
        out.append(x)
    service.record_followup(
        db, p, out[0].id, 1, FollowUpIn(done_on=D(2026, 6, 3), status="employed")
    )
    db.commit()
    return program.id, out


def test_the_dashboard_counts_what_was_worked_out_by_hand(
    db: Session, people_world: Caseworkers
) -> None:
    program, people = _world(db, people_world)
    got = reports.dashboard(db, people_world.principals["handlaggare"], program, on=ON)
    assert got.participants == 7
    assert got.stages == {
        "referred": 1, "intake": 2, "mapped": 0, "active": 1, "matched": 0, "placed": 1,
        "exited": 2,
    }  # fmt: skip
    times = {t.stage: t for t in got.stage_times}
    # referred: 7, 10, 4, 14, 10, 60 (still), 10 days → median 10, quartiles 8.5 and 12
    assert (times["referred"].n, times["referred"].still) == (7, 1)
    assert (times["referred"].q1, times["referred"].median, times["referred"].q3) == (8.5, 10, 12)
    # intake: 20, 21, 24, 107 (still), 20, 10 (still) → median 20.5
    assert (times["intake"].n, times["intake"].still, times["intake"].median) == (6, 2, 20.5)
    assert (times["intake"].q1, times["intake"].q3) == (20.0, 23.25)
    # matched: one participant, 31 days (the owner sees exact figures, even for one)
    assert (times["matched"].n, times["matched"].median) == (1, 31.0)
    assert times["placed"].n == 2 and times["placed"].median == pytest.approx((30 + 29) / 2)
    # the same as the flows analysis on the full histories
    histories = [[(c.stage, c.entered_on) for c in x.changes] for x in people]
    expected = flows.stage_times(histories, today=ON, min_n=1)
    assert [(t.stage, t.n, t.still, t.median, t.q1, t.q3) for t in got.stage_times] == [
        (t.stage, t.n, t.still, t.median, t.q1, t.q3) for t in expected
    ]
    months = {m.month: m.entered for m in got.flows}
    assert min(months) == D(2025, 7, 1) and list(months)[-1] == D(2026, 6, 1)
    assert [months[D(2026, k, 1)]["referred"] for k in range(1, 7)] == [2, 1, 2, 0, 1, 1]
    assert months[D(2026, 3, 1)]["exited"] == 1 and months[D(2026, 5, 1)]["exited"] == 1
    assert months[D(2026, 3, 1)]["intake"] == 2 and months[D(2025, 12, 1)]["intake"] == 0
    assert got.outcomes.placements == {"employment": 1, "studies": 1}
    assert got.outcomes.exits == {"job": 1, "dropped_out": 1}
    assert got.outcomes.followups == {
        1: {"employed": 1, "due": 1}, 6: {"not_due": 2}, 12: {"not_due": 2},
    }  # fmt: skip
    district = {d.name: d for d in got.by_district}
    assert set(district) == {"Skäggetorp", "Ryd", "district not stated"}
    assert district["Skäggetorp"].participants == 4
    assert district["Skäggetorp"].exits == {"job": 1, "dropped_out": 1}
    assert district["Ryd"].placements == {"studies": 1} and district["Ryd"].exits == {}
    assert district["district not stated"].participants == 1
    gender = {g.group: g for g in got.by_gender}
    assert gender["woman"].participants == 4 and gender["woman"].exits["job"] == 1
    assert gender["man"].placements == {} and gender["unknown"].participants == 1
    age = {a.group: a.participants for a in got.by_age_band}
    assert age == {"18-24": 2, "25-29": 2, "30-54": 2, "55-64": 1}
    assert got.hit_rate is None  # no seats


def test_the_dashboard_on_an_earlier_day_leaves_out_what_came_after(
    db: Session, people_world: Caseworkers
) -> None:
    program, _people = _world(db, people_world)
    got = reports.dashboard(db, people_world.principals["handlaggare"], program, on=D(2026, 2, 1))
    assert got.participants == 3  # 501, 502, 503 referred by then
    assert got.stages["intake"] == 1 and got.stages["mapped"] == 1 and got.stages["referred"] == 1
    assert got.outcomes.exits == {} and got.outcomes.placements == {}
    times = {t.stage: t for t in got.stage_times}
    assert times["intake"].n == 2 and times["intake"].still == 1  # 501: 20 days, 502: 12 so far


def test_a_kept_dashboard_is_made_again_once_anything_changes(
    db: Session, people_world: Caseworkers
) -> None:
    program, people = _world(db, people_world)
    p = people_world.principals["handlaggare"]
    first = reports.dashboard(db, p, program, on=ON)
    assert reports.dashboard(db, p, program, on=ON) is first
    service.move(
        db, p, people[1].id, StageIn(stage="exited", on=D(2026, 6, 1), exit_reason="moved")
    )
    db.commit()
    again = reports.dashboard(db, p, program, on=ON)
    assert again is not first and again.stages["exited"] == 3 and again.stages["active"] == 0
    assert again == reports.dashboard(db, p, program, on=ON, cached=False)
    with pytest.raises(NotFound):  # the cache never answers a caller who may not see it
        reports.dashboard(db, people_world.principals["polis"], program, on=ON)


def test_a_job_factory_dashboard_has_its_hit_rate(db: Session, people_world: Caseworkers) -> None:
    program, people = _world(db, people_world)
    p = people_world.principals["handlaggare"]
    for k, x in enumerate(people[:5]):
        seat = factory.add_seat(db, p, program, factory.SeatIn(title=f"Miljövärd {k + 1}"))
        term = factory.start_term(
            db, p, seat.id, factory.TermIn(participant_id=x.id, start=D(2023, 1, 2))
        )
        job = D(2024, 9, 1) if k < 3 else None
        factory.end_term(db, p, term.id, factory.TermEndIn(ended_on=D(2024, 7, 2), job_on=job))
    db.commit()
    got = reports.dashboard(db, p, program, on=ON)
    assert got.hit_rate is not None and len(got.hit_rate) == 1
    rate = got.hit_rate[0]
    assert (rate.group, rate.n, rate.k, rate.rate, rate.too_few) == (2023, 5, 3, 0.6, False)


def test_another_organisation_and_the_est_partners_do_not_see_the_dashboard(
    db: Session, people_world: Caseworkers
) -> None:
    program, _people = _world(db, people_world)
    for who in ("nkpg_handlaggare", "polis", "rapportor", "samordnare_only", "lasare"):
        with pytest.raises(NotFound):
            reports.dashboard(db, people_world.principals[who], program, on=ON)
    with pytest.raises(NotFound):
        shared.shared_figures(db, people_world.principals["nkpg_handlaggare"], program, on=ON)
    with pytest.raises(NotFound):
        shared.shared_figures(db, people_world.principals["outsider"], program, on=ON)


def _hidden_small(table: shared.SharedTable) -> None:
    for row, marks in zip(table.cells, table.marks, strict=True):
        for v, mark in zip(row, marks, strict=True):
            assert v is None or not 0 < v < 5
            assert (v is None) == (mark != "")
    for v in [*table.row_totals, *table.col_totals, table.total]:
        assert v is None or not 0 < v < 5


def test_the_shared_figures_of_seven_people_hide_every_small_count(
    db: Session, people_world: Caseworkers
) -> None:
    program, _people = _world(db, people_world)
    got = shared.shared_figures(db, people_world.principals["polis"], program, on=ON)
    for table in (got.by_district, got.by_gender, got.by_age_band):
        _hidden_small(table)
        assert table.columns == ["ongoing", "work", "studies", "left"]
    assert got.by_district.names == ["Skäggetorp", "Ryd", "district not stated"]
    assert got.by_district.cells[0][0] is None and got.by_district.marks[0][0] == "<5"
    text = got.model_dump_json()
    assert "Deltagare" not in text and "person" not in text


def _many(db: Session, program: int, org: int, district: int, result: str, n: int, k: int) -> None:
    """``n`` participants of ``district`` with ``result``, straight into the tables."""
    stage, placement, reason = {
        "ongoing": ("active", None, None),
        "work": ("exited", "employment", "job"),
        "studies": ("placed", "studies", None),
        "left": ("exited", None, "moved"),
    }[result]
    for i in range(n):
        person = Person(org_id=org, pnr="x", pnr_hash=f"h-{district}-{result}-{k}-{i}", name="x")
        db.add(person)
        db.flush()
        x = Participant(
            org_id=org, program_id=program, person_id=person.id, referral="af",
            entry_status="unemployed", age_band="30-54", gender="man" if i % 2 else "woman",
            education="isced_3_4", district_id=district, stage=stage,
            stage_since=D(2026, 3, 1), referred_on=D(2026, 1, 1), intake_on=D(2026, 1, 15),
            placement=placement, placed_on=D(2026, 2, 1) if placement else None,
            exit_reason=reason, exited_on=D(2026, 3, 1) if reason else None,
        )  # fmt: skip
        x.changes.append(StageChange(stage="referred", entered_on=D(2026, 1, 1)))
        x.changes.append(StageChange(stage=stage, entered_on=D(2026, 3, 1)))
        db.add(x)
    db.flush()


def test_the_shared_figures_hide_a_small_count_and_a_second_cell_beside_it(
    db: Session, people_world: Caseworkers
) -> None:
    p = people_world.principals["handlaggare"]
    org = people_world.ids["kommun_org"]
    program = service.create_program(db, p, ProgramIn(name="Stor", kind="coaching"), org).id
    skagg, ryd = people_world.ids["skaggetorp"], people_world.ids["ryd"]
    for k, (district, result, n) in enumerate(
        [(skagg, "ongoing", 10), (skagg, "work", 6), (skagg, "left", 3),
         (ryd, "ongoing", 8), (ryd, "work", 7), (ryd, "studies", 6), (ryd, "left", 5)]
    ):  # fmt: skip
        _many(db, program, org, district, result, n, k)
    db.commit()
    got = shared.shared_figures(db, people_world.principals["rapportor"], program, on=ON)
    table = got.by_district
    assert table.names == ["Skäggetorp", "Ryd"]
    assert table.row_totals == [19, 26] and table.total == 45
    skagg_row, marks = table.cells[0], table.marks[0]
    assert skagg_row[3] is None and marks[3] == "<5"  # 3 left Skäggetorp
    assert marks.count("..") >= 1  # and a second cell, else 19 − the rest gives the 3 away
    assert table.cells[1][0] == 8 or table.marks[1][0] == ".."
    for t in (got.by_district, got.by_gender, got.by_age_band):
        _hidden_small(t)
    # the owner's exact dashboard of the same program
    exact = reports.dashboard(db, p, program, on=ON)
    assert {d.name: d.exits for d in exact.by_district}["Skäggetorp"] == {"job": 6, "moved": 3}


def test_the_api_serves_the_report_to_the_owner_and_the_shared_figures_to_partners(
    app, db: Session, people_world: Caseworkers, world
) -> None:
    from tests.people.test_personal_tokens import _make_own_token

    program, _people = _world(db, people_world)
    secret, _ = _make_own_token(people_world)
    owner = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    got = owner.get(f"/api/v1/employment/programs/{program}/report?on=2026-06-30")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["participants"] == 7 and body["stages"]["exited"] == 2
    assert body["outcomes"]["exits"] == {"job": 1, "dropped_out": 1}
    partner = TestClient(
        app, headers={"Authorization": f"Bearer {world.personas['rapportor'].token}"}
    )
    assert partner.get(f"/api/v1/employment/programs/{program}/report").status_code == 404
    shared = partner.get(f"/api/v1/employment/programs/{program}/shared?on=2026-06-30")
    assert shared.status_code == 200, shared.text
    assert shared.json()["by_district"]["total"] == 7
    assert "Deltagare" not in shared.text
    outsider = TestClient(
        app, headers={"Authorization": f"Bearer {world.personas['outsider'].token}"}
    )
    assert outsider.get(f"/api/v1/employment/programs/{program}/shared").status_code == 404
    assert owner.get("/api/v1/employment/programs/999999/report").status_code == 404
    bad = owner.get(f"/api/v1/employment/programs/{program}/report?on=2026-13-01")
    assert bad.status_code in (400, 422) and "on" in bad.text

"""The program pages over HTTP: the job factory's seats, seat calendar and hit rate, the summer
jobs' follow-up and the contractor's own view, the matching page, and the program's dashboard;
refusals in words naming the field, nothing half-saved, 404 for whoever may not see it."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.employment import factory, service
from samverkan.employment.models import Seat, SeatTerm
from samverkan.employment.schemas import ProgramIn
from samverkan.people.models import PersonAccess
from tests.employment.test_pathway import _enrol
from tests.people.conftest import Caseworkers

DAY = date(2026, 6, 15)


def _program(db: Session, cw: Caseworkers, kind: str = "job_factory") -> int:
    program = service.create_program(
        db,
        cw.principals["handlaggare"],
        ProgramIn(name="Jobbfabriken", kind=kind, success_months=6),
        cw.ids["kommun_org"],
    )
    db.commit()
    return program.id


def _post(cw: Caseworkers, url: str, who: str = "handlaggare", **data: str):
    client, csrf = cw.clients[who]
    return client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)


def _get(cw: Caseworkers, url: str, who: str = "handlaggare"):
    client, _ = cw.clients[who]
    return client.get(url)


# --- the job factory -------------------------------------------------------------------------


def _factory_world(db: Session, cw: Caseworkers) -> tuple[int, list[int], list[int]]:
    """Five miljövärd seats in Skäggetorp: four held from 2025 (the first frees 2026-07-01)."""
    p = cw.principals["handlaggare"]
    program = _program(db, cw)
    seats = [
        factory.add_seat(
            db, p, program, factory.SeatIn(title=f"Miljövärd {i}", district_id=cw.ids["skaggetorp"])
        ).id
        for i in range(1, 6)
    ]
    people = []
    for i, start in enumerate([date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)]):
        x = _enrol(db, cw, program, serial=700 + i, referred_on=date(2024, 12, 1))
        factory.start_term(db, p, seats[i], factory.TermIn(participant_id=x.id, start=start))
        people.append(x.id)
    waiting = _enrol(db, cw, program, serial=710, referred_on=date(2025, 12, 1))
    people.append(waiting.id)
    db.commit()
    return program, seats, people


def test_the_job_factory_shows_seats_per_district_and_the_seat_calendar(
    db: Session, people_world: Caseworkers
) -> None:
    program, seats, people = _factory_world(db, people_world)
    before = db.scalar(select(func.count()).select_from(PersonAccess))
    page = _get(people_world, f"/sysselsattning/program/{program}/platser?dag={DAY}")
    assert page.status_code == 200, page.text[-800:]
    text = page.text
    # seats per district: 5 in Skäggetorp, 3 held, the first due for recruiting, two free
    row = re.search(r'id="seats-per-district".*?</table>', text, re.S)
    assert row and "Skäggetorp" in row.group(0)
    assert re.search(r"Skäggetorp</th><td>5</td><td>3</td><td>3</td>", row.group(0))
    # the calendar: each seat with when it frees and when to recruit, the bars drawn
    first = re.search(rf'id="plats-{seats[0]}".*?</article>', text, re.S)
    assert first is not None
    seat1 = first.group(0)
    assert "2026-07-01" in seat1 and "2026-04-01" in seat1
    assert 'data-recruit="due"' in seat1 and "Deltagare Syntetisk" in seat1
    assert 'class="bar-term"' in seat1 and 'class="bar-transition"' in seat1
    assert 'class="bar-recruit"' in seat1
    third = re.search(rf'id="plats-{seats[2]}".*?</article>', text, re.S)
    assert third and 'data-recruit="later"' in third.group(0)
    fifth = re.search(rf'id="plats-{seats[4]}".*?</article>', text, re.S)
    assert fifth and 'data-recruit="overdue"' in fifth.group(0)
    assert 'class="bar-' not in fifth.group(0)
    # only the waiting participant may be given a seat
    assert f'<option value="{people[3]}"' in text and f'<option value="{people[0]}"' not in text
    # the names shown are logged as read
    assert db.scalar(select(func.count()).select_from(PersonAccess)) > before


def test_a_term_is_started_ended_and_its_job_recorded_and_a_held_seat_is_refused(
    db: Session, people_world: Caseworkers
) -> None:
    program, seats, people = _factory_world(db, people_world)
    base = f"/sysselsattning/program/{program}"
    # a successor booked on the first seat from the day it frees
    r = _post(
        people_world,
        f"{base}/platser/{seats[0]}/period",
        participant_id=str(people[3]),
        start="2026-07-01",
        dag=DAY.isoformat(),
    )
    assert r.status_code == 303, r.text[-800:]
    assert re.fullmatch(
        rf"{base}/platser\?dag={DAY}&period=\d+#plats-{seats[0]}", r.headers["location"]
    )
    page = _get(people_world, r.headers["location"])
    seat1 = re.search(rf'id="plats-{seats[0]}".*?</article>', page.text, re.S)
    assert (
        seat1 and 'data-recruit="done"' in seat1.group(0) and 'class="bar-next"' in seat1.group(0)
    )
    # the second seat is held until 2026-10-01: refused, in Swedish, naming the field
    r = _post(
        people_world,
        f"{base}/platser/{seats[1]}/period",
        participant_id=str(people[3]),
        start="2026-02-01",
        dag=DAY.isoformat(),
    )
    assert r.status_code == 409 or r.status_code == 422
    assert "Inget sparades" in r.text or "sparades" in r.text
    assert "2025-04-01" in r.text
    held = db.scalar(select(func.count()).select_from(SeatTerm).where(SeatTerm.seat_id == seats[1]))
    assert held == 1
    # the first holder's term ends as planned and a job follows
    term = db.scalar(select(SeatTerm).where(SeatTerm.seat_id == seats[0]).order_by(SeatTerm.start))
    assert term is not None
    r = _post(
        people_world,
        f"{base}/perioder/{term.id}",
        ended_on="2026-07-01",
        job_on="2026-08-15",
        dag=DAY.isoformat(),
    )
    assert r.status_code == 303, r.text[-800:]
    db.expire_all()
    done = db.get(SeatTerm, term.id)
    assert done is not None and done.job_on == date(2026, 8, 15)
    # a job before the term began is refused
    r = _post(people_world, f"{base}/perioder/{term.id}", job_on="2020-01-01", dag=DAY.isoformat())
    assert r.status_code == 422 and "terminen" not in r.text
    db.expire_all()
    assert db.get(SeatTerm, term.id).job_on == date(2026, 8, 15)  # type: ignore[union-attr]


def test_a_seat_needs_its_title_and_the_form_says_so(
    db: Session, people_world: Caseworkers
) -> None:
    program = _program(db, people_world)
    r = _post(people_world, f"/sysselsattning/program/{program}/platser", title="")
    assert r.status_code == 422
    assert 'role="alert"' in r.text
    assert db.scalar(select(func.count()).select_from(Seat)) == 0
    r = _post(
        people_world,
        f"/sysselsattning/program/{program}/platser",
        title="Miljövärd",
        district_id="x",
    )
    assert r.status_code == 422


def test_the_hit_rate_per_cohort_with_its_interval_and_too_few_under_five(
    db: Session, people_world: Caseworkers
) -> None:
    p = people_world.principals["handlaggare"]
    program = _program(db, people_world)
    seats = [factory.add_seat(db, p, program, factory.SeatIn(title=f"P{i}")).id for i in range(6)]
    jobs = [date(2023, 9, 1), date(2023, 12, 1), None, date(2024, 6, 1), date(2023, 8, 1), None]
    for i, job in enumerate(jobs):
        x = _enrol(db, people_world, program, serial=720 + i, referred_on=date(2021, 12, 1))
        t = factory.start_term(
            db, p, seats[i], factory.TermIn(participant_id=x.id, start=date(2022, 1, 1))
        )
        factory.end_term(db, p, t.id, factory.TermEndIn(ended_on=t.planned_end, job_on=job))
    for i in range(2):
        x = _enrol(db, people_world, program, serial=730 + i, referred_on=date(2023, 12, 1))
        t = factory.start_term(
            db, p, seats[i], factory.TermIn(participant_id=x.id, start=date(2024, 1, 1))
        )
        factory.end_term(db, p, t.id, factory.TermEndIn(ended_on=t.planned_end, job_on=None))
    db.commit()
    page = _get(people_world, f"/sysselsattning/program/{program}/platser?dag={DAY}")
    cohort = re.search(r'id="rates-cohort".*?</table>', page.text, re.S)
    assert cohort is not None
    rows = dict(re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', cohort.group(0), re.S))
    # 2022: 3 of 6 found a job within 6 months (the 2024-06-01 one came too late)
    assert "50 %" in rows["2022"] and "3 / 6" in rows["2022"] and "–" in rows["2022"]
    assert "för få" in rows["2024"] or "too few" in rows["2024"]
    assert "/ 2" not in rows["2024"]


def test_nobody_else_sees_the_job_factory(db: Session, people_world: Caseworkers) -> None:
    program, seats, people = _factory_world(db, people_world)
    for who in ("nkpg_handlaggare", "lasare", "samordnare_only", "rapportor", "polis"):
        r = _get(people_world, f"/sysselsattning/program/{program}/platser", who)
        assert r.status_code == 404, who
        assert "Deltagare Syntetisk" not in r.text and "Miljövärd" not in r.text
        r = _post(
            people_world,
            f"/sysselsattning/program/{program}/platser/{seats[4]}/period",
            who,
            participant_id=str(people[3]),
            start="2026-07-01",
        )
        assert r.status_code == 404, who
    assert (
        db.scalar(select(func.count()).select_from(SeatTerm).where(SeatTerm.seat_id == seats[4]))
        == 0
    )


def test_the_programs_page_shows_its_figures_for_the_owner(
    db: Session, people_world: Caseworkers
) -> None:
    """Four participants referred 2024-12-01 or 2025-12-01, none moved on: on 2026-06-15 the
    page counts them in "remitterad", 561 days for three of them and 196 for the fourth (the
    quartiles interpolated: 196 + ¾ × 365 ≈ 470)."""
    program, _seats, _people = _factory_world(db, people_world)
    page = _get(people_world, f"/sysselsattning/program/{program}?dag={DAY}")
    assert page.status_code == 200
    times = re.search(r'id="stage-times".*?</table>', page.text, re.S)
    assert times is not None
    row = re.search(r"remitterad</th>(.*?)</tr>", times.group(0), re.S)
    assert row is not None
    cells = re.findall(r">([^<>]+)</td>", row.group(1))
    assert cells == ["4", "4", "561", "470–561"]
    assert "Utfall per stadsdel, kön och åldersgrupp" in page.text
    assert (
        _get(people_world, f"/sysselsattning/program/{program}", "nkpg_handlaggare").status_code
        == 404
    )


def test_the_esf_export_from_the_page_names_no_one_and_logs_each_read(
    db: Session, people_world: Caseworkers
) -> None:
    """The owner downloads the ESF+ CSV from the program's page: one row per participant with
    a pseudonymous code, no personnummer or name; each participant's read is in the access log
    as "in an export (CSV)"; another organisation's case worker gets 404."""
    import csv
    import io

    from sqlalchemy import func, select

    from samverkan.people.models import PersonAccess

    program, _seats, _people = _factory_world(db, people_world)
    page = _get(people_world, f"/sysselsattning/program/{program}")
    assert f'href="/sysselsattning/program/{program}/esf.csv"' in page.text
    got = _get(people_world, f"/sysselsattning/program/{program}/esf.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    text = got.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + 4
    assert all(r[0].startswith("D-") for r in rows[1:])
    assert "Deltagare Syntetisk" not in text and "19840309" not in text
    logged = db.scalar(
        select(func.count()).select_from(PersonAccess).where(PersonAccess.view == "export_csv")
    )
    assert logged == 4
    other = _get(people_world, f"/sysselsattning/program/{program}/esf.csv", "nkpg_handlaggare")
    assert other.status_code == 404

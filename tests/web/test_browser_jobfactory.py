"""The job factory and a program's figures in a real browser: the housing company's work
leader opens the caseload, goes to the program's seats, sees the seats per district and a seat
due for recruiting, starts a term for a waiting participant on the free seat and sees it held;
the program's page shows the days in each stage and the ESF+ export downloads as CSV without a
name or personnummer. At a phone's width nothing scrolls sideways and the seat calendar fits.

The server is the demo with its person register, without its reports or employment data; the
test's own program (two miljövärd seats in Skäggetorp, one held since 1 January 2025, a
participant waiting) is made through the services once the server runs, and the pages are
shown for 15 May 2026 (``?dag=``): the held seat frees on 1 July, recruiting is due.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from samverkan.core.db import make_sessionmaker, session_scope
from samverkan.demo.people import demo_number
from samverkan.employment import factory, service
from samverkan.employment.schemas import ParticipantIn, ProgramIn, StageIn
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import User
from samverkan.people.schemas import BasisIn, PersonIn
from tests.live import Live, live_demo_server
from tests.web.browsing import (
    DESKTOP,
    PHONE,
    OpenPage,
    assert_no_horizontal_scroll,
    log_in_as,
    path_of,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LEADER = "arbetsledare@stangastaden.demo"
PROGRAM = "Webbfabriken"
HOLDER = "Testvärd Webbett"
WAITING = "Testvärd Webbtvå"
DAY = "2026-05-15"


@dataclass(frozen=True)
class Made:
    program_id: int
    seats: tuple[int, int]
    waiting: int


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(
        tmp_path_factory.mktemp("jobfactory"), incidents=False, people=True, employment=False
    ) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


@pytest.fixture(scope="module")
def made(live: Live) -> Made:
    with session_scope(make_sessionmaker(live.engine), write=True) as s:
        user = s.scalar(select(User).where(User.email == LEADER))
        assert user is not None
        p = org_queries.principal_for_user(s, user)
        org_id = min(policy.employment_org_ids(p))
        skaggetorp = s.scalar(select(Area.id).where(Area.name == "Skäggetorp"))
        program = service.create_program(
            s, p, ProgramIn(name=PROGRAM, kind="job_factory", success_months=6), org_id
        )
        seats = tuple(
            factory.add_seat(
                s, p, program.id, factory.SeatIn(title=f"Webbplats {i}", district_id=skaggetorp)
            ).id
            for i in (1, 2)
        )
        people = []
        for serial, name in ((981, HOLDER), (982, WAITING)):
            x = service.enrol(
                s,
                p,
                program.id,
                ParticipantIn(
                    person=PersonIn(
                        pnr=demo_number(30, serial),
                        name=name,
                        basis=BasisIn(
                            purpose="employment", basis="consent", since=date(2024, 11, 1)
                        ),
                    ),
                    referral="af",
                    entry_status="long_term_unemployed",
                    age_band="30-54",
                    gender="man",
                    education="isced_0_2",
                    district_id=skaggetorp,
                    referred_on=date(2024, 11, 4),
                ),
            )
            service.move(s, p, x.id, StageIn(stage="intake", on=date(2024, 11, 18)))
            people.append(x.id)
        factory.start_term(
            s, p, seats[0], factory.TermIn(participant_id=people[0], start=date(2025, 1, 1))
        )
        return Made(program.id, seats, people[1])  # type: ignore[arg-type]


def test_the_work_leader_fills_a_free_seat(open_page: OpenPage, made: Made) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, LEADER)
    page.locator('header nav a[href="/sysselsattning"]').click()
    page.locator(f'#programs a[href="/sysselsattning/program/{made.program_id}/platser"]').click()
    assert path_of(page) == f"/sysselsattning/program/{made.program_id}/platser"
    page.locator("#f-dag").fill(DAY)
    page.locator("form.filters button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text(PROGRAM)

    district = page.locator("#seats-per-district tbody tr", has_text="Skäggetorp")
    # seats, held, to recruit (the free seat and the one that frees in six weeks)
    expect(district.locator("td")).to_have_text(["2", "1", "2"])
    held = page.locator(f"#plats-{made.seats[0]}")
    expect(held).to_contain_text(f"Innehas av {HOLDER} till 2026-07-01")
    expect(held.locator('[data-recruit="due"]')).to_have_text("rekrytera nu")
    expect(held.locator("svg rect.bar-term")).to_have_count(1)
    expect(held.locator("svg rect.bar-recruit")).to_have_count(1)
    free = page.locator(f"#plats-{made.seats[1]}")
    expect(free).to_contain_text("Inte tillsatt ännu.")
    assert_no_horizontal_scroll(page)

    free.locator("summary").click()
    form = free.locator("form.start-term")
    form.locator("select[name=participant_id]").select_option(str(made.waiting))
    form.locator("input[name=start]").fill("2026-05-18")
    form.locator("button[type=submit]").click()
    free = page.locator(f"#plats-{made.seats[1]}")
    expect(free.locator("svg rect.bar-next")).to_have_count(1)  # booked, starts after the day
    expect(free).to_contain_text(f"{WAITING} börjar 2026-05-18.")
    # no term has ended: each cohort too few to say, its term not yet known
    cohort = page.locator("#rates-cohort tbody tr", has_text="2025")
    expect(cohort).to_contain_text("för få för att säga")
    expect(cohort.locator("td").last).to_have_text("1")
    screenshot(page, "samverkan-jobfactory.png", full_page=True)
    watch.assert_clean()


def test_the_program_shows_its_figures_and_exports_esf(open_page: OpenPage, made: Made) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, LEADER)
    page.goto(f"/sysselsattning/program/{made.program_id}?dag={DAY}")
    expect(page.locator("h1")).to_have_text(PROGRAM)
    counts = page.locator("#stage-counts tbody tr")
    expect(counts.filter(has_text="inskrivning").locator("td")).to_have_text("2")
    times = page.locator("#stage-times tbody tr", has_text="remitterad")
    expect(times.locator("td").first).to_have_text("2")
    with page.expect_download() as info:
        page.locator("#esf-link").click()
    download = info.value
    assert download.suggested_filename == f"esf-program-{made.program_id}.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3 and rows[0][0].startswith("deltagar")
    assert HOLDER not in text and WAITING not in text and demo_number(30, 981)[:8] not in text
    watch.assert_clean()


def test_the_seat_calendar_fits_a_phone(open_page: OpenPage, made: Made) -> None:
    page, watch = open_page(PHONE)
    log_in_as(page, watch, LEADER)
    page.goto(f"/sysselsattning/program/{made.program_id}/platser?dag={DAY}")
    expect(page.locator(f"#plats-{made.seats[0]}")).to_be_visible()
    assert_no_horizontal_scroll(page)
    svg = page.locator(f"#plats-{made.seats[0]} svg")
    box = svg.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.goto(f"/sysselsattning/program/{made.program_id}?dag={DAY}")
    assert_no_horizontal_scroll(page)
    screenshot(page, "samverkan-program-phone.png", full_page=True)
    watch.assert_clean()

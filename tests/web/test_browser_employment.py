"""The employment programs' pages (Sysselsättning) in a real browser: the handläggare opens
the caseload, narrows it to a program, opens a participant, is refused a placement before the
intake (in Swedish, nothing saved), moves them on, logs a coaching session whose notes name
another person's personnummer and sees it taken out; at desktop and phone widths nothing
scrolls sideways; the analyst of the same organisation and the police get 404.

The server is the demo without its reports, with the person register; the test's own program
and participant are made through the services once the server runs (the demo's own employment
data may be there too: the test narrows the list to its program).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from samverkan.core import personnummer
from samverkan.core.db import make_sessionmaker, session_scope
from samverkan.demo.people import demo_number
from samverkan.employment import service
from samverkan.employment.schemas import ParticipantIn, ProgramIn
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

CASEWORKER = "handlaggare@linkoping.demo"
PROGRAM = "Webbprogrammet"
NAME = "Testperson Webb"
# Another person's (synthetic) number, written in the notes. Not one of the demo's 1890 test
# numbers: the redaction knows the centuries 19 and 20 only.
OTHER = str(personnummer.make(date(1984, 3, 9), 523))


@dataclass(frozen=True)
class Made:
    program_id: int
    participant_id: int


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(tmp_path_factory.mktemp("employment"), incidents=False, people=True) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


@pytest.fixture(scope="module")
def made(live: Live) -> Made:
    """The test's program and participant (referred, not yet taken in), by the handläggare."""
    with session_scope(make_sessionmaker(live.engine), write=True) as s:
        user = s.scalar(select(User).where(User.email == CASEWORKER))
        assert user is not None
        p = org_queries.principal_for_user(s, user)
        org_id = min(policy.employment_org_ids(p))
        program = service.create_program(s, p, ProgramIn(name=PROGRAM, kind="coaching"), org_id)
        data = ParticipantIn(
            person=PersonIn(
                pnr=demo_number(28, 994),
                name=NAME,
                basis=BasisIn(purpose="employment", basis="consent", since=date(2026, 1, 5)),
            ),
            referral="af",
            entry_status="long_term_unemployed",
            age_band="25-29",
            gender="woman",
            education="isced_0_2",
            occupations=["5152"],
            referred_on=date(2026, 1, 5),
        )
        x = service.enrol(s, p, program.id, data)
        return Made(program.id, x.id)


def test_the_caseworker_moves_a_participant_and_logs_a_session(
    open_page: OpenPage, made: Made
) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, CASEWORKER)
    page.locator('header nav a[href="/sysselsattning"]').click()
    page.locator("#f-program").select_option(str(made.program_id))
    page.locator("#filters button[type=submit]").click()
    rows = page.locator("#participants tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAME)
    expect(rows.first).to_contain_text("remitterad")  # the stage in Swedish
    assert_no_horizontal_scroll(page)

    rows.first.get_by_role("link", name=NAME).click()
    expect(page.locator("h1")).to_have_text(NAME)
    participant = f"/sysselsattning/deltagare/{made.participant_id}"
    assert path_of(page) == participant
    expect(page.locator("#occupations")).to_contain_text("5152 Fastighetsskötare")
    expect(page.locator("#register-link")).to_have_attribute("href", re.compile(r"^/personer/\d+$"))
    assert_no_horizontal_scroll(page)

    # a placement while still referred: before any intake, refused in words, nothing saved
    form = page.locator("#move-form")
    form.locator("#m-stage").select_option("placed")
    form.locator("#m-placement").select_option("internship")
    form.locator("button[type=submit]").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Inget sparades")
    expect(alert).to_contain_text("en placering kan inte dateras före inskrivningen")
    expect(page.locator("#timeline li")).to_have_count(1)
    expect(page.locator("#m-stage")).to_have_value("placed")  # what was chosen stays

    # the intake, then an exit without its reason: refused; the timeline has the intake
    page.locator("#m-stage").select_option("intake")
    page.locator("#move-form button[type=submit]").click()
    expect(page.locator("#timeline li")).to_have_count(2)
    expect(page.locator("#timeline li").last).to_contain_text("inskrivning")
    expect(page.locator("#stage")).to_have_text("inskrivning")
    page.locator("#m-stage").select_option("exited")
    page.locator("#move-form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("ett avslut måste ha ett skäl")
    expect(page.locator("#timeline li")).to_have_count(2)

    # a coaching session naming someone else by personnummer: stored without it
    page.locator("#c-minutes").fill("40")
    page.locator("#c-notes").fill(f"Pratade om grannen {OTHER} och om truckkortet.")
    page.locator("#coaching-form button[type=submit]").click()
    sessions = page.locator("#sessions li")
    expect(sessions).to_have_count(1)
    expect(sessions.first).to_contain_text("[borttaget]")
    expect(sessions.first).to_contain_text("om truckkortet")
    expect(page.locator("#redacted")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(OTHER)
    assert_no_horizontal_scroll(page)
    screenshot(page, "samverkan-participant.png", full_page=True)
    watch.assert_clean((422, f"{participant}/steg"))


def test_the_pages_fit_a_phone(open_page: OpenPage, made: Made) -> None:
    page, watch = open_page(PHONE)
    log_in_as(page, watch, CASEWORKER)
    page.goto(f"/sysselsattning?program={made.program_id}")
    row = page.locator("#participants tbody tr").first
    expect(row).to_contain_text(NAME)
    assert_no_horizontal_scroll(page)
    row.scroll_into_view_if_needed()
    for i in (0, 1):  # the name and the stage in view, without scrolling the table
        expect(row.locator("td").nth(i)).to_be_in_viewport()
    page.goto(f"/sysselsattning/deltagare/{made.participant_id}")
    expect(page.locator("h1")).to_have_text(NAME)
    assert_no_horizontal_scroll(page)
    page.goto(f"/sysselsattning/ny?program={made.program_id}")
    expect(page.locator("#enrol-form")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "samverkan-enrol-phone.png", full_page=True)
    watch.assert_clean()


@pytest.mark.parametrize("email", ["analytiker@linkoping.demo", "polis@polisen.demo"])
def test_other_personas_get_404(open_page: OpenPage, made: Made, email: str) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, email)
    expect(page.locator('header nav a[href="/sysselsattning"]')).to_have_count(0)
    participant = f"/sysselsattning/deltagare/{made.participant_id}"
    for path in (participant, "/sysselsattning"):
        page.goto(path)
        expect(page.locator("h1")).to_have_text("Finns inte")
        expect(page.locator("main")).not_to_contain_text(NAME)
    watch.assert_clean((404, participant), (404, "/sysselsattning"))

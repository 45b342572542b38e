"""Summer jobs in a real browser: the contractor's reporter finds the summer jobs in the menu,
opens Stångåstaden's contract, reports 3 young people from the form and sees the people
employed go up; Stångåstaden's case worker sees the contract behind its pace, with its warning
and no report form; at a phone's width nothing scrolls sideways; another reporter gets 404.

The server is the demo with its person register, without its incident reports or employment
data; the test's own contract (summer 2026, 100 people, 20 employed) is made through the
services once the server runs, and every page is shown for 31 July 2026 (``?dag=``), when 66
of the 100 are due: behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from samverkan.core.db import make_sessionmaker, session_scope
from samverkan.employment import summer
from samverkan.geo.models import Area
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import User
from tests.live import Live, live_demo_server
from tests.web.browsing import (
    DESKTOP,
    PHONE,
    OpenPage,
    assert_no_horizontal_scroll,
    log_in_as,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

OWNER = "arbetsledare@stangastaden.demo"
REPORTER = "rapportor@skotselpartner.demo"
OTHER = "rapportor@willhem.demo"
CONTRACTOR = "Skötselpartner Öst AB (demo)"
TITLE = "Webbavtalet: sommarjobb i Skäggetorp"
DAY = "2026-07-31"
LIST = f"/sysselsattning/sommarjobb?dag={DAY}"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(
        tmp_path_factory.mktemp("summer"), incidents=False, people=True, employment=False
    ) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


def _principal(s, email: str):
    user = s.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return org_queries.principal_for_user(s, user)


@pytest.fixture(scope="module")
def contract_id(live: Live) -> int:
    """Stångåstaden's contract with its contractor, 20 of 100 employed in June."""
    with session_scope(make_sessionmaker(live.engine), write=True) as s:
        owner, reporter = _principal(s, OWNER), _principal(s, REPORTER)
        contractor = org_queries.org_by_name(s, CONTRACTOR)
        district = s.scalar(select(Area).where(Area.name == "Skäggetorp"))
        assert contractor is not None and district is not None
        contract = summer.create_contract(
            s,
            owner,
            summer.ContractIn(
                contractor_org_id=contractor.id,
                reference="UH-WEBB-1",
                title=TITLE,
                target_group="16–19 år",
                required_people=100,
                period_start=date(2026, 6, 1),
                period_end=date(2026, 8, 31),
            ),
        )
        summer.report(
            s,
            reporter,
            contract.id,
            summer.ReportIn(
                employed_on=date(2026, 6, 15),
                age_band="15-17",
                district_id=district.id,
                people=20,
                months=1.5,
            ),
        )
        return contract.id


def test_the_contractor_reports_three_people_and_sees_them_counted(
    open_page: OpenPage, contract_id: int
) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, REPORTER)
    entry = page.locator('header nav a[href="/sysselsattning/sommarjobb"]')
    expect(entry).to_have_count(1)  # a contractor's way in
    expect(page.locator('header nav a[href="/sysselsattning"]')).to_have_count(0)
    entry.click()
    page.goto(LIST)  # the day shown, not today
    row = page.locator(f"#avtal-{contract_id}")
    expect(row).to_contain_text("UH-WEBB-1")
    expect(page.locator("#contract-form")).to_have_count(0)
    row.get_by_role("link", name="UH-WEBB-1").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    before = int(page.locator("#delivered").inner_text())
    assert before >= 20

    form = page.locator("#report-form")
    form.locator("#r-on").fill("2026-07-20")
    form.locator("#r-band").select_option("18-24")
    form.locator("#r-district").select_option(label="Skäggetorp")
    form.locator("#r-people").fill("3")
    form.locator("#r-months").fill("1,5")
    form.locator("button[type=submit]").click()
    expect(page.locator("#delivered")).to_have_text(str(before + 3))
    assert "#rapport-" in page.url and f"dag={DAY}" in page.url
    report = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{report}")).to_contain_text("18-24")
    expect(page.locator(f"#{report}")).to_contain_text("Skäggetorp")
    expect(page.locator("#by-age-band")).to_contain_text("18-24")
    assert_no_horizontal_scroll(page)
    screenshot(page, "samverkan-summer-contractor.png", full_page=True)
    watch.assert_clean()


def test_the_owner_sees_the_contract_behind_its_pace(open_page: OpenPage, contract_id: int) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, OWNER)
    page.goto(LIST)
    row = page.locator(f"#avtal-{contract_id}")
    expect(row).to_have_attribute("data-status", "behind")
    expect(row.locator(".badge")).to_be_visible()
    expect(row).to_contain_text(CONTRACTOR)
    expect(page.locator("#contract-form")).to_have_count(1)  # the owner adds contracts
    row.get_by_role("link", name="UH-WEBB-1").click()
    warning = page.locator("#pace-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(DAY)
    expect(warning).to_contain_text("66")  # expected by then: 100 × 61/92
    expect(page.locator("#status")).to_have_attribute("data-status", "behind")
    expect(page.locator("#required")).to_have_text("100")
    expect(page.locator("#pace-bar .bar-expected")).to_have_count(1)
    expect(page.locator("#report-form")).to_have_count(0)  # the owner does not report
    screenshot(page, "samverkan-summer-owner.png", full_page=True)
    watch.assert_clean()


@pytest.mark.parametrize("email", [REPORTER, OWNER])
def test_the_pages_fit_a_phone(open_page: OpenPage, contract_id: int, email: str) -> None:
    page, watch = open_page(PHONE)
    log_in_as(page, watch, email)
    page.goto(LIST)
    expect(page.locator(f"#avtal-{contract_id}")).to_contain_text("UH-WEBB-1")
    assert_no_horizontal_scroll(page)
    page.goto(f"/sysselsattning/sommarjobb/{contract_id}?dag={DAY}")
    expect(page.locator("#delivered")).to_be_visible()
    assert_no_horizontal_scroll(page)
    if email == REPORTER:
        page.locator("#report-form").scroll_into_view_if_needed()
        expect(page.locator("#report-form")).to_be_visible()
    screenshot(page, f"samverkan-summer-phone-{email.split('@')[0]}.png", full_page=True)
    watch.assert_clean()


def test_another_reporter_gets_404(open_page: OpenPage, contract_id: int) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, OTHER)
    path = f"/sysselsattning/sommarjobb/{contract_id}"
    page.goto(f"{path}?dag={DAY}")
    expect(page.locator("h1")).to_have_text("Finns inte")
    expect(page.locator("main")).not_to_contain_text(TITLE)
    page.goto(LIST)  # its own list: empty
    expect(page.locator("#no-contracts")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(TITLE)
    watch.assert_clean((404, path))

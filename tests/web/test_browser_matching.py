"""Matching in a real browser: the matching coach of the demo opens Sysselsättning, goes to
matching, asks for proposals, reads a proposal's reasons in Swedish, confirms it and records
the hire (the participant is then placed); on the employer network page an opening with an
unknown SSYK code is refused by name (nothing saved) and one typed as the list offers it is
added. At a phone's width nothing scrolls sideways and a proposal's name and buttons are in
view; the police get 404.

The server is the demo with its person register and employment data (employers, openings
and participants who are looking), without its incident reports.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

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

COACH = "matchning@linkoping.demo"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(
        tmp_path_factory.mktemp("matching"), incidents=False, people=True, employment=True
    ) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


def test_the_coach_proposes_confirms_and_records_a_hire(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, COACH)
    page.locator('header nav a[href="/sysselsattning"]').click()
    page.locator("#matching-link").click()
    assert path_of(page) == "/sysselsattning/matchning"
    expect(page.locator("h1")).to_have_text("Matchning")

    page.locator("#propose button[type=submit]").click()
    proposals = page.locator("#proposals tbody tr")
    expect(proposals.first).to_be_visible()
    count = proposals.count()
    assert count >= 3
    first = proposals.first
    row_id = first.get_attribute("id")
    assert row_id and row_id.startswith("matchning-")
    assert page.url.endswith(f"#{row_id}")  # back at the best proposal
    expect(first.locator("ul.reasons li").first).to_contain_text("samma yrke")
    name = first.locator("th a").inner_text()
    href = first.locator("th a").get_attribute("href")
    assert href and href.startswith("/sysselsattning/deltagare/")
    assert_no_horizontal_scroll(page)

    first.get_by_role("button", name="Bekräfta", exact=True).click()
    confirmed = page.locator(f"#confirmed tr#{row_id}")
    expect(confirmed).to_contain_text(name)
    expect(page.locator("#proposals tbody tr")).to_have_count(count - 1)

    confirmed.get_by_role("button", name="Anställd", exact=True).click()
    decided = page.locator(f"#decided tr#{row_id}")
    expect(decided).to_contain_text("anställd")
    expect(page.locator(f"#confirmed tr#{row_id}")).to_have_count(0)
    page.goto(href)
    expect(page.locator("#stage")).to_have_text("placerad")
    watch.assert_clean()


def test_an_opening_with_an_unknown_occupation_is_refused_and_a_good_one_added(
    open_page: OpenPage,
) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, COACH)
    page.goto("/sysselsattning/arbetsgivare")
    expect(page.locator("h1")).to_have_text("Arbetsgivare och tjänster")
    before = page.locator("#openings tbody tr").count()
    page.locator("#tjanster summary").click()
    form = page.locator("#add-opening")
    form.locator("#o-title").fill("Trappstädare")
    form.locator("#o-ssyk").fill("9999")
    form.locator("#o-start").fill("2027-03-01")
    form.locator("button[type=submit]").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Inget sparades")
    expect(alert).to_contain_text("yrke (SSYK 2012)")
    expect(alert).to_contain_text("9999")
    expect(page.locator("#openings tbody tr")).to_have_count(before)
    expect(page.locator("#o-title")).to_have_value("Trappstädare")  # what was typed stays

    page.locator("#o-ssyk").fill("9111 Städare")
    page.locator("#add-opening button[type=submit]").click()
    expect(page.locator("#openings tbody tr")).to_have_count(before + 1)
    added = page.locator("#openings tbody tr", has_text="Trappstädare")
    expect(added).to_contain_text("9111 Städare")
    expect(added).to_contain_text("0 / 1")
    assert_no_horizontal_scroll(page)
    watch.assert_clean((422, "/sysselsattning/tjanster"))


def test_the_matching_pages_fit_a_phone(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE)
    log_in_as(page, watch, COACH)
    page.goto("/sysselsattning/matchning")
    assert_no_horizontal_scroll(page)
    row = page.locator("#proposals tbody tr").first
    if row.count() == 0:  # the first test decided them all: ask again
        page.locator("#propose button[type=submit]").click()
        row = page.locator("#proposals tbody tr").first
    row.scroll_into_view_if_needed()
    expect(row.locator("th a")).to_be_in_viewport()
    expect(row.get_by_role("button", name="Bekräfta")).to_be_in_viewport()
    assert_no_horizontal_scroll(page)
    screenshot(page, "samverkan-matching-phone.png", full_page=True)
    page.goto("/sysselsattning/arbetsgivare")
    expect(page.locator("#openings tbody tr").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    watch.assert_clean()


def test_the_police_get_404(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, "polis@polisen.demo")
    for path in ("/sysselsattning/matchning", "/sysselsattning/arbetsgivare"):
        page.goto(path)
        expect(page.locator("h1")).to_have_text("Finns inte")
        expect(page.locator("main")).not_to_contain_text("Testdeltagare")
    watch.assert_clean((404, "/sysselsattning/matchning"), (404, "/sysselsattning/arbetsgivare"))

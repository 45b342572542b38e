"""Presence plans, the coordinated calendar and the yearly evaluation in a real browser, on the
demo (fixtures in conftest.py: a live server on a seeded demo database)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browsing import (
    DESKTOP,
    PHONE,
    OpenPage,
    assert_no_horizontal_scroll,
    log_in,
    screenshot,
    wait_for_start_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_coming_weeks_presence_plan_is_a_timetable(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.locator("header nav").get_by_role("link", name="Närvaro").click()
    expect(page.locator("h1")).to_have_text("Närvaro")
    expect(page.locator("#team-1")).to_contain_text("Amira Haddad")
    page.locator("#plans-h + form + ul a").first.click()
    expect(page.locator("h1")).to_contain_text("Närvaroplan v.")
    table = page.locator("table.timetable").first
    expect(table).to_contain_text("Fredag")
    expect(table.locator(".stint").first).to_be_visible()
    expect(page.get_by_role("link", name="Kalender (iCal)")).to_be_visible()
    screenshot(page, "samverkan-narvaroplan.png", full_page=True)

    # a samordnare makes the plan again for the same week: the page comes back with it
    page.goto("/narvaro")
    page.get_by_role("button", name="Gör närvaroplan").click()
    expect(page.locator("h1")).to_contain_text("Närvaroplan v.")
    watch.assert_clean()


def test_the_calendar_and_the_evaluation(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/insatser")
    page.get_by_role("link", name="Samordnad kalender").click()
    expect(page.locator("h1")).to_have_text("Samordnad kalender")
    expect(page.locator("table.calendar")).to_contain_text("Berga")
    expect(page.locator("#sum-h + ul")).to_contain_text("samordna")
    screenshot(page, "samverkan-kalender.png", full_page=True)
    page.goto("/insatser")
    page.get_by_role("link", name="Årlig utvärdering").click()
    expect(page.locator("h1")).to_contain_text("Utvärdering")
    expect(page.locator("#types-h + div table")).to_contain_text("ingen säker skillnad")
    watch.assert_clean()


def test_the_presence_pages_fit_a_phone(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/narvaro")
    expect(page.locator("h1")).to_have_text("Närvaro")
    assert_no_horizontal_scroll(page)
    watch.assert_clean()


def test_removing_a_member_asks_first(open_page: OpenPage) -> None:
    """One click on "Ta bort" only opens the question; the member goes with the second."""
    page, watch = open_page(DESKTOP)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/narvaro")
    card = page.locator("#team-1")
    confirm = card.get_by_role("button", name="Ta bort Amira Haddad ur teamet")
    expect(confirm).to_be_hidden()
    card.locator("summary", has_text="Amira Haddad").click()
    expect(confirm).to_be_visible()
    expect(card).to_contain_text("Amira Haddad")  # nothing removed by the first click
    watch.assert_clean()

"""The EST pages on a 390 px phone show their point, not a clipped table: the lägesbild's
overview (area, level, the week's count and its unusual increases) first with each area's
table behind a disclosure, Insatser's owner and status, the calendar's week in progress, the
presence plan's days and a team's hours, each inside the screen. On a desktop the lägesbild
starts with the overview too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.web.browsing import (
    DESKTOP,
    PHONE,
    OpenPage,
    assert_no_horizontal_scroll,
    log_in,
    wait_for_start_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _on_screen(page: Page, cells: Locator, what: str) -> int:
    """Every one of ``cells`` is drawn and lies within the screen's width; how many."""
    width = page.viewport_size["width"] if page.viewport_size else 390
    n = cells.count()
    for i in range(n):
        cell = cells.nth(i)
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        assert box is not None and box["width"] > 0, f"{what} {i} is not drawn"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (what, i, box)
    return n


def test_the_lagesbild_on_a_phone_shows_the_overview_and_keeps_the_tables_behind_it(
    open_page: OpenPage,
) -> None:
    page, watch = open_page(PHONE)
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/lagesbild")
    overview = page.locator("section.overview")
    expect(overview).to_be_visible()
    rows = overview.locator("tbody tr")
    assert rows.count() == 5  # the demo's kommun, town and three districts
    assert _on_screen(page, overview.locator("tbody .tag"), "level") == 5
    assert _on_screen(page, overview.locator("tbody td.num"), "count") == 10
    assert _on_screen(page, overview.locator("tbody td.wide"), "signals") == 5
    expect(overview).to_contain_text("Klotter")
    # each area's table waits behind its disclosure; the page is a third of what it was
    tables = page.locator("details.area-table")
    assert tables.count() == 5
    assert all(not tables.nth(i).evaluate("d => d.open") for i in range(5))
    assert page.evaluate("document.documentElement.scrollHeight") < 10_000
    berga = page.locator("section.area-picture", has_text="Berga").first
    berga.locator("details.area-table summary").click()
    signal = berga.locator("tr.signal").first
    expect(signal).to_be_visible()
    assert _on_screen(page, signal.locator("td"), "signal row cell") >= 4
    assert "Ovanlig ökning" in signal.inner_text()
    assert_no_horizontal_scroll(page)
    watch.assert_clean()


def test_the_lagesbild_on_a_desktop_starts_with_the_overview(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/lagesbild")
    first_area = page.locator("section.area-picture").first.bounding_box()
    overview = page.locator("section.overview").bounding_box()
    assert overview is not None and first_area is not None
    assert overview["y"] < first_area["y"]
    heads = page.locator("section.overview thead th").all_inner_texts()
    assert heads[:4] == ["Område", "Nivå", "Vecka", "Snitt 4 v."]
    watch.assert_clean()


def test_insatser_the_calendar_and_the_presence_pages_fit_a_phone(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE)
    log_in(page)
    wait_for_start_page(page, watch)

    page.goto("/insatser")
    rows = page.locator("table.stack tbody tr")
    n = rows.count()
    assert n >= 5
    owners = page.locator("table.stack tbody td[data-label='Ägare']")
    status = page.locator("table.stack tbody td[data-label='Status']")
    assert _on_screen(page, owners, "owner") == n == _on_screen(page, status, "status")
    assert_no_horizontal_scroll(page)

    page.goto("/insatser/kalender")
    now = page.locator("table.calendar th.now")
    expect(now).to_have_count(1)
    box = now.bounding_box()
    assert box is not None and 0 <= box["x"] < 390, box  # scrolled to the week in progress

    page.goto("/narvaro")
    page.locator("a[href^='/narvaro/plan/']").first.click()
    page.wait_for_url("**/narvaro/plan/*")
    days = page.locator("table.timetable td[data-label]:not(:empty)")
    assert _on_screen(page, days, "day") > 10
    labels = set(days.evaluate_all("cells => cells.map(c => c.dataset.label)"))
    assert {"Måndag", "Fredag", "Söndag", "Timmar"} <= labels
    assert_no_horizontal_scroll(page)

    page.goto("/narvaro")
    page.locator("a[href^='/narvaro/team/']").first.click()
    page.wait_for_url("**/narvaro/team/*")
    hours = page.locator("table.stack td[data-label='Timmar i veckan']")
    assert _on_screen(page, hours, "hours") >= 2
    assert_no_horizontal_scroll(page)
    watch.assert_clean()

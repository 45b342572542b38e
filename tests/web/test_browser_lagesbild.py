"""The lägesbild in a real browser: the demo's week, its map with levels and hotspots, on a
desktop and a phone (fixtures in conftest.py: a live server on a seeded demo database)."""

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
    wait_for_map,
    wait_for_start_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_lagesbild_shows_the_rise_at_berga_with_map_and_hotspots(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.locator("header nav").get_by_role("link", name="Lägesbild").click()
    expect(page.locator("h1")).to_contain_text("Lägesbild v.")
    summary = page.locator("#summary-h + ul")
    expect(summary).to_contain_text("Klotter i Berga")
    berga = page.locator("section.area-picture", has=page.get_by_role("heading", name="Berga"))
    expect(berga.locator("tr.signal").first).to_contain_text("Klotter")
    expect(berga.locator(".tag[class*='level-']").first).not_to_have_text("grön")
    expect(berga.locator("svg.spark").first).to_be_visible()
    wait_for_map(page)
    # areas, and hexagons of the last four weeks' hotspots, are drawn on the map
    assert page.locator(".leaflet-overlay-pane path").count() > 5
    screenshot(page, "samverkan-lagesbild.png", full_page=True)

    # the previous week is a click away, and a week of its own in the address
    page.get_by_role("link", name="Föregående vecka").click()
    expect(page.locator("h1")).to_contain_text("Lägesbild v.")
    assert "week=" in page.url
    watch.assert_clean()


def test_the_lagesbild_fits_a_phone(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/lagesbild")
    expect(page.locator("h1")).to_contain_text("Lägesbild")
    assert_no_horizontal_scroll(page)
    watch.assert_clean()

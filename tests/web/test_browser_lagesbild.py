"""The lägesbild in a real browser: the demo's week, its map with levels and hotspots, on a
desktop and a phone (fixtures in conftest.py: a live server on a seeded demo database)."""

from __future__ import annotations

import io

import pytest
from PIL import Image  # Pillow comes with WeasyPrint
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
    expect(page.locator("h1")).to_contain_text("Lägesbild vecka")
    summary = page.locator("#summary-h + ul")
    expect(summary).to_contain_text("Klotter i Berga")
    overview = page.locator("section.overview tr", has_text="Berga")
    expect(overview).to_contain_text("Klotter")  # the overview names its unusual increase
    berga = page.locator("section.area-picture", has=page.get_by_role("heading", name="Berga"))
    berga.locator("details.area-table summary").click()  # the area's table behind it
    expect(berga.locator("tr.signal").first).to_contain_text("Klotter")
    expect(berga.locator(".tag[class*='level-']").first).not_to_have_text("grön")
    expect(berga.locator("svg.spark").first).to_be_visible()
    wait_for_map(page)
    # areas, and hexagons of the last four weeks' hotspots, are drawn on the map
    assert page.locator(".leaflet-overlay-pane path").count() > 5
    screenshot(page, "samverkan-lagesbild.png", full_page=True)

    # the previous week is a click away, and a week of its own in the address
    page.get_by_role("link", name="Föregående vecka").click()
    expect(page.locator("h1")).to_contain_text("Lägesbild vecka")
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


ORANGE = (0xD4, 0x65, 0x0A)
GREEN = (0x1A, 0x7F, 0x37)


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], within: int = 60) -> bool:
    return sum((a - b) ** 2 for a, b in zip(pixel[:3], colour, strict=True)) <= within**2


def test_a_district_s_level_colour_is_not_hidden_by_the_town_around_it(
    open_page: OpenPage,
) -> None:
    """Berga set to orange shows an orange outline, not the green ring of the hole that
    "Linköping, övriga tätorten" (the town but its districts) has where Berga is."""
    page, watch = open_page(DESKTOP)
    page.goto("/")
    log_in(page)
    wait_for_start_page(page, watch)
    page.goto("/lagesbild")
    berga = page.locator("section.area-picture", has=page.get_by_role("heading", name="Berga"))
    berga.locator("details.set-level summary").click()
    berga.get_by_label("Nivå", exact=True).select_option("orange")
    berga.get_by_label("Varför (sparas med lägesbilden)").fill("Klottret ökar kring centrum")
    berga.get_by_role("button", name="Spara nivån").click()
    expect(berga.locator("h2 .tag")).to_have_text("orange")
    wait_for_map(page)
    for box in page.locator(".leaflet-control-layers-selector").all():
        box.uncheck()  # the overlays off: only the areas' outlines are left
        expect(box).not_to_be_checked()  # Leaflet takes the layer off the map at once
    frame = page.locator(".map").evaluate(
        """el => {
          const map = el.samverkanMap, r = el.getBoundingClientRect();
          let out = null;
          map.eachLayer(l => {
            const p = l.feature && l.feature.properties;
            if (p && p.name === "Berga" && l.getBounds) {
              const b = l.getBounds();
              const nw = map.latLngToContainerPoint(b.getNorthWest());
              const se = map.latLngToContainerPoint(b.getSouthEast());
              out = {x: r.left + nw.x - 4, y: r.top + nw.y - 4,
                     width: se.x - nw.x + 8, height: se.y - nw.y + 8};
            }
          });
          return out;
        }"""
    )
    assert frame is not None and frame["width"] > 40, frame
    shot = Image.open(io.BytesIO(page.screenshot(clip=frame))).convert("RGB")
    raw = shot.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    orange = sum(_near(px, ORANGE) for px in pixels)
    green = sum(_near(px, GREEN) for px in pixels)
    screenshot(page, "samverkan-lagesbild-berga.png")
    assert orange > 100, f"Berga's orange outline is not drawn ({orange} pixels)"
    assert green <= orange // 50, f"green strokes over Berga's outline: {green} vs {orange}"
    watch.assert_clean()

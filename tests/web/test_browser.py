"""The product in a real browser: Debian's Chromium driven by Playwright against a live server.

One SQLite file per module, migrated and seeded with the Linköping demo; uvicorn serves the
app from a background thread on 127.0.0.1. Every page is watched: a request to any other host,
a console error, an uncaught exception, a Content-Security-Policy violation or an unexpected
error status fails the test.

Chromium is never downloaded: the tests use /usr/bin/chromium and are skipped when it is
missing, except under CI=true, where a missing browser is a failure.

Set SAMVERKAN_SCREENSHOTS to a folder to get screenshots of the start page (1280×900) and of
the phone layout (390×844) for a human to look at.

The fixtures (live server, browser, watched pages) are in conftest.py, the helpers in
browsing.py; test_browser_report.py drives the incident pages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.web.browsing import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    SAMORDNARE,
    OpenPage,
    assert_no_horizontal_scroll,
    log_in,
    path_of,
    screenshot,
    wait_for_map,
    wait_for_start_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def map_feature_names(page: Page) -> set[str]:
    """Point the mouse at the middle of every outline Leaflet drew and read the tooltip.

    (The middle of a ring-shaped area may lie in a district on top of it: then that
    district's name shows, which is what a user would see there too.)
    """
    names = set()
    tooltip = page.locator(".leaflet-tooltip")
    paths = page.locator(".leaflet-overlay-pane path")
    for i in range(paths.count()):
        box = paths.nth(i).bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(tooltip).to_have_count(1)
        names.add(tooltip.inner_text())
    page.mouse.move(0, 0)
    expect(tooltip).to_have_count(0)
    return names


def test_samordnare_logs_in_and_sees_the_demo_areas_on_the_map(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    page.goto("/")
    assert path_of(page) == "/login"  # anonymous: sent to the login page

    log_in(page)
    wait_for_start_page(page, watch)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    nav = page.locator("header nav")
    expect(nav.get_by_role("link", name="Översikt")).to_be_visible()
    expect(nav.get_by_role("link", name="Stadsdelar")).to_be_visible()
    expect(nav.get_by_role("link", name="Översikt")).to_have_attribute("aria-current", "page")
    expect(page.locator(".area-list").get_by_role("link", name="Skäggetorp")).to_be_visible()

    wait_for_map(page)
    screenshot(page, "samverkan-start.png")
    assert page.locator(".leaflet-overlay-pane path").count() >= 4
    names = map_feature_names(page)
    assert "Skäggetorp" in names
    listed = page.locator(".area-list li > a").all_inner_texts()
    assert names <= set(listed), "the map shows areas the list does not"

    assert any(urlsplit(u).path == "/static/leaflet/leaflet.js" for u in watch.requests)
    watch.assert_clean()


def test_language_switch_turns_the_page_english_and_back(open_page: OpenPage) -> None:
    page, watch = open_page()
    log_in(page)
    wait_for_start_page(page, watch)
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert path_of(page) == "/"
    nav = page.locator("header nav")
    expect(nav.get_by_role("link", name="Overview")).to_be_visible()
    expect(nav.get_by_role("link", name="Districts")).to_be_visible()
    expect(nav.get_by_role("link", name="Översikt")).to_have_count(0)
    wait_for_map(page)

    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert path_of(page) == "/"
    expect(nav.get_by_role("link", name="Översikt")).to_be_visible()
    expect(nav.get_by_role("link", name="Stadsdelar")).to_be_visible()
    expect(page.get_by_role("link", name="English")).to_be_visible()
    watch.assert_clean()


def test_phone_layout_and_keyboard_login(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE)
    page.goto("/login")
    assert_no_horizontal_scroll(page)

    email = page.get_by_label("E-post")
    email.focus()
    page.keyboard.type(SAMORDNARE)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Lösenord")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Logga in")).to_be_focused()
    page.keyboard.press("Enter")

    wait_for_start_page(page, watch)
    wait_for_map(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "samverkan-phone.png", full_page=True)
    watch.assert_clean()


def test_wrong_password_is_refused_on_the_login_page(open_page: OpenPage) -> None:
    page, watch = open_page()
    log_in(page, password="inte-rätt-lösenord")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Fel e-post eller lösenord.")
    assert path_of(page) == "/login"
    expect(page.get_by_label("E-post")).to_have_value(SAMORDNARE)
    expect(page.get_by_label("Lösenord")).to_have_value("")
    expect(page.locator("header nav")).to_have_count(0)  # not logged in
    watch.assert_clean((401, "/login"))


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('main .btn')]
    .filter(e => e.checkVisibility())  // not those in a closed <details>, nor hidden ones
    .map(e => [e.textContent.trim(), e.getBoundingClientRect()]);
  const hits = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 1 && y > 1) hits.push(a + ' / ' + b);
    }
  return hits;
}"""


def test_on_a_phone_rows_of_buttons_wrap_without_overlapping(open_page: OpenPage) -> None:
    """A row of link buttons that wraps on a 390 px screen keeps its rows apart (inline boxes
    with padding used to overlap the row above), and no page scrolls sideways."""
    page, watch = open_page(PHONE)
    log_in(page)
    wait_for_start_page(page, watch)
    for path in ["/", "/lagesbild", "/insatser", "/moten", "/narvaro"]:
        page.goto(path)
        assert page.evaluate(OVERLAPS) == [], path
        assert_no_horizontal_scroll(page)
    plan = page.locator("a[href^='/narvaro/plan/']").first
    plan.click()
    assert page.evaluate(OVERLAPS) == [], path_of(page)
    screenshot(page, "samverkan-phone-plan.png", full_page=True)
    watch.assert_clean()


ONE_LINE = """(selector) => [...document.querySelectorAll(selector)].filter(el => {
  const lh = parseFloat(getComputedStyle(el).lineHeight) || 20;
  const text = document.createRange();
  text.selectNodeContents(el);
  return text.getBoundingClientRect().height > 1.5 * lh;
}).map(el => el.innerText)"""
CLIPPED = """() => [...document.querySelectorAll('form.filters select')].filter(s => {
  const text = s.options[s.selectedIndex].text;
  const probe = document.createElement('span');
  probe.style.font = getComputedStyle(s).font;
  probe.textContent = text;
  document.body.appendChild(probe);
  const wide = probe.getBoundingClientRect().width;
  probe.remove();
  return wide + 24 > s.clientWidth;  // the text and the arrow
}).map(s => s.name)"""


def test_on_a_desktop_dates_keep_to_one_line_and_dropdowns_show_their_choice(
    open_page: OpenPage,
) -> None:
    """At 1366 px a date in Insatser and Granska is one line, not three, and the period
    dropdown of the prioritisation shows its whole choice."""
    page, watch = open_page(DESKTOP)
    log_in(page)
    wait_for_start_page(page, watch)
    for path in ["/insatser", "/handelser/granska", "/handelser"]:
        page.goto(path)
        assert page.locator("td.date").count() > 0, path
        assert page.evaluate(ONE_LINE, "td.date") == [], path
    page.goto("/lagesbild/prioritering")
    assert page.evaluate(CLIPPED) == []
    watch.assert_clean()

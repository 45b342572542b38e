"""The incident pages in a real browser: the quick report on a phone, the list and the review.

A trygghetsvärd at Stångåstaden reports klotter in Skäggetorp from a phone twice: once with
"Använd min position" (the phone's position, emulated), once by tapping the map; a third
report is sent from a browser without JavaScript, with the area list. The EST samordnare then
finds the two klotter reports with the list's filters and, in the review view, marks one a
duplicate of the other (suggested: same category, near in time and space) and the other
reviewed. Every page is watched (see browsing.py): nothing may leave 127.0.0.1, no console
error, no Content-Security-Policy violation.

The tests share one live server (module scope) and run in order; the review test files the
two klotter reports itself when it runs alone. With SAMVERKAN_SCREENSHOTS set to a folder,
the phone form is saved there (after the position, and after a tap on the map).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.live import live_demo_server
from tests.web.browsing import (
    DESKTOP,
    PHONE,
    OpenPage,
    Watch,
    assert_no_horizontal_scroll,
    log_in,
    path_of,
    screenshot,
    wait_for_map,
    wait_for_start_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TRYGGHETSVARD = "trygghet@stangastaden.demo"  # reporter at Stångåstaden
SKAGGETORP = {"latitude": 58.4275, "longitude": 15.5830}  # inside Skäggetorp's outline
TAPPED = (58.4278, 15.5835)  # ≈ 45 m away: a possible duplicate of a report at SKAGGETORP
PHONE_CONTEXT: dict[str, Any] = {"has_touch": True, "is_mobile": True, "locale": "sv-SE"}
QUICK_REPORT_MAX_ACTIONS = 4
DETAIL = re.compile(r"^/handelser/(\d+)$")
REVIEW = re.compile(r"/handelser/granska$")

# Klotter reports filed in this module (their ids), for the review test.
FILED: dict[str, int] = {}


@dataclass
class Actions:
    """The user's taps and keys, counted: the quick report must take only a few."""

    page: Page
    log: list[str] = field(default_factory=list)

    def tap(self, target: Locator, **kwargs: Any) -> None:
        target.tap(**kwargs)
        self.log.append("tap")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.log.extend("key" for _ in text)

    @property
    def taps(self) -> int:
        return self.log.count("tap")

    @property
    def keys(self) -> int:
        return self.log.count("key")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo without its synthetic reports: these tests count the reports they file."""
    with live_demo_server(tmp_path_factory.mktemp("report"), incidents=False) as live:
        yield live.url


def fact(page: Page, term: str) -> Locator:
    """The value (dd) of a fact on the detail page, by its term (dt)."""
    return page.locator(
        f'xpath=//dl[contains(@class, "facts")]/dt[normalize-space()="{term}"]'
        "/following-sibling::dd[1]"
    )


def category(page: Page, name: str) -> Locator:
    """The big tap target (the label) of a category on the report form."""
    return page.locator("label.cat").filter(has=page.get_by_role("radio", name=name, exact=True))


def row_of(page: Page, incident_id: int) -> Locator:
    return page.locator("tbody tr").filter(has=page.locator(f'a[href="/handelser/{incident_id}"]'))


def wait_for_detail(page: Page) -> int:
    """After sending the form: the new report's page; its id."""
    page.wait_for_url(lambda url: DETAIL.match(urlsplit(url).path) is not None)
    match = DETAIL.match(path_of(page))
    assert match, path_of(page)
    expect(page.get_by_role("status").filter(has_text="Tack")).to_contain_text(
        "Tack, rapporten är mottagen."
    )
    return int(match.group(1))


def assert_fits_the_phone(page: Page) -> None:
    """Nothing wider than the phone: a mobile browser would zoom the whole page out."""
    assert_no_horizontal_scroll(page)
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{path_of(page)} is {width} px wide on a phone"


def log_in_on_phone(open_page: OpenPage, **options: Any) -> tuple[Page, Watch]:
    page, watch = open_page(PHONE, **PHONE_CONTEXT, **options)
    log_in(page, TRYGGHETSVARD)
    wait_for_start_page(page, watch)
    return page, watch


def report_with_my_position(open_page: OpenPage) -> tuple[int, Actions, float]:
    """The quick report: Klotter, "Använd min position", send. Its id, actions and seconds."""
    page, watch = log_in_on_phone(open_page, geolocation=SKAGGETORP, permissions=["geolocation"])
    page.locator("header nav").get_by_role("link", name="Händelser").tap()
    expect(page.get_by_role("heading", name="Händelser")).to_be_visible()

    started = time.perf_counter()
    page.get_by_role("link", name="Rapportera händelse").tap()  # opens the form
    expect(page).to_have_url(re.compile(r"/handelser/ny$"))
    wait_for_map(page)
    assert_fits_the_phone(page)
    actions = Actions(page)

    actions.tap(category(page, "Klotter"))
    expect(page.get_by_role("radio", name="Klotter", exact=True)).to_be_checked()
    actions.tap(page.get_by_role("button", name="Använd min position"))
    expect(page.locator("#position-status")).to_have_text(
        re.compile(r"^Din position: 58\.4275\d?, 15\.5830\d? i Skäggetorp$")
    )
    expect(page.locator("#lat")).to_have_value("58.427500")
    expect(page.locator("#lon")).to_have_value("15.583000")
    screenshot(page, "samverkan-report-phone.png", full_page=True)
    actions.tap(page.get_by_role("button", name="Skicka rapport"))

    incident_id = wait_for_detail(page)
    expect(fact(page, "Område")).to_contain_text("Skäggetorp")
    seconds = time.perf_counter() - started
    expect(page.locator("h1")).to_contain_text("Klotter")
    assert_fits_the_phone(page)
    watch.assert_clean()
    FILED["position"] = incident_id
    return incident_id, actions, seconds


def report_by_tapping_the_map(open_page: OpenPage) -> int:
    """Klotter, a tap on the map in Skäggetorp, a description with a phone number; the id."""
    page, watch = log_in_on_phone(open_page)
    page.goto("/handelser/ny")
    wait_for_map(page)
    actions = Actions(page)

    actions.tap(category(page, "Klotter"))
    pick_map = page.locator("#pick-map")
    x, y = pick_map.evaluate(
        "(el, ll) => { const p = el.samverkanMap.latLngToContainerPoint(ll); return [p.x, p.y]; }",
        list(TAPPED),
    )
    box = pick_map.bounding_box()
    assert box is not None
    assert 0 < x < box["width"] and 0 < y < box["height"], "the point is not on the map"
    actions.tap(pick_map, position={"x": x, "y": y})
    expect(page.locator("#position-status")).to_have_text(
        re.compile(r"^Vald plats: 58\.\d{5}, 15\.\d{5} i Skäggetorp$")
    )
    # the point fills in the area it lies in (the innermost: the district, not the town)
    chosen = page.locator("#area_id option:checked")
    expect(chosen).to_have_text("Skäggetorp")
    lat = float(page.locator("#lat").input_value())
    lon = float(page.locator("#lon").input_value())
    assert abs(lat - TAPPED[0]) < 0.0007 and abs(lon - TAPPED[1]) < 0.0007, (lat, lon)
    expect(page.locator("#precision")).to_have_value("exakt")
    screenshot(page, "samverkan-report-phone-map.png")

    actions.tap(page.get_by_text("Fler uppgifter (frivilligt)"))
    actions.tap(page.get_by_label("Beskrivning"))
    actions.type("Nytt klotter på gaveln, ring 070-123 45 67")
    actions.tap(page.get_by_role("button", name="Skicka rapport"))

    incident_id = wait_for_detail(page)
    expect(page.get_by_role("status")).to_contain_text(
        "Personuppgifter togs bort ur texten (1 st)."
    )
    expect(fact(page, "Område")).to_contain_text("Skäggetorp")
    expect(fact(page, "Beskrivning")).to_have_text("Nytt klotter på gaveln, ring [borttaget]")
    expect(page.get_by_text("070-123")).to_have_count(0)
    wait_for_map(page)  # the detail page shows the point
    watch.assert_clean()
    FILED["map"] = incident_id
    return incident_id


def test_quick_report_with_my_position_on_a_phone(
    open_page: OpenPage, record_property: Any
) -> None:
    incident_id, actions, seconds = report_with_my_position(open_page)
    assert incident_id > 0
    assert actions.taps == 3 and actions.keys == 0, actions.log
    assert len(actions.log) <= QUICK_REPORT_MAX_ACTIONS, actions.log
    record_property("quick_report_actions", len(actions.log))
    record_property("quick_report_seconds", round(seconds, 2))
    print(f"quick report: {len(actions.log)} actions ({actions.log}), {seconds:.2f} s scripted")


def test_report_by_tapping_the_map_removes_the_phone_number(open_page: OpenPage) -> None:
    assert report_by_tapping_the_map(open_page) > 0


def test_the_report_form_works_without_javascript(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE, java_script_enabled=False)
    log_in(page, TRYGGHETSVARD)
    wait_for_start_page(page, watch)
    page.goto("/handelser/ny")
    expect(page.get_by_role("button", name="Använd min position")).to_be_hidden()
    expect(page.locator(".leaflet-container")).to_have_count(0)  # no map without script

    category(page, "Nedskräpning").click()
    page.get_by_label("Område", exact=True).select_option(label="Skäggetorp")
    page.get_by_label("Platsens namn").fill("Gången vid Gärdesvägen")
    page.get_by_role("button", name="Skicka rapport").click()

    wait_for_detail(page)
    expect(page.locator("h1")).to_contain_text("Nedskräpning")
    expect(fact(page, "Område")).to_contain_text("Skäggetorp")
    expect(fact(page, "Område")).to_contain_text("endast område")
    expect(fact(page, "Plats")).to_have_text("Gången vid Gärdesvägen")
    expect(page.get_by_text("Ingen exakt position.")).to_be_visible()
    watch.assert_clean()


def test_samordnare_filters_the_list_and_reviews_the_duplicates(open_page: OpenPage) -> None:
    first = FILED.get("position") or report_with_my_position(open_page)[0]
    second = FILED.get("map") or report_by_tapping_the_map(open_page)

    page, watch = open_page(DESKTOP)
    log_in(page)
    wait_for_start_page(page, watch)
    page.locator("header nav").get_by_role("link", name="Händelser").click()
    page.get_by_label("Område", exact=True).select_option(label="Skäggetorp")
    page.get_by_label("Kategori", exact=True).select_option(label="Klotter")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"[?&]category=klotter(&|$)"))
    expect(page.get_by_label("Område", exact=True).locator("option:checked")).to_have_text(
        "Skäggetorp"
    )

    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text("2 händelser")
    for incident_id in (first, second):
        expect(row_of(page, incident_id)).to_contain_text("Klotter")
        expect(row_of(page, incident_id)).to_contain_text("Skäggetorp")
        expect(row_of(page, incident_id)).to_contain_text("Stångåstaden")

    page.get_by_role("link", name="Granska", exact=True).click()
    expect(page).to_have_url(REVIEW)
    newer, older = row_of(page, second), row_of(page, first)
    expect(newer.get_by_role("button", name=f"Dubblett av #{first}")).to_be_visible()
    expect(older.get_by_role("button", name=f"Dubblett av #{second}")).to_be_visible()

    with page.expect_navigation(url=REVIEW):  # POST, then back to the review list
        newer.get_by_role("button", name=f"Dubblett av #{first}").click()
    expect(newer).to_have_count(0)  # marked a duplicate: no longer to review
    expect(older).to_have_count(1)

    with page.expect_navigation(url=REVIEW):
        older.get_by_role("button", name="Granskad", exact=True).click()
    expect(older).to_have_count(0)

    page.goto(f"/handelser/{second}")
    expect(page.locator("h1 .tag")).to_have_text("dubblett")
    expect(fact(page, "Dubblett av")).to_have_text(f"#{first}")
    page.goto(f"/handelser/{first}")
    expect(page.locator("h1 .tag")).to_have_text("granskad")
    wait_for_map(page)
    watch.assert_clean()

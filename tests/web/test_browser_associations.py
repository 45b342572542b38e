"""Associations in a real browser: Stångåstaden's föreningsstöd registers Hemgårdarnas BK from
the form (under the förening's exact name, so the register links to its organisation) and makes
an agreement with it; the association's reporter, on a phone, finds the agreement on the start
page, reports an activity from the agreement's page and sees the bar move; nothing scrolls
sideways at 390 px.

The server is the demo without its incident reports and programs (so without the demo's
associations); the agreement's period runs from 30 days before the server's today, the day the
activity is reported for is a week before it (an activity is reported once it was held)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from samverkan.core.timeutil import today
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

SUPPORTER = "foreningsstod@stangastaden.demo"
REPORTER = "forening@hemgardarna.demo"
TITLE = "Webbavtalet: fotboll i Skäggetorp"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(tmp_path_factory.mktemp("associations"), incidents=False) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


def test_register_agree_report_and_see_the_bar_move(open_page: OpenPage) -> None:
    day = today()
    start, end, held = day - timedelta(days=30), day + timedelta(days=335), day - timedelta(7)

    # the supporter registers the association and makes the agreement
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, SUPPORTER)
    page.locator('header nav a[href="/foreningar"]').click()
    page.locator("#register-link").click()
    form = page.locator("#association-form")
    form.locator("#f-name").fill("Hemgårdarnas BK")
    form.locator("#f-orgnr").fill("802400-1235")
    form.locator('input[name="kinds"][value="idrott"]').check()
    form.locator("#f-district_ids label", has_text="Skäggetorp").locator("input").check()
    form.locator("#f-contact_name").fill("Ada Ordförande")
    form.locator("#f-contact_role").fill("ordförande")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Hemgårdarnas BK")
    expect(page.locator("#orgnr")).to_have_text("802400-1235")
    expect(page.locator("#districts")).to_contain_text("Skäggetorp")

    page.locator("#new-agreement-link").click()
    form = page.locator("#agreement-form")
    form.locator("#f-title").fill(TITLE)
    form.locator("#f-amount_sek").fill("60000")
    form.locator("#f-period_start").fill(start.isoformat())
    form.locator("#f-period_end").fill(end.isoformat())
    form.locator("#f-c1_description").fill("10 öppna träningar")
    form.locator("#f-c1_required").fill("10")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#commitments .delivered")).to_have_text("0")
    expect(page.locator("#activity-form")).to_have_count(0)  # the supporter does not report
    agreement_url = page.url
    association_url = page.locator("#association-link").get_attribute("href")
    screenshot(page, "samverkan-associations-supporter.png", full_page=True)
    watch.assert_clean()

    # every page of the supporter's fits a phone
    small, swatch = open_page(PHONE)
    log_in_as(small, swatch, SUPPORTER)
    for url in (
        "/foreningar",
        "/foreningar/ny",
        association_url,
        f"/foreningar/avtal/ny?forening={association_url.rsplit('/', 1)[1]}&lok=1",
        agreement_url,
    ):
        small.goto(url)
        expect(small.locator("h1")).to_be_visible()
        assert_no_horizontal_scroll(small)
    swatch.assert_clean()

    # the association's reporter, on a phone
    phone, pwatch = open_page(PHONE)
    log_in_as(phone, pwatch, REPORTER)
    phone.goto("/foreningar")
    card = phone.locator("article.agreement", has_text=TITLE)
    expect(card).to_be_visible()
    expect(phone.locator("#register-link")).to_have_count(0)
    assert_no_horizontal_scroll(phone)
    card.locator('a[href$="#rapportera"]').click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator("#commitments .bar-delivered")).to_have_count(0)
    assert_no_horizontal_scroll(phone)

    form = phone.locator("#activity-form")
    form.locator("#f-held_on").fill(held.isoformat())
    form.locator("#f-district_id").select_option(label="Skäggetorp")
    form.locator("#f-kind").select_option("idrott")
    form.locator("#f-form").select_option("traning")
    form.locator("#f-title").fill("Öppen träning på Skäggetorps IP")
    form.locator("#f-minutes").fill("90")
    form.locator("#f-leaders").fill("2")
    form.locator('[name="att_7-12_flicka"]').fill("6")
    form.locator('[name="att_13-16_pojke"]').fill("5")
    form.locator("button[type=submit]").click()
    expect(phone.locator("#commitments .delivered")).to_have_text("1")
    expect(phone.locator("#commitments .bar-delivered")).to_have_count(1)
    assert phone.url.endswith("#aktiviteter")
    expect(phone.locator("#participant-count")).to_have_text("11")
    expect(phone.locator("#activities")).to_contain_text("Öppen träning på Skäggetorps IP")
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "samverkan-associations-phone.png", full_page=True)
    pwatch.assert_clean()

"""District plans in a real browser: the municipality's analyst opens the district work from the
top bar, makes a plan for Skäggetorp, has a goal refused for a target without a deadline (the
field named, what was typed kept), adds it with the deadline and sees the goal's status and
its reason on the plan page, with the target's chart; the page does not scroll sideways on a
phone. Then the yearly district report and the evaluation list open from there.

The server is the demo without its incident reports (so no EST series): the goal is followed
on the trygghetsindex with the baseline typed in."""

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

ANALYST = "analytiker@linkoping.demo"
TITLE = "Webbplanen: Skäggetorp 2027–2032"
STATUSES = ("i fas", "efter plan", "nått", "inga uppgifter än")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(tmp_path_factory.mktemp("districts"), incidents=False) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


def test_make_a_plan_add_a_goal_and_see_its_status(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, ANALYST)
    page.locator('header nav a[href="/utveckling/planer"]').click()
    page.wait_for_url("**/utveckling/planer")

    page.locator("#new-plan-link").click()
    form = page.locator("#plan-form")
    form.locator("#f-area_id").select_option(label="Skäggetorp")
    form.locator("#f-title").fill(TITLE)
    form.locator("#f-first_year").fill("2027")
    form.locator("#f-last_year").fill("2032")
    form.locator("#f-summary").fill("Fler i arbete och ett tryggare boende.")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(TITLE)

    # a target without a deadline is refused naming the field, what was typed stays
    page.locator("#new-goal-link").click()
    form = page.locator("#goal-form")
    form.locator("#f-title").fill("Tryggare boende")
    form.locator("#f-t0_indicator").select_option("trygghetsindex")
    form.locator("#f-t0_baseline_year").fill("2024")
    form.locator("#f-t0_baseline_value").fill("60,5")
    form.locator("#f-t0_target_value").fill("68")
    form.locator("#f-t0_deadline_year").fill("")
    form.locator("button[type=submit]").click()
    expect(page.locator("#p-errors")).to_contain_text("slutår")
    expect(page.locator("#goal-form #f-title")).to_have_value("Tryggare boende")
    expect(page.locator("#goal-form #f-t0_baseline_value")).to_have_value("60,5")
    refused = (422, path_of(page))

    page.locator("#goal-form #f-t0_deadline_year").fill("2032")
    page.locator("#goal-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    goal = page.locator("section.goal", has_text="Tryggare boende")
    expect(goal).to_have_count(1)
    badge = goal.locator("h2 .tag")
    expect(badge).to_have_count(1)
    assert badge.inner_text().strip() in STATUSES
    expect(goal.locator(".reason")).to_contain_text("2024")  # the reason names the baseline year
    expect(goal.locator("svg.line-chart")).to_have_count(1)
    screenshot(page, "district-plan.png", full_page=True)

    # the list counts the goal under its status
    page.locator('a.btn.secondary[href="/utveckling/planer"]').click()
    expect(page.locator("#plans")).to_contain_text(TITLE)

    # the yearly report and the evaluations are one click away
    page.locator("#plans a", has_text=TITLE).click()
    page.locator("#report-link").click()
    expect(page.locator("h1")).to_contain_text("Skäggetorp")
    expect(page.locator("#indicators")).to_have_count(1)
    expect(page.locator("#pdf-link")).to_have_count(1)
    watch.assert_clean(refused)

    phone, phone_watch = open_page(PHONE)
    log_in_as(phone, phone_watch, ANALYST)
    phone.goto(page.url.split("/stadsdelar/")[0] + "/utveckling/planer")
    phone.locator("#plans a", has_text=TITLE).click()
    expect(phone.locator("section.goal")).to_have_count(1)
    assert_no_horizontal_scroll(phone)
    phone_watch.assert_clean()

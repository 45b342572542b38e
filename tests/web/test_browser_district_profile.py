"""District profiles in a real browser: the municipality's samordnare uploads a statistics
file, maps its columns to indicators and sees the codes that match no district; keeps
Skäggetorp's profile (a refused year keeps what she typed), writes a dialogue note; the area
page shows the profile with the latest values, and the indicator's chart opens from it and
fits a phone's width.

The server is the demo without its incident reports and programs (so without the demo's own
district figures); the test gives Skäggetorp its SCB code first (the municipality has its
kommunkod), as an administrator importing the areas would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from samverkan.core.db import make_sessionmaker, session_scope
from samverkan.geo.models import Area
from tests.live import Live, live_demo_server
from tests.web.browsing import (
    DESKTOP,
    PHONE,
    SAMORDNARE,
    OpenPage,
    assert_no_horizontal_scroll,
    log_in_as,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CSV = (
    "kod;namn;år;sysselsatta;trygghet\n"
    "0580R005;Skäggetorp;2023;51,2;60\n"
    "0580R005;Skäggetorp;2024;53,0;62\n"
    "0580R005;Skäggetorp;2025;54,1;66\n"
    "0580;Linköping;2025;77,3;70\n"
    "0580R099;Okänd;2025;40,0;50\n"
).encode()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(tmp_path_factory.mktemp("district_profile"), incidents=False) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


@pytest.fixture(scope="module")
def skaggetorp(live: Live) -> int:
    with session_scope(make_sessionmaker(live.engine), write=True) as s:
        assert s.scalar(select(Area).where(Area.code == "0580")) is not None  # the municipality
        area = s.scalar(select(Area).where(Area.name == "Skäggetorp"))
        assert area is not None
        area.code = "0580R005"
        return area.id


def test_import_keep_the_profile_and_read_the_chart(open_page: OpenPage, skaggetorp: int) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, SAMORDNARE)
    expect(page.locator('header nav a[href="/utveckling/planer"]')).to_be_visible()

    # the statistics file: read, map, import
    page.goto("/utveckling/statistik")
    page.locator("#s-file").set_input_files(
        files=[{"name": "scb.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.locator('form[name="upload"] button[type="submit"]').click()
    page.locator("#m-0").select_option("sysselsattning_20_64")
    page.locator("#m-1").select_option("trygghetsindex")
    page.locator('form[name="mapping"] button[type="submit"]').click()
    expect(page.locator("#r-added")).to_have_text("8")
    expect(page.locator("#unmatched")).to_contain_text("0580R099")
    expect(page.locator("#imports")).to_contain_text("scb.csv")
    screenshot(page, "districts-import.png", full_page=True)

    # the profile: a refused year keeps what was typed
    page.goto(f"/stadsdelar/{skaggetorp}")
    page.locator(f'#stadsdelsprofil a[href="/stadsdelar/{skaggetorp}/profil"]').click()
    page.locator("#f-police").select_option("sarskilt_utsatt")
    page.locator("#f-police-year").fill("20x5")
    page.locator("#f-note").fill("Etapp 2 byggs 2027")
    page.locator('form[name="profile"] button[type="submit"]').click()
    expect(page.locator("#p-errors")).to_be_visible()
    expect(page.locator("#f-police-year")).to_have_value("20x5")
    expect(page.locator("#f-note")).to_have_value("Etapp 2 byggs 2027")
    page.locator("#f-police-year").fill("2025")
    page.locator('form[name="profile"] button[type="submit"]').click()
    expect(page.locator("#district-facts")).to_contain_text("särskilt utsatt område (2025)")

    # a dialogue note, its phone number removed
    page.locator(f'#stadsdelsprofil a[href="/stadsdelar/{skaggetorp}/dialog"]').click()
    expect(page.locator("#redaction-notice")).to_be_visible()
    page.locator("#n-title").fill("Torgmöte")
    page.locator("#n-body").fill("Ring Kalle på 070-123 45 67 om belysningen")
    page.locator('form[name="note"] button[type="submit"]').click()
    notes = page.locator("#dialogue-notes")
    expect(notes).to_contain_text("Torgmöte")
    expect(notes).not_to_contain_text("070-123 45 67")
    screenshot(page, "districts-area.png", full_page=True)

    # the area page's latest value opens the indicator's chart
    row = page.locator('tr[data-indicator="sysselsattning_20_64"]')
    expect(row).to_contain_text("54,1")
    expect(row).to_contain_text("77,3")
    row.locator("a").click()
    expect(page.locator("#indicator-chart svg")).to_be_visible()
    expect(page.locator('#indicator-values tr[data-year="2024"]')).to_contain_text("53,0")
    screenshot(page, "districts-indicator.png", full_page=True)
    watch.assert_clean((422, f"/stadsdelar/{skaggetorp}/profil"))

    phone, phone_watch = open_page(PHONE)
    log_in_as(phone, phone_watch, SAMORDNARE)
    phone.goto(f"/stadsdelar/{skaggetorp}/indikatorer/sysselsattning_20_64")
    expect(phone.locator("#indicator-chart svg")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    phone_watch.assert_clean()

"""The person register (Personer) in a real browser, on the demo's residents: the handläggare
searches, opens, adds and erases; on a phone nothing scrolls sideways; everyone else gets 404.

The server is the demo without its two years of reports (fast), with the person register's
residents (``demo.people``: test personnummer only). Note that the demo's samordnare is also an
admin of Linköpings kommun, and an organisation's admins see its people: the personas that
must not see them here are the analyst (same organisation, another role) and the police.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from samverkan.demo.people import demo_number
from samverkan.people.models import Person
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

CASEWORKER = "handlaggare@linkoping.demo"
# Testperson Sex of the demo: born 1890-01-06, birth number 985 (a test number); the consent
# she gave for case work has been withdrawn.
SEX = demo_number(6, 985)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_demo_server(tmp_path_factory.mktemp("people"), incidents=False, people=True) as s:
        yield s


@pytest.fixture(scope="module")
def base_url(live: Live) -> str:
    return live.url


def search(page: Page, text: str) -> None:
    page.get_by_label("Namn eller personnummer").fill(text)
    page.get_by_role("button", name="Sök").click()
    expect(page.locator("#found-h")).to_have_text("Träffar")


def test_the_caseworker_searches_opens_adds_and_erases(open_page: OpenPage) -> None:
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, CASEWORKER)
    page.locator("header nav").get_by_role("link", name="Personer").click()
    expect(page.locator("h1")).to_have_text("Personer")

    # by name (any case), and by the whole personnummer (found by its keyed hash)
    search(page, "testperson")
    found = page.locator("#found-h + .table-wrap tbody tr")
    expect(found).to_have_count(12)
    search(page, SEX)
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Testperson Sex")
    expect(found).to_contain_text("18900106-XXXX")  # a list shows no whole number

    # her page: the number, the legal bases with the withdrawn consent, who has read her
    found.get_by_role("link", name="Testperson Sex").click()
    expect(page.locator("h1")).to_have_text("Testperson Sex")
    expect(page.locator("main")).to_contain_text(SEX)
    bases = page.locator("#grunder table")
    expect(bases).to_contain_text("arbetsmarknadsinsatser")
    expect(bases).to_contain_text("uppgift av allmänt intresse (art. 6.1 e)")
    consent = bases.locator("tr", has_text="samtycke (art. 6.1 a)")
    expect(consent).to_contain_text("(Hanna Handläggare)")  # withdrawn, and by whom
    readers = page.locator("#acc-h + .table-wrap table")
    expect(readers).to_contain_text("Hanna Handläggare")
    expect(readers).to_contain_text("hittad i en sökning")  # the searches just now
    expect(readers).to_contain_text("exporterad (PDF)")  # the demo's earlier reads
    screenshot(page, "samverkan-person.png", full_page=True)

    # a new person with a wrong check digit: refused, the Swedish error names the field
    page.goto("/personer")
    page.get_by_role("link", name="Lägg till en person").click()
    right = demo_number(25, 990)  # a test number the demo does not hold
    wrong = right[:-1] + str((int(right[-1]) + 1) % 10)
    page.get_by_label("Personnummer eller samordningsnummer").fill(wrong)
    page.get_by_label("Namn", exact=True).fill("Testperson Tretton")
    page.get_by_label("Ändamål").select_option("employment")
    page.get_by_label("Rättslig grund").select_option("public_task")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Inget sparades")
    expect(alert).to_contain_text("personnummer: kontrollsiffran stämmer inte")
    number = page.get_by_label("Personnummer eller samordningsnummer")
    expect(number).to_have_value(wrong)  # what was typed is kept, to be corrected
    number.fill(right)
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.locator("h1")).to_have_text("Testperson Tretton")
    person_path = path_of(page)

    # the erasure asks first: the button shows only once asked, and wants the box ticked
    erase = page.get_by_role("button", name="Radera Testperson Tretton")
    expect(erase).to_be_hidden()
    page.locator("summary", has_text="Radera personen…").click()
    expect(erase).to_be_visible()
    erase.click()  # the box is not ticked: the browser does not send the form
    expect(page.locator("h1")).to_have_text("Testperson Tretton")
    assert path_of(page) == person_path
    page.get_by_label("Jag har kontrollerat begäran och personens identitet").check()
    erase.click()
    expect(page.locator("h1")).to_have_text("Kvitto på radering")
    page.goto("/personer")
    search(page, "Testperson Tretton")
    expect(page.locator("#found-h + .table-wrap")).to_contain_text("Ingen matchar.")
    watch.assert_clean((422, "/personer/ny"))


def _right_edges(page: Page, selector: str) -> list[float]:
    boxes = [page.locator(selector).nth(i).bounding_box() for i in range(2)]
    return [b["x"] + b["width"] for b in boxes if b is not None]


def test_the_register_fits_a_phone(open_page: OpenPage) -> None:
    page, watch = open_page(PHONE)
    log_in_as(page, watch, CASEWORKER)
    page.goto("/personer?q=Testperson")
    rows = page.locator("#found-h + .table-wrap tbody tr")
    expect(rows).to_have_count(12)
    assert_no_horizontal_scroll(page)
    # the name and the (masked) number both in view, without scrolling the table
    first = rows.first.locator("td")
    expect(first.nth(0)).to_be_in_viewport()
    expect(first.nth(1)).to_be_in_viewport()
    assert max(_right_edges(page, "#found-h + .table-wrap thead th")) <= PHONE["width"]

    rows.first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Testperson")
    assert_no_horizontal_scroll(page)
    # who read it and when: the access log's first columns fit the screen
    assert max(_right_edges(page, "#acc-h + .table-wrap thead th")) <= PHONE["width"]
    screenshot(page, "samverkan-person-phone.png", full_page=True)
    watch.assert_clean()


@pytest.mark.parametrize("email", ["analytiker@linkoping.demo", "polis@polisen.demo"])
def test_other_personas_have_no_register_and_get_404(
    open_page: OpenPage, live: Live, email: str
) -> None:
    with live.engine.connect() as conn:
        person_id = conn.scalar(select(func.min(Person.id)))
    assert person_id is not None
    page, watch = open_page(DESKTOP)
    log_in_as(page, watch, email)
    expect(page.locator("header nav").get_by_role("link", name="Översikt")).to_be_visible()
    expect(page.locator("header nav").get_by_role("link", name="Personer")).to_have_count(0)
    for path in (f"/personer/{person_id}", "/personer"):
        page.goto(path)
        expect(page.locator("h1")).to_have_text("Finns inte")
        expect(page.locator("main")).not_to_contain_text("Testperson")
    watch.assert_clean((404, f"/personer/{person_id}"), (404, "/personer"))

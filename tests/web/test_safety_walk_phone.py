"""A safety walk on a phone (390×844, touch) in a real browser, as Stångåstaden's trygghetsvärd
(its rapportor) on the live demo: start a walk in Skäggetorp, record a finding with a category,
a point from the phone's position and a photo taken "with the camera" (a small PNG made here,
with EXIF), see the finding and its open work order, and get the photo back re-encoded, without
EXIF."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.housing.test_walks import png_with_exif
from tests.web.browsing import PHONE, OpenPage, assert_no_horizontal_scroll, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WALKER = "trygghet@stangastaden.demo"


def test_a_safety_walk_on_a_phone_with_a_photo(open_page: OpenPage) -> None:
    page, watch = open_page(
        PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 58.4265, "longitude": 15.587},
        permissions=["geolocation"],
    )
    log_in_as(page, watch, WALKER)
    page.goto("/boende/ronderingar")
    walk_form = page.locator("form[name=walk]")
    walk_form.locator("select[name=area_id]").select_option(label="Skäggetorp")
    walk_form.locator("input[name=walkers]").fill("Trygghetsvärd, hyresgästföreningen")
    walk_form.locator("button[type=submit]").tap()
    page.wait_for_url("**/boende/ronderingar/*")
    form = page.locator("form[name=finding]")
    expect(form).to_be_visible()
    camera = form.locator("input[type=file][name=photo]")
    assert camera.get_attribute("capture") == "environment"
    assert camera.get_attribute("accept") == "image/*"
    save = form.locator("button[type=submit]")
    box = save.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300  # a thumb's target
    form.locator("select[name=category]").select_option("graffiti")
    form.locator("textarea[name=description]").fill("Klotter på gaveln vid lekplatsen")
    form.locator("#f-locate").tap()  # the point from the phone's position
    expect(form.locator("input[name=lat]")).to_have_value("58.426500")
    expect(form.locator("input[name=lon]")).to_have_value("15.587000")
    camera.set_input_files(
        {"name": "kamera.png", "mimeType": "image/png", "buffer": png_with_exif()}
    )
    save.tap()
    page.wait_for_url("**/boende/ronderingar/*#finding-*")
    finding = page.locator("#findings li").first
    expect(finding).to_contain_text("Klotter på gaveln vid lekplatsen")
    assert finding.get_attribute("data-status") == "open"
    order = finding.get_attribute("data-order")
    assert order
    img = finding.locator("img.finding-photo")
    expect(img).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('img.finding-photo'); "
        "return i && i.complete && i.naturalWidth > 0; }"
    )
    src = img.get_attribute("src")
    assert src is not None
    served = page.request.get(src)
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    picture = Image.open(io.BytesIO(served.body()))
    assert picture.size == (40, 30) and not picture.getexif()
    assert_no_horizontal_scroll(page)
    # the work order is on the list of work orders
    page.goto("/boende/arbetsordrar?status=open")
    expect(page.locator(f"#order-{order}")).to_be_visible()
    watch.assert_clean()


def test_without_javascript_the_point_is_typed_and_the_checklist_answered(
    open_page: OpenPage,
) -> None:
    page, watch = open_page(PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    log_in_as(page, watch, WALKER)
    page.goto("/boende/ronderingar")
    page.locator("form[name=walk] select[name=area_id]").select_option(label="Ryd")
    page.locator("form[name=walk] button[type=submit]").tap()
    page.wait_for_url("**/boende/ronderingar/*")
    walk_path = urlparse(page.url).path
    assert page.locator("#f-locate").is_hidden()  # no position button without the script
    checklist = page.locator("form[name=checklist]")
    checklist.locator("input[type=radio][value=ok]").first.check()
    checklist.locator("button[type=submit]").tap()
    page.wait_for_url("**#checklist")
    assert page.locator("form[name=checklist] input[value=ok]:checked").count() == 1
    form = page.locator("form[name=finding]")
    form.locator("select[name=category]").select_option("lighting")
    form.locator("input[name=lat]").fill("58,4085")
    form.locator("input[name=lon]").fill("15,5600")
    form.locator("button[type=submit]").tap()
    page.wait_for_url("**#finding-*")
    expect(page.locator("#findings li").first).to_have_attribute("data-status", "open")
    # no place at all: refused with the reason, nothing saved
    form = page.locator("form[name=finding]")
    form.locator("select[name=category]").select_option("graffiti")
    form.locator("button[type=submit]").tap()
    refusal = page.locator("#p-errors")
    expect(refusal).to_be_visible()
    assert "lat" in refusal.inner_text().lower()  # the field named (latitud / latitude)
    assert page.locator("#findings li").count() == 1
    watch.assert_clean((422, f"{walk_path}/fynd"))

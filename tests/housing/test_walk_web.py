"""The safety walks' pages and API over HTTP as Stångåstaden's case worker: a walk, a finding
with a photo (multipart), the walk's page, the photo served without EXIF, the report page and
its PDF, the work orders' page with its steps and the share fixed within N days; refusals with
the field and nothing saved; the API as the same case worker's personal token."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.housing.walk_models import Finding
from tests.conftest import World
from tests.housing.test_case_http import Bolag, bolag  # noqa: F401  (the fixture)
from tests.housing.test_walks import png_with_exif


def _walk(b: Bolag, world: World) -> str:
    r = b.client.post(
        "/boende/ronderingar",
        data={
            "csrf_token": b.csrf,
            "area_id": str(world.ids["skaggetorp"]),
            "walked_on": "2026-03-04",
            "walkers": "Tina, hyresgästföreningen",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return r.headers["location"]


def test_a_walk_on_the_pages_with_a_photo_report_pdf_and_work_orders(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    url = _walk(bolag, world)
    r = bolag.client.post(
        f"{url}/fynd",
        data={
            "csrf_token": bolag.csrf,
            "category": "graffiti",
            "description": "Klotter på gaveln",
            "lat": "58,43",
            "lon": "15.58",
            "responsible": "contractor",
        },
        files={"photo": ("bild.png", png_with_exif(), "image/png")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    frag = r.headers["location"].split("#")[1]
    fid, oid = int(frag.split("-")[1]), int(frag.split("-")[3])
    page = bolag.client.get(url)
    assert page.status_code == 200 and f'id="{frag}"' in page.text
    assert "Klotter på gaveln" in page.text and 'capture="environment"' in page.text
    photo = bolag.client.get(f"{url}/fynd/{fid}/foto")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(photo.content)).getexif()
    report = bolag.client.get(f"{url}/rapport")
    assert report.status_code == 200 and "Klotter på gaveln" in report.text
    pdf = bolag.client.get(f"{url}/rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Klotter på gaveln" in text and f"#{oid}" in text
    # a finding without category, or without place: refused, nothing saved
    for data, _field in (
        ({"place_name": "Port 2"}, "category"),
        ({"category": "lighting"}, "lat"),
    ):
        bad = bolag.client.post(f"{url}/fynd", data={"csrf_token": bolag.csrf, **data})
        assert bad.status_code == 422, bad.text
    assert db.scalar(select(func.count(Finding.id))) == 1
    # the work order: verified before done refused, then step by step
    step = f"/boende/arbetsordrar/{oid}/steg"
    bad = bolag.client.post(
        step, data={"csrf_token": bolag.csrf, "status": "verified", "on": "2026-03-05"}
    )
    assert bad.status_code == 422
    for status, extra in (
        ("assigned", {"assigned_to": "Måleriet AB"}),
        ("done", {}),
        ("verified", {}),
    ):
        ok = bolag.client.post(
            step,
            data={"csrf_token": bolag.csrf, "status": status, "on": "2026-03-06", **extra},
            follow_redirects=False,
        )
        assert ok.status_code == 303, ok.text
    orders = bolag.client.get("/boende/arbetsordrar?dagar=14&status=verified")
    assert orders.status_code == 200 and f'id="order-{oid}" data-status="verified"' in orders.text
    assert 'data-responsible="contractor"><td>' in orders.text
    api = bolag.api.get("/api/v1/housing/work-orders/fixed-within?days=1")
    assert api.json() == [
        {"responsible": "contractor", "total": 1, "fixed_in_time": 0, "share": 0.0}
    ]
    api = bolag.api.get("/api/v1/housing/work-orders/fixed-within?days=2")
    assert api.json()[0]["fixed_in_time"] == 1


def test_the_api_walk_finding_and_steps(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    made = bolag.api.post(
        f"/api/v1/housing/walks?org_id={bolag.org_id}",
        json={"area_id": world.ids["ryd"], "walked_on": "2026-03-04"},
    )
    assert made.status_code == 201, made.text
    wid = made.json()["id"]
    bad = bolag.api.post(f"/api/v1/housing/walks/{wid}/findings", json={"category": "lighting"})
    assert bad.status_code == 422 and "lat" in bad.text
    got = bolag.api.post(
        f"/api/v1/housing/walks/{wid}/findings",
        json={"category": "lighting", "lat": 58.405, "lon": 15.56},
    )
    assert got.status_code == 201, got.text
    oid = got.json()["work_order"]["id"]
    assert got.json()["incident_id"] is not None
    bad = bolag.api.post(
        f"/api/v1/housing/work-orders/{oid}/steps", json={"status": "verified", "on": "2026-03-05"}
    )
    assert bad.status_code == 422, bad.text
    listed = bolag.api.get("/api/v1/housing/work-orders?status=open")
    assert [o["id"] for o in listed.json()] == [oid]
    walk = bolag.api.get(f"/api/v1/housing/walks/{wid}").json()
    assert walk["findings"][0]["work_order"]["status"] == "open"


def test_the_checklist_starts_with_the_default_set_and_a_walk_answers_it(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    got = bolag.api.get(f"/api/v1/housing/walk-checklist?org_id={bolag.org_id}")
    assert got.status_code == 200, got.text
    items = got.json()
    assert {i["category"] for i in items} >= {"lighting", "graffiti", "play_areas", "waste_rooms"}
    added = bolag.api.post(
        f"/api/v1/housing/walk-checklist?org_id={bolag.org_id}",
        json={"category": "parking", "text": "Cykelrummet är låst"},
    )
    assert added.status_code == 201, added.text
    bad = bolag.api.post(
        f"/api/v1/housing/walk-checklist?org_id={bolag.org_id}",
        json={"category": "nonsense", "text": "x"},
    )
    assert bad.status_code == 422 and "category" in bad.text
    off = bolag.api.put(f"/api/v1/housing/walk-checklist/{items[0]['id']}", json={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    walk = bolag.api.post(
        f"/api/v1/housing/walks?org_id={bolag.org_id}",
        json={"area_id": world.ids["ryd"], "walked_on": "2026-03-04"},
    ).json()
    ans = {str(items[1]["id"]): "ok", str(added.json()["id"]): "finding"}
    put = bolag.api.put(f"/api/v1/housing/walks/{walk['id']}/answers", json={"answers": ans})
    assert put.status_code == 200 and put.json() == ans
    # a disabled item, or an answer that is none of the three: refused, the answers kept
    for wrong in ({str(items[0]["id"]): "ok"}, {str(items[1]["id"]): "maybe"}):
        bad = bolag.api.put(f"/api/v1/housing/walks/{walk['id']}/answers", json={"answers": wrong})
        assert bad.status_code == 422, bad.text
    from samverkan.housing.walk_models import WalkAnswer

    assert db.scalar(select(func.count(WalkAnswer.id))) == 2


def test_the_checklist_on_the_pages(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    page = bolag.client.get("/boende/checklista")
    assert page.status_code == 200
    assert any(t in page.text for t in ("Entrance doors close and lock", "Entrédörrar"))
    added = bolag.client.post(
        "/boende/checklista",
        data={
            "csrf_token": bolag.csrf,
            "org_id": str(bolag.org_id),
            "category": "parking",
            "text": "Cykelrummet är låst",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    item = int(added.headers["location"].rsplit("-", 1)[1])
    bad = bolag.client.post(
        "/boende/checklista",
        data={"csrf_token": bolag.csrf, "org_id": str(bolag.org_id), "category": "x", "text": "y"},
    )
    assert bad.status_code == 422
    url = _walk(bolag, world)
    walk_page = bolag.client.get(url)
    assert f'name="item-{item}"' in walk_page.text
    ok = bolag.client.post(
        f"{url}/checklista",
        data={"csrf_token": bolag.csrf, f"item-{item}": "finding"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert f'name="item-{item}" value="finding" checked' in bolag.client.get(url).text
    bad = bolag.client.post(
        f"{url}/checklista", data={"csrf_token": bolag.csrf, f"item-{item}": "maybe"}
    )
    assert bad.status_code == 422
    off = bolag.client.post(
        f"/boende/checklista/{item}",
        data={"csrf_token": bolag.csrf, "active": "0"},
        follow_redirects=False,
    )
    assert off.status_code == 303
    assert f'name="item-{item}"' not in bolag.client.get(url).text

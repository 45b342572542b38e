"""The web shell: Swedish first, English switch, security headers, nothing from outside."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World


def test_the_start_page_is_swedish_with_the_users_areas(world: World) -> None:
    r = world.personas["samordnare"].client.get("/")
    assert r.status_code == 200
    html = r.text
    assert '<html lang="sv">' in html
    assert "Översikt" in html and "Stadsdelar" in html and "Administration" in html
    assert "Skäggetorp" in html and "Ryd" in html and "Navestad" not in html
    island = re.search(
        r'<script type="application/json" id="start-map-data">(.*?)</script>', html, re.S
    )
    assert island and '"name":"Skäggetorp"' in island.group(1)


def test_a_reporter_sees_no_administration_link(world: World) -> None:
    html = world.personas["rapportor"].client.get("/").text
    assert "Stadsdelar" in html and "/admin" not in html


def test_the_language_switch_turns_the_page_english(world: World) -> None:
    c = world.personas["samordnare"].client
    r = c.get("/sprak/en?next=/stadsdelar", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/stadsdelar"
    html = c.get("/stadsdelar").text
    assert '<html lang="en">' in html and "Districts" in html and "Stadsdelar" not in html
    assert "district" in html  # kind label in English
    c.get("/sprak/sv")
    assert "Stadsdelar" in c.get("/stadsdelar").text
    assert (
        c.get("/sprak/en?next=https://evil.example", follow_redirects=False).headers["location"]
        == "/"
    )


def test_every_page_has_security_headers(world: World, client: TestClient) -> None:
    for r in (client.get("/login"), world.personas["samordnare"].client.get("/")):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"


def test_no_page_loads_anything_from_another_host(world: World) -> None:
    c = world.personas["samordnare"].client
    for path in ["/", "/stadsdelar", f"/stadsdelar/{world.ids['skaggetorp']}", "/admin", "/konto"]:
        html = c.get(path).text
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        external = [u for u in refs if re.match(r"^(https?:)?//", u)]
        assert external == [], (path, external)
        assert "<script>" not in html  # no inline script: the CSP would block it


def test_leaflet_is_served_locally(client: TestClient) -> None:
    js = client.get("/static/leaflet/leaflet.js")
    assert js.status_code == 200 and "Leaflet" in js.text[:400]
    assert client.get("/static/leaflet/leaflet.css").status_code == 200
    assert "drawMap" in client.get("/static/map.js").text


def test_an_unknown_page_is_a_swedish_404(world: World) -> None:
    r = world.personas["samordnare"].client.get("/finns-inte")
    assert r.status_code == 404 and "Sidan finns inte" in r.text


def test_form_input_errors_never_give_500(world: World) -> None:
    p = world.personas["samordnare"]
    r = p.client.post("/admin/grupper/abc/medlemmar", data={"csrf_token": p.csrf})
    assert r.status_code == 422
    r = p.client.post(
        f"/admin/grupper/{world.ids['est_group']}/omraden",
        data={"csrf_token": p.csrf, "area_id": "x"},
    )
    assert r.status_code == 422
    r = p.client.post("/admin/roller/1/ta-bort", data={"csrf_token": p.csrf})
    assert r.status_code == 422 and "user_id" in r.text

"""Areas over HTTP: each caller sees exactly its EST group's areas; hidden areas are 404."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from sqlalchemy.orm import Session

from samverkan.geo import service
from samverkan.geo.models import Area
from samverkan.geo.queries import area_index
from tests.conftest import World

LINKOPING_AREAS = {"Linköping", "Skäggetorp", "Ryd"}
NORRKOPING_AREAS = {"Norrköping", "Navestad"}
ALL_AREAS = LINKOPING_AREAS | NORRKOPING_AREAS


def bearer(world: World, key: str) -> dict[str, str]:
    token = world.personas[key].token
    assert token
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("rapportor", LINKOPING_AREAS), ("polis", LINKOPING_AREAS), ("outsider", NORRKOPING_AREAS)],
)
def test_area_list_is_exactly_the_group_areas(world: World, persona: str, expected: set[str]):
    c = world.personas["anonymous"].client
    r = c.get("/api/v1/areas", headers=bearer(world, persona))
    assert r.status_code == 200, r.text
    body = r.json()
    names = [a["name"] for a in body]
    assert len(names) == len(set(names))
    assert set(names) == expected
    # No trace of the other municipality's areas anywhere in the answer.
    for hidden in ALL_AREAS - expected:
        assert hidden not in r.text
    # The municipality comes first, and every area carries its bounding box.
    assert body[0]["kind"] == "kommun"
    for a in body:
        lon0, lat0, lon1, lat1 = a["bbox"]
        assert lon0 < lon1
        assert lat0 < lat1


def test_area_list_fields(world: World):
    c = world.personas["anonymous"].client
    body = c.get("/api/v1/areas", headers=bearer(world, "rapportor")).json()
    skagg = next(a for a in body if a["name"] == "Skäggetorp")
    assert skagg == {
        "id": world.ids["skaggetorp"],
        "name": "Skäggetorp",
        "kind": "stadsdel",
        "code": None,
        "parent_id": world.ids["linkoping"],
        "approximate": True,
        "population": None,
        "bbox": pytest.approx([15.57, 58.42, 15.59, 58.44]),
    }


def test_area_api_needs_a_valid_token(world: World):
    c = world.personas["anonymous"].client
    assert c.get("/api/v1/areas").status_code == 401
    assert c.get("/api/v1/areas", headers={"Authorization": "Bearer nope"}).status_code == 401
    r = c.get(f"/api/v1/areas/{world.ids['ryd']}")
    assert r.status_code == 401
    assert "Ryd" not in r.text


@pytest.mark.parametrize("persona", ["rapportor", "polis"])
def test_visible_area_is_a_geojson_feature_in_wgs84(world: World, persona: str):
    c = world.personas["anonymous"].client
    r = c.get(f"/api/v1/areas/{world.ids['skaggetorp']}", headers=bearer(world, persona))
    assert r.status_code == 200, r.text
    f = r.json()
    assert f["type"] == "Feature"
    assert f["id"] == world.ids["skaggetorp"]
    assert f["properties"]["name"] == "Skäggetorp"
    assert f["properties"]["parent_id"] == world.ids["linkoping"]
    assert f["geometry"]["type"] == "Polygon"
    ring = f["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]
    # WGS 84 longitude first, latitude second, around Linköping (not SWEREF metres).
    for lon, lat in ring:
        assert 15.5 < lon < 15.7
        assert 58.4 < lat < 58.5
    geom = shape(f["geometry"])
    assert geom.is_valid
    assert geom.bounds == pytest.approx((15.57, 58.42, 15.59, 58.44))


@pytest.mark.parametrize(
    ("persona", "hidden"),
    [
        ("rapportor", "navestad"),
        ("rapportor", "norrkoping"),
        ("polis", "navestad"),
        ("outsider", "skaggetorp"),
        ("outsider", "linkoping"),
        ("outsider", "ryd"),
    ],
)
def test_invisible_area_is_404_without_its_name(world: World, persona: str, hidden: str):
    c = world.personas["anonymous"].client
    r = c.get(f"/api/v1/areas/{world.ids[hidden]}", headers=bearer(world, persona))
    assert r.status_code == 404
    name = {
        "navestad": "Navestad",
        "norrkoping": "Norrköping",
        "skaggetorp": "Skäggetorp",
        "linkoping": "Linköping",
        "ryd": "Ryd",
    }[hidden]
    assert name not in r.text
    # …and it looks exactly like an area that does not exist.
    missing = c.get("/api/v1/areas/987654", headers=bearer(world, persona))
    assert missing.status_code == 404
    assert missing.json() == r.json()


def test_area_page_shows_sweref99tm_centre(world: World):
    c = world.personas["rapportor"].client
    r = c.get(f"/stadsdelar/{world.ids['skaggetorp']}")
    assert r.status_code == 200, r.text
    # Skäggetorp's box in the fixture is centred on 58.43 N, 15.58 E.
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True).transform(15.58, 58.43)
    assert 6_470_000 < n < 6_490_000
    assert 530_000 < e < 540_000
    assert f"N {n:.0f}, E {e:.0f}" in r.text
    assert "58.43000 N, 15.58000 E" in r.text
    assert "Linköping" in r.text  # the link back to the parent


def test_area_page_of_hidden_area_is_404_without_its_name(world: World):
    c = world.personas["outsider"].client
    r = c.get(f"/stadsdelar/{world.ids['skaggetorp']}")
    assert r.status_code == 404
    assert "Skäggetorp" not in r.text
    own = c.get(f"/stadsdelar/{world.ids['navestad']}")
    assert own.status_code == 200
    assert "Navestad" in own.text


def test_point_lookup_finds_the_district_or_the_municipality(world: World, db: Session):
    index = area_index(db)
    # Inside Skäggetorp (which lies inside Linköping): the district wins.
    assert index.lookup_one(15.583, 58.431) == world.ids["skaggetorp"]
    assert index.lookup_one(15.56, 58.405) == world.ids["ryd"]
    # In Linköping but outside its districts: the municipality.
    assert index.lookup_one(15.70, 58.35) == world.ids["linkoping"]
    assert index.lookup_one(15.62, 58.41) == world.ids["linkoping"]
    # Norrköping's district, and a point in neither municipality.
    assert index.lookup_one(16.21, 58.57) == world.ids["navestad"]
    assert index.lookup_one(17.5, 59.5) is None


def test_point_lookup_sees_new_areas(world: World, db: Session):
    assert area_index(db).lookup_one(15.70, 58.35) == world.ids["linkoping"]
    lambohov = service.save_area(
        db,
        name="Lambohov",
        kind="stadsdel",
        geom=shapely.box(15.69, 58.34, 15.71, 58.36),
        parent=db.get(Area, world.ids["linkoping"]),
    )
    db.flush()
    assert area_index(db).lookup_one(15.70, 58.35) == lambohov.id

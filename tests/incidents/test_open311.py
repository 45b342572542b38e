"""Open311 GeoReport v2: the read side through the independent ``georeport`` client against a
live server, the write side and errors in the spec's format, visibility on every path."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
import requests
from georeport import GeoReport
from sqlalchemy.orm import Session

from samverkan.core.db import make_sessionmaker, session_scope
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from tests.conftest import World
from tests.live import Live, live_demo_server

STORA_TORGET = {"lat": "58.4105", "long": "15.6216"}
SKAGGETORP = {"lat": "58.4275", "long": "15.5830"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, dict[str, str]]]:
    with live_demo_server(tmp_path_factory.mktemp("open311")) as server:
        keys = {}
        with session_scope(make_sessionmaker(server.engine)) as s:
            for org in ("Stångåstaden", "Polisen lokalpolisområde Linköping", "Linköpings kommun"):
                _t, keys[org] = org_service.create_token(
                    s, None, org_queries.org_by_name(s, org).id, "Open311"
                )
        yield server, keys


pytestmark = pytest.mark.xdist_group("open311-live")


def post(live: Live, key: str, **fields: str) -> requests.Response:
    data = {"api_key": key, "service_code": "klotter", **fields}
    return requests.post(f"{live.url}/open311/v2/requests.json", data=data, timeout=10)


def client(live: Live, key: str, fmt: str = "json") -> GeoReport:
    host = live.url.removeprefix("http://")
    return GeoReport(f"http://{key}:@{host}/open311/v2", output_format=fmt)


def test_the_georeport_client_reads_services_and_requests(live) -> None:
    server, keys = live
    bolag = keys["Stångåstaden"]
    created = post(server, bolag, description="Klotter på trapphusdörren", **SKAGGETORP)
    assert created.status_code == 201, created.text
    rid = created.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        c = client(server, keys["Linköpings kommun"], fmt)
        services = {s["service_code"]: s for s in c.get_service_list()}
        assert services["klotter"]["service_name"] == "Klotter"
        assert services["bilbrand"]["group"] == "Brand"
        definition = c.get_service_definition("klotter")
        assert definition["service_code"] == "klotter"
        found = c.get_service_request(rid)
        assert found["service_request_id"] == rid
        assert found["description"] == "Klotter på trapphusdörren"
        assert found["status"] == "open" and found["agency_responsible"] == "Stångåstaden"
        listed = c.get_service_requests(service_code="klotter")
        listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one = dict
        assert rid in {r["service_request_id"] for r in listed}


def test_police_only_requests_never_reach_others(live) -> None:
    server, keys = live
    polis = keys["Polisen lokalpolisområde Linköping"]
    # a police-only tip is made through the API; Open311 creates shared requests
    r = requests.post(
        f"{server.url}/api/v1/incidents",
        timeout=10,
        headers={"Authorization": f"Bearer {polis}"},
        json={
            "category": "narkotika",
            "occurred_at": "2026-11-20T22:00:00",
            "lat": 58.4275,
            "lon": 15.5830,
            "visibility": "polis",
        },
    )
    assert r.status_code == 201
    rid = str(r.json()["id"])
    c = client(server, keys["Stångåstaden"])
    with pytest.raises(requests.HTTPError) as err:
        c.get_service_request(rid)
    assert err.value.response.status_code == 404
    assert err.value.response.json() == [
        {"code": 404, "description": f"service_request_id '{rid}' not found"}
    ]
    assert rid not in {x["service_request_id"] for x in c.get_service_requests()}
    assert rid in {x["service_request_id"] for x in client(server, polis).get_service_requests()}


def test_reading_without_a_key_is_refused(live) -> None:
    server, _keys = live
    r = requests.get(f"{server.url}/open311/v2/requests.json", timeout=10)
    assert r.status_code == 403
    assert r.json() == [{"code": 403, "description": "api_key missing or not valid"}]
    xml = requests.get(f"{server.url}/open311/v2/requests.xml", timeout=10)
    root = ET.fromstring(xml.content)
    assert root.tag == "errors" and root.find("error/code").text == "403"


def test_posting_by_address_string_and_errors_in_the_spec_format(live) -> None:
    server, keys = live
    key = keys["Stångåstaden"]
    by_area = post(server, key, address_string="Ryd", description="Ring 070-123 45 67")
    assert by_area.status_code == 201
    assert by_area.json()[0]["service_notice"] == "Personuppgifter togs bort ur beskrivningen."
    cases = [
        ({"service_code": "finns_inte", **STORA_TORGET}, "unknown category finns_inte"),
        ({**STORA_TORGET, "lat": "15.6216", "long": "58.4105"}, "look swapped"),
        ({}, "a location is required"),
        ({"address_string": "Atlantis"}, "not a known area"),
        ({"lat": "norr", "long": "öst"}, "must be numbers"),
    ]
    for fields, text in cases:
        r = post(server, key, **fields)
        assert r.status_code == 400, (fields, r.text)
        assert r.json()[0]["code"] == 400 and text in r.json()[0]["description"], r.text
    bad_key = post(server, "sv_fel", **STORA_TORGET)
    assert bad_key.status_code == 403
    too_long = requests.get(
        f"{server.url}/open311/v2/requests.json",
        timeout=10,
        params={
            "api_key": key,
            "start_date": "2026-01-01T00:00:00Z",
            "end_date": "2026-06-01T00:00:00Z",
        },
    )
    assert too_long.status_code == 400 and "more than 90 days" in too_long.text


def test_discovery_lists_both_formats(live) -> None:
    server, _keys = live
    doc = requests.get(f"{server.url}/open311/v2/discovery.json", timeout=10).json()
    assert doc["endpoints"][0]["url"] == f"{server.url}/open311/v2"
    assert doc["endpoints"][0]["formats"] == ["application/json", "text/xml"]
    xml = ET.fromstring(requests.get(f"{server.url}/open311/v2/discovery.xml", timeout=10).content)
    assert (
        xml.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
    )


def test_open311_in_process_respects_visibility(world: World, db: Session, app) -> None:
    from fastapi.testclient import TestClient

    c = TestClient(app)
    key = world.personas["outsider"].token
    r = c.post(
        "/open311/v2/requests.json",
        data={
            "api_key": world.personas["rapportor"].token,
            "service_code": "klotter",
            "lat": "58.43",
            "long": "15.58",
        },
    )
    assert r.status_code == 201
    rid = r.json()[0]["service_request_id"]
    assert c.get(f"/open311/v2/requests/{rid}.json?api_key={key}").status_code == 404
    assert c.get(f"/open311/v2/requests.json?api_key={key}").json() == []

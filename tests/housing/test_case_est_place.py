"""A disturbance case may point to an EST place; nothing of the case flows into EST. The case
page lists the incidents the case worker may see in its area, while the incident about that
place stays anonymous: its page and its API answer show no tenant, flat or case, to the case
worker, the samordnare or the police, and the lägesbild holds nothing of the case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samverkan.incidents import service as incident_service
from samverkan.incidents.schemas import IncidentIn
from samverkan.orgs import queries as org_queries
from tests.conftest import World
from tests.housing.test_case_http import Bolag, bolag, new_case  # noqa: F401  (the fixture)

TENANT = "Hyresgäst Påhittad"
FLAT = "Bergsrådsvägen 12 B, lgh 1201"
CASE_NOTE = "Hög musik nattetid."


def test_the_incident_at_a_case_s_place_stays_anonymous(
    bolag: Bolag,  # noqa: F811
    world: World,
    db: Session,
) -> None:
    case = new_case(bolag, world)
    assert case["place"] == "Trapphus Bergsrådsvägen 12 B"
    found = org_queries.principal_for_token(db, world.personas["rapportor"].token)
    assert found is not None
    when = datetime.now(UTC) - timedelta(days=2)  # inside the case page's last weeks
    filed = incident_service.file_incident(
        db,
        found[0],
        IncidentIn(
            category="klotter",
            occurred_at=when,
            lat=58.4279,
            lon=15.5822,
            place_name="Trapphus Bergsrådsvägen 12 B",
            description="Klotter i trapphuset.",
        ),
        source="api",
    )
    db.commit()
    incident_id = filed.incident.id

    page = bolag.client.get(f"/boende/storningsarenden/{case['id']}")
    assert page.status_code == 200
    assert f"/handelser/{incident_id}" in page.text  # the case sees EST ...

    secret = [TENANT, FLAT, CASE_NOTE, "storningsarenden", f"ärende {case['id']}"]
    readers = {
        "case worker": bolag.client,
        "samordnare": world.personas["samordnare"].client,
        "polis": world.personas["polis"].client,
    }
    for who, client in readers.items():  # ... and EST sees nothing of the case
        got = client.get(f"/handelser/{incident_id}")
        assert got.status_code == 200, who
        assert "Klotter i trapphuset." in got.text, who
        for text in secret:
            assert text not in got.text, (who, text)
    for key in ("polis", "rapportor"):
        api = TestClient(
            bolag.api.app, headers={"Authorization": f"Bearer {world.personas[key].token}"}
        )
        got = api.get(f"/api/v1/incidents/{incident_id}")
        assert got.status_code == 200, got.text
        for text in (TENANT, FLAT, CASE_NOTE, "case"):
            assert text not in got.text, (key, text)
        picture = api.get(f"/api/v1/lagesbild?area_id={world.ids['skaggetorp']}")
        assert picture.status_code == 200, picture.text
        for text in (TENANT, FLAT, CASE_NOTE, "disturbance"):
            assert text not in picture.text, (key, text)

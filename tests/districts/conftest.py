"""The districts' test world: the matrix world (tests/conftest.py) with SCB codes on its areas,
four more districts of Linköping (comparison areas), an analyst at the municipality with a
personal API token, and the day the tests look from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from samverkan.geo import service as geo_service
from samverkan.geo.models import Area
from samverkan.incidents import service as incident_service
from samverkan.incidents.schemas import IncidentIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs import service as org_service
from samverkan.orgs.models import Organisation
from samverkan.orgs.policy import Principal
from tests.conftest import World, make_user, square

DAY = date(2026, 6, 30)  # the day the tests look from: 2025 is the last whole ISO year


@dataclass
class DistrictWorld:
    world: World
    analyst: Principal  # Linköpings kommun's analytiker
    bolag_analyst: Principal  # Stångåstaden's analytiker
    outsider: Principal  # Norrköpings kommun's samordnare and admin
    token: str  # the analyst's personal token
    bolag_token: str
    areas: dict[str, int]  # name -> id

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def report(
        self, db: Session, when: datetime, lat: float, lon: float, category: str = "klotter"
    ) -> None:
        """An EST report by the matrix world's reporter (Stångåstaden)."""
        found = org_queries.principal_for_token(db, self.world.personas["rapportor"].token)
        assert found is not None
        incident_service.file_incident(
            db,
            found[0],
            IncidentIn(category=category, occurred_at=when, lat=lat, lon=lon, place_name="Torget"),
            source="api",
        )


@pytest.fixture
def dw(world: World, db: Session) -> DistrictWorld:
    kommun = db.get(Organisation, world.ids["kommun_org"])
    bolag = db.get(Organisation, world.ids["bolag_org"])
    assert kommun is not None and bolag is not None
    lkpg = db.get(Area, world.ids["linkoping"])
    assert lkpg is not None
    codes = {"linkoping": "0580", "skaggetorp": "0580R005", "ryd": "0580R010"}
    for key, code in codes.items():
        area = db.get(Area, world.ids[key])
        assert area is not None
        area.code = code
    areas = {"Linköping": lkpg.id, "Skäggetorp": world.ids["skaggetorp"], "Ryd": world.ids["ryd"]}
    for i, name in enumerate(("Berga", "Lambohov", "Ekholmen", "Johannelund")):
        a = geo_service.save_area(
            db,
            name=name,
            kind="stadsdel",
            code=f"0580R0{20 + i}",
            geom=square(15.50 + 0.03 * i, 58.36, 0.005),
            parent=lkpg,
        )
        areas[name] = a.id
    anna = make_user(db, "anna@linkoping.test", kommun, "analytiker")
    bo = make_user(db, "bo@stangastaden.test", bolag, "analytiker")
    _t, token = org_service.create_token(db, None, kommun.id, "Annas skript", user_id=anna.id)
    _t, bolag_token = org_service.create_token(db, None, bolag.id, "Bos skript", user_id=bo.id)
    db.commit()
    outsider = world.personas["outsider"].user
    assert outsider is not None
    return DistrictWorld(
        world,
        org_queries.principal_for_user(db, anna),
        org_queries.principal_for_user(db, bo),
        org_queries.principal_for_user(db, outsider),
        token,
        bolag_token,
        areas,
    )

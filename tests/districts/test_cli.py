"""``samverkan statistik import``: an SCB-style PX file into a real SQLite file, the codes that
match no area listed, a refused file (exit 2, the keyword named) storing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samverkan.cli import app as cli_app
from samverkan.core import migrate
from samverkan.core.db import make_engine
from samverkan.districts.models import IndicatorValue, StatImport
from samverkan.geo import service as geo_service
from samverkan.orgs import service as org_service
from samverkan.orgs.schemas import GroupIn, OrgIn
from tests.conftest import make_user, square

PX = """CHARSET="ANSI";
TITLE="Förvärvsarbetande 20-64 år efter region och år";
CONTENTS="Andel förvärvsarbetande";
UNITS="procent";
SOURCE="SCB";
STUB="region";
HEADING="år";
VALUES("region")="0580R005 Skäggetorp","0580R010 Ryd","0580R099 Okänt";
CODES("region")="0580R005","0580R010","0580R099";
VALUES("år")="2023","2024";
TIMEVAL("år")=TLIST(A1),"2023","2024";
DATA=
51.2 53.0
61.0 62.4
40.0 41.0;
"""


@pytest.fixture
def cli_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as s:
        kommun = org_service.create_org(s, None, OrgIn(name="Linköpings kommun", kind="kommun"))
        make_user(s, "anna@linkoping.test", kommun, "analytiker")
        lkpg = geo_service.save_area(
            s, name="Linköping", kind="kommun", code="0580", geom=square(15.6, 58.4, 0.1)
        )
        for name, code, lon in (("Skäggetorp", "0580R005", 15.58), ("Ryd", "0580R010", 15.56)):
            geo_service.save_area(
                s, name=name, kind="stadsdel", code=code, geom=square(lon, 58.4, 0.005), parent=lkpg
            )
        est = org_service.create_group(
            s, None, GroupIn(name="EST Linköping", owner_org_id=kommun.id)
        )
        org_service.set_group_members(s, None, est.id, {kommun.id})
        geo_service.set_group_areas(s, None, est.id, {lkpg.id})  # the analyst sees Linköping
        s.commit()
    engine.dispose()
    return url


def _values(url: str) -> list[tuple[int, float]]:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.execute(
            select(IndicatorValue.year, IndicatorValue.value).order_by(
                IndicatorValue.area_id, IndicatorValue.year
            )
        ).all()
        n_imports = s.scalar(select(func.count()).select_from(StatImport))
    engine.dispose()
    return [(int(y), float(v)) for y, v in rows] + [(-1, float(n_imports or 0))]


def test_a_px_file_is_imported_and_unknown_codes_listed(cli_db: str, tmp_path: Path) -> None:
    path = tmp_path / "forvarv.px"
    path.write_bytes(PX.encode("iso-8859-1"))
    args = ["statistik", "import", str(path), "--user", "anna@linkoping.test"]
    r = CliRunner().invoke(cli_app, [*args, "--map", "sysselsattning_20_64", "--db", cli_db])
    assert r.exit_code == 0, r.output
    assert "4 nya värden" in r.output and "år 2023, 2024" in r.output
    assert "1 koder hör inte till något område: 0580R099 Okänt" in r.output  # listed
    assert _values(cli_db) == [(2023, 51.2), (2024, 53.0), (2023, 61.0), (2024, 62.4), (-1, 1)]
    again = CliRunner().invoke(cli_app, [*args, "--map", "sysselsattning_20_64", "--db", cli_db])
    assert (
        again.exit_code == 0 and "0 nya värden" in again.output and "4 oförändrade" in again.output
    )


def test_a_broken_px_file_names_the_keyword_and_stores_nothing(cli_db: str, tmp_path: Path) -> None:
    path = tmp_path / "trasig.px"
    path.write_bytes(PX.replace('VALUES("år")="2023","2024";', 'VALUES("år")="2023";').encode())
    args = ["import", str(path), "--user", "anna@linkoping.test", "--map", "sysselsattning_20_64"]
    r = CliRunner().invoke(cli_app, ["statistik", *args, "--db", cli_db])
    assert r.exit_code == 2, r.output
    assert "DATA" in r.output and "Inget importerades från trasig.px" in r.output
    assert "Traceback" not in r.output
    assert _values(cli_db) == [(-1, 0)]

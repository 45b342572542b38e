"""Importing area polygons from GeoJSON and GeoPackage: all of the file or nothing.

Three ways in: ``read_areas`` + ``service.import_areas`` on the test transaction, Typer's
CliRunner on ``samverkan.cli.app`` (fast, in-process) and ``python -m samverkan`` in a
subprocess (the real entry point with its exit codes), both on a temporary SQLite file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import box, shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samverkan.cli import app as cli_app
from samverkan.core import migrate
from samverkan.core.db import make_engine, make_sessionmaker, session_scope
from samverkan.core.models import AuditEvent
from samverkan.geo import service
from samverkan.geo.crs import to_sweref99tm
from samverkan.geo.importer import AreaFileError, read_areas
from samverkan.geo.models import Area
from samverkan.orgs import service as org_service
from samverkan.orgs.schemas import GroupIn, OrgIn

# --- file helpers ----------------------------------------------------------------------------


def square(lon: float, lat: float, d: float = 0.005) -> list[list[list[float]]]:
    return [list(map(list, box(lon - d, lat - d, lon + d, lat + d).exterior.coords))]


def feature(props: dict[str, Any], coords: Any, kind: str = "Polygon") -> dict[str, Any]:
    geometry = {"type": kind, "coordinates": coords}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_geojson(path: Path, features: list[dict[str, Any]], **extra: Any) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", **extra, "features": features}), encoding="utf-8"
    )
    return path


DISTRICTS = [
    # name, code, population, centre
    ("Skäggetorp", "0580R001", 9500, (15.582, 58.427)),
    ("Ryd", "0580R002", 7800, (15.560, 58.408)),
    ("Berga", "0580R003", 6900, (15.640, 58.391)),
]


def districts_file(
    path: Path,
    *,
    name_key: str = "name",
    code_key: str = "kod",
    pop_key: str = "befolkning",
    shift: float = 0.0,
) -> Path:
    return write_geojson(
        path,
        [
            feature({name_key: n, code_key: c, pop_key: p}, square(lon + shift, lat))
            for n, c, p, (lon, lat) in DISTRICTS
        ],
    )


BOW_TIE = [[[15.60, 58.40], [15.61, 58.41], [15.61, 58.40], [15.60, 58.41], [15.60, 58.40]]]


def bad_file(path: Path) -> Path:
    """Features 0, 1 and 4 are fine; 2 is a self-intersecting bow tie; 3 has no name."""
    return write_geojson(
        path,
        [
            feature({"name": "Gottfridsberg"}, square(15.60, 58.41)),
            feature({"name": "Johannelund"}, square(15.65, 58.41)),
            feature({"name": "Fluga"}, BOW_TIE),
            feature({"titel": "Utan namn", "kod": "X"}, square(15.62, 58.43)),
            feature({"name": "Lambohov"}, square(15.57, 58.37)),
        ],
    )


def write_gpkg(path: Path, rows: list[tuple[str, str, int, tuple[float, float]]]) -> Path:
    """A GeoPackage in SWEREF 99 TM: the WGS 84 squares' corners projected to EPSG:3006."""
    geoms = []
    for _n, _c, _p, (lon, lat) in rows:
        ring = np.asarray(square(lon, lat)[0])
        n, e = to_sweref99tm(ring[:, 1], ring[:, 0])
        geoms.append(shapely.to_wkb(shapely.Polygon(np.column_stack([e, n]))))
    pyogrio.raw.write(
        path,
        geometry=np.asarray(geoms, dtype=object),
        field_data=[
            np.asarray([r[0] for r in rows], dtype=object),
            np.asarray([r[1] for r in rows], dtype=object),
            np.asarray([r[2] for r in rows], dtype=np.int64),
        ],
        fields=["namn", "regsokod", "folkmangd"],
        crs="EPSG:3006",
        geometry_type="Polygon",
        driver="GPKG",
    )
    return path


def area_count(db: Session) -> int:
    return db.scalar(select(func.count(Area.id))) or 0


# --- read_areas + service.import_areas ---------------------------------------------------------


def test_geojson_import_through_the_service(db: Session, tmp_path: Path):
    lkpg = service.save_area(db, name="Linköping", kind="kommun", geom=box(15.4, 58.3, 15.8, 58.5))
    features = read_areas(districts_file(tmp_path / "d.geojson"), population_field="befolkning")
    assert [f.index for f in features] == [0, 1, 2]
    saved = service.import_areas(
        db, features, kind="stadsdel", parent=lkpg, approximate=True, source="d.geojson"
    )
    db.flush()
    by_name = {a.name: a for a in saved}
    assert set(by_name) == {"Skäggetorp", "Ryd", "Berga"}
    skagg = by_name["Skäggetorp"]
    assert skagg.kind == "stadsdel"
    assert skagg.parent_id == lkpg.id
    assert skagg.code == "0580R001"  # picked up from the 'kod' property by default
    assert skagg.population == 9500
    assert skagg.approximate
    geom = shapely.from_wkb(skagg.geom_wkb)
    assert geom.equals(shape({"type": "Polygon", "coordinates": square(15.582, 58.427)}))
    assert (skagg.min_lon, skagg.min_lat, skagg.max_lon, skagg.max_lat) == pytest.approx(
        (15.577, 58.422, 15.587, 58.432)
    )
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "areas.import").order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None


def test_reimporting_the_same_file_updates_rather_than_duplicates(db: Session, tmp_path: Path):
    lkpg = service.save_area(db, name="Linköping", kind="kommun", geom=box(15.4, 58.3, 15.8, 58.5))
    first = service.import_areas(
        db, read_areas(districts_file(tmp_path / "a.geojson")), kind="stadsdel", parent=lkpg
    )
    before = area_count(db)
    ids = {a.name: a.id for a in first}
    moved = districts_file(tmp_path / "b.geojson", shift=0.001)
    again = service.import_areas(db, read_areas(moved), kind="stadsdel", parent=lkpg)
    db.flush()
    assert area_count(db) == before
    assert {a.name: a.id for a in again} == ids
    ryd = db.get(Area, ids["Ryd"])
    assert ryd is not None
    assert ryd.min_lon == pytest.approx(15.560 + 0.001 - 0.005)


def test_geopackage_in_sweref99tm_is_reprojected_to_wgs84(tmp_path: Path, db: Session):
    path = write_gpkg(tmp_path / "regso.gpkg", DISTRICTS)
    features = read_areas(path, population_field="folkmangd")
    assert [(f.name, f.code, f.population) for f in features] == [
        (n, c, p) for n, c, p, _ in DISTRICTS
    ]
    for f, (_n, _c, _p, (lon, lat)) in zip(features, DISTRICTS, strict=True):
        # Back in WGS 84 longitude/latitude: the corners round-trip to 1e-7 degrees.
        assert f.geom.bounds == pytest.approx(
            (lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005), abs=1e-7
        )
    saved = service.import_areas(db, features, kind="stadsdel")
    assert all(a.max_lat < 59 and a.min_lon > 15 for a in saved)


def test_geojson_naming_sweref99tm_is_reprojected(tmp_path: Path):
    ring = np.asarray(square(15.582, 58.427)[0])
    n, e = to_sweref99tm(ring[:, 1], ring[:, 0])
    path = write_geojson(
        tmp_path / "sweref.geojson",
        [feature({"namn": "Skäggetorp"}, [np.column_stack([e, n]).tolist()])],
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
    )
    (f,) = read_areas(path)
    assert f.geom.bounds == pytest.approx((15.577, 58.422, 15.587, 58.432), abs=1e-7)


def test_name_code_and_population_fields_can_be_chosen(tmp_path: Path):
    path = districts_file(
        tmp_path / "d.geojson", name_key="OMRADE", code_key="NYCKEL", pop_key="INV"
    )
    features = read_areas(path, name_field="OMRADE", code_field="NYCKEL", population_field="INV")
    first = features[0]
    assert (first.name, first.code, first.population) == ("Skäggetorp", "0580R001", 9500)
    with pytest.raises(AreaFileError) as info:
        read_areas(path)  # none of the usual name properties
    assert info.value.problems[0].startswith("feature 0: missing name field 'name' or 'namn'")
    with pytest.raises(AreaFileError) as info:
        read_areas(path, name_field="OMRADE", code_field="kod")
    assert info.value.problems[0] == "feature 0: missing code field 'kod'"
    with pytest.raises(AreaFileError) as info:
        read_areas(path, name_field="OMRADE", population_field="folk")
    assert info.value.problems[0] == "feature 0: missing population field 'folk'"


def test_every_problem_is_reported_with_its_feature_index(tmp_path: Path):
    with pytest.raises(AreaFileError) as info:
        read_areas(bad_file(tmp_path / "bad.geojson"))
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("feature 2: 'Fluga': broken polygon (Self-intersection")
    assert problems[1].startswith("feature 3: missing name field")
    assert "titel" in problems[1]  # the fields the feature does have are listed


def test_bad_file_through_the_service_path_imports_nothing(db: Session, tmp_path: Path):
    before = area_count(db)
    with pytest.raises(AreaFileError):
        service.import_areas(db, read_areas(bad_file(tmp_path / "bad.geojson")), kind="stadsdel")
    assert area_count(db) == before
    names = set(db.scalars(select(Area.name)))
    assert not names & {"Gottfridsberg", "Johannelund", "Lambohov"}


def test_repeated_names_and_bad_population_are_problems(tmp_path: Path):
    path = write_geojson(
        tmp_path / "rep.geojson",
        [
            feature({"name": "Ryd", "pop": 10}, square(15.56, 58.40)),
            feature({"name": "Ryd", "pop": 20}, square(15.57, 58.41)),
            feature({"name": "Berga", "pop": "många"}, square(15.64, 58.39)),
        ],
    )
    with pytest.raises(AreaFileError) as info:
        read_areas(path, population_field="pop")
    assert info.value.problems == [
        "feature 1: name 'Ryd' repeats feature 0",
        "feature 2: population 'många' is not a whole number",
    ]


# One-line problems for files that cannot be imported at all, or whose features are wrong.
BAD_INPUTS: list[tuple[str, str, str, str]] = [
    # id, file name, expected text in the (single) problem, in English and in Swedish (CLI)
    ("not-json", "x.geojson", "not valid JSON (line 1", "inte giltig JSON (rad 1"),
    ("empty", "empty.geojson", "the file holds no features", "filen innehåller inga objekt"),
    ("no-features-key", "nofeat.geojson", "'features' is not a list", "'features' är ingen lista"),
    (
        "not-geojson",
        "list.json",
        "expected a GeoJSON FeatureCollection",
        "en GeoJSON FeatureCollection väntades",
    ),
    (
        "point",
        "point.geojson",
        "feature 0: 'Torget': geometry is a Point; expected Polygon",
        "objekt 0: 'Torget': geometrin är en Point; Polygon",
    ),
    (
        "swapped",
        "swapped.geojson",
        "'Ryd': coordinates 58.4000,15.5550 … lie outside Sweden",
        "'Ryd': koordinaterna 58.4000,15.5550 … ligger utanför Sverige",
    ),
    (
        "no-geometry",
        "nogeom.geojson",
        "feature 0: 'Ryd': no geometry",
        "objekt 0: 'Ryd': ingen geometri",
    ),
    (
        "bad-crs",
        "crs.geojson",
        "unknown coordinate system 'EPSG:999999'",
        "okänt koordinatsystem 'EPSG:999999'",
    ),
    (
        "extension",
        "areas.shp",
        "unknown file type '.shp'; expected .geojson or .gpkg",
        "okänd filtyp '.shp'; .geojson eller .gpkg väntades",
    ),
    ("missing", "does-not-exist.geojson", "no such file", "filen finns inte"),
    ("not-gpkg", "fake.gpkg", "cannot be read as GeoPackage", "kan inte läsas som GeoPackage"),
]


def make_bad_input(tmp_path: Path, case: str, name: str) -> Path:
    path = tmp_path / name
    if case == "not-json":
        path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    elif case == "empty":
        write_geojson(path, [])
    elif case == "no-features-key":
        path.write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    elif case == "not-geojson":
        path.write_text("[1, 2, 3]", encoding="utf-8")
    elif case == "point":
        write_geojson(path, [feature({"name": "Torget"}, [15.62, 58.41], kind="Point")])
    elif case == "swapped":
        swapped = [[[lat, lon] for lon, lat in square(15.56, 58.405)[0]]]
        write_geojson(path, [feature({"name": "Ryd"}, swapped)])
    elif case == "no-geometry":
        path.write_text(
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "properties": {"name": "Ryd"}, "geometry": None}
                    ],
                }
            )
        )
    elif case == "bad-crs":
        write_geojson(
            path,
            [feature({"name": "Ryd"}, square(15.56, 58.405))],
            crs={"type": "name", "properties": {"name": "EPSG:999999"}},
        )
    elif case == "extension":
        path.write_text("not a shapefile", encoding="utf-8")
    elif case == "not-gpkg":
        path.write_text("hello", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("case", "name", "expected", "_sv"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_gives_one_clear_problem(
    tmp_path: Path, case: str, name: str, expected: str, _sv: str
):
    path = make_bad_input(tmp_path, case, name)
    with pytest.raises(AreaFileError) as info:
        read_areas(path)
    (problem,) = info.value.problems
    assert expected in problem
    assert "\n" not in problem


def test_unknown_geopackage_layer_is_a_problem_not_a_crash(tmp_path: Path):
    path = write_gpkg(tmp_path / "regso.gpkg", DISTRICTS[:1])
    with pytest.raises(AreaFileError) as info:
        read_areas(path, layer="finns_inte")
    assert "regso.gpkg: cannot be read as GeoPackage" in info.value.problems[0]


# --- the command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with an organisation, its EST group and the municipality."""
    path = tmp_path_factory.mktemp("cli") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with session_scope(make_sessionmaker(engine)) as s:
        org = org_service.create_org(s, None, OrgIn(name="Linköpings kommun", kind="kommun"))
        org_service.create_group(s, None, GroupIn(name="EST Linköping", owner_org_id=org.id))
        service.save_area(s, name="Linköping", kind="kommun", geom=box(15.4, 58.3, 15.8, 58.5))
    engine.dispose()
    return path


@pytest.fixture
def cli_db(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    shutil.copy(template_db, path)
    return path


def sql(path: Path, query: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def count_areas(path: Path) -> int:
    return sql(path, "SELECT count(*) FROM area")[0][0]


def invoke(*args: str | Path):
    return CliRunner().invoke(cli_app, [str(a) for a in args])


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``python -m samverkan ARGS`` as an operator runs it (wide terminal or not)."""
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_bad_file_exits_2_names_features_and_imports_nothing(cli_db: Path, tmp_path: Path):
    path = bad_file(tmp_path / "bad.geojson")
    before = count_areas(cli_db)
    proc = run_cli("areas", "import", path, "--parent", "Linköping", "--db", f"sqlite:///{cli_db}")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    # One line per problem (not wrapped at the terminal width), then the summary.
    assert len(lines) == 3, lines
    assert lines[0].startswith("fel objekt 2: 'Fluga': trasig polygon (Self-intersection")
    assert lines[1].startswith("fel objekt 3: namnfältet")
    assert lines[2] == f"Inget importerades från {path} (2 fel)."
    assert count_areas(cli_db) == before
    names = {r[0] for r in sql(cli_db, "SELECT name FROM area")}
    assert not names & {"Gottfridsberg", "Johannelund", "Lambohov"}


def test_cli_imports_with_field_options_parent_and_group(cli_db: Path, tmp_path: Path):
    path = districts_file(
        tmp_path / "d.geojson", name_key="OMRADE", code_key="NYCKEL", pop_key="INV"
    )
    db_url = f"sqlite:///{cli_db}"
    proc = run_cli(
        "areas",
        "import",
        path,
        "--db",
        db_url,
        "--name-field",
        "OMRADE",
        "--code-field",
        "NYCKEL",
        "--population-field",
        "INV",
        "--parent",
        "Linköping",
        "--group",
        "EST Linköping",
        "--approximate",
    )
    assert proc.returncode == 0, proc.stderr
    assert "3 områden importerade från d.geojson." in proc.stdout
    rows = sql(
        cli_db,
        "SELECT a.name, a.kind, a.code, a.population, a.approximate, p.name FROM area a "
        "JOIN area p ON p.id = a.parent_id ORDER BY a.name",
    )
    assert rows == [
        ("Berga", "stadsdel", "0580R003", 6900, 1, "Linköping"),
        ("Ryd", "stadsdel", "0580R002", 7800, 1, "Linköping"),
        ("Skäggetorp", "stadsdel", "0580R001", 9500, 1, "Linköping"),
    ]
    covered = sql(
        cli_db,
        "SELECT a.name FROM est_group_area ga JOIN est_group g ON g.id = ga.group_id "
        "JOIN area a ON a.id = ga.area_id WHERE g.name = 'EST Linköping' ORDER BY a.name",
    )
    assert [r[0] for r in covered] == ["Berga", "Ryd", "Skäggetorp"]


def test_cli_unknown_parent_is_one_line_and_exit_2(cli_db: Path, tmp_path: Path):
    before = count_areas(cli_db)
    proc = run_cli(
        "areas",
        "import",
        districts_file(tmp_path / "d.geojson"),
        "--parent",
        "Atlantis",
        "--db",
        f"sqlite:///{cli_db}",
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "samverkan: området Atlantis finns inte (parent)"
    assert count_areas(cli_db) == before


def test_cli_runner_imports_geopackage(cli_db: Path, tmp_path: Path):
    path = write_gpkg(tmp_path / "regso.gpkg", DISTRICTS)
    result = invoke(
        "areas",
        "import",
        path,
        "--kind",
        "delomrade",
        "--population-field",
        "folkmangd",
        "--db",
        f"sqlite:///{cli_db}",
    )
    assert result.exit_code == 0, result.output
    rows = sql(
        cli_db,
        "SELECT name, code, population, min_lon, min_lat, max_lon, max_lat, kind "
        "FROM area WHERE kind = 'delomrade' ORDER BY name",
    )
    assert [r[:3] for r in rows] == sorted((n, c, p) for n, c, p, _ in DISTRICTS)
    for name, *_rest, kind in rows:
        assert kind == "delomrade"
        lon, lat = next(c for n, _c, _p, c in DISTRICTS if n == name)
        bounds = next(r[3:7] for r in rows if r[0] == name)
        assert bounds == pytest.approx(
            (lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005), abs=1e-7
        )


def test_cli_reimport_updates_rather_than_duplicates(cli_db: Path, tmp_path: Path):
    db_url = f"sqlite:///{cli_db}"
    first = invoke(
        "areas",
        "import",
        districts_file(tmp_path / "a.geojson"),
        "--parent",
        "Linköping",
        "--db",
        db_url,
    )
    assert first.exit_code == 0, first.output
    after_first = count_areas(cli_db)
    ids = sql(cli_db, "SELECT id, name FROM area ORDER BY id")
    second = invoke(
        "areas",
        "import",
        districts_file(tmp_path / "a.geojson", shift=0.002),
        "--parent",
        "Linköping",
        "--db",
        db_url,
    )
    assert second.exit_code == 0, second.output
    assert count_areas(cli_db) == after_first == 4
    assert sql(cli_db, "SELECT id, name FROM area ORDER BY id") == ids
    (min_lon,) = sql(cli_db, "SELECT min_lon FROM area WHERE name = 'Ryd'")[0]
    assert min_lon == pytest.approx(15.560 + 0.002 - 0.005)


@pytest.mark.parametrize(
    ("case", "name", "_en", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
def test_cli_runner_bad_input_exit_2_one_line_nothing_imported(
    cli_db: Path, tmp_path: Path, case: str, name: str, _en: str, expected: str
):
    path = make_bad_input(tmp_path, case, name)
    before = count_areas(cli_db)
    result = invoke("areas", "import", path, "--db", f"sqlite:///{cli_db}")
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("fel ")
    assert expected in lines[0]
    assert lines[1].startswith("Inget importerades från")
    assert count_areas(cli_db) == before


def test_cli_area_list_shows_imported_areas(cli_db: Path, tmp_path: Path):
    db_url = f"sqlite:///{cli_db}"
    assert (
        invoke("areas", "import", districts_file(tmp_path / "d.geojson"), "--db", db_url).exit_code
        == 0
    )
    result = invoke("areas", "list", "--db", db_url)
    assert result.exit_code == 0
    for name, *_ in DISTRICTS:
        assert name in result.stdout

"""A basemap without a tile server: the tiles of an MBTiles file served at /karta/{z}/{x}/{y},
rows turned from the file's south-up numbering (TMS) to the map's north-up one, and the maps
pointed at them; a file that is not MBTiles stops the server at start, naming the setting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from samverkan.core.settings import Settings, SettingsError
from samverkan.web.app import create_app
from tests.conftest import World

PNG = b"\x89PNG\r\n\x1a\n" + b"tile"


def _mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes]) -> Path:
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE metadata (name text, value text);"
        "CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer,"
        " tile_data blob);"
    )
    con.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("name", "Linköping"), ("format", "png"), ("attribution", "© Lantmäteriet (test)")],
    )
    con.executemany(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
        [(z, x, row, data) for (z, x, row), data in tiles.items()],
    )
    con.commit()
    con.close()
    return path


def _app(settings: Settings, engine, session_factory, tiles_file: Path):
    app = create_app(settings.model_copy(update={"tiles_file": str(tiles_file)}), engine)
    app.state.sessionmaker = session_factory
    return app


def test_tiles_are_served_north_up_from_the_file_and_the_map_uses_them(
    settings: Settings, engine, session_factory, tmp_path: Path, world: World
) -> None:
    # zoom 2: the tile stored at row 1 counted from the south is row 2 from the north
    file = _mbtiles(tmp_path / "karta.mbtiles", {(2, 1, 1): PNG + b"-a", (2, 3, 0): PNG + b"-b"})
    app = _app(settings, engine, session_factory, file)
    client = TestClient(app, base_url="http://testserver")
    got = client.get("/karta/2/1/2.png")
    assert got.status_code == 200 and got.content == PNG + b"-a"
    assert got.headers["content-type"] == "image/png"
    assert client.get("/karta/2/3/3").content == PNG + b"-b"
    assert client.get("/karta/2/1/1.png").status_code == 404  # nothing stored there
    assert client.get("/karta/2/9/0.png").status_code == 404  # off the world
    assert client.get("/karta/2/1/x.png").status_code == 404
    page = world.personas["samordnare"].client  # the world's app has no tile file
    assert 'data-tiles=""' in page.get("/").text
    from tests.conftest import login_client

    user = world.personas["samordnare"].user
    with session_factory() as db:
        mine, _ = login_client(app, db, user)
        db.commit()
    start = mine.get("/").text
    assert 'data-tiles="/karta/{z}/{x}/{y}.png"' in start
    assert "© Lantmäteriet (test)" in start


def test_a_file_that_is_not_mbtiles_stops_the_start(
    settings: Settings, engine, session_factory, tmp_path: Path
) -> None:
    bad = tmp_path / "karta.mbtiles"
    bad.write_text("not a database")
    with pytest.raises(SettingsError, match="SAMVERKAN_TILES_FILE"):
        _app(settings, engine, session_factory, bad)
    with pytest.raises(SettingsError, match="no such file"):
        _app(settings, engine, session_factory, tmp_path / "saknas.mbtiles")


def test_no_file_no_tiles(client: TestClient) -> None:
    assert client.get("/karta/0/0/0.png").status_code == 404

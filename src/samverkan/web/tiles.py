"""A basemap without a tile server: the tiles of one MBTiles file (SQLite, the format that
QGIS, GDAL's ``gdal_translate -of MBTILES`` and most tile tools write), served by the
application itself at ``/karta/{z}/{x}/{y}`` when ``SAMVERKAN_TILES_FILE`` names one.

MBTiles numbers rows from the south (TMS); the web map numbers them from the north (XYZ), so
row = 2**z − 1 − y. The file is opened read-only, once a request; it is never written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

FORMATS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
URL = "/karta/{z}/{x}/{y}"


class NotMBTiles(ValueError):
    """The file is not an MBTiles file of raster tiles (no ``tiles`` table, or vector tiles)."""


@dataclass(frozen=True)
class TileSet:
    """An MBTiles file: its path, the media type of its tiles and the attribution it names."""

    path: Path
    media_type: str
    attribution: str

    @classmethod
    def open(cls, path: str | Path) -> TileSet:
        p = Path(path)
        if not p.is_file():
            raise NotMBTiles(f"{p}: no such file")
        try:
            with _connect(p) as con:
                meta = dict(con.execute("SELECT name, value FROM metadata").fetchall())
                con.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        except sqlite3.DatabaseError as exc:
            raise NotMBTiles(f"{p}: not an MBTiles file ({exc})") from None
        fmt = str(meta.get("format", "png")).lower()
        if fmt not in FORMATS:
            raise NotMBTiles(f"{p}: tiles of format {fmt!r}; expected png, jpg or webp")
        return cls(p, FORMATS[fmt], str(meta.get("attribution", "")))

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at zoom ``z``, column ``x`` and row ``y`` counted from the north, or None."""
        if not (0 <= z <= 30 and 0 <= x < 2**z and 0 <= y < 2**z):
            return None
        with _connect(self.path) as con:
            row = con.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?",
                (z, x, 2**z - 1 - y),
            ).fetchone()
        return None if row is None else bytes(row[0])


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

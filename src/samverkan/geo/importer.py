"""Reading area polygons from GeoJSON and GeoPackage files, checking every feature first.

Nothing here touches the database: :func:`read_areas` returns checked features or raises
:class:`AreaFileError` listing every problem with the feature's index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from samverkan.geo.crs import SWEDEN_BOUNDS

NAME_FIELDS = ("name", "namn", "Name", "NAMN", "Namn", "regsonamn", "desonamn")
CODE_FIELDS = ("code", "kod", "deso", "desokod", "regsokod", "DeSO", "RegSO")
MAX_PROBLEMS = 50


class AreaFileError(Exception):
    """The file cannot be imported; ``problems`` holds one line per fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class AreaFeature:
    """One checked area: name, optional code and population, a valid WGS 84 (multi)polygon."""

    index: int
    name: str
    code: str | None
    population: int | None
    geom: BaseGeometry


def _crs_of_geojson(doc: dict[str, Any]) -> str | None:
    crs = doc.get("crs")
    if isinstance(crs, dict):
        name = (crs.get("properties") or {}).get("name")
        if isinstance(name, str):
            return name
    return None


def _load_geojson(path: Path) -> tuple[list[tuple[dict[str, Any], Any]], str | None]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise AreaFileError([f"{path.name}: not UTF-8 text; expected GeoJSON"]) from None
    except json.JSONDecodeError as exc:
        raise AreaFileError(
            [f"{path.name}: not valid JSON (line {exc.lineno}: {exc.msg})"]
        ) from None
    if not isinstance(doc, dict) or doc.get("type") not in {"FeatureCollection", "Feature"}:
        raise AreaFileError([f"{path.name}: expected a GeoJSON FeatureCollection"])
    feats = doc.get("features") if doc["type"] == "FeatureCollection" else [doc]
    if not isinstance(feats, list):
        raise AreaFileError([f"{path.name}: 'features' is not a list"])
    out: list[tuple[dict[str, Any], Any]] = []
    for f in feats:
        if not isinstance(f, dict):
            out.append(({}, None))
            continue
        props = f.get("properties") or {}
        out.append((props if isinstance(props, dict) else {}, f.get("geometry")))
    return out, _crs_of_geojson(doc)


def _load_gpkg(
    path: Path, layer: str | None
) -> tuple[list[tuple[dict[str, Any], Any]], str | None]:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        meta, _fids, geometry, field_data = pyogrio.raw.read(path, layer=layer)
    except (DataSourceError, DataLayerError, ValueError) as exc:
        raise AreaFileError([f"{path.name}: cannot be read as GeoPackage ({exc})"]) from None
    fields = list(meta["fields"])
    rows: list[tuple[dict[str, Any], Any]] = []
    for i in range(len(geometry)):
        props = {name: _plain(field_data[j][i]) for j, name in enumerate(fields)}
        rows.append((props, None if geometry[i] is None else shapely.from_wkb(geometry[i])))
    return rows, meta.get("crs")


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def _pick(props: dict[str, Any], wanted: str | None, candidates: tuple[str, ...]) -> str | None:
    if wanted:
        return wanted if wanted in props else None
    return next((c for c in candidates if c in props), None)


def read_areas(
    path: Path,
    *,
    name_field: str | None = None,
    code_field: str | None = None,
    population_field: str | None = None,
    layer: str | None = None,
) -> list[AreaFeature]:
    """Read and check every feature; raise :class:`AreaFileError` with all problems found."""
    if not path.exists():
        raise AreaFileError([f"{path}: no such file"])
    suffix = path.suffix.lower()
    if suffix in {".geojson", ".json"}:
        rows, crs = _load_geojson(path)
    elif suffix == ".gpkg":
        rows, crs = _load_gpkg(path, layer)
    else:
        raise AreaFileError(
            [f"{path.name}: unknown file type {suffix!r}; expected .geojson or .gpkg"]
        )
    if not rows:
        raise AreaFileError([f"{path.name}: the file holds no features"])
    transformer = _transformer(crs, path.name)
    problems: list[str] = []
    features: list[AreaFeature] = []
    seen: dict[str, int] = {}
    for index, (props, raw_geom) in enumerate(rows):
        feature, problem = _check(
            index, props, raw_geom, transformer, name_field, code_field, population_field
        )
        if problem:
            problems.append(f"feature {index}: {problem}")
        elif feature is not None:
            if feature.name in seen:
                problems.append(
                    f"feature {index}: name {feature.name!r} repeats feature {seen[feature.name]}"
                )
            seen[feature.name] = index
            features.append(feature)
        if len(problems) >= MAX_PROBLEMS:
            problems.append("… further features not checked")
            break
    if problems:
        raise AreaFileError(problems)
    return features


def _transformer(crs: str | None, filename: str) -> Transformer | None:
    if not crs:
        return None
    try:
        parsed = CRS.from_user_input(crs)
    except Exception:  # pyproj raises its own CRSError for any unknown text
        raise AreaFileError([f"{filename}: unknown coordinate system {crs!r}"]) from None
    if parsed.equals(CRS.from_epsg(4326), ignore_axis_order=True) or parsed.to_epsg() == 4326:
        return None
    return Transformer.from_crs(parsed, CRS.from_epsg(4326), always_xy=True)


def _check(
    index: int,
    props: dict[str, Any],
    raw_geom: Any,
    transformer: Transformer | None,
    name_field: str | None,
    code_field: str | None,
    population_field: str | None,
) -> tuple[AreaFeature | None, str | None]:
    key = _pick(props, name_field, NAME_FIELDS)
    if key is None:
        expected = repr(name_field) if name_field else " or ".join(repr(n) for n in NAME_FIELDS[:2])
        return None, f"missing name field {expected} (fields: {', '.join(props) or 'none'})"
    name = str(props[key] or "").strip()
    if not name:
        return None, f"empty name in field {key!r}"
    geom = _geometry(raw_geom)
    if isinstance(geom, str):
        return None, f"{name!r}: {geom}"
    if transformer is not None:
        geom = shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(*xy.T)))
    if not geom.is_valid:
        return None, f"{name!r}: broken polygon ({shapely.is_valid_reason(geom)})"
    min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
    bx = geom.bounds
    if bx[0] < min_lon or bx[2] > max_lon or bx[1] < min_lat or bx[3] > max_lat:
        return None, (
            f"{name!r}: coordinates {bx[0]:.4f},{bx[1]:.4f} … lie outside Sweden; expected "
            "WGS 84 longitude/latitude or a file that names its coordinate system"
        )
    ckey = _pick(props, code_field, CODE_FIELDS)
    if code_field and ckey is None:
        return None, f"missing code field {code_field!r}"
    code = str(props[ckey]).strip() if ckey and props.get(ckey) not in (None, "") else None
    population = None
    if population_field:
        if population_field not in props:
            return None, f"missing population field {population_field!r}"
        try:
            population = int(props[population_field])
        except (TypeError, ValueError):
            return None, f"population {props[population_field]!r} is not a whole number"
    return AreaFeature(index, name[:200], code, population, geom), None


def _geometry(raw: Any) -> BaseGeometry | str:
    if raw is None:
        return "no geometry"
    if isinstance(raw, BaseGeometry):
        geom = raw
    else:
        try:
            geom = shape(raw)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
            return f"unreadable geometry ({exc.__class__.__name__})"
        except shapely.errors.GEOSException as exc:
            return f"unreadable geometry ({exc})"
    if geom.geom_type not in {"Polygon", "MultiPolygon"}:
        return f"geometry is a {geom.geom_type}; expected Polygon or MultiPolygon"
    if geom.is_empty:
        return "empty polygon"
    return geom

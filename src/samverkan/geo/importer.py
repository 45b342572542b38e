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

from samverkan.core.errors import N_, Explained
from samverkan.geo.crs import SWEDEN_BOUNDS

NAME_FIELDS = ("name", "namn", "Name", "NAMN", "Namn", "regsonamn", "desonamn")
CODE_FIELDS = ("code", "kod", "deso", "desokod", "regsokod", "DeSO", "RegSO")
MAX_PROBLEMS = 50


class AreaFileError(Exception):
    """The file cannot be imported: ``explained`` holds one problem per fault (to tell in the
    reader's language), ``problems`` the same in English."""

    def __init__(self, problems: list[Explained]) -> None:
        self.explained = problems
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems[:5]))


def _in_feature(index: int, problem: Explained) -> Explained:
    return Explained(N_("feature %(index)s: %(problem)s"), index=index, problem=problem)


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
        raise AreaFileError(
            [Explained(N_("%(file)s: not UTF-8 text; expected GeoJSON"), file=path.name)]
        ) from None
    except json.JSONDecodeError as exc:
        raise AreaFileError(
            [
                Explained(
                    N_("%(file)s: not valid JSON (line %(line)s: %(msg)s)"),
                    file=path.name,
                    line=exc.lineno,
                    msg=exc.msg,
                )
            ]
        ) from None
    if not isinstance(doc, dict) or doc.get("type") not in {"FeatureCollection", "Feature"}:
        raise AreaFileError(
            [Explained(N_("%(file)s: expected a GeoJSON FeatureCollection"), file=path.name)]
        )
    feats = doc.get("features") if doc["type"] == "FeatureCollection" else [doc]
    if not isinstance(feats, list):
        raise AreaFileError([Explained(N_("%(file)s: 'features' is not a list"), file=path.name)])
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
        raise AreaFileError(
            [
                Explained(
                    N_("%(file)s: cannot be read as GeoPackage (%(error)s)"),
                    file=path.name,
                    error=str(exc),
                )
            ]
        ) from None
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
        raise AreaFileError([Explained(N_("%(file)s: no such file"), file=str(path))])
    suffix = path.suffix.lower()
    if suffix in {".geojson", ".json"}:
        rows, crs = _load_geojson(path)
    elif suffix == ".gpkg":
        rows, crs = _load_gpkg(path, layer)
    else:
        raise AreaFileError(
            [
                Explained(
                    N_("%(file)s: unknown file type %(suffix)s; expected .geojson or .gpkg"),
                    file=path.name,
                    suffix=repr(suffix),
                )
            ]
        )
    if not rows:
        raise AreaFileError([Explained(N_("%(file)s: the file holds no features"), file=path.name)])
    transformer = _transformer(crs, path.name)
    problems: list[Explained] = []
    features: list[AreaFeature] = []
    seen: dict[str, int] = {}
    for index, (props, raw_geom) in enumerate(rows):
        feature, problem = _check(
            index, props, raw_geom, transformer, name_field, code_field, population_field
        )
        if problem:
            problems.append(_in_feature(index, problem))
        elif feature is not None:
            if feature.name in seen:
                problems.append(
                    _in_feature(
                        index,
                        Explained(
                            N_("name %(name)s repeats feature %(other)s"),
                            name=repr(feature.name),
                            other=seen[feature.name],
                        ),
                    )
                )
            seen[feature.name] = index
            features.append(feature)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Explained(N_("… further features not checked")))
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
        raise AreaFileError(
            [
                Explained(
                    N_("%(file)s: unknown coordinate system %(crs)s"), file=filename, crs=repr(crs)
                )
            ]
        ) from None
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
) -> tuple[AreaFeature | None, Explained | None]:
    key = _pick(props, name_field, NAME_FIELDS)
    if key is None:
        expected = repr(name_field) if name_field else " or ".join(repr(n) for n in NAME_FIELDS[:2])
        return None, Explained(
            N_("missing name field %(expected)s (fields: %(fields)s)"),
            expected=expected,
            fields=", ".join(props) or "–",
        )
    name = str(props[key] or "").strip()
    if not name:
        return None, Explained(N_("empty name in field %(field)s"), field=repr(key))
    geom = _geometry(raw_geom)
    if isinstance(geom, Explained):
        return None, Explained(N_("%(name)s: %(problem)s"), name=repr(name), problem=geom)
    if transformer is not None:
        geom = shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(*xy.T)))
    if not geom.is_valid:
        return None, Explained(
            N_("%(name)s: broken polygon (%(reason)s)"),
            name=repr(name),
            reason=shapely.is_valid_reason(geom),
        )
    min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
    bx = geom.bounds
    if bx[0] < min_lon or bx[2] > max_lon or bx[1] < min_lat or bx[3] > max_lat:
        return None, Explained(
            N_(
                "%(name)s: coordinates %(x)s,%(y)s … lie outside Sweden; expected WGS 84 "
                "longitude/latitude or a file that names its coordinate system"
            ),
            name=repr(name),
            x=f"{bx[0]:.4f}",
            y=f"{bx[1]:.4f}",
        )
    ckey = _pick(props, code_field, CODE_FIELDS)
    if code_field and ckey is None:
        return None, Explained(N_("missing code field %(field)s"), field=repr(code_field))
    code = str(props[ckey]).strip() if ckey and props.get(ckey) not in (None, "") else None
    population = None
    if population_field:
        if population_field not in props:
            return None, Explained(
                N_("missing population field %(field)s"), field=repr(population_field)
            )
        try:
            population = int(props[population_field])
        except (TypeError, ValueError):
            return None, Explained(
                N_("population %(value)s is not a whole number"),
                value=repr(props[population_field]),
            )
    return AreaFeature(index, name[:200], code, population, geom), None


def _geometry(raw: Any) -> BaseGeometry | Explained:
    if raw is None:
        return Explained(N_("no geometry"))
    if isinstance(raw, BaseGeometry):
        geom = raw
    else:
        try:
            geom = shape(raw)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
            return Explained(N_("unreadable geometry (%(error)s)"), error=exc.__class__.__name__)
        except shapely.errors.GEOSException as exc:
            return Explained(N_("unreadable geometry (%(error)s)"), error=str(exc))
    if geom.geom_type not in {"Polygon", "MultiPolygon"}:
        return Explained(
            N_("geometry is a %(type)s; expected Polygon or MultiPolygon"), type=geom.geom_type
        )
    if geom.is_empty:
        return Explained(N_("empty polygon"))
    return geom

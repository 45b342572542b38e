"""Turning one row of a partner's file into an incident record, or a reason it cannot be.

Headers are matched in Swedish or English, any case, spacing or diacritics (``Datum``, ``Tid``,
``Kategori``, ``Plats``, ``Beskrivning``, ``Latitud``/``Longitud`` or ``X``/``Y`` in SWEREF 99 TM
where X is the northing). Categories match by code or label. This is the hot path of a bulk
import, so checks are plain Python rather than a Pydantic model per row.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from samverkan.core.timeutil import STOCKHOLM
from samverkan.geo.crs import SWEDEN_BOUNDS
from samverkan.incidents.redaction import redact

FIELDS: dict[str, tuple[str, ...]] = {
    "datetime": ("tidpunkt", "datumochtid", "datumtid", "datetime", "handelsetid", "occurredat"),
    "date": ("datum", "date", "handelsedatum", "dag", "day"),
    "time": ("tid", "klockslag", "time", "kl", "klockan"),
    "end": ("sluttid", "till", "end", "occurredend"),
    "category": ("kategori", "category", "typ", "handelsetyp", "kategorikod", "type"),
    "place": ("plats", "place", "adress", "platsnamn", "address", "placename"),
    "description": ("beskrivning", "description", "text", "kommentar", "handelse", "notering"),
    "lat": ("latitud", "lat", "latitude", "wgs84lat"),
    "lon": ("longitud", "lon", "lng", "long", "longitude", "wgs84lon"),
    "x": ("x", "northing", "n", "sweref99tmx", "xkoordinat"),
    "y": ("y", "easting", "e", "sweref99tmy", "ykoordinat"),
    "external_id": (
        "id",
        "arendenummer",
        "arende",
        "referens",
        "externtid",
        "externalid",
        "lopnummer",
        "rapportid",
    ),
    "severity": ("allvarlighet", "allvarlighetsgrad", "severity", "bedomning"),
    "suspected": ("misstankt", "suspected", "misstanke"),
    "visibility": ("synlighet", "visibility"),
    "place_type": ("platstyp", "placetype"),
    "place_detail": ("platsdetalj", "platsslag", "placedetail", "typavplats"),
    "people_count": ("antalpersoner", "antal", "people", "peoplecount", "personer"),
    "youth": ("ungdomar", "ungdomarinblandade", "youth", "youthinvolved"),
    "police_report": ("polisanmald", "polisanmalan", "policereport", "anmaltillpolis"),
    "police_ref": ("polisensdiarienummer", "anmalningsnummer", "policeref", "knummer"),
    "area": ("omrade", "stadsdel", "area", "delomrade"),
}
YES = {"ja", "j", "yes", "y", "true", "1", "x", "sant"}
NO = {"nej", "n", "no", "false", "0", "", "falskt"}
VISIBILITY_WORDS = {
    "delad": "delad",
    "egen": "egen",
    "polis": "polis",
    "shared": "delad",
    "own": "egen",
    "police": "polis",
    "endastpolis": "polis",
    "egenorganisation": "egen",
    "estgruppen": "delad",
}
PLACE_TYPE_WORDS = {
    "offentlig": "offentlig",
    "halvoffentlig": "halvoffentlig",
    "public": "offentlig",
    "semipublic": "halvoffentlig",
}
FUTURE_SLACK = timedelta(minutes=10)
OLDEST = datetime(2000, 1, 1, tzinfo=UTC)
NORTHING = (6_100_000.0, 7_700_000.0)
EASTING = (250_000.0, 950_000.0)

_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$"),
)
_TIME = re.compile(r"^(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?$")
_HAS_DIGIT_RUN = re.compile(r"\d(?:[\s()+-]?\d){5}")  # six digits, maybe separated


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Lowercase, no diacritics, letters and digits: ``Händelse-datum`` → ``handelsedatum``."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def norm_words(text: str) -> str:
    """Like :func:`norm` but keeping word boundaries: ``Berga, parkering`` → ``berga parkering``."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


class RowError(ValueError):
    """Why one row is rejected (the reason names the column and what was expected)."""


class MappingError(ValueError):
    """The headers cannot be understood (a required column is missing, an override is wrong)."""


def map_headers(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Canonical field → the file's header, from the aliases above and ``--map`` overrides."""
    by_norm = {norm(h): h for h in headers}
    mapping: dict[str, str] = {}
    for field, aliases in FIELDS.items():
        for alias in aliases:
            if alias in by_norm:
                mapping[field] = by_norm[alias]
                break
    for field, header in (overrides or {}).items():
        if field not in FIELDS:
            raise MappingError(
                f"--map {field}={header}: unknown field {field!r}; expected one of "
                + ", ".join(FIELDS)
            )
        if header not in headers and norm(header) not in by_norm:
            raise MappingError(f"--map {field}={header}: the file has no column {header!r}")
        mapping[field] = header if header in headers else by_norm[norm(header)]
    if "category" not in mapping:
        raise MappingError(
            f"no category column: expected a header like Kategori (found: {', '.join(headers)})"
        )
    if "date" not in mapping and "datetime" not in mapping:
        raise MappingError(
            f"no date column: expected a header like Datum (found: {', '.join(headers)})"
        )
    return mapping


def parse_date(text: str) -> tuple[int, int, int]:
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            return int(m["y"]), int(m["m"]), int(m["d"])
    raise RowError(f"date {text!r}: expected e.g. 2026-11-20 or 20/11/2026")


def parse_time(text: str) -> tuple[int, int, int]:
    m = _TIME.match(text)
    if not m:
        raise RowError(f"time {text!r}: expected e.g. 22:15")
    return int(m["h"]), int(m["mi"]), int(m["s"] or 0)


def parse_moment(date_text: str, time_text: str) -> tuple[datetime, bool]:
    """A Stockholm-time moment as UTC, and whether a time of day was given."""
    date_text = date_text.strip()
    time_text = time_text.strip()
    if not date_text:
        raise RowError("date is empty: expected e.g. 2026-11-20")
    cell = date_text
    if "T" in date_text or " " in date_text:
        head, _, tail = date_text.replace("T", " ").partition(" ")
        date_text, time_text = head, time_text or tail.strip()
    try:
        y, mo, d = parse_date(date_text)
    except RowError:  # name the whole cell, not the part before a space
        raise RowError(f"date {cell!r}: expected e.g. 2026-11-20 or 20/11/2026") from None
    h = mi = s = 0
    if time_text:
        h, mi, s = parse_time(time_text)
    try:
        local = datetime(y, mo, d, h, mi, s, tzinfo=STOCKHOLM)
    except ValueError:
        moment = f"{date_text} {time_text}".strip()
        raise RowError(f"date {moment!r} does not exist") from None
    return local.astimezone(UTC), bool(time_text)


def parse_float(text: str, name: str) -> float | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise RowError(f"{name} {text!r} is not a number") from None


def parse_bool(text: str, name: str) -> bool | None:
    if not text:
        return None
    key = norm(text)
    if key in YES:
        return True
    if key in NO:
        return None if not key else False
    raise RowError(f"{name} {text!r}: expected ja or nej")


@dataclass(slots=True)
class Record:
    """One checked row, ready for the area lookup and the insert."""

    line: int
    occurred_at: datetime
    time_band: str | None
    category_id: int
    lat: float | None
    lon: float | None
    northing: float | None
    easting: float | None
    area_hint: int | None
    place_name: str
    place_type: str | None
    place_detail: str
    description: str
    severity: int
    suspected: bool
    people_count: int | None
    youth: bool | None
    police_report: bool
    police_ref: str
    visibility: str
    external_id: str
    redacted: int
    precision: str | None = None
    url: str = ""


class RowParser:
    """Parses rows of one file: knows its header mapping, the categories and the area names."""

    def __init__(
        self,
        mapping: dict[str, str],
        categories: dict[str, int],
        area_names: dict[str, int],
        *,
        area_words: dict[str, int] | None = None,
        default_visibility: str = "delad",
        now: datetime | None = None,
    ) -> None:
        self.m = mapping
        self.h: dict[str, str | None] = {f: mapping.get(f) for f in FIELDS}
        self.categories = categories
        self.area_exact = area_names
        self.area_words = sorted(
            ((norm_words(name), area_id) for name, area_id in (area_words or {}).items()),
            key=lambda kv: -len(kv[0]),
        )
        self.default_visibility = default_visibility
        self._hints: dict[tuple[str, str], int | None] = {}
        self.latest = (now or datetime.now(UTC)) + FUTURE_SLACK

    def _get(self, row: dict[str, str], field: str) -> str:
        header = self.h[field]
        return (row.get(header) or "").strip() if header else ""

    def parse(self, line: int, row: dict[str, str]) -> Record:
        h = self.h
        get = row.get

        def g(_row: dict[str, str], field: str) -> str:
            header = h[field]
            return get(header, "").strip() if header else ""

        date_text = g(row, "datetime") or g(row, "date")
        occurred, has_time = parse_moment(date_text, g(row, "time"))
        if occurred > self.latest:
            raise RowError(f"date {date_text!r} lies in the future")
        if occurred < OLDEST:
            raise RowError(f"date {date_text!r} is before 2000")
        cat_text = g(row, "category")
        if not cat_text:
            raise RowError("category is empty")
        category_id = self.categories.get(norm(cat_text))
        if category_id is None:
            raise RowError(
                f"category {cat_text!r} is unknown; expected a code or label like Klotter"
            )
        lat, lon, northing, easting = self._coordinates(row)
        place = g(row, "place")
        area_hint = self._area_hint(g(row, "area"), place)
        if lat is None and northing is None and area_hint is None:
            raise RowError(
                "no coordinates, and neither Plats nor Område names a known area: "
                "give Latitud/Longitud, X/Y (SWEREF 99 TM) or an area name"
            )
        description = g(row, "description")
        redacted = 0
        if _HAS_DIGIT_RUN.search(description) or _HAS_DIGIT_RUN.search(place):
            r1, r2 = redact(description), redact(place)
            description, place = r1.text, r2.text
            redacted = r1.personnummer + r1.phone + r2.personnummer + r2.phone
        if len(description) > 4000:
            raise RowError(f"description has {len(description)} characters; at most 4000")
        severity_text = g(row, "severity")
        severity = 2
        if severity_text:
            if severity_text not in ("1", "2", "3"):
                raise RowError(f"severity {severity_text!r}: expected 1, 2 or 3")
            severity = int(severity_text)
        people = parse_float(g(row, "people_count"), "people_count")
        if people is not None and (people < 0 or people > 100_000 or not people.is_integer()):
            raise RowError(f"people_count {people:g}: expected a whole number 0–100000")
        vis_text = g(row, "visibility")
        visibility = VISIBILITY_WORDS.get(norm(vis_text)) if vis_text else self.default_visibility
        if visibility is None:
            raise RowError(f"visibility {vis_text!r}: expected delad, egen or polis")
        ptype_text = g(row, "place_type")
        place_type = PLACE_TYPE_WORDS.get(norm(ptype_text)) if ptype_text else None
        if ptype_text and place_type is None:
            raise RowError(f"place_type {ptype_text!r}: expected offentlig or halvoffentlig")
        external = g(row, "external_id")
        if not external:
            external = self._content_key(row)
        elif len(external) > 120:
            raise RowError("id is longer than 120 characters")
        return Record(
            line=line,
            occurred_at=occurred,
            time_band=None if has_time else "dygn",
            category_id=category_id,
            lat=lat,
            lon=lon,
            northing=northing,
            easting=easting,
            area_hint=area_hint,
            place_name=place[:200],
            place_type=place_type,
            place_detail=g(row, "place_detail")[:100],
            description=description,
            severity=severity,
            suspected=bool(parse_bool(g(row, "suspected"), "suspected")),
            people_count=None if people is None else int(people),
            youth=parse_bool(g(row, "youth"), "youth"),
            police_report=bool(parse_bool(g(row, "police_report"), "police_report")),
            police_ref=g(row, "police_ref")[:60],
            visibility=visibility,
            external_id=external,
            redacted=redacted,
        )

    def _coordinates(
        self, row: dict[str, str]
    ) -> tuple[float | None, float | None, float | None, float | None]:
        lat = parse_float(self._get(row, "lat"), "latitude")
        lon = parse_float(self._get(row, "lon"), "longitude")
        if (lat is None) != (lon is None):
            raise RowError("give both latitude and longitude, or neither")
        if lat is not None and lon is not None:
            min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
            if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
                return lat, lon, None, None
            if min_lat <= lon <= max_lat and min_lon <= lat <= max_lon:
                raise RowError(f"latitude {lat} and longitude {lon} look swapped")
            raise RowError(f"latitude {lat}, longitude {lon} lies outside Sweden")
        x = parse_float(self._get(row, "x"), "X")
        y = parse_float(self._get(row, "y"), "Y")
        if (x is None) != (y is None):
            raise RowError("give both X and Y, or neither")
        if x is None or y is None:
            return None, None, None, None
        if NORTHING[0] <= x <= NORTHING[1] and EASTING[0] <= y <= EASTING[1]:
            return None, None, x, y
        if NORTHING[0] <= y <= NORTHING[1] and EASTING[0] <= x <= EASTING[1]:
            raise RowError(
                f"X {x:g} and Y {y:g} look swapped: X is the northing (6 100 000–7 700 000)"
            )
        raise RowError(f"X {x:g}, Y {y:g} lies outside Sweden in SWEREF 99 TM")

    def _area_hint(self, area_text: str, place: str) -> int | None:
        key = (area_text, place)
        if key in self._hints:
            return self._hints[key]
        found = self._find_area(area_text, place)
        if len(self._hints) < 100_000:
            self._hints[key] = found
        return found

    def _find_area(self, area_text: str, place: str) -> int | None:
        if area_text:
            found = self.area_exact.get(norm(area_text))
            if found is None:
                raise RowError(f"area {area_text!r} is not a known area")
            return found
        if place:
            words = f" {norm_words(place)} "
            for name, area_id in self.area_words:
                if name and f" {name} " in words:
                    return area_id
        return None

    def _content_key(self, row: dict[str, str]) -> str:
        """A stable id for a row without one: a digest of its content. Two identical rows (same
        time, category, place, text, position) are one report, counted as a duplicate; this
        keeps the import's memory constant whatever the file's length."""
        content = "\x1f".join(f"{k}={row[k].strip()}" for k in sorted(row))
        digest = hashlib.sha1(content.encode("utf-8"), usedforsecurity=False).hexdigest()[:32]
        return f"rad:{digest}"

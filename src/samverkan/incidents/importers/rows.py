"""Turning one row of a partner's file into an incident record, or a reason it cannot be.

Headers are matched in Swedish or English, any case, spacing or diacritics (``Datum``, ``Tid``,
``Kategori``, ``Plats``, ``Beskrivning``, ``Latitud``/``Longitud`` or ``X``/``Y`` in SWEREF 99 TM
where X is the northing). Categories match by code or label. This is the hot path of a bulk
import, so checks are plain Python rather than a Pydantic model per row, a row is a list of
cells read by precomputed column indexes, and what repeats from row to row (dates, clock times,
categories, places) is worked out once per file and looked up after that.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from samverkan.core.errors import N_, Explained
from samverkan.core.redaction import redact
from samverkan.core.timeutil import STOCKHOLM
from samverkan.geo.crs import SWEDEN_BOUNDS

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


def sqlite_time(moment: datetime) -> str:
    """A UTC moment as SQLAlchemy stores it in SQLite (``core.db.UTCDateTime``)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class RowError(Explained, ValueError):
    """Why one row is rejected (the reason names the column and what was expected): a msgid,
    written to the rejects file in the reader's language."""


class MappingError(Explained, ValueError):
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
                N_(
                    "--map %(field)s=%(header)s: unknown field %(name)s; expected one of %(fields)s"
                ),
                field=field,
                header=header,
                name=repr(field),
                fields=", ".join(FIELDS),
            )
        if header not in headers and norm(header) not in by_norm:
            raise MappingError(
                N_("--map %(field)s=%(header)s: the file has no column %(column)s"),
                field=field,
                header=header,
                column=repr(header),
            )
        mapping[field] = header if header in headers else by_norm[norm(header)]
    if "category" not in mapping:
        raise MappingError(
            N_("no category column: expected a header like Kategori (found: %(headers)s)"),
            headers=", ".join(headers),
        )
    if "date" not in mapping and "datetime" not in mapping:
        raise MappingError(
            N_("no date column: expected a header like Datum (found: %(headers)s)"),
            headers=", ".join(headers),
        )
    return mapping


def parse_date(text: str) -> tuple[int, int, int]:
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            return int(m["y"]), int(m["m"]), int(m["d"])
    raise RowError(BAD_DATE, value=repr(text))


def parse_time(text: str) -> tuple[int, int, int]:
    m = _TIME.match(text)
    if not m:
        raise RowError(
            N_("time %(value)s: expected e.g. 22:15, or a time band: %(bands)s"),
            value=repr(text),
            bands=BAND_HINT,
        )
    return int(m["h"]), int(m["mi"]), int(m["s"] or 0)


# A time column may say when only roughly: the incident's time band (as the form's choice).
BAND_WORDS = {
    "natt": "natt",
    "morgon": "morgon",
    "dag": "dag",
    "dagtid": "dag",
    "eftermiddag": "dag",
    "kvall": "kvall",
    "kvallen": "kvall",
    "dygn": "dygn",
    "okand": "dygn",
    "night": "natt",
    "morning": "morgon",
    "day": "dag",
    "afternoon": "dag",
    "evening": "kvall",
    "unknown": "dygn",
}
BAND_HINT = "natt (00–06), morgon (06–10), dag (10–18), kväll (18–24)"
BAD_DATE = N_("date %(value)s: expected e.g. 2026-11-20 or 20/11/2026")
_FOLD = str.maketrans("åäö", "aao")


def time_band(text: str) -> str | None:
    """The time band a time cell names in words (``kväll`` → ``kvall``), or None."""
    return BAND_WORDS.get(text.lower().translate(_FOLD).strip(" ."))


def parse_moment(date_text: str, time_text: str) -> tuple[datetime, bool]:
    """A Stockholm-time moment as UTC, and whether a time of day was given."""
    date_text = date_text.strip()
    time_text = time_text.strip()
    if not date_text:
        raise RowError(N_("date is empty: expected e.g. 2026-11-20"))
    cell = date_text
    if "T" in date_text or " " in date_text:
        head, _, tail = date_text.replace("T", " ").partition(" ")
        date_text, time_text = head, time_text or tail.strip()
    try:
        y, mo, d = parse_date(date_text)
    except RowError:  # name the whole cell, not the part before a space
        raise RowError(BAD_DATE, value=repr(cell)) from None
    h = mi = s = 0
    if time_text:
        h, mi, s = parse_time(time_text)
    try:
        local = datetime(y, mo, d, h, mi, s, tzinfo=STOCKHOLM)
        return local.astimezone(UTC), bool(time_text)
    except (ValueError, OverflowError):
        moment = f"{date_text} {time_text}".strip()
        raise RowError(N_("date %(value)s does not exist"), value=repr(moment)) from None


def parse_float(text: str, name: str) -> float | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise RowError(
            N_("%(column)s %(value)s is not a number"), column=name, value=repr(text)
        ) from None


def parse_bool(text: str, name: str) -> bool | None:
    if not text:
        return None
    key = norm(text)
    if key in YES:
        return True
    if key in NO:
        return None if not key else False
    raise RowError(N_("%(column)s %(value)s: expected ja or nej"), column=name, value=repr(text))


@dataclass(slots=True)
class Record:
    """One checked row, ready for the area lookup and the insert.

    A field named like an incident's column is stored in it as it is (``incidents.batch``);
    the others say where the row is (``line``, SWEREF ``northing``/``easting``, an
    ``area_hint``) or carry its time as SQLite text. ``RowParser.parse`` passes the fields by
    position, in this order (keywords cost about 1 µs a row): add new ones at the end.
    """

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
    youth_involved: bool | None
    police_report_filed: bool
    police_report_ref: str
    visibility: str
    external_id: str
    redacted_count: int
    precision: str | None = None
    url: str = ""
    # occurred_at as sqlite_time() gives it, when the parser had it at hand (else None)
    occurred_text: str | None = None


# Per-file caches stop growing at these sizes (a file's dates, clock times, categories and
# places repeat; beyond these the rows are parsed in full, as the first of each kind is).
_MAX_DAYS = 20_000
_MAX_CLOCKS = 10_000
_MAX_WORDS = 10_000
_MAX_PLACES = 100_000
# A local hour whose moments cannot be had from its start plus minutes and seconds.
_NO_SHORTCUT = (None, None)
_MIN_LON, _MIN_LAT, _MAX_LON, _MAX_LAT = SWEDEN_BOUNDS
_OPTIONAL = (
    "severity",
    "people_count",
    "visibility",
    "place_type",
    "place_detail",
    "suspected",
    "youth",
    "police_report",
    "police_ref",
)


class RowParser:
    """Parses rows of one file: knows its header mapping, the categories and the area names.

    A row is the list of its cells in the order of ``headers`` (``tabular.csv_cells``); where a
    header occurs twice its last cell counts, as in a dict of the row.
    """

    def __init__(
        self,
        mapping: dict[str, str],
        categories: dict[str, int],
        area_names: dict[str, int],
        *,
        headers: Sequence[str],
        area_words: dict[str, int] | None = None,
        default_visibility: str = "delad",
        now: datetime | None = None,
    ) -> None:
        self.m = mapping
        self.h: dict[str, str | None] = {f: mapping.get(f) for f in FIELDS}
        # header → index of its cell; a repeated header keeps its first place and its last cell
        self.index: dict[str, int] = {h: i for i, h in enumerate(headers)}
        self.col: dict[str, int | None] = {
            f: None if h is None else self.index[h] for f, h in self.h.items()
        }
        self._sorted_cols = sorted(self.index.items())
        self._cols = tuple(
            self.col[f]
            for f in (
                "datetime",
                "date",
                "time",
                "category",
                "lat",
                "lon",
                "place",
                "area",
                "description",
                "external_id",
            )
        )
        self._optional = any(self.col[f] is not None for f in _OPTIONAL)
        self.categories = categories
        self.area_exact = area_names
        self.area_words = sorted(
            ((norm_words(name), area_id) for name, area_id in (area_words or {}).items()),
            key=lambda kv: -len(kv[0]),
        )
        self.default_visibility = default_visibility
        self._hints: dict[tuple[str, str], int | None] = {}
        self.latest = (now or datetime.now(UTC)) + FUTURE_SLACK
        # date cell → ((y, m, d), per local hour: (UTC start, its sqlite_time up to the hour))
        self._days: dict[str, tuple[tuple[int, int, int], list[tuple[Any, Any] | None]]] = {}
        # time cell → (hour, minutes and seconds past it, their text, a time was given)
        self._clocks: dict[str, tuple[int, timedelta, str, bool]] = {}
        self._category_ids: dict[str, int] = {}  # category cell as read → id
        self._digit_places: dict[str, bool] = {}  # place → has a digit run (to redact)

    def content(self, row: Sequence[str]) -> dict[str, str]:
        """The row as ``{header: cell}`` (for the rejects file)."""
        return {h: row[i] for h, i in self.index.items()}

    def _get(self, row: Sequence[str], field: str) -> str:
        i = self.col[field]
        return row[i].strip() if i is not None else ""

    def parse(self, line: int, row: Sequence[str]) -> Record:
        i_datetime, i_date, i_time, i_category, i_lat, i_lon, i_place, i_area, i_text, i_id = (
            self._cols
        )
        date_text = row[i_datetime].strip() if i_datetime is not None else ""
        if not date_text and i_date is not None:
            date_text = row[i_date].strip()
        time_text = row[i_time].strip() if i_time is not None else ""
        band = None
        if time_text and not time_text[0].isdigit():  # "kväll": a band, not a clock time
            band = time_band(time_text)
            if band is not None:
                time_text = ""
        # parse_moment, from what earlier rows taught (see _moment) when they did
        occurred: datetime | None = None
        day = self._days.get(date_text)
        if day is not None:
            clock = self._clocks.get(time_text)
            if clock is not None:
                start = day[1][clock[0]] or self._hour(day, clock[0])
                if start[0] is not None:
                    occurred = start[0] + clock[1]
                    has_time = clock[3]
                    occurred_text = None if start[1] is None else start[1] + clock[2]
        if occurred is None:
            occurred, has_time, occurred_text = self._moment(date_text, time_text)
        if occurred > self.latest:
            raise RowError(N_("date %(value)s lies in the future"), value=repr(date_text))
        if occurred < OLDEST:
            raise RowError(N_("date %(value)s is before 2000"), value=repr(date_text))
        cat_cell = row[i_category] if i_category is not None else ""
        category_id = self._category_ids.get(cat_cell)
        if category_id is None:
            category_id = self._category(cat_cell)
        lat: float | None
        lon: float | None
        try:  # the usual case first: a point in Sweden as two numbers (see _number)
            if i_lat is None or i_lon is None:
                raise ValueError
            lat = float(row[i_lat].replace(",", "."))
            lon = float(row[i_lon].replace(",", "."))
            if not (_MIN_LAT <= lat <= _MAX_LAT and _MIN_LON <= lon <= _MAX_LON):
                raise ValueError
            northing = easting = None
        except ValueError:
            lat, lon, northing, easting = self._coordinates(row)
        place = row[i_place].strip() if i_place is not None else ""
        area_text = row[i_area].strip() if i_area is not None else ""
        key = (area_text, place)
        area_hint = self._hints[key] if key in self._hints else self._area_hint(area_text, place)
        if lat is None and northing is None and area_hint is None:
            raise RowError(
                N_(
                    "no coordinates, and neither Plats nor Område names a known area: "
                    "give Latitud/Longitud, X/Y (SWEREF 99 TM) or an area name"
                )
            )
        description = row[i_text].strip() if i_text is not None else ""
        redacted = 0
        digit_place = self._digit_places.get(place)
        if digit_place is None:
            digit_place = _HAS_DIGIT_RUN.search(place) is not None or "@" in place
            if len(self._digit_places) < _MAX_PLACES:
                self._digit_places[place] = digit_place
        if digit_place or "@" in description or _HAS_DIGIT_RUN.search(description):
            r1, r2 = redact(description), redact(place)
            description, place = r1.text, r2.text
            redacted = r1.total + r2.total
        if len(description) > 4000:
            raise RowError(
                N_("description has %(count)s characters; at most 4000"), count=len(description)
            )
        severity, people, visibility, place_type = 2, None, self.default_visibility, None
        if self._optional:
            severity, people, visibility, place_type = self._checked_optional(row)
        external = row[i_id].strip() if i_id is not None else ""
        if not external:
            external = self._content_key(row)
        elif len(external) > 120:
            raise RowError(N_("id is longer than 120 characters"))
        if self._optional:
            get = self._get
            place_detail = get(row, "place_detail")[:100]
            h = self.h
            suspected = bool(parse_bool(get(row, "suspected"), h["suspected"] or ""))
            youth = parse_bool(get(row, "youth"), h["youth"] or "")
            police_report = bool(parse_bool(get(row, "police_report"), h["police_report"] or ""))
            police_ref = get(row, "police_ref")[:60]
        else:
            place_detail, suspected, youth, police_report, police_ref = "", False, None, False, ""
        # positional, in the order of Record's fields (keywords cost about 1 µs a row)
        return Record(
            line,  # line
            occurred,  # occurred_at
            band or (None if has_time else "dygn"),  # time_band
            category_id,  # category_id
            lat,  # lat
            lon,  # lon
            northing,  # northing
            easting,  # easting
            area_hint,  # area_hint
            place[:200],  # place_name
            place_type,  # place_type
            place_detail,  # place_detail
            description,  # description
            severity,  # severity
            suspected,  # suspected
            people,  # people_count
            youth,  # youth_involved
            police_report,  # police_report_filed
            police_ref,  # police_report_ref
            visibility,  # visibility
            external,  # external_id
            redacted,  # redacted_count
            None,  # precision
            "",  # url
            occurred_text,  # occurred_text
        )

    def _moment(self, date_text: str, time_text: str) -> tuple[datetime, bool, str | None]:
        """``parse_moment`` of the stripped cells, with its SQLite text when at hand: a date and a
        time seen before take the start of their local hour (in UTC) plus minutes and seconds.
        (``parse`` looks up a separate date and time itself, and comes here for the rest.)"""
        day_text, clock_text = date_text, time_text
        if "T" in date_text or " " in date_text:  # date and time in one cell, as parse_moment
            head, _, tail = date_text.replace("T", " ").partition(" ")
            day_text, clock_text = head, time_text or tail.strip()
        day = self._days.get(day_text)
        if day is not None:
            clock = self._clocks.get(clock_text)
            if clock is not None:
                hour, past, past_text, has_time = clock
                start = day[1][hour] or self._hour(day, hour)
                if start[0] is not None:
                    text = start[1]
                    return start[0] + past, has_time, None if text is None else text + past_text
        occurred, has_time = parse_moment(date_text, time_text)
        # parse_moment took day_text as a date and clock_text as a time: learn them
        if day_text not in self._days and len(self._days) < _MAX_DAYS:
            self._days[day_text] = (parse_date(day_text), [None] * 24)
        if clock_text not in self._clocks and len(self._clocks) < _MAX_CLOCKS:
            h, mi, s = parse_time(clock_text) if clock_text else (0, 0, 0)
            past = timedelta(minutes=mi, seconds=s)
            self._clocks[clock_text] = (h, past, f"{mi:02d}:{s:02d}.000000", bool(clock_text))
        return occurred, has_time, None

    @staticmethod
    def _hour(
        day: tuple[tuple[int, int, int], list[tuple[Any, Any] | None]], hour: int
    ) -> tuple[Any, Any]:
        """The UTC start of a local hour of a day and its sqlite_time up to the hour (``YYYY-MM-DD
        HH:``, None unless it is a whole UTC hour), or no shortcut: when the hour does not exist
        as a whole at one UTC offset."""
        (y, mo, d), hours = day
        found: tuple[Any, Any] = _NO_SHORTCUT
        try:
            start = datetime(y, mo, d, hour, tzinfo=STOCKHOLM)
            if start.utcoffset() == datetime(y, mo, d, hour, 59, 59, tzinfo=STOCKHOLM).utcoffset():
                utc = start.astimezone(UTC)
                text = sqlite_time(utc)
                found = (utc, text[:14] if text.endswith(":00:00.000000") else None)
        except (ValueError, OverflowError):
            pass
        hours[hour] = found
        return found

    def _category(self, cell: str) -> int:
        cat_text = cell.strip()
        if not cat_text:
            raise RowError(N_("category is empty"))
        category_id = self.categories.get(norm(cat_text))
        if category_id is None:
            raise RowError(
                N_("category %(value)s is unknown; expected a code or label like Klotter"),
                value=repr(cat_text),
            )
        if len(self._category_ids) < _MAX_WORDS:
            self._category_ids[cell] = category_id
        return category_id

    def _checked_optional(self, row: Sequence[str]) -> tuple[int, int | None, str, str | None]:
        """Severity, people count, visibility and place type, when the file has such columns."""
        get = self._get
        severity_text = get(row, "severity")
        severity = 2
        if severity_text:
            if severity_text not in ("1", "2", "3"):
                raise RowError(
                    N_("%(column)s %(value)s: expected 1, 2 or 3"),
                    column=self.h["severity"],
                    value=repr(severity_text),
                )
            severity = int(severity_text)
        people_text = get(row, "people_count")
        people = parse_float(people_text, self.h["people_count"] or "")
        if people is not None and (people < 0 or people > 100_000 or not people.is_integer()):
            raise RowError(
                N_("%(column)s %(value)s: expected a whole number 0–100000"),
                column=self.h["people_count"],
                value=repr(people_text),
            )
        vis_text = get(row, "visibility")
        visibility = VISIBILITY_WORDS.get(norm(vis_text)) if vis_text else self.default_visibility
        if visibility is None:
            raise RowError(
                N_("%(column)s %(value)s: expected delad, egen or polis"),
                column=self.h["visibility"],
                value=repr(vis_text),
            )
        ptype_text = get(row, "place_type")
        place_type = PLACE_TYPE_WORDS.get(norm(ptype_text)) if ptype_text else None
        if ptype_text and place_type is None:
            raise RowError(
                N_("%(column)s %(value)s: expected offentlig or halvoffentlig"),
                column=self.h["place_type"],
                value=repr(ptype_text),
            )
        return severity, None if people is None else int(people), visibility, place_type

    def _coordinates(
        self, row: Sequence[str]
    ) -> tuple[float | None, float | None, float | None, float | None]:
        col = self.col
        i = col["lat"]
        h = self.h
        lat = _number(row[i], h["lat"] or "") if i is not None else None
        i = col["lon"]
        lon = _number(row[i], h["lon"] or "") if i is not None else None
        if (lat is None) != (lon is None):
            raise RowError(N_("give both latitude and longitude, or neither"))
        if lat is not None and lon is not None:
            min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
            if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
                return lat, lon, None, None
            if min_lat <= lon <= max_lat and min_lon <= lat <= max_lon:
                raise RowError(
                    N_("latitude %(lat)s and longitude %(lon)s look swapped"), lat=lat, lon=lon
                )
            raise RowError(
                N_("latitude %(lat)s, longitude %(lon)s lies outside Sweden"), lat=lat, lon=lon
            )
        i = col["x"]
        x = _number(row[i], h["x"] or "") if i is not None else None
        i = col["y"]
        y = _number(row[i], h["y"] or "") if i is not None else None
        if (x is None) != (y is None):
            raise RowError(N_("give both X and Y, or neither"))
        if x is None or y is None:
            return None, None, None, None
        if NORTHING[0] <= x <= NORTHING[1] and EASTING[0] <= y <= EASTING[1]:
            return None, None, x, y
        if NORTHING[0] <= y <= NORTHING[1] and EASTING[0] <= x <= EASTING[1]:
            raise RowError(
                N_("X %(x)s and Y %(y)s look swapped: X is the northing (6 100 000–7 700 000)"),
                x=f"{x:.0f}",
                y=f"{y:.0f}",
            )
        raise RowError(
            N_("X %(x)s, Y %(y)s lies outside Sweden in SWEREF 99 TM"), x=f"{x:.0f}", y=f"{y:.0f}"
        )

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
                raise RowError(N_("area %(value)s is not a known area"), value=repr(area_text))
            return found
        if place:
            words = f" {norm_words(place)} "
            for name, area_id in self.area_words:
                if name and f" {name} " in words:
                    return area_id
        return None

    def _content_key(self, row: Sequence[str]) -> str:
        """A stable id for a row without one: a digest of its content. Two identical rows (same
        time, category, place, text, position) are one report, counted as a duplicate; this
        keeps the import's memory constant whatever the file's length."""
        content = "\x1f".join(f"{k}={row[i].strip()}" for k, i in self._sorted_cols)
        digest = hashlib.sha1(content.encode("utf-8"), usedforsecurity=False).hexdigest()[:32]
        return f"rad:{digest}"


def _number(cell: str, name: str) -> float | None:
    """``parse_float`` of a cell as read: ``float`` straight away for the usual forms (it takes
    the same surrounding white space as ``strip``), the full rules when it fails."""
    if not cell:
        return None
    try:
        return float(cell.replace(",", "."))
    except ValueError:
        return parse_float(cell, name)

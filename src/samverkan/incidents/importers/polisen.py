"""The police's public events feed (the ``api/events`` JSON) as EST incidents.

Each event has ``id``, ``datetime`` (``"2025-06-07 6:38:18 +02:00"``), ``name``, ``summary``,
``url``, ``type`` and ``location {name, gps "lat,lon"}``. The coordinates are the centre of the
municipality, not the event's place: the incidents get precision ``kommun`` and the
municipality as their area, so they are never counted in a district. The daily and weekly
"Sammanfattning …" posts are skipped and counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from samverkan.core.errors import N_
from samverkan.incidents.importers.rows import FUTURE_SLACK, Record, RowError
from samverkan.incidents.importers.tabular import FileProblem

FEED_URL = "https://polisen.se/api/events"
BASE = "https://polisen.se"

TYPE_TO_CATEGORY: dict[str, str] = {
    "Skadegörelse": "skadegorelse",
    "Brand": "brand",
    "Narkotikabrott": "narkotika",
    "Ofog barn/ungdom": "ungdomsgrupp",
    "Ordningslagen": "ordningsstorning",
    "Fylleri/LOB": "ordningsstorning",
    "Ofredande/förargelse": "ordningsstorning",
    "Alkohollagen": "ordningsstorning",
    "Bråk": "hot_vald",
    "Misshandel": "hot_vald",
    "Misshandel, grov": "hot_vald",
    "Olaga hot": "hot_vald",
    "Skottlossning": "hot_vald",
    "Skottlossning, misstänkt": "hot_vald",
    "Mord/dråp": "hot_vald",
    "Mord/dråp, försök": "hot_vald",
    "Knivlagen": "hot_vald",
    "Vapenlagen": "hot_vald",
    "Detonation": "hot_vald",
    "Våld/hot mot tjänsteman": "incident_personal",
    "Stöld": "inbrott_stold",
    "Stöld, försök": "inbrott_stold",
    "Stöld/inbrott": "inbrott_stold",
    "Inbrott": "inbrott_stold",
    "Inbrott, försök": "inbrott_stold",
    "Rån": "inbrott_stold",
    "Rån väpnat": "inbrott_stold",
    "Rån övrigt": "inbrott_stold",
    "Rån, försök": "inbrott_stold",
    "Motorfordon, stöld": "inbrott_stold",
    "Häleri": "inbrott_stold",
    "Trafikbrott": "trafik",
    "Olovlig körning": "trafik",
    "Rattfylleri": "trafik",
}
_WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) ([+-])(\d{2}):(\d{2})$")


class NotPoliceFormat(FileProblem):
    """The JSON is not the police events format."""


def parse_when(text: str) -> datetime:
    m = _WHEN.match(text.strip())
    if not m:
        raise RowError(
            N_("datetime %(value)s: expected e.g. 2025-06-07 6:38:18 +02:00"), value=repr(text)
        )
    y, mo, d, h, mi, s = (int(m[i]) for i in range(1, 7))
    offset = timedelta(hours=int(m[8]), minutes=int(m[9])) * (1 if m[7] == "+" else -1)
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=timezone(offset)).astimezone(UTC)
    except ValueError:
        raise RowError(N_("datetime %(value)s does not exist"), value=repr(text)) from None


def load(path: Path) -> list[dict[str, Any]]:
    """The events of a file; :class:`NotPoliceFormat` when it is some other JSON."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise NotPoliceFormat(N_("%(file)s is not UTF-8 JSON"), file=path.name) from None
    except json.JSONDecodeError as exc:
        raise NotPoliceFormat(
            N_("%(file)s: not valid JSON (line %(line)s: %(problem)s)"),
            file=path.name,
            line=exc.lineno,
            problem=exc.msg,
        ) from None
    return check_events(doc, path.name)


def check_events(doc: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(doc, list):
        raise NotPoliceFormat(
            N_(
                "%(file)s: expected a JSON list of police events (objects with id, datetime, "
                "type, location)"
            ),
            file=name,
        )
    required = {"id", "datetime", "type", "location"}
    for i, item in enumerate(doc[:50]):
        if not isinstance(item, dict) or not required <= set(item):
            missing = sorted(required - set(item)) if isinstance(item, dict) else sorted(required)
            raise NotPoliceFormat(
                N_("%(file)s: item %(n)s is not a police event (missing %(fields)s)"),
                file=name,
                n=i,
                fields=", ".join(missing),
            )
    return doc


def rows(events: list[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Events with their position (1-based) as the "line" for rejects."""
    yield from enumerate(events, start=1)


def to_record(
    n: int, ev: dict[str, Any], categories: dict[str, int], municipality_of: Any, now: datetime
) -> Record | None:
    """One event as a record; None for the "Sammanfattning …" posts."""
    if not isinstance(ev, dict):
        raise RowError(
            N_("item %(n)s is not a police event: expected an object with id, type"), n=n
        )
    etype = str(ev.get("type") or "").strip()
    if etype.startswith("Sammanfattning"):
        return None
    event_id = ev.get("id")
    if event_id in (None, ""):
        raise RowError(N_("event without id"))
    when = parse_when(str(ev.get("datetime") or ""))
    if when > now + FUTURE_SLACK:
        raise RowError(N_("datetime %(value)s lies in the future"), value=repr(ev.get("datetime")))
    loc = ev.get("location") or {}
    gps = str(loc.get("gps") or "") if isinstance(loc, dict) else ""
    try:
        lat_s, lon_s = gps.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise RowError(N_('location.gps %(value)s: expected "lat,lon"'), value=repr(gps)) from None
    code = TYPE_TO_CATEGORY.get(etype, "ovrigt")
    name = str(ev.get("name") or "")
    summary = str(ev.get("summary") or "")
    url = str(ev.get("url") or "")
    return Record(
        line=n,
        occurred_at=when,
        time_band=None,
        category_id=categories[code],
        lat=lat,
        lon=lon,
        northing=None,
        easting=None,
        area_hint=municipality_of(lon, lat),
        place_name=str(loc.get("name") or "")[:200],
        place_type="offentlig",
        place_detail="",
        description=(f"{name}. {summary}" if name and summary else name or summary)[:4000],
        severity=2,
        suspected=False,
        people_count=None,
        youth_involved=None,
        police_report_filed=True,
        police_report_ref="",
        visibility="delad",
        external_id=str(event_id)[:120],
        redacted_count=0,
        precision="kommun",
        url=(BASE + url if url.startswith("/") else url)[:400],
    )

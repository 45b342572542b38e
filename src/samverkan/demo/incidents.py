"""Two years of synthetic EST reports for the Linköping demo (seeded, reproducible).

What a newcomer's first lägesbild should be able to find: a weekday and time-of-day rhythm
(evenings and weekend nights), seasons (more outdoor trouble in summer, fires around New Year
and Valborg), persistent hotspots (the centre squares, a parking lot, a school yard), the
police's public events at municipality precision, and a fresh rise at one place in the latest
weeks (klotter at Berga centrum). Nothing here is real; no person appears in any text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from samverkan.core.timeutil import STOCKHOLM, IsoWeek

WEEKS = 104
SEED = 2026
# Relative weight of each hour of the day (0–23) for place-related incidents.
HOURS = np.array(
    [5, 4, 3, 2, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10, 10, 9, 7], dtype=float
)
# Monday … Sunday; Friday and Saturday nights are busiest.
WEEKDAYS = np.array([0.9, 0.9, 0.95, 1.0, 1.25, 1.35, 1.05])
OUTDOOR = {"ungdomsgrupp", "nedskrapning", "trafik", "ordningsstorning", "skadegorelse"}
FIRES = {"bilbrand", "containerbrand"}

# category code → base reports a week in a district of rate 1.0
BASE_RATES: dict[str, float] = {
    "skadegorelse": 3.0,
    "klotter": 2.5,
    "nedskrapning": 2.0,
    "containerbrand": 0.6,
    "bilbrand": 0.25,
    "belysning": 0.6,
    "skymd_sikt": 0.3,
    "ungdomsgrupp": 1.6,
    "narkotika": 0.8,
    "hot_vald": 0.5,
    "incident_personal": 0.25,
    "ordningsstorning": 1.2,
    "trafik": 1.2,
    "inbrott_stold": 0.9,
    "ryktesspridning": 0.2,
    "arrangemang": 0.15,
}


@dataclass(frozen=True)
class Hotspot:
    """A place where trouble keeps coming back (a share of a district's reports)."""

    name: str
    lon: float
    lat: float
    share: float
    categories: frozenset[str] | None = None  # None: any category


@dataclass(frozen=True)
class District:
    name: str
    rate: float
    reporters: tuple[str, ...]
    hotspots: tuple[Hotspot, ...]


DISTRICTS = (
    District(
        "Skäggetorp",
        1.6,
        ("Stångåstaden", "Linköpings kommun", "Hemgårdarnas BK"),
        (
            Hotspot("Skäggetorp centrum, torget", 15.5830, 58.4275, 0.30),
            Hotspot(
                "Skäggetorpsskolan, skolgården",
                15.5745,
                58.4305,
                0.10,
                frozenset({"skadegorelse", "klotter", "ungdomsgrupp", "containerbrand"}),
            ),
        ),
    ),
    District(
        "Ryd",
        1.1,
        ("Stångåstaden", "Linköpings kommun", "Willhem"),
        (
            Hotspot(
                "Rydsvägen, parkeringen",
                15.5610,
                58.4080,
                0.28,
                frozenset(
                    {
                        "bilbrand",
                        "skadegorelse",
                        "trafik",
                        "inbrott_stold",
                        "nedskrapning",
                        "ungdomsgrupp",
                    }
                ),
            ),
        ),
    ),
    District(
        "Berga",
        0.9,
        ("Victoria Park", "Linköpings kommun", "Lejonfastigheter"),
        (
            Hotspot("Berga centrum", 15.6400, 58.3920, 0.22),
            Hotspot(
                "Bergaskolan, skolgården",
                15.6330,
                58.3955,
                0.10,
                frozenset({"skadegorelse", "klotter", "ungdomsgrupp"}),
            ),
        ),
    ),
    District(
        "Linköping, övriga tätorten",
        1.3,
        ("Linköpings kommun", "Lejonfastigheter"),
        (
            Hotspot("Stora torget", 15.6216, 58.4105, 0.25),
            Hotspot("Trädgårdstorget", 15.6245, 58.4128, 0.12),
        ),
    ),
)
RISE = ("Berga", "klotter", "Berga centrum", 2)  # district, category, place, weeks
# Extra reports of the rise on each weekday (Monday … Sunday): 17 a week over a usual 2.
RISE_PER_DAY = (2, 2, 2, 2, 3, 3, 3)

POLICE_TYPES = [  # (type, category, weekly rate) in the police's public feed
    ("Skadegörelse", "skadegorelse", 1.5),
    ("Stöld", "inbrott_stold", 2.5),
    ("Inbrott", "inbrott_stold", 1.2),
    ("Misshandel", "hot_vald", 1.0),
    ("Narkotikabrott", "narkotika", 1.2),
    ("Brand", "brand", 0.6),
    ("Ofog barn/ungdom", "ungdomsgrupp", 0.5),
    ("Ordningslagen", "ordningsstorning", 0.5),
    ("Trafikolycka", "ovrigt", 1.5),
    ("Rattfylleri", "trafik", 0.7),
]
DESCRIPTIONS = {
    "skadegorelse": [
        "Krossad ruta i entrédörren",
        "Sönderslagen cykelställning",
        "Förstörd belysningsarmatur",
        "Sparkade sönder en soptunna",
    ],
    "klotter": ["Nya tags på väggen", "Klotter på elskåpet", "Klotter i tunneln"],
    "nedskrapning": ["Mycket skräp efter helgen", "Dumpade möbler vid soprummet"],
    "containerbrand": ["Brand i container, släckt av räddningstjänsten", "Brinnande sopkärl"],
    "bilbrand": ["Bilbrand på parkeringen natten till lördag"],
    "belysning": ["Trasig gatubelysning längs gångvägen", "Mörkt vid busshållplatsen"],
    "skymd_sikt": ["Buskage skymmer sikten vid gångtunneln"],
    "ungdomsgrupp": [
        "Grupp ungdomar samlas sent, upplevs otryggt",
        "Ungdomar samlade vid entrén, högljutt",
    ],
    "narkotika": ["Misstänkt försäljning vid gången", "Misstänkt langning bakom butiken"],
    "hot_vald": ["Bråk mellan några personer", "Hotfull stämning på torget"],
    "incident_personal": ["Personal fick glåpord vid rondering"],
    "ordningsstorning": ["Hög musik och stök sent på kvällen", "Berusade personer stör"],
    "trafik": ["Moped kör på gångbanan i hög fart", "EPA-traktorer kör i cirklar"],
    "inbrott_stold": ["Inbrott i förråd", "Cykelstölder vid stationen"],
    "ryktesspridning": ["Rykte i sociala medier om bråk i helgen"],
    "arrangemang": ["Fotbollsturnering lördag, mycket folk väntas"],
}


@dataclass
class DemoIncident:
    """One synthetic report, ready to store."""

    org: str
    category: str
    occurred_at: datetime
    lat: float | None
    lon: float | None
    precision: str
    area: str
    place_name: str
    description: str
    severity: int
    visibility: str
    source: str
    external_id: str
    status: str
    people_count: int | None
    youth: bool | None


def _season(code: str, day: date) -> float:
    doy = day.timetuple().tm_yday
    factor = 1.0
    if code in OUTDOOR:
        factor *= 1.0 + 0.45 * math.cos(2 * math.pi * (doy - 196) / 365.25)
    if code in FIRES or code == "brand":
        if (day.month == 12 and day.day >= 28) or (day.month == 1 and day.day <= 2):
            factor *= 6.0
        elif day.month == 4 and day.day == 30:
            factor *= 8.0
    return factor


def _moment(rng: np.random.Generator, day: date) -> datetime:
    hour = int(rng.choice(24, p=HOURS / HOURS.sum()))
    minute = int(rng.integers(0, 60))
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)
    return local.astimezone(UTC)


def _point_in(rng: np.random.Generator, geom: BaseGeometry) -> tuple[float, float]:
    min_x, min_y, max_x, max_y = geom.bounds
    for _ in range(200):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if shapely.contains_xy(geom, x, y):
            return float(x), float(y)
    c = geom.representative_point()
    return float(c.x), float(c.y)


def _day_rng(*key: int) -> np.random.Generator:
    """The random draws of one day (of one district): the same for that day whatever day the
    demo is seeded on, so the history does not change with the day it is looked at."""
    return np.random.default_rng([SEED, *key])


def _rise_days(today: date) -> set[date]:
    """The days of the planted rise: the last whole week (what Tuesday's meeting reviews) and
    the week in progress up to ``today``."""
    first = (IsoWeek.of(today) - (RISE[3] - 1)).monday
    return {first + timedelta(days=i) for i in range((today - first).days + 1)}


def generate(
    outlines: dict[str, BaseGeometry], today: date, now: datetime | None = None
) -> list[DemoIncident]:
    """All demo reports up to ``today`` and not after ``now``.

    Each day's reports depend on that day alone (not on the day the demo is seeded): a week
    looks the same whether it is seen from the next day or a year later. Only the planted rise
    moves with ``today``, and it is exact (:data:`RISE_PER_DAY` extra reports a day), so the
    newest whole week shows it on any day the demo is made."""
    now = now or datetime.now(UTC)
    this_week = IsoWeek.of(today)
    first = (this_week - (WEEKS - 1)).monday
    days = [first + timedelta(days=i) for i in range((today - first).days + 1)]
    rising_days = _rise_days(today)
    out: list[DemoIncident] = []
    for d_idx, district in enumerate(DISTRICTS):
        geom = outlines[district.name]
        for day in days:
            rng = _day_rng(d_idx, day.toordinal())
            age = (today - day).days
            for code, base in BASE_RATES.items():
                lam = base * district.rate / 7 * WEEKDAYS[day.weekday()] * _season(code, day)
                k = int(rng.poisson(lam))
                rising = (district.name, code) == RISE[:2] and day in rising_days
                extra = RISE_PER_DAY[day.weekday()] if rising else 0
                for j in range(k + extra):
                    spot = None
                    if j >= k:  # the rise happens at one place
                        spot = next(h for h in district.hotspots if h.name == RISE[2])
                    else:
                        for h in district.hotspots:
                            if (h.categories is None or code in h.categories) and (
                                rng.random() < h.share
                            ):
                                spot = h
                                break
                    if spot is not None:
                        lon = spot.lon + rng.normal(0, 0.0004)
                        lat = spot.lat + rng.normal(0, 0.0002)
                        place = spot.name
                    else:
                        lon, lat = _point_in(rng, geom)
                        place = district.name
                    when = _moment(rng, day)
                    texts = DESCRIPTIONS[code]
                    org = district.reporters[int(rng.integers(0, len(district.reporters)))]
                    if code == "ungdomsgrupp" and rng.random() < 0.3:
                        org = "Hemgårdarnas BK"
                    vis = "egen" if rng.random() < 0.04 else "delad"
                    if code == "narkotika" and rng.random() < 0.35:
                        org, vis = "Polisen lokalpolisområde Linköping", "polis"
                    description = texts[int(rng.integers(0, len(texts)))]
                    severity = int(rng.choice([1, 2, 3], p=[0.35, 0.5, 0.15]))
                    source = "import" if rng.random() < 0.5 else "formular"
                    people = int(rng.integers(3, 25)) if code == "ungdomsgrupp" else None
                    if when > now:
                        continue
                    out.append(
                        DemoIncident(
                            org=org,
                            category=code,
                            occurred_at=when,
                            lat=round(lat, 6),
                            lon=round(lon, 6),
                            precision="exakt",
                            area=district.name,
                            place_name=place,
                            description=description,
                            severity=severity,
                            visibility=vis,
                            source=source,
                            external_id=f"demo-{d_idx}-{day.isoformat()}-{code}-{j}",
                            status="granskad" if age > 9 else "mottagen",
                            people_count=people,
                            youth=True if code == "ungdomsgrupp" else None,
                        )
                    )
    out.extend(e for e in _police_events(days, today) if e.occurred_at <= now)
    return out


def _police_events(days: list[date], today: date) -> list[DemoIncident]:
    """The police's public feed: the municipality's centre, never a district."""
    out = []
    for day in days:
        rng = _day_rng(len(DISTRICTS), day.toordinal())
        n = day.toordinal() * 100
        for etype, code, rate in POLICE_TYPES:
            for _ in range(int(rng.poisson(rate / 7 * _season(code, day)))):
                n += 1
                when = _moment(rng, day)
                local = when.astimezone(STOCKHOLM)
                out.append(
                    DemoIncident(
                        org="Polisen lokalpolisområde Linköping",
                        category=code,
                        occurred_at=when,
                        lat=58.410807,
                        lon=15.621373,
                        precision="kommun",
                        area="Linköpings kommun",
                        place_name="Linköping",
                        description=f"{local:%Y-%m-%d %H.%M}, {etype}, Linköping.",
                        severity=2,
                        visibility="delad",
                        source="polisen",
                        external_id=str(n),
                        status="granskad" if (today - day).days > 9 else "mottagen",
                        people_count=None,
                        youth=None,
                    )
                )
    return out

"""Validated incident input and output. Every rule names its field and what was expected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from samverkan.core.errors import N_
from samverkan.core.timeutil import STOCKHOLM, to_local
from samverkan.core.validation import Problem
from samverkan.geo.crs import SWEDEN_BOUNDS, in_sweden

Precision = Literal["exakt", "adress", "omrade", "kommun"]
PlaceType = Literal["offentlig", "halvoffentlig"]
Visibility = Literal["delad", "egen", "polis"]
Status = Literal["mottagen", "granskad", "dubblett"]
Source = Literal["formular", "api", "import", "polisen", "open311"]
TimeBand = Literal["natt", "morgon", "dag", "kvall", "dygn"]

MAX_DESCRIPTION = 4000
FUTURE_SLACK = timedelta(minutes=10)
OLDEST = datetime(2000, 1, 1, tzinfo=UTC)


def as_utc(value: datetime) -> datetime:
    """A moment from a client: naive means Stockholm time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=STOCKHOLM)
    return value.astimezone(UTC)


def check_when(value: datetime, now: datetime | None = None) -> datetime:
    value = as_utc(value)
    now = now or datetime.now(UTC)
    if value > now + FUTURE_SLACK:
        raise Problem(N_("%(when)s lies in the future"), when=f"{to_local(value):%Y-%m-%d %H:%M}")
    if value < OLDEST:
        raise Problem(N_("expected a date after 2000-01-01"))
    return value


def check_point(lat: float | None, lon: float | None) -> None:
    """Both or neither; inside Sweden; a swapped pair gets its own message."""
    if (lat is None) != (lon is None):
        raise Problem(N_("give both lat and lon, or neither"))
    if lat is None or lon is None:
        return
    if in_sweden(lat, lon):
        return
    if in_sweden(lon, lat):
        raise Problem(
            N_("lat %(lat)s and lon %(lon)s look swapped: in Sweden lat is 55–69, lon 10–24"),
            lat=lat,
            lon=lon,
        )
    min_lon, min_lat, max_lon, max_lat = SWEDEN_BOUNDS
    raise Problem(
        N_(
            "lat %(lat)s, lon %(lon)s lies outside Sweden: expected WGS 84 lat "
            "%(min_lat)s–%(max_lat)s, lon %(min_lon)s–%(max_lon)s"
        ),
        lat=lat,
        lon=lon,
        min_lat=min_lat,
        max_lat=max_lat,
        min_lon=min_lon,
        max_lon=max_lon,
    )


class IncidentIn(BaseModel):
    """A new report. A place is needed: a point (lat/lon) or an area id."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    category: str = Field(min_length=1, max_length=40, description="category code, e.g. klotter")
    occurred_at: datetime = Field(description="when it happened (naive = Stockholm time)")
    occurred_end: datetime | None = None
    time_band: TimeBand | None = Field(default=None, description="when the exact time is unknown")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    precision: Precision | None = None
    area_id: int | None = None
    place_name: str = Field(default="", max_length=200)
    place_type: PlaceType | None = None
    place_detail: str = Field(default="", max_length=100, description="trapphus, butik, skolgård…")
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    severity: int = Field(default=2, ge=1, le=3)
    suspected: bool = False
    people_count: int | None = Field(default=None, ge=0, le=100_000)
    youth_involved: bool | None = None
    police_report_filed: bool = False
    police_report_ref: str = Field(default="", max_length=60)
    visibility: Visibility = "delad"
    external_id: str | None = Field(default=None, min_length=1, max_length=120)

    @field_validator("category")
    @classmethod
    def _code(cls, v: str) -> str:
        return v.lower()

    @field_validator("occurred_at")
    @classmethod
    def _when(cls, v: datetime) -> datetime:
        return check_when(v)

    @field_validator("occurred_end")
    @classmethod
    def _end(cls, v: datetime | None) -> datetime | None:
        return None if v is None else check_when(v)

    @model_validator(mode="after")
    def _place(self) -> IncidentIn:
        check_point(self.lat, self.lon)
        if self.occurred_end is not None and self.occurred_end < self.occurred_at:
            raise Problem(N_("the end time is before the start time"))
        if self.lat is None and self.area_id is None:
            raise Problem(N_("a place is needed: a point on the map or an area"))
        if self.precision is None:
            self.precision = "exakt" if self.lat is not None else "omrade"
        if self.lat is None and self.precision in ("exakt", "adress"):
            raise Problem(
                N_("precision %(precision)s needs a point (lat and lon)"),
                precision=repr(self.precision),
            )
        return self


class IncidentPatch(BaseModel):
    """Changes to a report; only the fields given are changed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    category: str | None = Field(default=None, min_length=1, max_length=40)
    occurred_at: datetime | None = None
    occurred_end: datetime | None = None
    time_band: TimeBand | None = None
    place_name: str | None = Field(default=None, max_length=200)
    place_type: PlaceType | None = None
    place_detail: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)
    severity: int | None = Field(default=None, ge=1, le=3)
    suspected: bool | None = None
    people_count: int | None = Field(default=None, ge=0, le=100_000)
    youth_involved: bool | None = None
    police_report_filed: bool | None = None
    police_report_ref: str | None = Field(default=None, max_length=60)
    visibility: Visibility | None = None
    status: Status | None = None
    duplicate_of: int | None = None

    @field_validator(
        "category",
        "occurred_at",
        "severity",
        "suspected",
        "police_report_filed",
        "police_report_ref",
        "visibility",
    )
    @classmethod
    def _not_null(cls, v: object) -> object:
        # None means "not given" only when the field is left out: these cannot be emptied
        if v is None:
            raise Problem(N_("expected a value; leave the field out to keep the present one"))
        return v

    @field_validator("occurred_at", "occurred_end")
    @classmethod
    def _when(cls, v: datetime | None) -> datetime | None:
        return None if v is None else check_when(v)

    @field_validator("category")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        return v.lower() if v else v


class CategoryIn(BaseModel):
    """A new EST category: a stable code (a–z, digits, _), labels in Swedish and English."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=2, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    label_sv: str = Field(min_length=2, max_length=120)
    label_en: str = Field(min_length=2, max_length=120)
    parent: str | None = Field(default=None, max_length=40)
    description_sv: str = Field(default="", max_length=400)


class CategoryOut(BaseModel):
    code: str
    parent: str | None
    label_sv: str
    label_en: str
    retired: bool


class Removed(BaseModel):
    """What the redaction took out of the free text before storing it."""

    personnummer: int = 0
    phone: int = 0
    email: int = 0


class IncidentOut(BaseModel):
    """A report as the API shows it (times in Stockholm time with their offset)."""

    id: int
    category: str
    category_label: str
    organisation: str
    occurred_at: datetime
    occurred_end: datetime | None
    time_band: str | None
    reported_at: datetime
    area_id: int | None
    area: str | None
    lat: float | None
    lon: float | None
    precision: str
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
    status: str
    duplicate_of: int | None
    source: str
    external_id: str | None
    url: str


class IncidentCreated(IncidentOut):
    """The stored report and what was removed from it, to tell the reporter."""

    removed: Removed
    created: bool = Field(description="false when external_id had been seen: nothing new stored")


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    next_cursor: str | None


def local(value: datetime | None) -> datetime | None:
    return None if value is None else to_local(value)


# The fields' names in messages (core.validation), registered through the domain.
FIELD_LABELS = {
    "category": N_("category"),
    "occurred_at": N_("time"),
    "occurred_end": N_("end time"),
    "time_band": N_("time of day"),
    "lat": N_("latitude"),
    "lon": N_("longitude"),
    "area_id": N_("area"),
    "precision": N_("precision"),
    "place_name": N_("place"),
    "place_type": N_("type of place"),
    "place_detail": N_("place detail"),
    "description": N_("description"),
    "severity": N_("severity"),
    "people_count": N_("number of people"),
    "visibility": N_("visibility"),
    "police_report_ref": N_("police report number"),
    "status": N_("status"),
    "duplicate_of": N_("duplicate of"),
    "external_id": N_("external id"),
}

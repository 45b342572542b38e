"""Swedish time: Europe/Stockholm and ISO weeks ("2026-W48", shown as "v. 48")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE = re.compile(r"^(?:v(?:ecka)?\.?\s*)?(\d{1,2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Parse ``2026-W48`` (or ``2026W48``); ValueError names the value and the form."""
        m = _WEEK.match(text.strip().upper())
        if not m:
            raise ValueError(f"week {text!r} is not an ISO week: expected e.g. 2026-W48")
        year, week = int(m[1]), int(m[2])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"week {text!r} does not exist: {year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def parse_loose(cls, text: str, today: date | None = None, *, ahead: bool = False) -> IsoWeek:
        """Also what people type: ``v. 48``, ``v48``, ``48``: the latest week 48 up to today,
        or with ``ahead`` (planning) the first week 48 from this week on; a date
        (``2026-11-20``) is the week it falls in."""
        if _DATE.fullmatch(text.strip()):
            try:
                return cls.of(date.fromisoformat(text.strip()))
            except ValueError:
                raise ValueError(f"date {text.strip()!r} does not exist") from None
        m = _LOOSE.match(text.strip().lower())
        if not m:
            return cls.parse(text)
        week = int(m[1])
        today = today or current_week().monday
        this = IsoWeek.of(today)
        years = (this.year, this.year + 1) if ahead else (this.year, this.year - 1)
        for y in years:
            try:
                candidate = cls(y, week)
                candidate.monday  # noqa: B018 - raises for a week the year does not have
            except ValueError:
                continue
            if (candidate.monday >= this.monday) if ahead else (candidate.monday <= today):
                return candidate
        raise ValueError(f"week {text!r} does not exist: expected 1–53, e.g. v. 48")

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        y, w, _ = day.isocalendar()
        return cls(y, w)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def start_utc(self) -> datetime:
        """Monday 00:00 Stockholm time, as UTC."""
        local = datetime.combine(self.monday, datetime.min.time(), tzinfo=STOCKHOLM)
        return local.astimezone(UTC)

    def end_utc(self) -> datetime:
        """The next Monday 00:00 Stockholm time, as UTC (exclusive end)."""
        return (self + 1).start_utc()

    def __add__(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __sub__(self, weeks: int) -> IsoWeek:
        return self + (-weeks)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def label(self) -> str:
        """How Swedish users write it: ``v. 48``."""
        return f"v. {self.week}"


def to_local(moment: datetime) -> datetime:
    """A stored (UTC) moment in Stockholm time."""
    return moment.astimezone(STOCKHOLM)


def today() -> date:
    """Today's date in Stockholm (what "overdue" and "due" are measured against)."""
    return datetime.now(STOCKHOLM).date()


def current_week(now: datetime | None = None) -> IsoWeek:
    """The ISO week it is now in Stockholm."""
    now = now or datetime.now(UTC)
    return IsoWeek.of(to_local(now).date())

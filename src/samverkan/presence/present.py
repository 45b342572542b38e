"""A presence plan as people read it: the timetable by person and day, the hours by place and
by team, and the API's shape; times in Europe/Stockholm."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from samverkan.core.errors import N_
from samverkan.core.timeutil import STOCKHOLM, IsoWeek
from samverkan.presence.models import PresencePlan, PresenceStint, Team
from samverkan.presence.schemas import PlanOut, StintOut

DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def moment(plan: PresencePlan, hour: int) -> datetime:
    """Hour ``hour`` of the plan's week as a Stockholm time (wall clock, so 18:00 stays 18:00
    across a change to or from summer time)."""
    day = plan.week + timedelta(days=hour // 24)
    return datetime.combine(day, time(hour % 24), tzinfo=STOCKHOLM)


def span(s: PresenceStint) -> str:
    """``"18–22"`` — the stint's hours of its day (an end at midnight is 24); a stint into
    the next day ends ``"06 (+1)"``."""
    end = (s.end_hour - 1) % 24 + 1
    next_day = (s.end_hour - 1) // 24 > s.start_hour // 24
    return f"{s.start_hour % 24:02d}–{end:02d}" + (" (+1)" if next_day else "")


@dataclass
class Row:
    """One person's week: their stints per day (0 = Monday) and their hours."""

    person: str
    role: str
    days: list[list[PresenceStint]] = field(default_factory=lambda: [[] for _ in range(7)])
    hours: int = 0


def timetable(plan: PresencePlan) -> list[tuple[str, list[Row]]]:
    """Per team (by name): its members' rows, by name."""
    rows: dict[tuple[str, str, int | None], Row] = {}
    for s in plan.stints:
        row = rows.setdefault((s.team, s.person, s.member_id), Row(s.person, s.role))
        row.days[s.start_hour // 24].append(s)
        row.hours += s.end_hour - s.start_hour
    teams: dict[str, list[Row]] = defaultdict(list)
    for (team, _person, _id), row in rows.items():
        for day in row.days:
            day.sort(key=lambda s: s.start_hour)
        teams[team].append(row)
    return [(name, sorted(r, key=lambda r: r.person)) for name, r in sorted(teams.items())]


def by_place(plan: PresencePlan) -> list[tuple[str, int]]:
    """Person-hours per place, the most first."""
    hours: dict[str, int] = defaultdict(int)
    for s in plan.stints:
        hours[s.place or "–"] += s.end_hour - s.start_hour
    return sorted(hours.items(), key=lambda x: (-x[1], x[0]))


@dataclass(frozen=True)
class TeamWeek:
    """A team's week beside its plan: its hours a week, what its actions hold of the week now,
    and the hours the plan gives its people."""

    team: str
    hours: float
    held: float
    planned: int

    @property
    def over(self) -> float:
        """Hours booked beyond the team's week (> 0 when actions grew after the plan)."""
        return self.held + self.planned - self.hours


def team_weeks(plan: PresencePlan, teams: list[Team], held: dict[int, float]) -> list[TeamWeek]:
    """Each team of the plan (or holding hours that week), by name."""
    planned: dict[str, int] = defaultdict(int)
    for s in plan.stints:
        planned[s.team] += s.end_hour - s.start_hour
    return [
        TeamWeek(t.name, t.hours, held.get(t.id, 0.0), planned.get(t.name, 0))
        for t in teams
        if t.name in planned or held.get(t.id)
    ]


def total_hours(plan: PresencePlan) -> int:
    return sum(s.end_hour - s.start_hour for s in plan.stints)


def plan_out(plan: PresencePlan) -> PlanOut:
    return PlanOut(
        id=plan.id,
        group_id=plan.group_id,
        week=str(IsoWeek.of(plan.week)),
        monday=plan.week,
        status=plan.status,
        objective=round(plan.objective, 4),
        greedy_objective=round(plan.greedy_objective, 4),
        hours=total_hours(plan),
        stints=[
            StintOut(
                member_id=s.member_id,
                member=s.person,
                role=s.role,
                team=s.team,
                place=s.place,
                lat=s.lat,
                lon=s.lon,
                start=moment(plan, s.start_hour),
                end=moment(plan, s.end_hour),
            )
            for s in sorted(plan.stints, key=lambda s: (s.start_hour, s.person))
        ],
    )


def to_ical(plan: PresencePlan, stamp: datetime | None = None) -> str:
    """The plan as an iCalendar file (RFC 5545): one event per stint, in Stockholm time."""
    from icalendar import Calendar, Event  # loaded when a calendar is asked for

    cal = Calendar()
    cal.add("prodid", "-//samverkan//närvaroplan//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Närvaroplan {IsoWeek.of(plan.week).label()}")
    now = stamp or datetime.now(STOCKHOLM)
    for s in sorted(plan.stints, key=lambda s: (s.start_hour, s.person)):
        ev = Event()
        # stable when the plan is made again: the group, week, person and hour name the event
        who = s.member_id if s.member_id is not None else s.person
        ev.add("uid", f"presence-{plan.group_id}-{plan.week}-{who}-{s.start_hour}@samverkan")
        ev.add("dtstamp", now)
        ev.add("dtstart", moment(plan, s.start_hour))
        ev.add("dtend", moment(plan, s.end_hour))
        ev.add("summary", f"Närvaro {s.place or '–'}: {s.person}")
        ev.add("location", s.place or "")
        if s.lat is not None and s.lon is not None:
            ev.add("geo", (s.lat, s.lon))
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical().decode()

"""Actions as an iCalendar feed (RFC 5545): one all-day event per action, from its start (or
due) date to its due date, with the owner, place and status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from samverkan.actions.models import ACTION_STATUS_LABELS, ACTION_TYPE_LABELS, Action
from samverkan.core.i18n import translations

STATUS = {
    "planerad": "TENTATIVE",
    "pagar": "CONFIRMED",
    "klar": "CONFIRMED",
    "avbruten": "CANCELLED",
}


def calendar(actions: Iterable[Action], host: str, lang: str = "sv") -> bytes:
    tr = translations(lang)
    cal = Calendar()
    cal.add("prodid", "-//samverkan//EST insatser//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "EST-insatser")
    now = datetime.now(UTC)
    for a in actions:
        ev = Event()
        ev.add("uid", f"action-{a.id}@{host}")
        ev.add("dtstamp", now)
        ev.add("dtstart", a.start_on or a.due_on)
        ev.add("dtend", a.due_on + timedelta(days=1))  # all-day: the end is exclusive
        kind = tr.gettext(ACTION_TYPE_LABELS.get(a.type, a.type))
        ev.add("summary", f"{a.title} ({kind}, {a.owner.name})")
        status = tr.gettext(ACTION_STATUS_LABELS.get(a.status, a.status))
        ev.add("description", f"{a.description}\n\n{status}".strip())
        if a.place_name:
            ev.add("location", a.place_name)
        ev.add("status", STATUS.get(a.status, "TENTATIVE"))
        ev.add("categories", [kind])
        ev.add("last-modified", a.updated_at)
        cal.add_component(ev)
    return cal.to_ical()

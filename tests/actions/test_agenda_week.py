"""Which week a meeting's agenda is built from: the last whole week as of the meeting (or as of
now, for a meeting still to come: it moves on each Monday until the meeting), another week only
when asked, and the page and the PDF say which and why. Every moment here is a fixed day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from sqlalchemy.orm import Session

from samverkan.actions import agenda, meeting_pages
from samverkan.actions.models import Meeting
from samverkan.core.timeutil import STOCKHOLM, IsoWeek
from samverkan.orgs import queries as org_queries
from tests.conftest import World

WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=STOCKHOLM)  # week 49 in progress
NEXT_TUESDAY = date(2026, 12, 8)  # week 50


def _meeting(db: Session, world: World, held_on: date = NEXT_TUESDAY) -> Meeting:
    m = Meeting(group_id=world.ids["est_group"], held_on=held_on, starts="09:00", title="")
    db.add(m)
    db.commit()
    return m


def _agenda(db: Session, world: World, m: Meeting, now: datetime, **kw: Any) -> agenda.Agenda:
    user = world.personas["samordnare"].user
    assert user is not None
    return agenda.agenda(db, org_queries.principal_for_user(db, user), m, now, **kw)


def _page(world: World, monkeypatch: pytest.MonkeyPatch, url: str, now: datetime) -> str:
    monkeypatch.setattr(meeting_pages, "utcnow", lambda: now.astimezone(UTC))
    r = world.personas["samordnare"].client.get(url)
    assert r.status_code == 200, r.text
    return r.text


def test_a_meeting_planned_on_a_wednesday_for_next_tuesday_reviews_last_week(
    db: Session, world: World
) -> None:
    m = _meeting(db, world)
    ag = _agenda(db, world, m, WEDNESDAY)
    assert ag.week == IsoWeek(2026, 48)  # not week 49, Monday to Wednesday
    assert (ag.why, ag.state, ag.held) == ("last_whole", "past", False)
    # the coming Monday, week 49 is over: the agenda moves on
    monday = datetime(2026, 12, 7, 8, 0, tzinfo=STOCKHOLM)
    assert _agenda(db, world, m, monday).week == IsoWeek(2026, 49)
    # once held it keeps the week before the meeting, however late one looks
    for later in (datetime(2026, 12, 8, 9, 0, tzinfo=STOCKHOLM), datetime(2027, 3, 1, tzinfo=UTC)):
        ag = _agenda(db, world, m, later)
        assert (ag.week, ag.held, ag.why) == (IsoWeek(2026, 49), True, "last_whole")
        assert ag.as_of == datetime.combine(NEXT_TUESDAY, time(9), STOCKHOLM)


def test_another_week_is_shown_only_when_asked(db: Session, world: World) -> None:
    m = _meeting(db, world)
    ag = _agenda(db, world, m, WEDNESDAY, week=IsoWeek(2026, 49))
    assert (ag.week, ag.why, ag.state) == (IsoWeek(2026, 49), "asked", "current")
    same = _agenda(db, world, m, WEDNESDAY, week=IsoWeek(2026, 48))
    assert same.why == "last_whole"  # asking for the default is the default


def test_the_page_says_which_week_and_that_it_is_the_last_whole_one(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = _meeting(db, world)
    page = _page(world, monkeypatch, f"/moten/{m.id}", WEDNESDAY)
    assert (
        "Byggd på vecka 48 (23–29 november), den senaste hela veckan; den går vidare till "
        "nästa vecka varje måndag fram till mötet." in page
    )
    assert "Veckan pågår" not in page
    assert "Inga vecka 48." in page and "Inga denna vecka" not in page
    assert f'href="/moten/{m.id}/pdf"' in page  # the default needs no parameter


def test_a_held_meeting_says_the_week_before_it(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = _meeting(db, world, date(2026, 1, 7))  # a Wednesday of week 2
    page = _page(world, monkeypatch, f"/moten/{m.id}", WEDNESDAY)
    assert (
        "Byggd på vecka 1 (29 december 2025–4 januari 2026), den senaste hela veckan före mötet."
        in page
    )


def test_the_week_in_progress_when_asked_carries_the_lagesbild_warning(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = _meeting(db, world)
    page = _page(world, monkeypatch, f"/moten/{m.id}?vecka=v.%2049", WEDNESDAY)
    assert "Byggd på vecka 49 (30 november–6 december), som du valt." in page
    assert "Veckan pågår (t.o.m. onsdag)" in page
    assert 'value="2026-W49"' in page and f'href="/moten/{m.id}">Tillbaka' in page
    assert f'href="/moten/{m.id}/pdf?vecka=2026-W49"' in page  # the PDF shows the same week
    monkeypatch.setattr(meeting_pages, "utcnow", lambda: WEDNESDAY.astimezone(UTC))
    bad = world.personas["samordnare"].client.get(f"/moten/{m.id}?vecka=2026-W99")
    assert bad.status_code == 400 and "2026-W99" in bad.text


def test_the_pdf_says_the_same(db: Session, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    printed: list[str] = []

    class Html:
        def __init__(self, string: str) -> None:
            printed.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7"

    monkeypatch.setattr(weasyprint, "HTML", Html)
    m = _meeting(db, world)
    _page(world, monkeypatch, f"/moten/{m.id}/pdf", WEDNESDAY)
    assert "Byggd på vecka 48 (23–29 november), den senaste hela veckan" in printed[-1]
    _page(world, monkeypatch, f"/moten/{m.id}/pdf?vecka=2026-W49", WEDNESDAY)
    assert "som du valt" in printed[-1] and "Veckan pågår (t.o.m. onsdag)" in printed[-1]


@pytest.mark.parametrize(
    ("week", "lang", "days"),
    [
        (IsoWeek(2026, 48), "sv", "23–29 november"),
        (IsoWeek(2026, 49), "sv", "30 november–6 december"),
        (IsoWeek(2026, 49), "en", "30 November–6 December"),
        (IsoWeek(2026, 53), "sv", "28 december 2026–3 januari 2027"),
        (IsoWeek(2025, 48), "sv", "24–30 november 2025"),
    ],
)
def test_the_weeks_days_read_as_written(week: IsoWeek, lang: str, days: str) -> None:
    assert agenda.days_of(week, lang, WEDNESDAY) == days

"""The associations' week in the EST group's coordinated calendar: how many activities each
association held per district and week, shown beside the partners' actions (never an overlap,
and it fills a gap) — to the group's members only, with no attendance and no agreement."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from samverkan.actions import coordination
from samverkan.actions.calendar import ASSOCIATION, Span, coordinate
from samverkan.associations import service
from samverkan.associations.schemas import ActivityIn
from samverkan.orgs import queries as org_queries
from tests.associations.conftest import DAY, AssocWorld


def held(aw: AssocWorld, db: Session, *days: date) -> None:
    for day in days:
        service.report_activity(
            db,
            aw.hemgarden,
            aw.hbk.id,
            ActivityIn(
                agreement_id=aw.agreement.id,
                held_on=day,
                district_id=aw.world.ids["skaggetorp"],
                kind="idrott",
                form="traning",
                title="Träning",
                minutes=90,
                leaders=1,
                attendance=[{"age_band": "7-12", "gender": "pojke", "people": 17}],
            ),
            DAY,
        )
    db.commit()


def spans_of(aw: AssocWorld, db: Session, who: str) -> list[Span]:
    p = org_queries.principal_for_user(db, aw.world.personas[who].user)
    return [
        s
        for s in coordination.spans(db, p, date(2026, 3, 2), date(2026, 3, 15))
        if s.kind == ASSOCIATION
    ]


def test_the_week_s_activities_are_one_span_per_association_district_and_week(
    assoc_world: AssocWorld, db: Session
) -> None:
    aw = assoc_world
    held(aw, db, date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 8), date(2026, 3, 10))
    mine = spans_of(aw, db, "samordnare")
    assert [(s.org, s.title, s.first, s.last, s.area_id) for s in mine] == [
        ("Hemgårdarnas BK", "3", date(2026, 3, 2), date(2026, 3, 8), aw.world.ids["skaggetorp"]),
        ("Hemgårdarnas BK", "1", date(2026, 3, 9), date(2026, 3, 15), aw.world.ids["skaggetorp"]),
    ]
    # the municipality's admin supports associations: the span links the association's page
    assert {s.href for s in mine} == {f"/foreningar/{aw.hbk.id}"}
    # the police are in the EST group: they see the count, with no link and nothing else
    police = spans_of(aw, db, "polis")
    assert [(s.org, s.title, s.href) for s in police] == [
        ("Hemgårdarnas BK", "3", ""),
        ("Hemgårdarnas BK", "1", ""),
    ]
    assert "17" not in repr(police)  # no attendance
    # another municipality's group covers other areas: nothing
    assert spans_of(aw, db, "outsider") == []


def test_an_association_s_week_fills_a_gap_and_overlaps_no_one() -> None:
    monday = date(2026, 3, 2)
    spans = [
        Span(1, "Stångåstaden", "Trygghetsvandring", "trygghetsvandring", monday, monday),
        Span(1, "Hemgårdarnas BK", "3", ASSOCIATION, monday, date(2026, 3, 8)),
        Span(2, "Ryds Dansförening", "2", ASSOCIATION, monday, date(2026, 3, 8)),
    ]
    grid = coordinate(spans, monday, 1, {1: "Skäggetorp", 2: "Ryd"}, {1, 2}, monday, {})
    cells = {row.name: row.cells[0] for row in grid.rows}
    assert not cells["Skäggetorp"].overlap and not cells["Skäggetorp"].gap
    assert not cells["Ryd"].gap  # something already happens in Ryd that week
    assert len(cells["Skäggetorp"].spans) == 2


def test_the_calendar_page_shows_the_associations_week(
    assoc_world: AssocWorld, db: Session
) -> None:
    aw = assoc_world
    held(aw, db, date(2026, 3, 2), date(2026, 3, 4))
    page = aw.world.personas["polis"].client.get("/insatser/kalender?fran=2026-W10&veckor=2")
    assert page.status_code == 200
    text = page.text
    assert "Hemgårdarnas BK" in text and "föreningsverksamhet: 2" in text
    assert f"/foreningar/{aw.hbk.id}" not in text  # the police do not see the association

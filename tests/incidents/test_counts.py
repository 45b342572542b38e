"""The weekly totals follow every write, and equal a recount from the incidents."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.geo import service as geo_service
from samverkan.incidents import counts
from samverkan.incidents.models import TIME_BANDS, VISIBILITIES, Category, Incident
from samverkan.orgs import service as org_service
from samverkan.orgs.schemas import OrgIn


def test_key_is_the_stockholm_week_weekday_and_band() -> None:
    # Sunday 22 Nov 2026 23:30 in Stockholm is 22:30 UTC: week 47, Sunday, evening
    k = counts.key_of(datetime(2026, 11, 22, 22, 30, tzinfo=UTC), None, 1, 2, 3, "delad")
    assert k == counts.Key(date(2026, 11, 16), 1, 2, 3, "delad", 6, "kvall")
    # 23:30 UTC the same Sunday is already Monday 00:30 in Stockholm: week 48, night
    k = counts.key_of(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), None, 1, 2, 3, "delad")
    assert k is not None and (k.week, k.weekday, k.band) == (date(2026, 11, 23), 0, "natt")
    # summer time: 04:30 UTC is 06:30 in Stockholm, the morning band
    k = counts.key_of(datetime(2026, 7, 1, 4, 30, tzinfo=UTC), None, 1, 2, 3, "delad")
    assert k is not None and k.band == "morgon"
    # a reported band wins over the hour; duplicates and incidents without area don't count
    k = counts.key_of(datetime(2026, 7, 1, 4, 30, tzinfo=UTC), "dygn", 1, 2, 3, "delad")
    assert k is not None and k.band == "dygn"
    assert counts.key_of(datetime(2026, 7, 1, tzinfo=UTC), None, None, 2, 3, "delad") is None
    assert (
        counts.key_of(datetime(2026, 7, 1, tzinfo=UTC), None, 1, 2, 3, "delad", "dubblett") is None
    )


def _place(db: Session) -> tuple[list[int], list[int], list[int]]:
    orgs = [
        org_service.create_org(db, None, OrgIn(name=f"Org {i}", kind="kommun")).id for i in range(2)
    ]
    town = geo_service.save_area(db, name="Stad", kind="kommun", geom=box(15, 58, 16, 59))
    areas = [
        town.id,
        geo_service.save_area(
            db, name="Del", kind="stadsdel", geom=box(15, 58, 15.5, 58.5), parent=town
        ).id,
    ]
    cats = list(db.scalars(select(Category.id).order_by(Category.id).limit(3)))
    db.flush()
    return orgs, areas, cats


START = datetime(2025, 1, 1, tzinfo=UTC)
moments = st.integers(0, 2 * 365 * 24 * 4).map(lambda q: START + timedelta(minutes=15 * q))
FIELDS = ("occurred_at", "time_band", "area_id", "category_id", "org_id", "visibility", "status")


def _value(data: st.DataObject, field: str, orgs: list[int], areas: list[int], cats: list[int]):
    choices = {
        "time_band": st.sampled_from([None, *TIME_BANDS]),
        "area_id": st.sampled_from([*areas, None]),
        "category_id": st.sampled_from(cats),
        "org_id": st.sampled_from(orgs),
        "visibility": st.sampled_from(VISIBILITIES),
        "status": st.sampled_from(["mottagen", "granskad", "dubblett"]),
    }
    return data.draw(moments if field == "occurred_at" else choices[field])


def _check(db: Session) -> None:
    db.flush()
    conn = db.connection()
    expected = counts.recount(conn)
    assert counts.stored(conn) == +expected
    weeks: Counter[tuple[object, ...]] = Counter()
    for k, n in expected.items():
        weeks[(k.week, k.area_id, k.category_id, k.org_id, k.visibility)] += n
    assert counts.stored_weeks(conn) == +weeks


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_totals_equal_a_recount_after_random_writes(db: Session, data: st.DataObject) -> None:
    """Inserts, edits (re-categorise, move, re-date, mark duplicate) and deletes at random."""
    if "place" not in db.info:
        db.info["place"] = _place(db)
    orgs, areas, cats = db.info["place"]
    example = db.begin_nested()  # each example starts from no incidents
    try:
        _random_writes(db, data, orgs, areas, cats)
        _check(db)
    finally:
        example.rollback()


def _random_writes(
    db: Session, data: st.DataObject, orgs: list[int], areas: list[int], cats: list[int]
) -> None:
    live: list[Incident] = []
    for _ in range(data.draw(st.integers(1, 25))):
        op = data.draw(st.sampled_from(["add", "add", "edit", "edit", "delete", "flush"]))
        if op == "add" or not live:
            inc = Incident(
                precision="omrade",
                source="formular",
                **{f: _value(data, f, orgs, areas, cats) for f in FIELDS},
            )
            db.add(inc)
            live.append(inc)
        elif op == "edit":
            inc = data.draw(st.sampled_from(live))
            for f in data.draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3)):
                setattr(inc, f, _value(data, f, orgs, areas, cats))
        elif op == "delete":
            inc = data.draw(st.sampled_from(live))
            live.remove(inc)
            if inc in db.new:
                db.expunge(inc)  # never stored: nothing to count
            else:
                db.delete(inc)
        else:
            db.flush()


def test_rebuild_restores_lost_totals(db: Session) -> None:
    orgs, areas, cats = _place(db)
    for i in range(40):
        db.add(
            Incident(
                org_id=orgs[i % 2],
                category_id=cats[i % 3],
                area_id=areas[i % 2],
                occurred_at=START + timedelta(hours=17 * i),
                visibility=VISIBILITIES[i % 3],
                precision="omrade",
                source="formular",
            )
        )
    db.flush()
    conn = db.connection()
    before = counts.stored(conn)
    assert sum(before.values()) == 40
    conn.execute(counts.delete(counts._SLOTS))  # lose the totals
    assert counts.stored(conn) != before
    assert counts.rebuild(conn) == 40
    assert counts.stored(conn) == before
    _check(db)


def test_every_change_of_the_totals_moves_the_version(db: Session) -> None:
    orgs, areas, cats = _place(db)
    conn = db.connection()
    v0 = counts.version(conn)
    inc = Incident(
        org_id=orgs[0],
        category_id=cats[0],
        area_id=areas[0],
        occurred_at=START,
        precision="omrade",
        source="formular",
    )
    db.add(inc)
    db.flush()
    v1 = counts.version(conn)
    assert v1 > v0
    inc.description = "a change that moves no total"
    db.flush()
    assert counts.version(conn) == v1
    inc.category_id = cats[1]
    db.flush()
    assert counts.version(conn) > v1

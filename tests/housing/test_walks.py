"""Safety walks: findings need a category and a place, their photo is re-encoded without
metadata, each opens a work order whose statuses go open → assigned → done → verified in order
(verified before done refused, nothing half-saved), each is filed once as an EST incident that
the joint lägesbild counts; the share fixed within N days per responsible party."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, NotFound
from samverkan.housing import walk_queries, walk_service
from samverkan.housing.analysis.walks import OrderRow, fixed_within
from samverkan.housing.walk_models import Finding, WorkOrder
from samverkan.housing.walk_photo import clean_photo
from samverkan.housing.walk_schemas import FindingIn, StepIn, WalkIn
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.models import Incident
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import User
from samverkan.orgs.policy import Principal
from samverkan.situation import queries as situation_queries
from tests.conftest import World
from tests.housing.test_case_http import Bolag, bolag  # noqa: F401  (the fixture)
from tests.people.conftest import Caseworkers

DAY = date(2026, 3, 4)  # a Wednesday
MONDAY = date(2026, 3, 2)
SKAGG = (58.43, 15.58)


def walker(db: Session, b: Bolag) -> Principal:
    user = db.get(User, b.user_id)
    assert user is not None
    return org_queries.principal_for_user(db, user)


def png_with_exif() -> bytes:
    img = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (58.0, 25.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, format="PNG", exif=exif)
    return out.getvalue()


def lagesbild_count(db: Session, p: Principal, area_id: int) -> int:
    seen = incident_queries.reach(db, p)
    rows = situation_queries.weekly(db, seen, MONDAY, MONDAY, [area_id])
    return sum(n for *_k, n in rows)


def test_the_share_fixed_within_n_days_per_responsible_party() -> None:
    d = date(2026, 1, 1)
    rows = [
        OrderRow("housing_company", d, d + timedelta(days=3)),
        OrderRow("housing_company", d, d + timedelta(days=20)),
        OrderRow("housing_company", d, None),
        OrderRow("contractor", d, d + timedelta(days=14)),
        OrderRow("contractor", date(2025, 12, 1), d),  # opened before the period
    ]
    got = fixed_within(rows, 14, start=d, end=date(2026, 12, 31))
    assert [(s.responsible, s.total, s.fixed_in_time) for s in got] == [
        ("contractor", 1, 1),
        ("housing_company", 3, 1),
    ]
    assert got[1].share == pytest.approx(1 / 3)
    assert fixed_within([], 14) == []


def test_a_photo_is_checked_and_its_metadata_dropped() -> None:
    raw = png_with_exif()
    assert Image.open(io.BytesIO(raw)).getexif()  # the test picture has EXIF and GPS
    cleaned = clean_photo(raw)
    img = Image.open(io.BytesIO(cleaned))
    assert img.format == "JPEG" and img.size == (40, 30)
    assert not img.getexif() and "exif" not in img.info
    with pytest.raises(Invalid) as bad:
        clean_photo(b"GIF89a not a picture at all")
    assert bad.value.field == "photo"


def test_a_walk_with_a_finding_its_work_order_and_est_incident(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
    people_world: Caseworkers,
) -> None:
    p = walker(db, bolag)
    samordnare = people_world.principals["samordnare"]
    before = lagesbild_count(db, samordnare, world.ids["skaggetorp"])
    walk = walk_service.create_walk(
        db,
        p,
        bolag.org_id,
        WalkIn(area_id=world.ids["skaggetorp"], walked_on=DAY, walkers="Tina, hyresgästföreningen"),
    )
    finding = walk_service.add_finding(
        db,
        p,
        walk.id,
        FindingIn(
            category="lighting",
            description="Trasig lampa vid port 12, ring 070-123 45 67",
            lat=SKAGG[0],
            lon=SKAGG[1],
        ),
        photo=png_with_exif(),
    )
    db.commit()
    assert "070-123 45 67" not in finding.description
    assert finding.order.status == "open" and finding.order.opened_on == DAY
    inc = db.get(Incident, finding.incident_id)
    assert inc is not None and inc.area_id == world.ids["skaggetorp"]
    assert inc.category.code == "belysning" and inc.org_id == bolag.org_id
    assert inc.external_id == f"trygghetsrond-{finding.id}"
    assert lagesbild_count(db, samordnare, world.ids["skaggetorp"]) == before + 1
    # filing again finds the same incident
    walk_service.file_in_est(db, p, walk, finding)
    db.commit()
    assert db.scalar(select(func.count(Incident.id)).where(Incident.source == "import")) == 1
    assert lagesbild_count(db, samordnare, world.ids["skaggetorp"]) == before + 1
    got = walk_queries.photo(db, p, finding.id)
    assert got is not None and got[1] == "image/jpeg"
    assert not Image.open(io.BytesIO(got[0])).getexif()
    # a named place without a point is a finding too
    named = walk_service.add_finding(
        db, p, walk.id, FindingIn(category="graffiti", place_name="Tvättstugan, hus 14")
    )
    db.commit()
    assert named.incident_id is not None
    assert lagesbild_count(db, samordnare, world.ids["skaggetorp"]) == before + 2


def test_a_finding_without_category_or_place_is_refused_and_nothing_saved(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    p = walker(db, bolag)
    walk = walk_service.create_walk(
        db, p, bolag.org_id, WalkIn(area_id=world.ids["ryd"], walked_on=DAY)
    )
    db.commit()
    cases = [
        (FindingIn(lat=58.405, lon=15.56), "category"),
        (FindingIn(category="nonsense", lat=58.405, lon=15.56), "category"),
        (FindingIn(category="lighting"), "lat"),
        (FindingIn(category="lighting", lat=58.405), "lat"),
        (FindingIn(category="lighting", lat=58.405, lon=15.56, responsible="x"), "responsible"),
    ]
    for data, field in cases:
        with pytest.raises(Invalid) as bad:
            walk_service.add_finding(db, p, walk.id, data)
        assert bad.value.field == field
        db.rollback()
    with pytest.raises(Invalid) as bad:
        walk_service.add_finding(
            db, p, walk.id, FindingIn(category="lighting", place_name="Port 3"), photo=b"abc"
        )
    assert bad.value.field == "photo"
    db.rollback()
    assert db.scalar(select(func.count(Finding.id))) == 0
    assert db.scalar(select(func.count(WorkOrder.id))) == 0
    assert db.scalar(select(func.count(Incident.id)).where(Incident.source == "import")) == 0


def test_work_order_steps_in_order_and_verified_before_done_refused(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    p = walker(db, bolag)
    walk = walk_service.create_walk(
        db, p, bolag.org_id, WalkIn(area_id=world.ids["skaggetorp"], walked_on=DAY)
    )
    f = walk_service.add_finding(
        db, p, walk.id, FindingIn(category="waste_rooms", place_name="Soprum hus 2")
    )
    db.commit()
    oid = f.order.id
    with pytest.raises(Invalid) as bad:
        walk_service.step(db, p, oid, StepIn(status="verified", on=DAY))
    assert bad.value.field == "status" and "verified after it is done" in bad.value.message
    db.rollback()
    with pytest.raises(Invalid) as bad:
        walk_service.step(db, p, oid, StepIn(status="done", on=DAY))
    db.rollback()
    with pytest.raises(Invalid) as bad:
        walk_service.step(db, p, oid, StepIn(status="assigned", on=DAY))  # to whom?
    assert bad.value.field == "assigned_to"
    db.rollback()
    order = db.get(WorkOrder, oid)
    assert order is not None and order.status == "open" and order.assigned_on is None
    walk_service.step(
        db, p, oid, StepIn(status="assigned", on=DAY, assigned_to="Fastighetsskötare")
    )
    db.commit()
    with pytest.raises(Invalid):
        walk_service.step(db, p, oid, StepIn(status="verified", on=DAY))
    db.rollback()
    with pytest.raises(Invalid) as bad:
        walk_service.step(db, p, oid, StepIn(status="done", on=DAY - timedelta(days=1)))
    assert bad.value.field == "on"
    db.rollback()
    walk_service.step(db, p, oid, StepIn(status="done", on=DAY + timedelta(days=3)))
    walk_service.step(db, p, oid, StepIn(status="verified", on=DAY + timedelta(days=5)))
    db.commit()
    order = db.get(WorkOrder, oid)
    assert order is not None and order.status == "verified"
    assert (order.assigned_on, order.done_on, order.verified_on) == (
        DAY,
        DAY + timedelta(days=3),
        DAY + timedelta(days=5),
    )
    assert order.verified_by == bolag.user_id
    with pytest.raises(Invalid):
        walk_service.step(db, p, oid, StepIn(status="verified", on=DAY + timedelta(days=6)))
    db.rollback()


def test_nobody_else_sees_a_walk_and_a_reporter_walks_but_runs_no_work_order(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
    people_world: Caseworkers,
) -> None:
    p = walker(db, bolag)
    walk = walk_service.create_walk(
        db, p, bolag.org_id, WalkIn(area_id=world.ids["skaggetorp"], walked_on=DAY)
    )
    f = walk_service.add_finding(db, p, walk.id, FindingIn(category="locks", place_name="Port 5"))
    db.commit()
    for key in ("samordnare", "polis", "outsider", "handlaggare", "forening"):
        other = people_world.principals[key]
        assert walk_queries.walk(db, other, walk.id) is None, key
        assert walk_queries.work_order(db, other, f.order.id) is None, key
        assert walk_queries.walks(db, other) == []
        with pytest.raises(NotFound):
            walk_service.add_finding(db, other, walk.id, FindingIn(category="locks"))
    reporter = people_world.principals["rapportor"]  # Stångåstaden's rapportor
    assert walk_queries.walk(db, reporter, walk.id) is not None
    walk_service.add_finding(db, reporter, walk.id, FindingIn(category="other", place_name="Lek"))
    with pytest.raises(NotFound):
        walk_service.step(
            db, reporter, f.order.id, StepIn(status="assigned", on=DAY, assigned_to="X")
        )
    db.rollback()


def test_the_work_orders_filtered_by_status_responsible_area_and_overdue(
    db: Session,
    world: World,
    bolag: Bolag,  # noqa: F811
) -> None:
    p = walker(db, bolag)
    skagg = walk_service.create_walk(
        db, p, bolag.org_id, WalkIn(area_id=world.ids["skaggetorp"], walked_on=DAY)
    )
    ryd = walk_service.create_walk(
        db, p, bolag.org_id, WalkIn(area_id=world.ids["ryd"], walked_on=DAY + timedelta(days=20))
    )
    a = walk_service.add_finding(db, p, skagg.id, FindingIn(category="locks", place_name="A"))
    b = walk_service.add_finding(
        db, p, ryd.id, FindingIn(category="graffiti", place_name="B", responsible="contractor")
    )
    walk_service.step(db, p, a.order.id, StepIn(status="assigned", on=DAY, assigned_to="Lås AB"))
    db.commit()

    def ids(**kw: object) -> list[int]:
        f = walk_queries.OrderFilter(**kw)  # type: ignore[arg-type]
        return [o.id for o in walk_queries.work_orders(db, p, f)]

    assert ids() == [a.order.id, b.order.id]
    assert ids(status="assigned") == [a.order.id]
    assert ids(responsible="contractor") == [b.order.id]
    assert ids(area_id=world.ids["ryd"]) == [b.order.id]
    # open longer than 14 days on the day after the second walk: only the first
    assert ids(overdue_days=14, today=DAY + timedelta(days=21)) == [a.order.id]

"""The demo's safety walks: a year of Stångåstaden's trygghetsronderingar in Skäggetorp and Ryd,
about monthly, walked by its trygghetsvärd with the tenants' association. Each walk has a few
findings (a point in the district, a category, a responsible party, now and then a small
photo); each finding's work order has moved on as far as its age allows — the older ones done
and verified, some of them late, the latest still open or assigned — and each finding is the
company's anonymous EST observation in the lägesbild (filed by the walk service through the
intake service). Nothing is dated after ``until``; the walks hold no personal data.
Deterministic (a seeded ``random.Random``)."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from PIL import Image
from sqlalchemy.orm import Session

from samverkan.geo import queries as geo_queries
from samverkan.housing import walk_service
from samverkan.housing.walk_schemas import FindingIn, StepIn, WalkIn
from samverkan.orgs import queries as org_queries

WALKER = "trygghet@stangastaden.demo"
CASEWORKER = "handlaggare@stangastaden.demo"
HOUSING = "Stångåstaden"
# district, its centre (lat, lon) and the first walk's offset in days within the month
DISTRICTS = (("Skäggetorp", (58.4275, 15.5830), 3), ("Ryd", (58.4085, 15.5600), 17))
# what a walk finds, per category: (description, place, responsible)
FOUND = {
    "lighting": (
        ("Trasig armatur vid gångvägen", "Gångvägen bakom nr 12", "housing_company"),
        ("Gatlykta släckt vid busshållplatsen", "", "technical_office"),
    ),
    "vegetation": (("Buskage skymmer sikten vid entrén", "", "contractor"),),
    "locks": (
        ("Porten går inte i lås", "Entré B", "housing_company"),
        ("Trasig porttelefon", "", "contractor"),
    ),
    "stairwells": (("Lampa trasig i trapphuset, plan 3", "Trapphus C", "housing_company"),),
    "waste_rooms": (("Soprummet står olåst, brännbart skräp", "Soprum vid garaget", "contractor"),),
    "graffiti": (
        ("Klotter på gaveln", "", "contractor"),
        ("Tags på elskåp", "", "technical_office"),
    ),
    "play_areas": (("Trasig gunga på lekplatsen", "Lekplatsen", "housing_company"),),
    "parking": (("Mörkt hörn i parkeringshuset", "Parkeringshuset", "housing_company"),),
}
ASSIGNEES = {
    "housing_company": "Stångåstaden förvaltning",
    "technical_office": "Tekniska förvaltningen",
    "contractor": "Skötselpartner Öst AB",
    "other": "Annan",
}


def _photo(rng: random.Random) -> bytes:
    """A small picture of a colour, made here (the demo holds no real photo)."""
    img = Image.new("RGB", (64, 48), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _plan(rng: random.Random, opened: date, until: date) -> list[tuple[str, date]]:
    """The steps a work order opened on ``opened`` has taken by ``until``: assigned in a few
    days, done in 3–30 days (a fifth of them late, 30–60 days), verified a week after; of the
    last two months' orders some are still waiting for somebody."""
    if (until - opened).days < 60 and rng.random() < 0.4:
        return []
    assigned = opened + timedelta(days=rng.randint(1, 5))
    late = rng.random() < 0.2
    done = assigned + timedelta(days=rng.randint(30, 60) if late else rng.randint(2, 25))
    verified = done + timedelta(days=rng.randint(2, 10))
    steps = [("assigned", assigned), ("done", done), ("verified", verified)]
    return [(s, d) for s, d in steps if d <= until]


def seed(session: Session, until: date) -> None:
    """A year of walks as of ``until`` (nothing when the demo's users or districts are
    missing)."""
    walker_user = org_queries.user_by_email(session, WALKER)
    worker_user = org_queries.user_by_email(session, CASEWORKER)
    org = org_queries.org_by_name(session, HOUSING)
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    if walker_user is None or worker_user is None or org is None:
        return
    if not {d for d, _c, _o in DISTRICTS} <= set(areas):
        return
    walker = org_queries.principal_for_user(session, walker_user)
    worker = org_queries.principal_for_user(session, worker_user)
    rng = random.Random(1318)
    categories = sorted(FOUND)
    first = until - timedelta(days=365)
    for month in range(12):
        for district, (lat, lon), offset in DISTRICTS:
            day = first + timedelta(days=30 * month + offset + rng.randint(0, 4))
            if day > until:
                continue
            walk = walk_service.create_walk(
                session,
                walker,
                org.id,
                WalkIn(
                    area_id=areas[district],
                    walked_on=day,
                    walkers="Trygghetsvärd, Hyresgästföreningen",
                ),
                today=until,
            )
            for n in range(rng.randint(1, 3)):
                category = rng.choice(categories)
                what, place, responsible = rng.choice(FOUND[category])
                finding = walk_service.add_finding(
                    session,
                    walker,
                    walk.id,
                    FindingIn(
                        category=category,
                        description=what,
                        lat=round(lat + rng.uniform(-0.003, 0.003), 6),
                        lon=round(lon + rng.uniform(-0.005, 0.005), 6),
                        place_name=place,
                        responsible=responsible,
                    ),
                    _photo(rng) if n == 0 and month % 2 == 0 else None,
                )
                for status, on in _plan(rng, day, until):
                    walk_service.step(
                        session,
                        worker,
                        finding.order.id,
                        StepIn(status=status, on=on, assigned_to=ASSIGNEES[responsible]),
                    )

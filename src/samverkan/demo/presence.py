"""The demo's area teams (Skäggetorp, Ryd, Berga) and their presence plan for the coming week.

The names are made up. Each team mixes the municipality's trygghetsvärdar and fältarbetare,
a housing company's brobyggare and a stadsdelssamordnare, as in the article's districts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core.timeutil import IsoWeek
from samverkan.demo import data
from samverkan.geo import queries as geo_queries
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import EstGroup, User
from samverkan.presence import service
from samverkan.presence.schemas import MemberIn, TeamIn

# district, least hours a week, members (name, role, employer, hours a week)
TEAMS = [
    (
        "Skäggetorp",
        40,
        [
            ("Amira Haddad", "trygghetsvard", "Linköpings kommun", 30),
            ("Johan Lind", "trygghetsvard", "Linköpings kommun", 30),
            ("Yusuf Omar", "brobyggare", "Stångåstaden", 20),
            ("Elin Sjöberg", "faltarbetare", "Linköpings kommun", 25),
            ("Karin Ek", "stadsdelssamordnare", "Linköpings kommun", 10),
        ],
    ),
    (
        "Ryd",
        24,
        [
            ("Oskar Nyström", "trygghetsvard", "Linköpings kommun", 30),
            ("Sara Holm", "brobyggare", "Stångåstaden", 20),
            ("Ali Rahimi", "faltarbetare", "Linköpings kommun", 20),
        ],
    ),
    (
        "Berga",
        24,
        [
            ("Maria Lund", "trygghetsvard", "Linköpings kommun", 30),
            ("Dawit Tesfaye", "faltarbetare", "Linköpings kommun", 25),
            ("Lina Berg", "brobyggare", "Victoria Park", 15),
        ],
    ),
]


def seed_presence(session: Session, today: date) -> int:
    """The teams and the plan for the week after ``today``'s; returns the plan's stints."""
    group = session.scalar(select(EstGroup).where(EstGroup.name == data.EST_GROUP))
    user = session.scalar(select(User).where(User.email == "samordnare@linkoping.demo"))
    if group is None or user is None:
        return 0
    p = org_queries.principal_for_user(session, user)
    orgs = {o.name: o.id for o in org_queries.all_orgs(session)}
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    for district, least, members in TEAMS:
        service.create_team(
            session,
            p,
            TeamIn(
                group_id=group.id,
                area_id=areas[district],
                name=f"Trygghetsteam {district}",
                min_hours=least,
                members=[
                    MemberIn(name=n, role=r, org_id=orgs[o], hours=h) for n, r, o, h in members
                ],
            ),
        )
    plan = service.make_plan(session, p, group.id, IsoWeek.of(today) + 1)
    return len(plan.stints)

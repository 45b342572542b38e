"""The demo's safety plans: Stångåstaden's plans for Skäggetorp and for Ryd this year, with their
risks (likelihood × consequence), measures with owners and due days — one linked to an EST action
of the demo that the case worker may see — and reviews: Skäggetorp's spring review held, its
autumn review overdue on ``until``; a measure overdue in Ryd. Plans hold no personal data.
Everything goes through :mod:`samverkan.housing.plan_service`."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import queries as action_queries
from samverkan.actions.models import Action
from samverkan.geo import queries as geo_queries
from samverkan.housing import plan_service
from samverkan.housing.plan_schemas import (
    HeldIn,
    MeasureIn,
    MeasureStatusIn,
    PlanIn,
    ReviewIn,
    RiskIn,
)
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

CASEWORKER = "handlaggare@stangastaden.demo"
HOUSING = "Stångåstaden"
# district, property, risks (description, likelihood, consequence), measures (what, owner,
# days after the plan's start it is due, done days after start or None, the risk's index)
PLANS = (
    (
        "Skäggetorp",
        "Bergsrådsvägen och Skäggetorps centrum",
        (
            ("Mörka gångvägar mellan husen och centrum", 3, 3),
            ("Otrygga entréer och trapphus (trasiga lås, obehöriga)", 3, 2),
            ("Anlagda bränder i soprum och källarförråd", 2, 4),
        ),
        (
            ("Ny belysning längs gångvägarna", "Stångåstaden förvaltning", 90, 80, 0),
            ("Byta lås och porttelefoner i Bergsrådsvägen 12–16", "Stångåstaden", 120, 150, 1),
            ("Brandsäkra soprum och flytta brännbart material", "Räddningstjänsten", 200, None, 2),
        ),
    ),
    (
        "Ryd",
        "Ryttargårdsgatan",
        (
            ("Skymd sikt av buskage vid lekplatsen", 2, 2),
            ("Klotter och skadegörelse i garagen", 3, 2),
        ),
        (
            ("Röja buskage runt lekplatsen", "Skötselpartner Öst AB", 60, 55, 0),
            ("Kamera och bättre belysning i garagen", "Stångåstaden", 150, None, 1),
        ),
    ),
)


def seed(session: Session, until: date) -> None:
    """Stångåstaden's two safety plans as of ``until`` (nothing when the demo's case worker or
    districts are missing)."""
    user = org_queries.user_by_email(session, CASEWORKER)
    org = org_queries.org_by_name(session, HOUSING)
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    if user is None or org is None or not {"Skäggetorp", "Ryd"} <= set(areas):
        return
    p = org_queries.principal_for_user(session, user)
    start = until - timedelta(days=240)
    for district, prop, risks, measures in PLANS:
        plan = plan_service.create(
            session,
            p,
            org.id,
            PlanIn(
                title=f"Trygghetsplan {district} {start.year}–{start.year + 1}",
                area_id=areas[district],
                property_name=prop,
                starts_on=start,
                ends_on=start + timedelta(days=364),
                review_on=start + timedelta(days=100),
            ),
        )
        risk_ids = [
            plan_service.add_risk(
                session, p, plan.id, RiskIn(description=d, likelihood=lk, consequence=c)
            ).id
            for d, lk, c in risks
        ]
        action_id = _action(session, p, areas[district])
        for i, (what, owner, due, done, risk) in enumerate(measures):
            measure = plan_service.add_measure(
                session,
                p,
                plan.id,
                MeasureIn(
                    what=what,
                    owner=owner,
                    due_on=start + timedelta(days=due),
                    risk_id=risk_ids[risk],
                    action_id=action_id if i == 0 else None,
                ),
            )
            if done is not None and start + timedelta(days=done) <= until:
                plan_service.set_measure_status(
                    session,
                    p,
                    plan.id,
                    measure.id,
                    MeasureStatusIn(status="done", on=start + timedelta(days=done)),
                )
        first = plan.reviews[0]
        plan_service.hold_review(
            session,
            p,
            plan.id,
            first.id,
            HeldIn(held_on=first.due_on + timedelta(days=3), note="Genomgång med förvaltningen."),
        )
        # Skäggetorp's autumn review is ten days overdue; Ryd's is in forty days
        ahead = -10 if district == "Skäggetorp" else 40
        plan_service.add_review(session, p, plan.id, ReviewIn(due_on=until + timedelta(days=ahead)))
    session.flush()


def _action(session: Session, p: Principal, area_id: int) -> int | None:
    """An EST action of the demo in the district that the case worker may see, if any."""
    candidates = session.scalars(
        select(Action.id).where(Action.area_id == area_id).order_by(Action.id).limit(20)
    )
    for action_id in candidates:
        if action_queries.action(session, p, action_id) is not None:
            return action_id
    return None

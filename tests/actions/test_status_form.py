"""What an action's status form records for the evaluation: the hours spent, the cost and the
day it was done (today when closed without one, never in the future nor before its start), each
refusal beside the form naming the field in Swedish, nothing saved, no 500 on any input. Today
is a fixed day here."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from samverkan.actions import service, yearly
from samverkan.actions.models import Action
from samverkan.actions.schemas import ActionIn, ActionPatch
from samverkan.core.errors import Invalid
from samverkan.core.models import AuditEvent
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal
from tests.conftest import World

TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "today", lambda: TODAY)


def _principal(db: Session, world: World) -> Principal:
    user = world.personas["rapportor"].user
    assert user is not None
    return org_queries.principal_for_user(db, user)


def _action(db: Session, world: World, **kw: Any) -> Action:
    body: dict[str, Any] = {
        "group_id": world.ids["est_group"],
        "type": "klottersanering",
        "title": "Sanera tunneln",
        "owner_org_id": world.ids["bolag_org"],
        "start_on": date(2026, 6, 1),
        "due_on": date(2026, 6, 12),
        "hours": 8.0,
    }
    body.update(kw)
    a = service.create_action(db, _principal(db, world), ActionIn(**body), allow_past_due=True)
    db.commit()
    return a


def _post(world: World, a: Action, **form: str) -> Any:
    who = world.personas["rapportor"]
    return who.client.post(
        f"/insatser/{a.id}/status",
        data={"status": "klar", **form, "csrf_token": who.csrf},
        follow_redirects=False,
    )


def _stored(db: Session, a: Action) -> Action:
    db.expire_all()
    found = db.get(Action, a.id)
    assert found is not None
    return found


def test_closing_records_hours_cost_and_day_as_swedes_type_them(db: Session, world: World) -> None:
    a = _action(db, world)
    page = world.personas["rapportor"].client.get(f"/insatser/{a.id}").text
    assert "Timmar som gått åt" in page and "Planerat: 8,0 tim." in page
    assert 'name="completed_on" type="date" max="' in page and 'min="2026-06-01"' in page
    r = _post(world, a, hours_spent="7,5", cost_sek="5 000 kr", completed_on="2026-06-08")
    assert r.status_code == 303
    done = _stored(db, a)
    assert (done.status, done.hours_spent, done.cost_sek, done.completed_on) == (
        "klar",
        7.5,
        5000,
        date(2026, 6, 8),
    )
    assert done.hours == 8.0  # the plan stays what it was
    page = world.personas["rapportor"].client.get(f"/insatser/{a.id}").text
    assert "<dt>Timmar som gått åt</dt><dd>7,5</dd>" in page
    assert "<dt>Klar den</dt><dd>2026-06-08</dd>" in page
    assert 'value="7,5"' in page and 'value="5000"' in page  # the form shows what is stored
    assert "5\u00a0000 kr" in page  # the facts: the cost as Swedes write it
    event = db.query(AuditEvent).filter_by(action="action.update", object_id=str(a.id)).one()
    assert event.detail == {
        "status": "klar",
        "hours_spent": "7.5",
        "cost_sek": "5000",
        "completed_on": "2026-06-08",
    }


def test_closed_without_a_day_it_is_done_today_and_figures_may_follow(
    db: Session, world: World
) -> None:
    a = _action(db, world)
    assert _post(world, a).status_code == 303
    assert _stored(db, a).completed_on == TODAY
    # later the same day: the figures, with the status as it is
    assert _post(world, a, hours_spent="6", cost_sek="1200").status_code == 303
    done = _stored(db, a)
    assert (done.hours_spent, done.cost_sek, done.completed_on) == (6.0, 1200, TODAY)
    assert [e.to_status for e in done.history] == ["planerad", "klar"]  # one closing only
    # reopened, it is not done any more; the day given with another status is not kept
    assert _post(world, a, status="pagar", completed_on="2026-06-05").status_code == 303
    assert _stored(db, a).completed_on is None


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"completed_on": "2026-06-11"}, "Klar den", "2026-06-11 ligger i framtiden"),
        ({"completed_on": "2026-05-31"}, "Klar den", "2026-05-31 är före insatsens start"),
        ({"completed_on": "2026-02-30"}, "Klar den", "ska vara ett datum"),
        ({"completed_on": "1999-12-31"}, "Klar den", "ska vara minst 2000-01-01"),
        ({"hours_spent": "sju"}, "Timmar som gått åt", "ska vara ett tal"),
        ({"hours_spent": "-1"}, "Timmar som gått åt", "ska vara minst 0"),
        ({"hours_spent": "nan"}, "Timmar som gått åt", "ska vara ett tal"),
        ({"cost_sek": "12,50"}, "Kostnad (kr)", "ska vara ett heltal"),
        ({"cost_sek": "9" * 40}, "Kostnad (kr)", "får vara högst 1000000000"),
        ({"status": "klart"}, "Status", "välj en status"),
    ],
)
def test_a_refused_figure_is_named_beside_the_form_and_nothing_is_saved(
    db: Session, world: World, form: dict[str, str], field: str, message: str
) -> None:
    a = _action(db, world)
    r = _post(world, a, note="Sanerat", **form)
    assert r.status_code == 422
    assert "Sanera tunneln" in r.text and 'role="alert"' in r.text  # the page, not an error
    assert f"<strong>{field}</strong>: " in r.text and message in r.text
    assert ">Sanerat</textarea>" in r.text  # what was typed is kept
    name = next(iter(form))  # the field itself is marked, and only it
    marked = re.findall(
        r'<(?:input|select|textarea)[^>]*name="(\w+)"[^>]*aria-invalid="true"', r.text
    )
    assert marked == [name]
    stored = _stored(db, a)
    assert (stored.status, stored.hours_spent, stored.cost_sek, stored.completed_on) == (
        "planerad",
        None,
        None,
        None,
    )


def test_the_service_keeps_the_rules_for_the_api_too(db: Session, world: World) -> None:
    a = _action(db, world)
    p = _principal(db, world)
    with pytest.raises(Invalid) as err:
        service.update_action(
            db, p, a.id, ActionPatch(status="klar", completed_on=date(2026, 6, 11))
        )
    assert err.value.field == "completed_on"
    done = service.update_action(
        db, p, a.id, ActionPatch(status="klar", hours_spent=3.5), on=date(2026, 6, 9)
    )
    assert (done.completed_on, done.hours_spent) == (date(2026, 6, 9), 3.5)


def test_the_evaluation_counts_the_hours_spent_where_recorded(db: Session, world: World) -> None:
    spent = _action(db, world, hours=8.0)
    spent.hours_spent = 5.5
    planned = _action(db, world, title="Sanera bron", hours=4.0)
    assert (yearly.hours_of(spent), yearly.hours_of(planned)) == (5.5, 4.0)
    planned.hours = None
    assert yearly.hours_of(planned) == 0.0

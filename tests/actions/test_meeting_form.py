"""What the meeting forms record: a title that says the week unless one is typed, and who takes
part (the group's organisations, ticked) when the meeting is made and afterwards; a refusal
names the field beside the form and saves nothing. Today is a fixed day here."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.actions import service
from samverkan.actions.models import Meeting
from samverkan.core.models import AuditEvent
from tests.conftest import World

TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "today", lambda: TODAY)


def _post(world: World, persona: str, url: str, data: dict[str, Any]) -> Any:
    who = world.personas[persona]
    return who.client.post(url, data={**data, "csrf_token": who.csrf}, follow_redirects=False)


def _meetings(db: Session) -> list[Meeting]:
    db.expire_all()
    return list(db.scalars(select(Meeting).order_by(Meeting.id)))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _form(world: World, **kw: Any) -> dict[str, Any]:
    return {"group_id": str(world.ids["est_group"]), "held_on": "2026-12-08", **kw}


def test_the_new_meeting_form_offers_the_groups_organisations_and_a_title(
    world: World,
) -> None:
    page = world.personas["samordnare"].client.get("/moten").text
    for org in ("kommun_org", "polis_org", "bolag_org", "forening_org"):
        assert f'name="participant_org_ids" value="{world.ids[org]}"' in page
    assert f'value="{world.ids["norrkoping_org"]}"' not in page  # not of the group
    assert 'name="title"' in page and "veckan för mötets datum" in page


def test_an_untitled_meeting_is_named_by_its_week_and_keeps_who_takes_part(
    db: Session, world: World
) -> None:
    ticked = [str(world.ids["polis_org"]), str(world.ids["bolag_org"])]
    r = _post(world, "samordnare", "/moten", _form(world, participant_org_ids=ticked))
    assert r.status_code == 303
    (m,) = _meetings(db)
    assert m.title == "EST-möte vecka 50"
    assert sorted(o.name for o in m.participants) == ["Polisen Linköping", "Stångåstaden"]
    page = _text(world.personas["samordnare"].client.get(r.headers["location"]).text)
    assert "EST-möte vecka 50 2026-12-08 09:00" in page
    assert "Deltagare Polisen Linköping, Stångåstaden" in page
    typed = _form(world, held_on="2026-12-15", title="Extra möte om bränderna")
    assert _post(world, "samordnare", "/moten", typed).status_code == 303
    assert _meetings(db)[-1].title == "Extra möte om bränderna"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"participant_org_ids": ["{norrkoping_org}"]}, "deltagare {norrkoping_org} är ingen"),
        ({"participant_org_ids": ["alla"]}, "ska vara ett heltal"),
        ({"title": "x" * 201}, "får ha högst 200 tecken"),
    ],
)
def test_a_refused_meeting_names_the_field_and_saves_nothing(
    db: Session, world: World, extra: dict[str, Any], message: str
) -> None:
    fill = {
        k: [v.format(**world.ids) for v in x] if isinstance(x, list) else x
        for k, x in extra.items()
    }
    r = _post(world, "samordnare", "/moten", _form(world, **fill))
    assert r.status_code == 422
    name = "Titel" if "title" in extra else "Deltagare"
    assert f"<strong>{name}</strong>: {message.format(**world.ids)}" in r.text
    assert 'value="2026-12-08"' in r.text  # the form, filled in as it was
    assert _meetings(db) == []


def test_who_took_part_is_set_afterwards_by_the_groups_samordnare(
    db: Session, world: World
) -> None:
    assert _post(world, "samordnare", "/moten", _form(world)).status_code == 303
    (m,) = _meetings(db)
    assert m.participants == []
    url = f"/moten/{m.id}/deltagare"
    page = world.personas["samordnare"].client.get(f"/moten/{m.id}").text
    assert f'action="{url}"' in page and "Ändra vilka som deltar" in page
    ticked = [str(world.ids["kommun_org"]), str(world.ids["forening_org"])]
    r = _post(world, "samordnare", url, {"participant_org_ids": ticked})
    assert r.status_code == 303 and r.headers["location"] == f"/moten/{m.id}#part-h"
    (m,) = _meetings(db)
    assert sorted(o.name for o in m.participants) == ["Hemgårdarnas BK", "Linköpings kommun"]
    page = world.personas["forening"].client.get(f"/moten/{m.id}").text
    assert "Hemgårdarnas BK, Linköpings kommun" in page and f'action="{url}"' not in page
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "meeting.participants")).one()
    assert event.detail == {"org_ids": sorted(world.ids[k] for k in ("kommun_org", "forening_org"))}

    stranger = {"participant_org_ids": [str(world.ids["norrkoping_org"])]}
    r = _post(world, "samordnare", url, stranger)
    assert r.status_code == 422 and "<strong>Deltagare</strong>: deltagare" in r.text
    assert "Inget sparades" in r.text
    assert len(_meetings(db)[0].participants) == 2  # unchanged
    assert _post(world, "forening", url, {"participant_org_ids": ticked}).status_code == 403
    assert _post(world, "outsider", url, {"participant_org_ids": ticked}).status_code == 404
    assert _post(world, "samordnare", url, {}).status_code == 303  # nobody ticked: nobody
    (m,) = _meetings(db)
    assert m.participants == []
    assert "Deltagare –" in _text(world.personas["samordnare"].client.get(f"/moten/{m.id}").text)

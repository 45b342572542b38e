"""The review list lets the reviewer look at a suggested duplicate before deciding: beside
"Dubblett av #N" stand a link to #N and its key facts (when, where, who reported it, what it
says), how far it is from the report reviewed and how much earlier or later."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.incidents.models import Incident
from tests.conftest import World
from tests.incidents.test_pages import submit


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_suggested_duplicate_shows_its_facts_and_a_link_before_the_button(
    db: Session, world: World
) -> None:
    p = world.personas["rapportor"]
    submit(p, lat="58.4301", lon="15.5805", place_name="Torget", description="Klotter på muren")
    submit(p, lat="58.4302", lon="15.5806", occurred_at="2026-11-20T22:40")
    first, second = db.scalars(select(Incident).order_by(Incident.id)).all()
    s = world.personas["samordnare"]
    page = s.client.get("/handelser/granska").text
    box = page[page.index(f'id="dup-{second.id}-{first.id}"') :]
    box = box[: box.index("</form>")]
    assert f'<a href="/handelser/{first.id}">#{first.id}</a>' in box
    words = _text(box)
    assert "2026-11-20 22:15, Torget, rapporterad av Stångåstaden" in words
    assert "(10 m bort, 0,4 tim tidigare)" in words  # 12 m, 25 minutes before
    assert "Klotter på muren" in words
    assert f"Dubblett av #{first.id}" in words  # the decision stays one click away
    other = page[page.index(f'id="dup-{first.id}-{second.id}"') :]
    assert "(10 m bort, 0,4 tim senare)" in _text(other[: other.index("</form>")])
    assert "Skäggetorp, rapporterad av" in _text(other[: other.index("</form>")])  # no place
    # looking changes nothing: both still wait for review
    assert s.client.get(f"/handelser/{first.id}").status_code == 200
    db.expire_all()
    assert [i.status for i in (first, second)] == ["mottagen", "mottagen"]

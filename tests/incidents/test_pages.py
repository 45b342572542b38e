"""Incident pages: quick report (works without JavaScript), list with filters, detail, review."""

from __future__ import annotations

import html
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.incidents.models import Incident
from samverkan.orgs.models import Organisation
from tests.conftest import World


def submit(persona, **fields):
    data = {
        "csrf_token": persona.csrf,
        "category": "klotter",
        "occurred_at": "2026-11-20T22:15",
        **fields,
    }
    return persona.client.post("/handelser/ny", data=data, follow_redirects=False)


def test_the_form_is_category_first_in_swedish(world: World) -> None:
    html = world.personas["rapportor"].client.get("/handelser/ny").text
    assert html.index("Vad hände?") < html.index("Var?") < html.index("När?")
    assert 'value="klotter"' in html and "Skadegörelse" in html and "Bilbrand" in html
    assert "Använd min position" in html and 'id="pick-map"' in html


def test_a_quick_report_with_a_map_point(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    r = submit(p, lat="58.4301", lon="15.5805", description="Ring 070-123 45 67")
    assert r.status_code == 303
    inc = db.scalar(select(Incident).order_by(Incident.id.desc()))
    assert (inc.source, inc.area_id, inc.precision) == (
        "formular",
        world.ids["skaggetorp"],
        "exakt",
    )
    assert inc.description == "Ring [borttaget]"
    page = p.client.get(r.headers["location"]).text
    assert "Tack, rapporten är mottagen." in page
    assert "Personuppgifter togs bort ur texten (1 st)." in page
    assert "Skäggetorp" in page


def test_a_report_without_javascript_uses_the_area_list(world: World, db: Session) -> None:
    p = world.personas["forening"]
    r = submit(
        p,
        area_id=str(world.ids["ryd"]),
        place_name="Rydsvägen",
        category="ungdomsgrupp",
        people_count="15",
        youth_involved="ja",
        visibility="egen",
    )
    assert r.status_code == 303
    inc = db.scalar(select(Incident).order_by(Incident.id.desc()))
    assert (inc.area_id, inc.precision, inc.people_count, inc.youth_involved, inc.visibility) == (
        world.ids["ryd"],
        "omrade",
        15,
        True,
        "egen",
    )


def test_form_errors_are_shown_and_nothing_stored(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    r = submit(p, occurred_at="2099-01-01T10:00", lat="58.43", lon="15.58")
    assert r.status_code == 422 and "2099-01-01 10:00 ligger i framtiden" in r.text
    assert 'value="2099-01-01T10:00"' in r.text  # what was typed is kept
    r = submit(p)
    assert r.status_code == 422 and "en plats behövs: en punkt på kartan eller ett område" in r.text
    # pydantic's own words never reach a Swedish page: the field's name and what was expected
    r = submit(p, lat="58.43", lon="15.58", people_count="200000", visibility="alla")
    assert r.status_code == 422
    assert "<strong>antal personer</strong>: får vara högst 100000" in r.text
    shown = html.unescape(r.text)
    assert "<strong>synlighet</strong>: ska vara något av 'delad', 'egen' eller 'polis'" in shown
    r = submit(p, lat="58.43", lon="15.58", occurred_at="igår kväll")
    assert "<strong>tidpunkt</strong>: ska vara datum och tid, t.ex. 2026-11-20 22:15" in r.text
    assert "Input should" not in r.text and "Value error" not in r.text
    r = submit(p, category="finns_inte", lat="58.43", lon="15.58")
    assert r.status_code == 422 and "okänd kategori finns_inte" in r.text
    assert db.scalar(select(Incident.id)) is None


def test_the_list_filters_by_area_week_and_category(world: World) -> None:
    p = world.personas["rapportor"]
    submit(p, lat="58.4301", lon="15.5805")
    submit(p, lat="58.405", lon="15.56", category="bilbrand", occurred_at="2026-11-10T03:00")
    c = world.personas["samordnare"].client
    all_rows = c.get("/handelser").text
    assert "2 händelser" in all_rows
    week = c.get("/handelser?week=2026-W47").text
    assert "1 händelse" in week and "Klotter" in week
    ryd = c.get(f"/handelser?area={world.ids['ryd']}&category=brand").text
    assert "Bilbrand" in ryd and "1 händelse" in ryd
    bad = c.get("/handelser?week=2026-48").text
    assert "Veckan 2026-48 förstods inte" in bad and "0 händelser" in bad
    loose = c.get("/handelser?week=v.%2047").text
    assert "1 händelse" in loose


def test_the_samordnare_reviews_and_marks_duplicates(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    submit(p, lat="58.4301", lon="15.5805")
    submit(p, lat="58.4302", lon="15.5806", occurred_at="2026-11-20T22:40")
    first, second = db.scalars(select(Incident).order_by(Incident.id)).all()
    s = world.personas["samordnare"]
    page = s.client.get("/handelser/granska").text
    assert f"Dubblett av #{first.id}" in page
    r = s.client.post(
        f"/handelser/{second.id}/granska",
        data={"csrf_token": s.csrf, "duplicate_of": str(first.id), "next": "/handelser/granska"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/handelser/granska"
    r = s.client.post(
        f"/handelser/{first.id}/granska",
        data={"csrf_token": s.csrf, "status": "granskad"},
        follow_redirects=False,
    )
    db.expire_all()
    assert (first.status, second.status, second.duplicate_of_id) == (
        "granskad",
        "dubblett",
        first.id,
    )
    assert world.personas["rapportor"].client.get("/handelser/granska").status_code == 403


def test_hidden_incidents_are_404_on_pages(world: World, db: Session) -> None:
    p = world.personas["rapportor"]
    submit(p, lat="58.4301", lon="15.5805", visibility="egen", place_name="Hemlig plats")
    inc = db.scalar(select(Incident))
    for key in ("samordnare", "polis", "outsider"):
        r = world.personas[key].client.get(f"/handelser/{inc.id}")
        assert r.status_code == 404 and "Hemlig plats" not in r.text
        assert "Hemlig plats" not in world.personas[key].client.get("/handelser").text
    assert re.search("Hemlig plats", p.client.get(f"/handelser/{inc.id}").text)


def test_the_review_queue_says_how_many_wait_and_pages_through_them(
    world: World, db: Session
) -> None:
    """More than a page of reports to review: the page says how many there are and leads on
    to the older ones (it used to stop at 100 without a word)."""
    from datetime import UTC, datetime, timedelta

    from samverkan.incidents.models import Category

    cat = db.scalar(select(Category.id).where(Category.code == "klotter"))
    start = datetime(2026, 10, 1, 12, tzinfo=UTC)
    for k in range(105):
        db.add(
            Incident(
                org_id=world.ids["bolag_org"],
                category_id=cat,
                area_id=world.ids["ryd"],
                occurred_at=start + timedelta(hours=7 * k),
                place_name=f"Gård {k}",
                precision="omrade",
                source="formular",
            )
        )
    db.commit()
    c = world.personas["samordnare"].client
    first = c.get("/handelser/granska").text
    assert "105 rapporter väntar på granskning. Sidan visar 100 av dem." in first
    assert first.count('name="status" value="granskad"') == 100
    older = re.search(r'href="(/handelser/granska\?cursor=[^"]+)"', first)
    assert older is not None
    rest = c.get(html.unescape(older.group(1))).text
    assert rest.count('name="status" value="granskad"') == 5
    assert "<td>Gård 0 <" in rest and "<td>Gård 104 <" in first
    assert c.get("/handelser/granska?cursor=trasig").status_code == 422


def test_a_reader_is_not_offered_the_report_form_it_may_not_use(
    app, world: World, db: Session
) -> None:
    from tests.conftest import login_client, make_user

    reader = make_user(
        db, "lasa@hemgardarna.test", db.get(Organisation, world.ids["forening_org"]), "lasare"
    )
    db.commit()
    client, _csrf = login_client(app, db, reader)
    db.commit()
    page = client.get("/handelser")
    assert page.status_code == 200 and "Händelser" in page.text
    assert "Rapportera händelse" not in page.text
    assert client.get("/handelser/ny").status_code == 403

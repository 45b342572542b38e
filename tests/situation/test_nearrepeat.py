"""Near repeats on the page and in the API: a planted pattern is found, too few are said."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.incidents.models import Category, Incident
from samverkan.situation import nearrepeat
from tests.conftest import World
from tests.situation.test_picture import WEEK, _principal


def _planted(db: Session, world: World, n_seeds: int = 40) -> None:
    """Burglaries in Skäggetorp: each of 40 spread out in place and time is followed within
    a few days by one 20–60 m away (near repeats); the rest of the year is random."""
    cat = db.scalar(select(Category).where(Category.code == "inbrott_stold"))
    assert cat is not None
    rng = __import__("random").Random(7)
    start = datetime(2025, 12, 1, tzinfo=UTC)
    lat0, lon0 = 58.425, 15.575  # the test world's Skäggetorp is a 0.01° square around 58.43/15.58
    for i in range(n_seeds):
        lat, lon = lat0 + rng.random() * 0.009, lon0 + rng.random() * 0.009
        t = start + timedelta(days=rng.random() * 340)
        for dlat, dt in ((0.0, 0.0), (0.0003, 2 + rng.random() * 3)):
            db.add(
                Incident(
                    org_id=world.ids["bolag_org"],
                    category_id=cat.id,
                    area_id=world.ids["skaggetorp"],
                    occurred_at=t + timedelta(days=dt),
                    lat=lat + dlat,
                    lon=lon,
                    precision="exakt",
                    source="formular",
                    external_id=f"nr-{i}-{dt:.2f}",
                )
            )
    db.flush()


def test_a_planted_near_repeat_pattern_is_found(db: Session, world: World) -> None:
    _planted(db, world)
    p = _principal(db, world, "forening")
    nr = nearrepeat.near_repeats(db, p, world.ids["skaggetorp"], "inbrott_stold", WEEK, 52)
    assert nr.n_events == 80 and nr.result is not None
    r = nr.result
    # 0–100 m (row 1: row 0 is the same place) within a week: far more pairs than chance
    assert r.observed[1, 0] >= 40
    assert r.ratio[1, 0] > 3 and r.p_value[1, 0] <= 0.05
    # far apart in space: as chance gives
    assert 0.7 < r.ratio[-1, -1] < 1.3


def test_too_few_incidents_to_say(db: Session, world: World, api) -> None:
    r = api("rapportor")(
        "GET",
        f"/api/v1/lagesbild/narupprepning?area={world.ids['skaggetorp']}&category=klotter&week={WEEK}",
    )
    assert r.status_code == 200
    data = r.json()
    assert data["events"] == 0 and data["table"] is None and data["min_events"] == 20


def test_the_page_shows_the_table(db: Session, world: World) -> None:
    _planted(db, world)
    page = world.personas["samordnare"].client.get(
        f"/lagesbild/narupprepning?area={world.ids['skaggetorp']}&category=inbrott_stold&week={WEEK}"
    )
    assert page.status_code == 200
    assert "80 lägesbestämda händelser" in page.text
    assert 'class="near"' in page.text
    # the first distance band in Swedish, and Swedish decimals in the cells
    assert '<th scope="row">samma plats</th>' in page.text and ">same<" not in page.text
    assert re.search(r"<strong>\d+,\d\d</strong>", page.text)
    assert not re.search(r"<strong>\d+\.\d\d</strong>", page.text)


def test_an_unknown_category_is_refused(world: World, api) -> None:
    r = api("rapportor")(
        "GET", f"/api/v1/lagesbild/narupprepning?area={world.ids['skaggetorp']}&category=okänd"
    )
    assert r.status_code == 422 and "okänd" in r.json()["detail"]

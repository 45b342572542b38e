"""The district overview for the supporters: per district the associations active, the
activities by kind with their breadth (oracle: ``scipy.stats.entropy``), and the reach by age
band × gender suppressed together — a small cell hidden, and none that can be worked out."""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy.stats import entropy
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.associations import overview, service
from samverkan.associations.analysis.followup import breadth
from samverkan.associations.models import AGE_BANDS, GENDERS, KINDS
from samverkan.associations.schemas import ActivityIn
from samverkan.core.suppression import disclosed
from samverkan.orgs.models import User
from tests.associations.conftest import DAY, AssocWorld
from tests.conftest import login_client

FIRST, LAST = date(2026, 1, 1), date(2026, 6, 30)
PERIOD = f"fran={FIRST.isoformat()}&till={LAST.isoformat()}"


def _att(**people: int) -> list[dict[str, object]]:
    out = []
    for key, n in people.items():
        band, gender = key[1:].rsplit("_", 1)
        out.append({"age_band": band.replace("_", "-"), "gender": gender, "people": n})
    return out


def held(aw: AssocWorld, db: Session, who: str, day: date, kind: str, **att: int) -> None:
    """An activity of Hemgårdarnas BK in Skäggetorp (``who="hbk"``) or of Ryds Dansförening
    in Ryd (``"dans"``), on its own (no agreement)."""
    p, assoc, area = (
        (aw.hemgarden, aw.hbk, "skaggetorp") if who == "hbk" else (aw.dancer, aw.dans, "ryd")
    )
    data = ActivityIn(
        held_on=day,
        district_id=aw.world.ids[area],
        kind=kind,
        form="traning",
        title=f"{kind} {day.isoformat()}",
        minutes=60,
        leaders=1,
        attendance=_att(**att),  # type: ignore[arg-type]
    )
    service.report_activity(db, p, assoc.id, data, DAY)


@pytest.fixture
def districts(assoc_world: AssocWorld, db: Session) -> AssocWorld:
    """Skäggetorp: three activities in the period (sport twice, culture once) — 10 girls and
    12 boys aged 7–12 and 3 boys aged 13–16 — and one before it. Ryd: two dance activities, 8
    girls aged 7–12 and 6 aged 13–16."""
    aw = assoc_world
    held(aw, db, "hbk", date(2026, 2, 3), "idrott", b7_12_flicka=6, b7_12_pojke=7)
    held(aw, db, "hbk", date(2026, 3, 3), "idrott", b7_12_flicka=4, b7_12_pojke=5)
    held(aw, db, "hbk", date(2026, 4, 7), "kultur", b13_16_pojke=3)
    held(aw, db, "hbk", date(2025, 11, 4), "musik", b7_12_flicka=40)  # before the period
    held(aw, db, "dans", date(2026, 5, 5), "dans", b7_12_flicka=8)
    held(aw, db, "dans", date(2026, 5, 12), "dans", b13_16_flicka=6)
    db.commit()
    return aw


def test_breadth_is_scipys_entropy_over_the_kinds_shares() -> None:
    for counts in ([5], [1, 1], [3, 1], [10, 5, 5, 1], [2, 2, 2, 2, 2, 2, 2, 2], [97, 1, 1, 1]):
        kinds = [k for k, n in zip(KINDS, counts, strict=False) for _ in range(n)]
        b = breadth(kinds, KINDS)
        assert b.total == sum(counts) and b.kinds == len(counts)
        assert b.entropy == pytest.approx(entropy(counts))
        if len(counts) < 2:
            assert b.evenness is None
        else:
            assert b.evenness == pytest.approx(entropy(counts) / math.log(len(counts)))
            assert b.evenness == pytest.approx(entropy(counts, base=len(counts)))
        assert b.missing == KINDS[len(counts) :]
    assert breadth([], KINDS).evenness is None and breadth([], KINDS).missing == KINDS


def test_the_figures_of_each_district_over_the_period(districts: AssocWorld, db: Session) -> None:
    aw = districts
    o = overview.overview(db, aw.supporter, FIRST, LAST)
    by_name = {d.area.name: d for d in o.districts}
    assert list(by_name) == ["Ryd", "Skäggetorp"]  # the supporter's districts, not Linköping
    skagg, ryd = by_name["Skäggetorp"], by_name["Ryd"]
    assert (skagg.associations, skagg.activities) == (1, 3)  # November's is outside the period
    assert skagg.breadth.by_kind == {"idrott": 2, "kultur": 1}
    assert skagg.breadth.evenness == pytest.approx(entropy([2, 1]) / math.log(2))
    assert "musik" in skagg.breadth.missing and "idrott" not in skagg.breadth.missing
    assert (ryd.associations, ryd.activities, ryd.breadth.kinds) == (1, 2, 1)
    assert ryd.breadth.evenness is None
    # Ryd has no small number: everything shows, zeros too
    assert ryd.reach.by_band["7-12"] == 8 and ryd.reach.by_band["13-16"] == 6
    assert ryd.reach.by_gender == {"flicka": 14, "pojke": 0, "annat": 0}
    assert ryd.reach.total == 14


def test_a_small_cell_is_hidden_and_cannot_be_worked_out(
    districts: AssocWorld, db: Session
) -> None:
    skagg = overview.district(
        db, districts.supporter, districts.world.ids["skaggetorp"], FIRST, LAST
    )
    pub = skagg.reach.published
    boys, teens = GENDERS.index("pojke"), AGE_BANDS.index("13-16")
    assert pub.cells[teens][boys] is None and skagg.reach.mark(("c", teens, boys)) == "<5"
    assert pub.row_totals[teens] is None  # 3 aged 13–16 in all: small too
    hidden = {
        *(("c", i, j) for i, row in enumerate(pub.cells) for j, v in enumerate(row) if v is None),
        *(("r", i) for i, v in enumerate(pub.row_totals) if v is None),
        *(("k", j) for j, v in enumerate(pub.col_totals) if v is None),
        *((("t",),) if pub.total is None else ()),
    }
    assert disclosed(len(AGE_BANDS), len(GENDERS), hidden) == set()
    shown = [v for row in pub.cells for v in row if v is not None]
    assert 3 not in shown and all(v == 0 or v >= 5 for v in shown)


def _stina(aw: AssocWorld, db: Session, app: object):  # type: ignore[no-untyped-def]
    user = db.scalar(select(User).where(User.email == "stina@stangastaden.test"))
    assert user is not None
    c, _csrf = login_client(app, db, user)
    db.commit()
    return c


def test_the_page_for_a_supporter_and_404_for_everyone_else(
    districts: AssocWorld, db: Session, app: object
) -> None:
    aw = districts
    page = _stina(aw, db, app).get(f"/foreningar/stadsdelar?{PERIOD}")
    assert page.status_code == 200, page.text[-800:]
    html = page.text
    assert "Skäggetorp" in html and "Ryd" in html and "Navestad" not in html
    assert "&lt;5" in html  # the 3 boys aged 13–16 in Skäggetorp
    assert 'id="d-{}"'.format(aw.world.ids["skaggetorp"]) in html
    assert "0,92" in html  # Skäggetorp's evenness, entropy([2, 1]) / ln 2 = 0.918…
    # the samordnare is Linköpings kommun's admin: a supporter too, with the same districts
    mine = aw.world.personas["samordnare"].client.get(f"/foreningar/stadsdelar?{PERIOD}")
    assert mine.status_code == 200 and "Skäggetorp" in mine.text
    # Norrköping's admin supports in Navestad only
    theirs = aw.world.personas["outsider"].client.get(f"/foreningar/stadsdelar?{PERIOD}")
    assert theirs.status_code == 200 and "Navestad" in theirs.text
    assert "Skäggetorp" not in theirs.text
    for who in ("forening", "polis", "rapportor"):
        r = aw.world.personas[who].client.get("/foreningar/stadsdelar")
        assert r.status_code == 404, who
        assert "Skäggetorp" not in r.text
    bad = _stina(aw, db, app).get("/foreningar/stadsdelar?fran=2026-07-01&till=2026-06-30")
    assert bad.status_code in (400, 422)


def test_the_default_period_is_the_last_twelve_months() -> None:
    assert overview.default_period(date(2026, 6, 30)) == (date(2025, 7, 1), date(2026, 6, 30))
    assert overview.default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def test_the_api_gives_the_same_figures_as_json(districts: AssocWorld, db: Session) -> None:
    aw = districts
    c = aw.world.personas["forening"].client
    skagg = aw.world.ids["skaggetorp"]
    url = f"/api/v1/associations/districts/{skagg}/breadth?{PERIOD}"
    r = c.get(url, headers=aw.auth("stina"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == "Skäggetorp" and body["activities"] == 3
    assert body["by_kind"] == {"idrott": 2, "kultur": 1} and body["kinds"] == 2
    assert body["evenness"] == pytest.approx(entropy([2, 1]) / math.log(2))
    teens, boys = AGE_BANDS.index("13-16"), GENDERS.index("pojke")
    assert body["reach"]["cells"][teens][boys] is None
    assert body["reach"]["marks"][teens][boys] == "<5"
    assert body["reach"]["by_age_band"]["13-16"] is None
    assert body["threshold"] == 5
    navestad = aw.world.ids["navestad"]
    r = c.get(f"/api/v1/associations/districts/{navestad}/breadth", headers=aw.auth("stina"))
    assert r.status_code == 404
    r = c.get(url, headers=aw.auth("hamid"))  # the association itself is no supporter
    assert r.status_code == 404 and "Skäggetorp" not in r.text

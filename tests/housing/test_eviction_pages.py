"""Eviction prevention's pages: the upload form (a bad file lists every line, nothing saved;
a good one shows the month's list), the case page's forms (step, notice with its window,
consent), the meeting list (page and CSV) of consenting tenants only; others 404."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.housing.eviction_models import ArrearsList
from samverkan.orgs.models import Organisation
from tests.conftest import World, login_client, make_user
from tests.people.conftest import Caseworkers, number

B = "/boende/hyresskulder"


def _csv(*lines: str) -> bytes:
    return ("personnummer;namn;lägenhet;hyresskuld\n" + "\n".join(lines) + "\n").encode()


def test_upload_case_and_meeting_pages(
    app, db: Session, world: World, people_world: Caseworkers
) -> None:
    org = db.get(Organisation, world.ids["bolag_org"])
    assert org is not None
    user = make_user(db, "tina@stangastaden.test", org, "handlaggare")
    db.commit()
    c, csrf = login_client(app, db, user)
    db.commit()
    assert c.get(B).status_code == 200
    form = {"csrf_token": csrf, "org_id": str(org.id), "month": "2026-11"}
    bad = _csv(f"{number(701)};Testa Ett;1101;abc", f"{number(702)};Testa Två;1102;-5")
    r = c.post(B, data=form, files={"file": ("lista.csv", bad, "text/csv")})
    assert r.status_code == 422
    assert "2, hyresskuld" in r.text and "3, hyresskuld" in r.text
    assert db.scalar(select(func.count()).select_from(ArrearsList)) == 0
    good = _csv(f"{number(701)};Testa Ett;1101;12 000,50 kr", f"{number(702)};Testa Två;1102;800")
    r = c.post(B, data=form, files={"file": ("lista.csv", good, "text/csv")})
    assert r.status_code == 200 and "12000.50" in r.text and "Testa Två" in r.text
    ids = [int(x) for x in re.findall(r'data-case="(\d+)"', r.text)]
    one = ids[0]
    r = c.post(
        f"{B}/arenden/{one}/underrattelse", data={"csrf_token": csrf, "notified_on": "2026-11-30"}
    )
    assert r.status_code == 200 and "2026-12-21" in r.text
    r = c.post(
        f"{B}/arenden/{one}/atgard",
        data={
            "csrf_token": csrf,
            "kind": "payment_plan",
            "on": "2026-11-05",
            "plan_monthly": "abc",
        },
    )
    assert r.status_code == 422
    r = c.post(
        f"{B}/arenden/{one}/atgard",
        data={
            "csrf_token": csrf,
            "kind": "payment_plan",
            "on": "2026-11-05",
            "plan_monthly": "1 500",
            "plan_start": "2026-12-01",
        },
    )
    assert r.status_code == 200 and 'data-kind="payment_plan"' in r.text and "1500.00" in r.text
    r = c.post(
        f"{B}/arenden/{one}/samtycke", data={"csrf_token": csrf, "consent": "1", "on": "2026-11-06"}
    )
    assert r.status_code == 200
    r = c.get(f"{B}/mote", params={"org": org.id})
    assert "Testa Ett" in r.text and "Testa Två" not in r.text
    r = c.get(f"{B}/mote", params={"org": org.id, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert "Testa Ett;12000,50" in r.text and "Testa Två" not in r.text
    r = c.post(
        f"{B}/arenden/{one}/utfall",
        data={"csrf_token": csrf, "outcome": "avoided", "on": "2026-11-20"},
    )
    assert r.status_code == 200 and 'id="outcome"' in r.text
    r = c.get(B)
    assert re.search(r'data-outcome="avoided">1<', r.text)
    other, _ = people_world.clients["nkpg_handlaggare"]
    assert other.get(f"{B}/arenden/{one}").status_code == 404
    assert other.get(f"{B}/mote", params={"org": org.id}).status_code == 404

"""The start page orders the agreements for the follow-up: those running on the day, the ones
behind their pace first; then those to come and those ended — with a summary line."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.orm import Session

from samverkan.associations import service
from samverkan.associations.schemas import AgreementIn
from tests.associations.conftest import DAY, AssocWorld
from tests.associations.test_pages import Who, _fixed_today, who  # noqa: F401  (fixtures)


def agree(db: Session, aw: AssocWorld, association_id: int, title: str, start: date, end: date):  # type: ignore[no-untyped-def]
    return service.create_agreement(
        db,
        aw.supporter,
        AgreementIn(
            association_id=association_id,
            title=title,
            amount_sek=10_000,
            period_start=start,
            period_end=end,
            commitments=[{"description": "10 danspass", "required": 10}],
        ),
    )


def test_running_agreements_behind_first_then_to_come_then_ended(
    who: Who,  # noqa: F811  (the fixture imported above)
    db: Session,
    assoc_world: AssocWorld,
) -> None:
    aw = assoc_world
    # Ryds Dansförening: delivered in full this year, last year's ended, next year's to come
    done = agree(db, aw, aw.dans.id, "Dans 2026", date(2026, 1, 1), date(2026, 12, 31))
    done.commitments[0].required = 1
    agree(db, aw, aw.dans.id, "Dans 2025", date(2025, 1, 1), date(2025, 12, 31))
    agree(db, aw, aw.dans.id, "Dans 2027", date(2027, 1, 1), date(2027, 12, 31))
    db.commit()
    from samverkan.associations.schemas import ActivityIn

    service.report_activity(
        db,
        aw.dancer,
        aw.dans.id,
        ActivityIn(
            agreement_id=done.id,
            held_on=date(2026, 3, 1),
            district_id=aw.world.ids["ryd"],
            kind="dans",
            form="traning",
            title="Danspass",
            minutes=60,
            leaders=1,
        ),
        DAY,
    )
    db.commit()
    page = who.get("stina", f"/foreningar?dag={DAY}").text
    order = re.findall(r'id="(agreements-\w+|avtal-\d+)"', page)
    ids = {a: f"avtal-{i}" for a, i in (("behind", aw.agreement.id), ("done", done.id))}
    running = order[order.index("agreements-running") + 1 : order.index("agreements-coming")]
    # Hemgårdarnas BK has reported nothing by 30 June: behind, so above the one delivered
    assert running == [ids["behind"], ids["done"]]
    assert order.index("agreements-coming") < order.index("agreements-ended")
    assert len(order) - order.index("agreements-ended") == 2  # the heading and Dans 2025
    summary = re.search(r'id="agreements-summary">([^<]*)', page)
    assert summary and "2 running on 2026-06-30, 1 of them behind" in summary.group(1)
    assert "1 to come, 1 ended" in summary.group(1)
    assert 'href="/foreningar/stadsdelar"' in page
    # the association sees its own agreements, with no link to the supporters' overview
    own = who.get("dina", f"/foreningar?dag={DAY}").text
    assert "Dans 2026" in own and "Fotboll" not in own
    assert 'href="/foreningar/stadsdelar"' not in own

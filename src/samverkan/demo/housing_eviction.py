"""The demo's eviction prevention: Stångåstaden's arrears lists for the last two months before
``until`` (about 25 test tenants: 20 last month, 24 this month, most of last month's still on
it), imported as the landlord's CSV through :mod:`samverkan.housing.eviction_service`; early
contacts at different points (letters, calls, home visits, payment plans — one kept, one
broken), a few tenants notified with the three-week window running and one overdue, some
consenting to the meeting with social services, and a few outcomes.

The tenants are test people (born in October 1890, birth numbers 995–996) with names that say they
are made up ("Provhyresgäst …"); deterministic (a seeded ``random.Random``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from samverkan.core import personnummer
from samverkan.demo.people import TEST_YEAR
from samverkan.housing import eviction_service as service
from samverkan.orgs import queries as org_queries

CASEWORKER = "handlaggare@stangastaden.demo"
HOUSING = "Stångåstaden"


def _pnr(n: int) -> str:
    """A test personnummer: born TEST_YEAR-06-01 onwards, 995–996."""
    return str(personnummer.make(date(TEST_YEAR, 10, 1) + timedelta(days=n), 995 + n % 2))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _csv(rng: random.Random, tenants: range) -> bytes:
    lines = ["personnummer;namn;lägenhet;hyresskuld;förfallna_månader"]
    for n in tenants:
        amount = rng.randint(40, 400) * 100 + rng.choice((0, 50))
        kronor = f"{amount // 100:,}".replace(",", " ") + (",50" if amount % 100 else "")
        lines.append(
            f"{_pnr(n)};Provhyresgäst {n + 1:02d};Gillbergsgatan {1 + n % 30}, lgh {1101 + n};"
            f"{kronor} kr;{1 + n % 3}"
        )
    return ("\n".join(lines) + "\n").encode()


def seed(session: Session, until: date) -> None:
    """Stångåstaden's arrears as of ``until`` (nothing when the case worker is missing)."""
    user = org_queries.user_by_email(session, CASEWORKER)
    org = org_queries.org_by_name(session, HOUSING)
    if user is None or org is None:
        return
    p = org_queries.principal_for_user(session, user)
    rng = random.Random(44)
    this = _month_start(until)
    last = _month_start(this - timedelta(days=1))
    first = service.import_list(session, p, org.id, last, _csv(rng, range(0, 20)), until)
    now = service.import_list(session, p, org.id, this, _csv(rng, range(4, 28)), until)
    eps = {e.episode.person_id: e.episode_id for e in first.entries}
    eps.update({e.episode.person_id: e.episode_id for e in now.entries})
    ids = sorted(set(eps.values()))

    for i, ep in enumerate(ids):
        opened = service.episode(session, p, ep).opened_on

        def at(days: int, opened: date = opened) -> date:
            return max(opened, until - timedelta(days=days))

        script = i % 8
        if script >= 1:
            service.add_step(session, p, ep, service.StepData("letter", at(40), "Påminnelse."))
        if script >= 2:
            service.add_step(
                session, p, ep, service.StepData("call", at(30), "Ringde hyresgästen.")
            )
        if script in (3, 6):
            service.add_step(session, p, ep, service.StepData("visit", at(25), "Hembesök."))
        if script in (4, 5):
            plan = service.add_step(
                session,
                p,
                ep,
                service.StepData(
                    "payment_plan", at(28), "Plan överenskommen.", 50_000 + 10_000 * i, at(28)
                ),
            )
            if script == 4 and i < 8:
                service.set_plan_state(session, p, ep, plan.id, "kept")
                service.close(session, p, ep, "plan_kept", at(2))
            elif script == 5:
                service.set_plan_state(session, p, ep, plan.id, "broken")
        if script == 6:  # notified, the window running (or, for the first, overdue)
            days = 30 if i == 6 else 10
            service.notify(session, p, ep, at(days), at(days - 1))
        if script == 7:
            service.notify(session, p, ep, at(15), at(15))
        if i % 3 == 0:
            service.set_consent(session, p, ep, True, at(20))
    for ep in ids[-3:]:
        service.close(session, p, ep, "avoided", until)
    session.flush()

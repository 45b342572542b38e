"""The demo's associations with counter-demands (motkrav), as of the seed's day ``until``
(nothing after it):

- forty associations of the districts (:mod:`.associations_data`) in the register, among them
  the demo's own organisations Hemgårdarnas BK and Läxhjälpen (registered under their exact
  names, so the register links them), each with a made-up organisation number and a contact;
- agreements with Stångåstaden and/or Linköpings kommun for last calendar year and this one,
  5 000–150 000 kr, one to three commitments each, about half with LOK-stöd's rule set, two
  payment periods (half-years): last year's reported and released but one (reported, held);
- the activities reported under them, with attendance by age band and gender: last year most
  agreements delivered in full (a few ended short), this year several are behind their pace on
  the seed's day (fewer activities, more of them failing the rules: too short, no leader) and
  a few ahead; the associations without an agreement report a few activities on their own.

The register and the agreements go through ``associations.service`` (checked and audited); the
several thousand activities are inserted in bulk, each one satisfying what
``service.report_activity`` checks (within its agreement's period, in one of the association's
districts, not after the seed's day). Deterministic: a seeded ``random.Random``.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from samverkan.associations import queries, service
from samverkan.associations.analysis.rules import LOK, Rules, participants_in_range, shortfalls
from samverkan.associations.models import AGE_BANDS, GENDERS, Activity, Agreement, Attendance
from samverkan.associations.schemas import AgreementIn, AssociationIn, CommitmentIn, ContactIn
from samverkan.core.db import utcnow
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import associations_data as ad
from samverkan.geo import queries as geo_queries
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

SEED = 1414
_TITLES = {ad.HOUSING: "Motkravsavtal", ad.KOMMUN: "Föreningsbidrag"}


def fates(pairs: int) -> tuple[list[str], list[str]]:
    """Last year's and this year's fate of each of ``pairs`` agreements: last year done but
    for every 17th (ended short), this year every fifth behind, a few ahead."""
    last = ["short" if k % 17 == 7 else "done" for k in range(pairs)]
    this = ["behind" if k % 5 == 1 else "ahead" if k % 9 == 4 else "on_track" for k in range(pairs)]
    return last, this


def _at(day: date, hour: int, cap: datetime) -> datetime:
    """``day`` at ``hour`` Stockholm time as UTC, no later than ``cap``."""
    return min(datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC), cap)


def _attendance(
    rng: random.Random, kind: str, form: str, people: int
) -> dict[tuple[str, str], int]:
    bands = ad.EVENT_AGE_MIX if form == "evenemang" else ad.AGE_MIX
    genders = ad.GENDER_MIX[kind]
    cells = [(b, g) for b in AGE_BANDS for g in GENDERS]
    weights = [bands[i] * genders[j] for i in range(len(AGE_BANDS)) for j in range(len(GENDERS))]
    return dict(Counter(rng.choices(cells, weights, k=people)))


class _Activities:
    """The activity rows being made, with their attendance, for one bulk insert."""

    def __init__(self, rng: random.Random, until: date, cap: datetime) -> None:
        self.rng, self.until, self.cap = rng, until, cap
        self.rows: list[dict[str, object]] = []
        self.attendance: list[dict[tuple[str, str], int]] = []

    def draw(
        self, kind: str, form: str, rules: Rules, fail: str | None = None
    ) -> tuple[int, int, dict[tuple[str, str], int], int]:
        """An activity's minutes, leaders and attendance, and what it delivers in visits under
        ``rules``; ``fail`` ``too_short`` or ``no_leader`` makes it miss them, else it counts
        (drawn again until it does)."""
        rng = self.rng
        (lo, hi), (m_lo, m_hi), (l_lo, l_hi) = ad.SIZE[form]
        while True:
            att = _attendance(rng, kind, form, rng.randint(lo, hi))
            minutes = rng.randrange(m_lo, m_hi + 1, 15)
            leaders = rng.randint(l_lo, l_hi)
            if fail == "too_short":
                minutes = rng.choice((30, 40, 45))
            elif fail == "no_leader":
                leaders = 0
            by_band: Counter[str] = Counter()
            for (band, _g), n in att.items():
                by_band[band] += n
            if fail is not None or not shortfalls(rules, minutes, leaders, by_band):
                return minutes, leaders, att, participants_in_range(by_band, rules)

    def add(
        self,
        drawn: tuple[int, int, dict[tuple[str, str], int], int],
        *,
        association_id: int,
        agreement_id: int | None,
        reporter: int | None,
        day: date,
        district_id: int,
        kind: str,
        form: str,
    ) -> None:
        minutes, leaders, att, _visits = drawn
        reported = min(day + timedelta(days=self.rng.randint(0, 3)), self.until)
        self.rows.append(
            {
                "association_id": association_id,
                "agreement_id": agreement_id,
                "held_on": day,
                "district_id": district_id,
                "kind": kind,
                "form": form,
                "title": ad.TITLES.get((kind, form), ad.FORM_TITLES[form]),
                "minutes": minutes,
                "leaders": leaders,
                "participants": sum(att.values()),
                "reported_by_user_id": reporter,
                "reported_at": _at(reported, 21, self.cap),
            }
        )
        self.attendance.append(att)

    def store(self, session: Session) -> int:
        if not self.rows:
            return 0
        found = session.execute(
            insert(Activity).returning(Activity.id, sort_by_parameter_order=True), self.rows
        )
        ids = [row[0] for row in found]
        rows = [
            {"activity_id": i, "age_band": band, "gender": gender, "people": n}
            for i, att in zip(ids, self.attendance, strict=True)
            for (band, gender), n in sorted(att.items())
        ]
        for start in range(0, len(rows), 5000):
            session.execute(insert(Attendance), rows[start : start + 5000])
        return len(ids)


def _days(rng: random.Random, start: date, end: date, n: int) -> list[date]:
    """``n`` days spread evenly over ``start``–``end``, a day or two either way."""
    span = (end - start).days + 1
    out = []
    for i in range(n):
        d = start + timedelta(days=int((i + 0.5) * span / n) + rng.randint(-2, 2))
        out.append(min(max(d, start), end))
    return sorted(out)


def _target(rng: random.Random, required: int, expected: float, fate: str) -> int:
    """What a commitment delivers by the seed's day, given how its agreement goes."""
    if fate == "done":
        return required + rng.randint(0, max(1, required // 10))
    if fate == "short":
        return math.floor(required * 0.75)
    if fate == "behind":
        return math.floor(expected * rng.uniform(0.4, 0.65))
    if fate == "ahead":
        return math.ceil(expected * rng.uniform(1.3, 1.5))
    return min(required, math.ceil(expected * rng.uniform(0.97, 1.05)))


def _deliver(
    acts: _Activities, agreement: Agreement, reporter: int | None, fate: str, lok: bool
) -> None:
    """The activities of ``agreement`` by the seed's day: for each commitment, enough of its
    forms and district that count to meet ``fate`` (this year the first commitment's, the
    others on track), and under LOK's rules some that miss them."""
    rng, until = acts.rng, acts.until
    start, end = agreement.period_start, min(agreement.period_end, until)
    if end < start:
        return
    assoc = agreement.association
    kind = assoc.kinds[0]
    districts = [d.id for d in assoc.districts]
    rules = queries.rules(agreement)
    elapsed = ((end - start).days + 1) / ((agreement.period_end - start).days + 1)
    for k, c in enumerate(agreement.commitments):
        how = fate if k == 0 or fate in ("done", "short") else "on_track"
        goal = _target(rng, c.required, c.required * elapsed, how)
        forms = list(c.forms)
        plan: list[tuple[tuple[int, int, dict[tuple[str, str], int], int], str, int]] = []
        delivered = 0
        while delivered < goal:
            form = rng.choice(forms)
            drawn = acts.draw(kind, form, rules)
            step = 1 if c.unit == "tillfallen" else drawn[3]
            if how == "behind" and delivered + step > goal:
                break
            plan.append((drawn, form, c.district_id or rng.choice(districts)))
            delivered += step
        share = (0.3 if how in ("behind", "short") else 0.08) if lok else 0.0
        for why in rng.choices(("too_short", "no_leader"), k=round(len(plan) * share)):
            form = rng.choice(forms)
            plan.append(
                (acts.draw(kind, form, rules, why), form, c.district_id or rng.choice(districts))
            )
        rng.shuffle(plan)
        for day, (drawn, form, district) in zip(
            _days(rng, start, end, len(plan)), plan, strict=True
        ):
            acts.add(
                drawn,
                association_id=assoc.id,
                agreement_id=agreement.id,
                reporter=reporter,
                day=day,
                district_id=district,
                kind=kind,
                form=form,
            )


def _periods(
    rng: random.Random, agreement: Agreement, fate: str, until: date, cap: datetime, hold: bool
) -> None:
    """The payment periods' reports and releases by the seed's day: each ended period reported
    a week or three after its end and released a week or two later; with ``hold`` (the first
    of last year's agreements that ended short) the second period is reported and held."""
    for n, period in enumerate(agreement.periods):
        if period.period_end >= until:
            continue
        if fate == "on_track" and n == 0 and rng.random() < 0.2:
            continue  # this year's first report not in yet
        reported = min(period.period_end + timedelta(days=rng.randint(5, 20)), until)
        period.reported_at = _at(reported, 10, cap)
        if hold and n == len(agreement.periods) - 1:
            continue
        released = min(reported + timedelta(days=rng.randint(5, 15)), until)
        period.released_at = max(_at(released, 14, cap), period.reported_at)


def _principal(session: Session, email: str) -> Principal | None:
    user = org_queries.user_by_email(session, email)
    return None if user is None else org_queries.principal_for_user(session, user)


def seed(session: Session, until: date) -> int:
    """The associations, their agreements and activities as of ``until``; returns how many
    activities (nothing when the demo's supporters or districts are missing)."""
    supporters = {name: _principal(session, email) for name, email in ad.SUPPORT_USERS.items()}
    orgs = {name: org_queries.org_by_name(session, name) for name in ad.SUPPORT_USERS}
    areas = {a.name: a.id for a in geo_queries.all_areas(session)}
    needed = {d for row in ad.ASSOCIATIONS for d in row[2]}
    if any(p is None for p in supporters.values()) or any(o is None for o in orgs.values()):
        return 0
    if not needed <= set(areas):
        return 0
    reporter = org_queries.user_by_email(session, ad.REPORTER)
    reporter_orgs = {m.org_id for m in reporter.memberships} if reporter is not None else set()
    rng = random.Random(SEED)
    cap = min(utcnow(), _at(until, 23, utcnow()))
    this_year, last_year = until.year, until.year - 1
    first_day = date(last_year, 1, 1)

    registered = []
    for i, (name, kinds, districts, backers, contact) in enumerate(ad.ASSOCIATIONS):
        by = backers[0] if backers else ad.KOMMUN
        p = supporters[by]
        assert p is not None
        contacts = []
        if contact is not None:
            who, role = contact
            mail = ad.email(i) if i % 3 else ""
            contacts.append(ContactIn(name=who, role=role, email=mail))
        assoc = service.register(
            session,
            p,
            AssociationIn(
                name=name,
                orgnr=ad.orgnr(i),
                kinds=list(kinds),
                district_ids=[areas[d] for d in districts],
                contacts=contacts,
            ),
            org_id=orgs[by].id,  # type: ignore[union-attr]
        )
        assoc.created_at = _at(first_day - timedelta(days=40 + i), 9, cap)
        registered.append(assoc)

    pairs = [(i, s) for i, row in enumerate(ad.ASSOCIATIONS) for s in row[3]]
    last_fates, this_fates = fates(len(pairs))
    held = last_fates.index("short") if "short" in last_fates else -1
    acts = _Activities(rng, until, cap)
    for k, (i, backer) in enumerate(pairs):
        assoc = registered[i]
        name, kinds, districts, _b, _c = ad.ASSOCIATIONS[i]
        templates = ad.COMMITMENTS[kinds[0]]
        chosen = [templates[0]] + [t for t in templates[1:] if rng.random() < 0.5]
        own = [d for d in districts if backer == ad.KOMMUN or d != ad.TOWN]
        main = areas[rng.choice(own)]
        required = [rng.randint(lo, hi) for _d, _f, _u, (lo, hi) in chosen]
        amount = min(150_000, max(5_000, 1_000 * rng.randint(5, 45) * len(chosen)))
        lok = k % 2 == 0
        for year, fate in ((last_year, last_fates[k]), (this_year, this_fates[k])):
            commitments = [
                CommitmentIn(
                    description=text.format(n=n, district=_name(areas, main)),
                    required=n,
                    unit=unit,
                    forms=list(forms),
                    district_id=main if j == 0 else None,
                )
                for j, ((text, forms, unit, _r), n) in enumerate(zip(chosen, required, strict=True))
            ]
            rules = LOK if lok else Rules()
            agreement = service.create_agreement(
                session,
                supporters[backer],  # type: ignore[arg-type]
                AgreementIn(
                    association_id=assoc.id,
                    supporter_org_id=orgs[backer].id,  # type: ignore[union-attr]
                    title=f"{_TITLES[backer]} {year}: {name}",
                    amount_sek=amount,
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    counter_performance=_words(backer, commitments),
                    commitments=commitments,
                    payment_periods=2,
                    rule_min_minutes=rules.min_minutes,
                    rule_min_leaders=rules.min_leaders,
                    rule_min_participants=rules.min_participants,
                    rule_age_min=rules.age_min,
                    rule_age_max=rules.age_max,
                ),
            )
            agreement.created_at = _at(date(year - 1, 12, 1) + timedelta(days=k % 20), 11, cap)
            _periods(rng, agreement, fate, until, cap, hold=fate == "short" and k == held)
            reporter_id = (
                reporter.id if reporter is not None and assoc.org_id in reporter_orgs else None
            )
            _deliver(acts, agreement, reporter_id, fate, lok)

    # the associations without an agreement report a few activities of their own this year
    for i, (_n, kinds, districts, backers, _c) in enumerate(ad.ASSOCIATIONS):
        if backers:
            continue
        start = date(this_year, 1, 1)
        forms = ad.COMMITMENTS[kinds[0]][0][1]
        n = max(1, ((until - start).days + 1) // 14)
        for day in _days(rng, start, until, n):
            form = rng.choice(forms)
            acts.add(
                acts.draw(kinds[0], form, Rules()),
                association_id=registered[i].id,
                agreement_id=None,
                reporter=None,
                day=day,
                district_id=areas[rng.choice(districts)],
                kind=kinds[0],
                form=form,
            )
    session.flush()
    return acts.store(session)


def _name(areas: dict[str, int], area_id: int) -> str:
    return next(name for name, i in areas.items() if i == area_id)


def _words(backer: str, commitments: list[CommitmentIn]) -> str:
    """The counter-performance in words, as the agreement states it."""
    what = "; ".join(c.description for c in commitments)
    who = "Stångåstadens hyresgäster" if backer == ad.HOUSING else "stadsdelens barn och unga"
    return f"Föreningen åtar sig under avtalsåret: {what}. Verksamheten riktar sig till {who}."

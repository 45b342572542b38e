"""The demo's associations: forty of them in the districts with made-up organisation numbers,
two years of agreements with Stångåstaden and Linköpings kommun — last year's delivered, this
year's several behind their pace on the seed's day, whichever it is — and the association's
reporter seeing its own agreements only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from samverkan.associations import present, queries
from samverkan.associations.analysis.rules import LOK
from samverkan.associations.models import (
    Activity,
    Agreement,
    Association,
    Attendance,
    PaymentPeriod,
)
from samverkan.core import crypto
from samverkan.core.orgnr import orgnr
from samverkan.core.settings import Settings
from samverkan.core.timeutil import STOCKHOLM
from samverkan.demo import associations_data as ad
from samverkan.demo import data
from samverkan.demo.service import seed
from samverkan.orgs import policy
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

DAY = date(2025, 6, 11)  # the demo as made that day, whatever day the test runs
OTHER_DAYS = [
    pytest.param(date(2024, 11, 20), id="late-autumn"),
    pytest.param(date(2026, 1, 2), id="the-second-of-january"),
]


def principal(db: Session, email: str) -> Principal:
    user = org_queries.user_by_email(db, email)
    assert user is not None, email
    return org_queries.principal_for_user(db, user)


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), STOCKHOLM).astimezone(UTC)


def of_year(db: Session, year: int) -> list[Agreement]:
    return [a for a in db.scalars(select(Agreement)).unique() if a.period_start.year == year]


def behind_and_done(db: Session, on: date) -> tuple[list[bool], list[bool]]:
    """This year's agreements behind on ``on``, last year's delivered in full."""
    this = [present.followup(db, a, on) for a in of_year(db, on.year)]
    last = [present.followup(db, a, on) for a in of_year(db, on.year - 1)]
    return [f.behind for f in this], [all(c.status == "done" for c in f.commitments) for f in last]


@pytest.fixture(scope="class")
def demo(settings: Settings, engine: Engine) -> Iterator[Session]:
    """The demo with its associations (and no history), seeded once for the class."""
    crypto.configure(crypto.KeyRing.from_settings(settings))
    conn = engine.connect()
    outer = conn.begin()
    s = sessionmaker(bind=conn, join_transaction_mode="create_savepoint")()
    assert seed(s, DAY, incidents=False, associations=True)
    s.flush()
    yield s
    s.close()
    outer.rollback()
    conn.close()


class TestTheSeededAssociations:
    def test_forty_associations_with_valid_distinct_orgnr_in_the_districts(
        self, demo: Session
    ) -> None:
        found = list(demo.scalars(select(Association)).unique())
        assert len(found) == 40
        numbers = [a.orgnr for a in found]
        assert len(set(numbers)) == 40
        assert all(orgnr(n) == n and n.startswith("80") for n in numbers)
        districts = {d.name for a in found for d in a.districts}
        assert districts == {"Skäggetorp", "Ryd", "Berga", data.TOWN}
        kinds = {k for a in found for k in a.kinds}
        assert kinds >= {"idrott", "kultur", "dans", "teater", "musik", "programmering"}
        assert "laxhjalp" in kinds
        own = {"Hemgårdarnas BK", "Läxhjälpen"}
        names = {a.name for a in found}
        assert own <= names
        assert all(n.endswith("(demo)") for n in names - own)
        for a in found:
            assert all(c.email == "" or c.email.endswith("@example.se") for c in a.contacts)
        assert sum(bool(a.contacts) for a in found) >= 30

    def test_the_demos_own_associations_are_linked_to_their_organisations(
        self, demo: Session
    ) -> None:
        for name in ("Hemgårdarnas BK", "Läxhjälpen"):
            org = org_queries.org_by_name(demo, name)
            assert org is not None and org.kind == "forening"
            assoc = demo.scalar(select(Association).where(Association.org_id == org.id))
            assert assoc is not None and assoc.name == name
        forening = {o.name for o in org_queries.all_orgs(demo) if o.kind == "forening"}
        assert len(forening) == 40  # one organisation each, none twice

    def test_agreements_for_last_year_and_this_with_half_under_loks_rules(
        self, demo: Session
    ) -> None:
        this, last = of_year(demo, DAY.year), of_year(demo, DAY.year - 1)
        assert len(this) == len(last) >= 30
        assert demo.scalar(select(func.count(Agreement.id))) == len(this) + len(last)
        supporters = Counter(a.supporter.name for a in this)
        assert set(supporters) == {"Stångåstaden", "Linköpings kommun"}
        assert min(supporters.values()) >= 10
        with_agreement = {a.association_id for a in this}
        assert 30 <= len(with_agreement) < 40  # most, not all
        for a in this + last:
            assert (a.period_start.month, a.period_start.day) == (1, 1)
            assert a.period_end == date(a.period_start.year, 12, 31)
            assert 5_000 <= a.amount_sek <= 150_000
            assert 1 <= len(a.commitments) <= 3
            assert a.title.endswith(a.association.name) and a.counter_performance
            assert [(p.period_start.month, p.period_end.month) for p in a.periods] == [
                (1, 6),
                (7, 12),
            ]
            assert sum(p.amount_sek for p in a.periods) == a.amount_sek
        lok = [a for a in this if queries.rules(a) == LOK]
        assert 0.4 <= len(lok) / len(this) <= 0.6
        assert all(queries.rules(a).empty for a in this if a not in lok)
        descriptions = [c.description for a in this for c in a.commitments]
        assert any("öppna träningar för 7–20-åringar i" in d for d in descriptions)
        assert any(d.endswith("evenemang för de boende") for d in descriptions)

    def test_last_years_periods_are_reported_and_released_but_one(self, demo: Session) -> None:
        periods = [p for a in of_year(demo, DAY.year - 1) for p in a.periods]
        assert all(p.reported_at is not None for p in periods)
        held = [p for p in periods if p.status == "reported"]
        assert len(held) == 1 and held[0].period_end == date(DAY.year - 1, 12, 31)
        this = [p for a in of_year(demo, DAY.year) for p in a.periods]
        assert {p.status for p in this} == {"waiting"}  # the first half-year ends on 30 June
        latest = max(
            t for p in periods + this for t in (p.reported_at, p.released_at) if t is not None
        )
        assert latest < end_of(DAY)

    def test_this_year_several_are_behind_and_last_year_most_delivered(self, demo: Session) -> None:
        behind, done = behind_and_done(demo, DAY)
        assert 5 <= sum(behind) <= len(behind) // 2
        assert sum(done) >= 0.85 * len(done) and not all(done)
        statuses = Counter(
            c.status
            for a in of_year(demo, DAY.year)
            for c in present.followup(demo, a, DAY).commitments
        )
        assert statuses["ahead"] >= 2 and statuses["on_track"] >= 10

    def test_some_activities_miss_the_rules_too_short_or_without_a_leader(
        self, demo: Session
    ) -> None:
        missed: Counter[str] = Counter()
        for a in of_year(demo, DAY.year):
            for c in present.followup(demo, a, DAY).commitments:
                missed.update(c.not_counted)
        assert missed["too_short"] >= 10 and missed["no_leader"] >= 10

    def test_activities_have_attendance_by_age_and_gender_within_the_rules_of_reporting(
        self, demo: Session
    ) -> None:
        acts = list(demo.scalars(select(Activity)))
        assert 1_500 <= len(acts) <= 6_000
        assert max(a.held_on for a in acts) <= DAY
        assert max(a.reported_at for a in acts) < end_of(DAY)
        agreements = {a.id: a for a in demo.scalars(select(Agreement)).unique()}
        districts = {
            a.id: {d.id for d in a.districts} for a in demo.scalars(select(Association)).unique()
        }
        for act in acts:
            assert act.district_id in districts[act.association_id]
            assert act.participants == sum(x.people for x in act.attendance) > 0
            if act.agreement_id is not None:
                ag = agreements[act.agreement_id]
                assert ag.association_id == act.association_id
                assert ag.period_start <= act.held_on <= ag.period_end
        assert sum(a.agreement_id is None for a in acts) >= 20  # on their own
        people: Counter[tuple[str, str]] = Counter()
        for x in demo.scalars(select(Attendance)):
            people[(x.age_band, x.gender)] += x.people
        total = sum(people.values())
        young = sum(n for (band, _g), n in people.items() if band in ("7-12", "13-16", "17-20"))
        assert young / total >= 0.8
        girls = sum(n for (_b, g), n in people.items() if g == "flicka") / total
        assert 0.35 <= girls <= 0.6
        by_kind: dict[str, Counter[str]] = {}
        for act in acts:
            for x in act.attendance:
                by_kind.setdefault(act.kind, Counter())[x.gender] += x.people
        assert by_kind["dans"]["flicka"] > 3 * by_kind["dans"]["pojke"]
        assert by_kind["idrott"]["pojke"] > 1.5 * by_kind["idrott"]["flicka"]

    def test_hemgardarnas_reporter_sees_its_own_agreements_only(self, demo: Session) -> None:
        p = principal(demo, ad.REPORTER)
        org = org_queries.org_by_name(demo, "Hemgårdarnas BK")
        assert org is not None and policy.association_org_ids(p) == {org.id}
        own = queries.agreements(demo, p)
        assert len(own) == 4  # Stångåstaden's and the municipality's, both years
        assert {a.association.name for a in own} == {"Hemgårdarnas BK"}
        assert {a.supporter.name for a in own} == {"Stångåstaden", "Linköpings kommun"}
        other = next(a for a in of_year(demo, DAY.year) if a.association.name != org.name)
        assert queries.agreement(demo, p, other.id) is None
        assert queries.agreements(demo, p, association_id=other.association_id) == []
        reported = demo.scalars(
            select(Activity.reported_by_user_id).where(Activity.agreement_id == own[0].id)
        ).all()
        assert reported and set(reported) == {p.user_id}
        # Läxhjälpen's account only reads: it reports nothing and sees no agreement
        reader = principal(demo, "laxhjalpen@laxhjalpen.demo")
        assert queries.agreements(demo, reader) == []

    def test_stangastadens_support_account_follows_its_own_agreements(self, demo: Session) -> None:
        (row,) = [u for u in data.USERS if u[0] == "foreningsstod@stangastaden.demo"]
        assert row[2:4] == ("Stångåstaden", ("handlaggare",))
        assert row[5] == "föreningsstöd: avtal och motkrav"
        p = principal(demo, row[0])
        seen = queries.agreements(demo, p)
        assert seen and {a.supporter.name for a in seen} == {"Stångåstaden"}
        assert (
            len(seen)
            == sum(a.supporter.name == "Stångåstaden" for a in of_year(demo, DAY.year)) * 2
        )
        assert len(queries.associations(demo, p)) == 40  # the districts its EST group covers

    def test_seeding_again_changes_nothing(self, demo: Session) -> None:
        before = [demo.scalar(select(func.count(t.id))) for t in (Association, Agreement, Activity)]
        assert seed(demo, DAY, incidents=False, associations=True) is False
        after = [demo.scalar(select(func.count(t.id))) for t in (Association, Agreement, Activity)]
        assert before == after


@pytest.mark.parametrize("day", OTHER_DAYS)
def test_on_another_day_this_year_is_behind_and_nothing_comes_after_it(
    db: Session, day: date
) -> None:
    assert seed(db, day, incidents=False, associations=True)
    db.flush()
    assert {a.period_start.year for a in db.scalars(select(Agreement)).unique()} == {
        day.year - 1,
        day.year,
    }
    behind, done = behind_and_done(db, day)
    assert sum(behind) >= 5 and sum(done) >= 0.85 * len(done)
    assert db.scalar(select(func.max(Activity.held_on))) <= day
    assert db.scalar(select(func.max(Activity.reported_at))) < end_of(day)
    latest = db.scalar(select(func.max(PaymentPeriod.released_at)))
    assert latest is not None and latest < end_of(day)
    first = Counter(
        p.status
        for a in of_year(db, day.year)
        for p in a.periods
        if p.period_start == date(day.year, 1, 1)
    )
    if day.month >= 8:  # this year's first half-year: mostly in, a few reports still to come
        assert first["released"] > first["waiting"] > 0
    else:
        assert set(first) == {"waiting"}


def _contents(db: Session) -> list[tuple[object, ...]]:
    rows = db.execute(
        select(
            Association.orgnr,
            Activity.held_on,
            Activity.form,
            Activity.minutes,
            Activity.leaders,
            Activity.participants,
        ).join(Association, Association.id == Activity.association_id)
    )
    return sorted(tuple(r) for r in rows)


def test_two_seeds_on_the_same_day_give_the_same_data(db: Session) -> None:
    first = db.begin_nested()
    assert seed(db, DAY, incidents=False, associations=True)
    db.flush()
    once = _contents(db)
    first.rollback()
    db.expunge_all()
    assert seed(db, DAY, incidents=False, associations=True)
    db.flush()
    assert _contents(db) == once and len(once) > 1_000

"""The demo's district development: RegSO-like codes on the districts, their profiles (Ryd's
500 new rental flats, 100 finished), ten years of every stored indicator per district and for
the municipality, a district plan per district whose goals are on track, behind and reached on
the seed's day, and an intervention in Skäggetorp that is evaluated honestly with too few
comparison districts for a synthetic control."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from samverkan.actions.models import Action
from samverkan.core import crypto
from samverkan.core.settings import Settings
from samverkan.demo import data
from samverkan.demo import districts as demo_districts
from samverkan.demo import districts_data as dd
from samverkan.demo.service import seed
from samverkan.districts import evaluation, present, queries
from samverkan.districts.analysis.synth import VERDICTS
from samverkan.districts.catalogue import CATALOGUE
from samverkan.districts.models import (
    AreaProfile,
    DistrictPlan,
    IndicatorValue,
    StatImport,
)
from samverkan.geo.models import Area
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

DAY = date(2026, 6, 30)  # the demo as made that day, whatever day the test runs
YEARS = list(range(2016, 2026))  # the ten whole years before it
STORED = [e.code for e in CATALOGUE if e.est_category is None]


def principal(db: Session, email: str) -> Principal:
    user = org_queries.user_by_email(db, email)
    assert user is not None, email
    return org_queries.principal_for_user(db, user)


def areas(db: Session) -> dict[str, Area]:
    return {a.name: a for a in db.scalars(select(Area))}


def statuses(db: Session, p: Principal, on: date) -> dict[str, dict[str, list[str]]]:
    """Each plan's goals' statuses, and each of their targets', as of ``on``."""
    names = {a.id: a.name for a in db.scalars(select(Area))}
    out: dict[str, dict[str, list[str]]] = {}
    for plan in queries.plans(db, p):
        goals = present.follow_up(db, p, plan, on)
        out[names[plan.area_id]] = {
            g.title: [g.status, *(t.follow_up.status for t in g.targets)] for g in goals
        }
    return out


def seeded(s: Session, day: date) -> None:
    """The demo with its EST history and actions (needed by the EST goals) and the districts."""
    assert seed(
        s, day, people=False, employment=False, housing=False, associations=False, districts=True
    )
    s.flush()


@pytest.fixture(scope="class")
def demo(settings: Settings, engine: Engine) -> Iterator[Session]:
    """The demo as made on DAY, seeded once for the class."""
    crypto.configure(crypto.KeyRing.from_settings(settings))
    conn = engine.connect()
    outer = conn.begin()
    s = sessionmaker(bind=conn, join_transaction_mode="create_savepoint")()
    seeded(s, DAY)
    yield s
    s.close()
    outer.rollback()
    conn.close()


class TestTheSeededDistricts:
    def test_the_districts_have_regso_like_codes(self, demo: Session) -> None:
        found = {name: a.code for name, a in areas(demo).items()}
        assert found == {
            data.MUNICIPALITY: "0580",
            "Skäggetorp": "0580R005",
            "Ryd": "0580R010",
            "Berga": "0580R020",
            data.TOWN: "0580R030",
        }

    def test_the_profiles_classification_type_and_ryds_new_homes(self, demo: Session) -> None:
        by_name = areas(demo)
        prof = {
            name: demo.get(AreaProfile, a.id)
            for name, a in by_name.items()
            if name != data.MUNICIPALITY
        }
        skg, ryd, berga, town = (prof[n] for n in ("Skäggetorp", "Ryd", "Berga", data.TOWN))
        assert skg is not None and ryd is not None and berga is not None and town is not None
        assert (skg.police_class, skg.police_class_year, skg.area_type) == (
            "sarskilt_utsatt",
            2015,
            1,
        )
        assert (ryd.police_class, ryd.area_type) == ("utsatt", 2)
        assert (ryd.homes_planned, ryd.homes_finished) == (500, 100)
        assert "500 nya hyreslägenheter" in ryd.homes_note and "100" in ryd.homes_note
        assert (berga.police_class, berga.area_type) == (None, 2)
        assert town.area_type is not None and 3 <= town.area_type <= 5
        assert skg.area_type_year == DAY.year - 2

    def test_ten_years_of_every_stored_indicator_per_district_and_the_municipality(
        self, demo: Session
    ) -> None:
        assert len(STORED) == 23
        for name, a in areas(demo).items():
            for code in STORED:
                ind = queries.indicator_by_code(demo, code)
                assert ind is not None
                got = queries.stored_series(demo, ind.id, [a.id])[a.id]
                assert sorted(got) == YEARS, (name, code)
        total = demo.scalar(select(func.count(IndicatorValue.id)))
        assert total == 5 * 23 * 10

    def test_the_levels_are_plausible(self, demo: Session) -> None:
        by_name = areas(demo)

        def series(code: str, name: str) -> list[float]:
            ind = queries.indicator_by_code(demo, code)
            assert ind is not None
            got = queries.stored_series(demo, ind.id, [by_name[name].id])[by_name[name].id]
            return [got[y] for y in YEARS]

        skg = series("sysselsattning_20_64", "Skäggetorp")
        kommun = series("sysselsattning_20_64", data.MUNICIPALITY)
        assert 45 <= skg[0] < skg[-1] <= 60 and 52 <= sum(skg) / 10 <= 56  # about 55 %, rising
        assert all(76 <= v <= 82 for v in kommun)  # about 80 %
        for name in by_name:
            young, working, old, total = (
                series(c, name) for c in ("bef_0_19", "bef_20_64", "bef_65_plus", "bef_totalt")
            )
            assert [a + b + c for a, b, c in zip(young, working, old, strict=True)] == total
            own, tenant, rent = (
                series(c, name)
                for c in ("aganderatt_andel", "bostadsratt_andel", "hyresratt_andel")
            )
            assert all(
                abs(a + b + c - 100) < 0.15 for a, b, c in zip(own, tenant, rent, strict=True)
            )
            assert all(0 <= v <= 100 for v in series("trygghetsindex", name))
        # the population of the last year is the demo's
        pops = {name: pop for name, pop, _outline in data.DISTRICTS}
        for name, pop in pops.items():
            assert series("bef_totalt", name)[-1] == pop
        assert series("bef_totalt", data.MUNICIPALITY)[-1] == 167_000
        # Ryd's first 100 of the 500 new flats: finished in the last two years
        assert sum(series("nya_bostader", "Ryd")[-2:]) == 100
        ryd_homes = series("bostader", "Ryd")
        assert ryd_homes[-1] - ryd_homes[-3] == 100
        # Skäggetorp's safety index stepped up with its own trygghetsvärdar
        tix = series("trygghetsindex", "Skäggetorp")
        start = YEARS.index(DAY.year + dd.INTERVENTION_START)
        assert min(tix[start:]) > max(tix[:start])

    def test_two_statistics_imports_that_placed_every_code(self, demo: Session) -> None:
        found = list(demo.scalars(select(StatImport).order_by(StatImport.id)))
        assert [i.format for i in found] == ["csv", "csv"]
        kommun = org_queries.org_by_name(demo, data.MUNICIPALITY)
        housing = org_queries.org_by_name(demo, "Stångåstaden")
        assert kommun is not None and housing is not None
        assert [i.org_id for i in found] == [kommun.id, housing.id]
        assert found[1].indicator_codes == ["produktindex", "serviceindex", "trygghetsindex"]
        assert sorted(found[0].indicator_codes + found[1].indicator_codes) == sorted(STORED)
        assert all(i.unmatched == [] and i.years == YEARS for i in found)
        assert sum(i.added for i in found) == 5 * 23 * 10

    def test_a_plan_per_district_by_its_owner(self, demo: Session) -> None:
        by_id = {a.id: a.name for a in areas(demo).values()}
        orgs = {o.id: o.name for o in org_queries.all_orgs(demo)}
        plans = list(demo.scalars(select(DistrictPlan)))
        owners = {by_id[p.area_id]: orgs[p.owner_org_id] for p in plans}
        assert owners == {
            "Skäggetorp": "Stångåstaden",
            "Ryd": "Stångåstaden",
            "Berga": "Stångåstaden",
            data.TOWN: data.MUNICIPALITY,
        }
        for p in plans:
            assert (p.first_year, p.last_year) == (DAY.year - 2, DAY.year + 2)
            assert p.title.endswith(f"{DAY.year - 2}–{DAY.year + 2}")
            assert 2 <= len(p.goals) <= 4
            assert all(g.targets for g in p.goals)
        programs = {m.program for p in plans for g in p.goals for m in g.measures}
        assert {"sysselsattning", "boende", "foreningar"} <= programs
        titles = " ".join(m.title for p in plans for g in p.goals for m in g.measures)
        assert "Jobbfabriken" in titles and "Linkstep" in titles and "En väg in" in titles

    def test_the_follow_up_shows_goals_on_track_behind_and_reached(self, demo: Session) -> None:
        for email in (dd.HOUSING_USER, dd.ANALYST):
            got = statuses(demo, principal(demo, email), DAY)
            assert set(got) == {"Skäggetorp", "Ryd", "Berga", data.TOWN}
            goals = Counter(s[0] for plan in got.values() for s in plan.values())
            assert set(goals) == {"on_track", "behind", "reached"}, got
            assert goals["behind"] >= 3 and goals["on_track"] >= 3
            assert got["Ryd"]["Nya hyresrätter i Ryd"] == ["behind", "behind"]  # 100 of 500
            assert got["Ryd"]["Fler behöriga till gymnasiet"][0] == "reached"
            # the EST goals: Skäggetorp's klotter falling, Berga's rising at the centre
            assert got["Skäggetorp"]["Mindre klotter"] == ["on_track", "on_track"]
            assert got["Berga"]["Mindre klotter runt Berga centrum"] == ["behind", "behind"]
            assert all(s != "no_data" for plan in got.values() for g in plan.values() for s in g)

    def test_the_est_goals_are_counted_from_the_reports_with_actions_linked(
        self, demo: Session
    ) -> None:
        p = principal(demo, dd.HOUSING_USER)
        by_name = areas(demo)
        ind = queries.indicator_by_code(demo, "est_klotter")
        assert ind is not None
        linked = []
        for plan in queries.plans(demo, p):
            for g in present.follow_up(demo, p, plan, DAY):
                for t in g.targets:
                    if t.indicator.code == "est_klotter":
                        counted = queries.series(demo, p, ind, [plan.area_id], DAY)[plan.area_id]
                        assert t.values == counted and counted[DAY.year - 1] > 20
                        assert t.follow_up.latest_year == DAY.year - 1
                        assert t.target.deadline_year == DAY.year + 2
                        linked.extend(g.action_ids)
        assert len(linked) == 2
        actions = [demo.get(Action, i) for i in linked]
        titles = {a.title: a.area_id for a in actions if a is not None}
        assert titles == {
            "Klottersanering i trapphusen": by_name["Skäggetorp"].id,
            "Sanera klottret vid Berga centrum": by_name["Berga"].id,
        }
        ryd_links = [
            a
            for plan in queries.plans(demo, p, by_name["Ryd"].id)
            for g in plan.goals
            for a in g.action_links
        ]
        assert len(ryd_links) == 2

    def test_the_intervention_evaluates_with_too_few_comparison_districts(
        self, demo: Session
    ) -> None:
        p = principal(demo, dd.ANALYST)
        (item,) = queries.interventions(demo, p)
        assert item.title == "Egna trygghetsvärdar ersätter väktare"
        assert item.start_year == 2021
        e = evaluation.evaluate(demo, p, item, DAY)
        assert e.area.name == "Skäggetorp" and e.years == YEARS
        assert {a.name for a in e.donors} == {"Ryd", "Berga", data.TOWN}
        assert e.result is not None
        assert e.result.synth.code == "too_few"
        assert VERDICTS["too_few"] == "för få jämförelseområden för att säga något"
        assert e.result.synth.verdict == VERDICTS["too_few"]
        did = e.result.did
        assert did.code != "too_few" and did.estimate > 3  # the planted step of 6.5
        json.dumps(evaluation.as_json(e), allow_nan=False)

    def test_dialogue_notes_for_skaggetorp_and_ryd_without_personal_data(
        self, demo: Session
    ) -> None:
        by_name = areas(demo)
        skg = queries.dialogue_notes(demo, by_name["Skäggetorp"].id)
        ryd = queries.dialogue_notes(demo, by_name["Ryd"].id)
        assert len(skg) == 3 and len(ryd) == 2
        assert not queries.dialogue_notes(demo, by_name["Berga"].id)
        for n in skg + ryd:
            assert n.redacted_count == 0 and n.held_on < DAY and n.body
        assert {n.kind for n in skg + ryd} >= {"dialog", "intervju", "enkat", "vandring"}

    def test_a_second_seed_changes_nothing(self, demo: Session) -> None:
        before = demo.scalar(select(func.count(IndicatorValue.id)))
        assert seed(demo, DAY, districts=True) is False
        assert demo.scalar(select(func.count(IndicatorValue.id))) == before


def test_the_values_and_the_follow_up_do_not_move_with_the_day(db: Session) -> None:
    """Made on another day the stored series are the same numbers a year later or earlier, so
    the stored goals are judged alike; the EST goals still come out on track and behind."""
    other = date(2025, 1, 3)  # the third of January, ISO week 1
    seeded(db, other)
    p = principal(db, dd.HOUSING_USER)
    got = statuses(db, p, other)
    assert got["Skäggetorp"]["Mindre klotter"][0] == "on_track"
    assert got["Berga"]["Mindre klotter runt Berga centrum"][0] == "behind"
    ryd = areas(db)["Ryd"]
    assert demo_districts.first_year(other) == 2015
    ind = queries.indicator_by_code(db, "behorighet_gymnasiet")
    assert ind is not None
    values = queries.stored_series(db, ind.id, [ryd.id])[ryd.id]
    assert sorted(values) == list(range(2015, 2025))
    assert [values[y] for y in sorted(values)] == demo_districts.yearly("Ryd")[
        "behorighet_gymnasiet"
    ]


def test_without_the_history_the_districts_come_only_when_asked(db: Session) -> None:
    """By default the districts come with the programs (which come with the EST history);
    asked for without the history, the EST goals have no data yet and no action linked."""
    assert seed(db, DAY, incidents=False)
    assert db.scalar(select(func.count(IndicatorValue.id))) == 0
    assert db.scalar(select(func.count(DistrictPlan.id))) == 0


def test_the_districts_without_the_est_history(db: Session) -> None:
    assert seed(db, DAY, incidents=False, districts=True)
    db.flush()
    got = statuses(db, principal(db, dd.HOUSING_USER), DAY)
    assert got["Skäggetorp"]["Mindre klotter"] == ["no_data", "no_data"]
    assert got["Ryd"]["Nya hyresrätter i Ryd"] == ["behind", "behind"]
    links = [a for p in db.scalars(select(DistrictPlan)) for g in p.goals for a in g.action_links]
    assert links == []

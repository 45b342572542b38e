"""A program's dashboard (``employment.reports.dashboard``) at 50 000 participants, against the
same figures computed the naive way: every participant loaded through the ORM with their stage
changes and follow-ups, and counted in Python (``analysis.flows.stage_times`` for the days in
each stage, ``collections.Counter`` for the rest).

The data, synthetic and seeded, in a migrated SQLite file, inserted in bulk with SQLAlchemy
core ``insert()``: one organisation, one program, 10 districts, 50 000 people of the register
(a name and personnummer encrypted as the model requires) and their participants, referred on
a day of the last three years, each moving forward along the pathway with 3–60 days between
steps (about 5 stage changes each, some stopping early), placed with a kind and exited with a
reason where they got there, the follow-ups at 1, 6 and 12 months after an exit planned and the
earlier ones mostly recorded. Each stage change carries its program and the day of the next
change (``left_on``), as the flush hook of ``employment.tallies`` sets them on every write; the
tallies the hook would have added are counted from the rows inserted (``tallies.recount``) and
stored with ``tallies.apply``, as ``tallies.rebuild`` does.

The goal: the dashboard made from the tallies and that month's rows (cold, the median of 3
after a warm-up) under 200 ms; the dashboard kept after it was made, served while nothing has
changed (warm, the version reads checked every time, median of 5), is reported beside it. The
peer is timed once. Both must give the same stage counts, days in each stage, entries per month,
placements and exits by district and follow-ups by status.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import Result, median, thin

N = int(os.environ.get("SAMVERKAN_BENCH_DASHBOARD_PARTICIPANTS", "50000"))
GOAL_MS = 200.0
ON = date(2026, 6, 30)
STAGES = ("referred", "intake", "mapped", "active", "matched", "placed", "exited")
PLACEMENTS = ("employment", "internship", "studies", "own_business")
EXITS = ("job", "studies", "own_business", "self_sufficient", "moved", "health", "dropped_out")
AGES = ("15-17", "18-24", "25-29", "30-54", "55-64")
GENDERS = ("woman", "man", "other", "unknown")
STATUSES = ("employed", "studies", "own_business", "job_seeking", "inactive", "unknown")


def _setup(path: Path, n: int, seed: int) -> dict[str, Any]:
    from shapely.geometry import box
    from sqlalchemy import insert

    from samverkan.core.runtime import open_runtime
    from samverkan.employment import tallies
    from samverkan.employment.analysis.jobfactory import add_months
    from samverkan.employment.models import FollowUp, Participant, Program, StageChange
    from samverkan.geo import service as geo_service
    from samverkan.orgs import service as org_service
    from samverkan.orgs.schemas import OrgIn
    from samverkan.people.models import Person

    rng = np.random.default_rng(seed)
    rt = open_runtime(f"sqlite:///{path}")
    with rt.sessionmaker() as s:
        org = org_service.create_org(s, None, OrgIn(name="Bolaget", kind="bostadsbolag"))
        town = geo_service.save_area(s, name="Staden", kind="kommun", geom=box(15, 58, 16, 59))
        districts = [
            geo_service.save_area(
                s,
                name=f"Område {k + 1}",
                kind="stadsdel",
                geom=box(15 + k * 0.1, 58, 15.1 + k * 0.1, 58.1),
                parent=town,
            ).id
            for k in range(10)
        ]
        program = Program(org_id=org.id, name="Linkstep", kind="coaching")
        s.add(program)
        s.commit()
        org_id, program_id = org.id, program.id
        people, participants, changes, followups = [], [], [], []
        start0 = ON - timedelta(days=3 * 365)
        for i in range(1, n + 1):
            people.append(
                {"id": i, "org_id": org_id, "pnr": f"{i:012d}", "pnr_hash": f"h{i}", "name": "x"}
            )
            day = start0 + timedelta(days=int(rng.integers(0, 3 * 365)))
            steps = [("referred", day, None, None)]
            last = 0
            while last < len(STAGES) - 1 and rng.random() < 0.86:
                last += 1 if rng.random() < 0.8 else min(2, len(STAGES) - 1 - last)
                day = day + timedelta(days=int(rng.integers(3, 61)))
                if day > ON:
                    break
                stage = STAGES[last]
                kind = str(rng.choice(PLACEMENTS)) if stage == "placed" else None
                reason = str(rng.choice(EXITS)) if stage == "exited" else None
                steps.append((stage, day, kind, reason))
            placed = next((x for x in steps if x[0] == "placed"), None)
            exited = next((x for x in steps if x[0] == "exited"), None)
            intake = next((x for x in steps if x[0] != "referred"), None)
            participants.append(
                {
                    "id": i,
                    "org_id": org_id,
                    "program_id": program_id,
                    "person_id": i,
                    "referral": "af",
                    "entry_status": "long_term_unemployed",
                    "age_band": AGES[int(rng.integers(0, len(AGES)))],
                    "gender": GENDERS[int(rng.integers(0, 4))],
                    "education": "isced_0_2",
                    "district_id": districts[int(rng.integers(0, 10))],
                    "languages": [],
                    "occupations": [],
                    "skills": [],
                    "licence": False,
                    "stage": steps[-1][0],
                    "stage_since": steps[-1][1],
                    "referred_on": steps[0][1],
                    "intake_on": intake[1] if intake else None,
                    "placement": placed[2] if placed else None,
                    "placed_on": placed[1] if placed else None,
                    "exit_reason": exited[3] if exited else None,
                    "exited_on": exited[1] if exited else None,
                }
            )
            for k, (stage, on, kind, reason) in enumerate(steps):
                changes.append(
                    {
                        "participant_id": i,
                        "program_id": program_id,
                        "stage": stage,
                        "entered_on": on,
                        "left_on": steps[k + 1][1] if k + 1 < len(steps) else None,
                        "placement": kind,
                        "exit_reason": reason,
                    }
                )
            if exited:
                for months in (1, 6, 12):
                    due = add_months(exited[1], months)
                    done = due <= ON and rng.random() < 0.8
                    followups.append(
                        {
                            "participant_id": i,
                            "months": months,
                            "due_on": due,
                            "done_on": due if done else None,
                            "status": str(rng.choice(STATUSES)) if done else None,
                        }
                    )
        for table, rows in (
            (Person, people),
            (Participant, participants),
            (StageChange, changes),
            (FollowUp, followups),
        ):
            for k in range(0, len(rows), 10_000):
                s.execute(insert(table), rows[k : k + 10_000])
        # what the flush hook adds on every write, counted from the rows inserted in bulk
        tallies.apply(s.connection(), tallies.recount(s.connection()), fresh=True)
        s.commit()
        s.execute(__import__("sqlalchemy").text("ANALYZE"))
        s.commit()
    rt.engine.dispose()
    return {"org": org_id, "program": program_id, "changes": len(changes)}


def _naive(s: Any, program_id: int, on: date) -> dict[str, Any]:
    """The same figures from every row loaded through the ORM, counted in Python."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from samverkan.employment.analysis import flows
    from samverkan.employment.analysis.jobfactory import add_months
    from samverkan.employment.models import FollowUp, Participant

    people = list(
        s.scalars(
            select(Participant)
            .options(selectinload(Participant.changes))
            .where(Participant.program_id == program_id, Participant.referred_on <= on)
        )
    )
    histories = [[(c.stage, c.entered_on) for c in x.changes] for x in people]
    times = flows.stage_times(histories, today=on, min_n=1)
    stages: Counter[str] = Counter()
    for h in histories:
        stages[[c for c in h if c[1] <= on][-1][0]] += 1
    first = add_months(on.replace(day=1), -11)
    monthly: Counter[tuple[date, str]] = Counter(
        (d.replace(day=1), st) for h in histories for st, d in h if first <= d <= on
    )
    outcomes: Counter[tuple[Any, ...]] = Counter()
    for x in people:
        placement = x.placement if x.placed_on and x.placed_on <= on else None
        reason = x.exit_reason if x.exited_on and x.exited_on <= on else None
        outcomes[(x.district_id, x.gender, x.age_band, placement, reason)] += 1
    ids = {x.id: x for x in people}
    follow: Counter[tuple[Any, ...]] = Counter()
    for f in s.scalars(select(FollowUp).where(FollowUp.participant_id.in_(list(ids)))):
        x = ids[f.participant_id]
        status = f.status if f.done_on and f.done_on <= on else "due" if f.due_on <= on else "-"
        follow[(x.district_id, x.gender, x.age_band, f.months, status)] += 1
    return {
        "times": times,
        "stages": stages,
        "monthly": monthly,
        "outcomes": outcomes,
        "follow": follow,
    }


def _same_outcomes(ours: Any, peer: dict[str, Any]) -> None:
    """The entries per month, the placements and exits by district and the follow-ups by
    status must be the peer's too."""
    flows = {(m.month, st): n for m in ours.flows for st, n in m.entered.items() if n}
    if flows != dict(peer["monthly"]):
        raise AssertionError(f"the entries per month differ:\n{flows}\n{dict(peer['monthly'])}")
    want: Counter[tuple[Any, ...]] = Counter()
    for (district, _g, _a, placement, reason), n in peer["outcomes"].items():
        want[(district, "placement", placement)] += n if placement else 0
        want[(district, "exit", reason)] += n if reason else 0
    got: Counter[tuple[Any, ...]] = Counter()
    for row in ours.by_district:
        for kind, n in row.placements.items():
            got[(row.group, "placement", kind)] += n
        for kind, n in row.exits.items():
            got[(row.group, "exit", kind)] += n
    if +got != +want:
        raise AssertionError(f"placements or exits differ:\n{got}\n{want}")
    follow: Counter[tuple[int, str]] = Counter()
    for (_d, _g, _a, months, status), n in peer["follow"].items():
        follow[(months, {"-": "not_due", None: "unknown"}.get(status, status))] += n
    mine = Counter({(m, st): n for m, c in ours.outcomes.followups.items() for st, n in c.items()})
    if mine != follow:
        raise AssertionError(f"the follow-ups differ:\n{mine}\n{follow}")


def run() -> list[Result]:
    from samverkan.core import crypto
    from samverkan.core.runtime import open_runtime
    from samverkan.employment import reports
    from samverkan.orgs.policy import Principal

    crypto.configure(crypto.KeyRing(os.urandom(32)))
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-dashboard-") as tmp:
        path = Path(tmp) / "dashboard.db"
        t0 = time.perf_counter()
        info = _setup(path, N, seed=12)
        made = time.perf_counter() - t0
        rt = open_runtime(f"sqlite:///{path}", upgrade=False)
        p = Principal(
            user_id=1, token_id=None, org_id=info["org"], roles={info["org"]: frozenset({"admin"})}
        )
        with rt.sessionmaker() as s:
            reports.dashboard(s, p, info["program"], on=ON, cached=False)  # warm up
            cold = []
            for _ in range(3):
                t1 = time.perf_counter()
                ours = reports.dashboard(s, p, info["program"], on=ON, cached=False)
                cold.append(time.perf_counter() - t1)
                s.expunge_all()
            cold_ms = median(cold) * 1000
            reports.clear_cache()
            reports.dashboard(s, p, info["program"], on=ON)
            runs = []
            for _ in range(5):
                t1 = time.perf_counter()
                kept = reports.dashboard(s, p, info["program"], on=ON)
                runs.append(time.perf_counter() - t1)
            ours_ms = median(runs) * 1000
            if kept != ours:
                raise AssertionError("the kept dashboard differs from a fresh one")
            t1 = time.perf_counter()
            peer = _naive(s, info["program"], ON)
            peer_ms = (time.perf_counter() - t1) * 1000
        rt.engine.dispose()
    got = [(t.stage, t.n, t.still, t.median, t.q1, t.q3) for t in ours.stage_times]
    want = [(t.stage, t.n, t.still, t.median, t.q1, t.q3) for t in peer["times"]]
    if got != want:
        raise AssertionError(f"the days in each stage differ:\n{got}\n{want}")
    if {k: v for k, v in ours.stages.items() if v} != dict(peer["stages"]):
        raise AssertionError(f"stage counts differ: {ours.stages} {peer['stages']}")
    if ours.participants != sum(peer["outcomes"].values()):
        raise AssertionError("participant counts differ")
    _same_outcomes(ours, peer)
    ratio = peer_ms / ours_ms
    cold_ratio = peer_ms / cold_ms
    return [
        Result(
            benchmark="dashboard",
            name=f"program dashboard, {thin(N)} participants, made (cold)",
            value=cold_ms,
            unit="ms",
            peer="every row through the ORM, counted in Python (flows.stage_times, Counter)",
            peer_value=peer_ms,
            ratio=cold_ratio,
            ratio_text=f"{cold_ratio:.0f}× faster",
            goal=f"< {GOAL_MS:.0f} ms",
            ok=cold_ms < GOAL_MS,
            notes=(
                "the tallies of the months before the day's month and that month's rows, "
                "median of 3 after a warm-up"
            ),
        ),
        Result(
            benchmark="dashboard",
            name=f"program dashboard, {thin(N)} participants, kept (warm)",
            value=ours_ms,
            unit="ms",
            peer="every row through the ORM, counted in Python (flows.stage_times, Counter)",
            peer_value=peer_ms,
            ratio=ratio,
            ratio_text=f"{ratio:.0f}× faster",
            goal=f"< {GOAL_MS:.0f} ms",
            ok=ours_ms < GOAL_MS,
            notes=(
                f"{thin(info['changes'])} stage changes; data made in {made:.0f} s; the kept "
                "dashboard checked against the version reads (latest audit event, participant, "
                "stage change, follow-up, seat term, areas), median of 5; the peer timed once; "
                "the same stage counts, days in each stage, entries, outcomes and follow-ups"
            ),
        ),
    ]

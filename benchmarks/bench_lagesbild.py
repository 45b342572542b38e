"""One week's lägesbild with 100 000 and with 5 000 000 incidents stored, in 200 areas.

Figure: ``samverkan.situation`` building the picture of one ISO week (counts per area ×
category, 4-week mean, last year, 52-week sparklines, signals over up to 3 years, heatmap,
hotspots and density of 4 weeks, notable incidents) for a reader of the municipality, on
SQLite files made for the purpose: a municipality with 200 districts (a 20 × 10 grid of 1 km
squares), two reporting organisations, 15 categories and N incidents at one pace, 25 000 a
year (about 2.4 a week per district, uneven over districts and categories, a point in the
district, a whole hour). N is thus the length of the history: 100 000 incidents are 4 years,
5 000 000 are 200 years. They are stored in the ``incident`` table and counted into the
weekly totals as the intake would have. "Flat" means the picture costs the same however long
the history is. "Warm" is a repeated request with nothing changed (the picture cache: what
the meeting's second reader gets); "cold" is the picture made from the totals
(``picture.build``, no cache). Medians of 5 (warm) or 3 (cold). N = 5 000 000 by default
(``SAMVERKAN_BENCH_LAGESBILD_ROWS`` changes it).

Peer: the same week's counts without the weekly totals: reading the 3 years of one district's
incidents the signals need (``occurred_at``, ``category_id`` from ``incident`` by the
``(area_id, occurred_at)`` index) and binning them per week in numpy, what a picture would cost
per district if it counted from the incidents.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import Result, median, thin

SIZES = (100_000, int(os.environ.get("SAMVERKAN_BENCH_LAGESBILD_ROWS", "5000000")))
PER_YEAR = 25_000
COLS, ROWS = 20, 10  # the districts: 1 km squares
GOAL_MS = 100.0
BANDS = ("natt", "morgon", "dag", "kvall")


def _setup(path: Path, n: int, seed: int) -> dict[str, Any]:
    """A migrated SQLite file with the municipality, 200 districts and n incidents."""
    from shapely.geometry import box
    from sqlalchemy import select

    from samverkan.core.runtime import open_runtime
    from samverkan.core.timeutil import STOCKHOLM, current_week
    from samverkan.geo import service as geo_service
    from samverkan.incidents.models import Category
    from samverkan.orgs import service as org_service
    from samverkan.orgs.schemas import GroupIn, OrgIn

    rt = open_runtime(f"sqlite:///{path}")
    lon0, lat0, dlon, dlat = 15.4, 58.35, 0.0172, 0.009  # about 1 km each way
    with rt.sessionmaker() as s:
        kommun = org_service.create_org(s, None, OrgIn(name="Kommunen", kind="kommun"))
        bolag = org_service.create_org(s, None, OrgIn(name="Bolaget", kind="bostadsbolag"))
        town = geo_service.save_area(
            s,
            name="Kommunen",
            kind="kommun",
            geom=box(
                lon0 - 0.05, lat0 - 0.05, lon0 + COLS * dlon + 0.05, lat0 + ROWS * dlat + 0.05
            ),
        )
        districts = []
        for i in range(COLS * ROWS):
            c, r = i % COLS, i // COLS
            x, y = lon0 + c * dlon, lat0 + r * dlat
            districts.append(
                geo_service.save_area(
                    s,
                    name=f"Område {i + 1}",
                    kind="stadsdel",
                    geom=box(x, y, x + dlon, y + dlat),
                    parent=town,
                )
            )
        group = org_service.create_group(s, None, GroupIn(name="EST", owner_org_id=kommun.id))
        org_service.set_group_members(s, None, group.id, {bolag.id})
        geo_service.set_group_areas(s, None, group.id, {town.id})
        cats = [c.id for c in s.scalars(select(Category).where(Category.parent_id.is_not(None)))]
        cats += [c.id for c in s.scalars(select(Category).where(Category.parent_id.is_(None)))]
        cats = cats[:15]
        s.commit()
        area_ids = np.array([d.id for d in districts])
        org_ids = np.array([kommun.id, bolag.id])
    week = current_week() - 1
    end_utc = (week + 1).start_utc()
    hours = max(4, round(n / PER_YEAR)) * 52 * 7 * 24
    start_utc = end_utc - timedelta(hours=hours)
    # the key parts of every whole hour of the 5 years, in Stockholm time
    mondays, weekdays, bands, stamps = [], [], [], []
    for h in range(hours):
        utc = start_utc + timedelta(hours=h)
        local = utc.astimezone(STOCKHOLM)
        day = local.date()
        mondays.append((day - timedelta(days=day.weekday())).isoformat())
        weekdays.append(day.weekday())
        bands.append(BANDS[(local.hour >= 6) + (local.hour >= 10) + (local.hour >= 18)])
        stamps.append(utc.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds"))
    rng = np.random.default_rng(seed)
    hour = rng.integers(0, hours, n)
    area_w = rng.gamma(2.0, 1.0, area_ids.size)
    area = rng.choice(area_ids.size, n, p=area_w / area_w.sum())
    cat_w = rng.gamma(1.5, 1.0, len(cats))
    cat = rng.choice(len(cats), n, p=cat_w / cat_w.sum())
    org = rng.integers(0, 2, n)
    cx, cy = area % COLS, area // COLS
    lon = np.round(lon0 + (cx + rng.random(n)) * dlon, 6)
    lat = np.round(lat0 + (cy + rng.random(n)) * dlat, 6)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # set-up only; the picture reads
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    sql = (
        "INSERT INTO incident (org_id, category_id, area_id, occurred_at, reported_at, lat, lon, "
        "precision, place_name, place_detail, description, severity, suspected, "
        "police_report_filed, police_report_ref, visibility, status, source, external_id, url, "
        "redacted_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'exakt', '', '', '', 2, 0, 0, "
        "'', 'delad', 'mottagen', 'import', ?, '', 0, ?)"
    )
    chunk = 200_000
    conn.execute("BEGIN")
    for a in range(0, n, chunk):
        b = min(n, a + chunk)
        conn.executemany(
            sql,
            (
                (
                    int(org_ids[org[i]]),
                    cats[cat[i]],
                    int(area_ids[area[i]]),
                    stamps[hour[i]],
                    now,
                    float(lat[i]),
                    float(lon[i]),
                    f"b{i}",
                    now,
                )
                for i in range(a, b)
            ),
        )
    # the weekly totals of the same rows, as the intake keeps them
    key = np.stack([hour, area, cat, org])
    uniq, counts_ = np.unique(key, axis=1, return_counts=True)
    slots: dict[tuple[Any, ...], int] = {}
    weeks: dict[tuple[Any, ...], int] = {}
    for (h, ai, ci, oi), k in zip(uniq.T.tolist(), counts_.tolist(), strict=True):
        base = (mondays[h], int(area_ids[ai]), cats[ci], int(org_ids[oi]), "delad")
        sk = (*base, weekdays[h], bands[h])
        slots[sk] = slots.get(sk, 0) + k
        weeks[base] = weeks.get(base, 0) + k
    conn.executemany(
        "INSERT INTO incident_slot_count (week, area_id, category_id, org_id, visibility, "
        "weekday, band, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((*k, v) for k, v in slots.items()),
    )
    conn.executemany(
        "INSERT INTO incident_week_count (week, area_id, category_id, org_id, visibility, n) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((*k, v) for k, v in weeks.items()),
    )
    conn.execute("UPDATE incident_totals_version SET n = n + 1")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    rt.engine.dispose()
    return {"week": week, "district": int(area_ids[int(np.argmax(area_w))]), "kommun": "Kommunen"}


def _check_totals(path: Path) -> bool:
    """The set-up's totals equal a recount from its incidents (the small size only)."""
    from samverkan.core.runtime import open_runtime
    from samverkan.incidents import counts

    rt = open_runtime(f"sqlite:///{path}", upgrade=False)
    with rt.engine.connect() as conn:
        ok = counts.stored(conn) == +counts.recount(conn)
    rt.engine.dispose()
    return ok


def _measure(path: Path, info: dict[str, Any]) -> dict[str, float]:
    from sqlalchemy import select

    from samverkan.core.runtime import open_runtime
    from samverkan.orgs import queries as org_queries
    from samverkan.orgs.models import Organisation
    from samverkan.situation import cache, picture

    rt = open_runtime(f"sqlite:///{path}", upgrade=False)
    out: dict[str, float] = {}
    with rt.sessionmaker() as s:
        org = s.scalar(select(Organisation).where(Organisation.name == info["kommun"]))
        assert org is not None
        p = org_queries.reader_for_org(s, org)
        week = info["week"]
        for label, areas in (("one", [info["district"]]), ("all", None)):
            cold = []
            for _ in range(3):
                t0 = time.perf_counter()
                pic = picture.build(s, p, week, areas)
                cold.append(time.perf_counter() - t0)
            assert pic.areas and sum(a.total for a in pic.areas) > 0
            cache.clear()
            cache.build(s, p, week, areas)
            warm = []
            for _ in range(5):
                t0 = time.perf_counter()
                cache.build(s, p, week, areas)
                warm.append(time.perf_counter() - t0)
            out[f"{label}_cold_ms"] = median(cold) * 1000
            out[f"{label}_warm_ms"] = median(warm) * 1000
    rt.engine.dispose()
    return out


def _peer_ms(path: Path, info: dict[str, Any]) -> float:
    """Counting one district's 3 years of weekly counts from the incidents themselves."""
    week = info["week"]
    start = (week - (3 * 52 + 3)).start_utc().replace(tzinfo=None).isoformat(sep=" ")
    end = (week + 1).start_utc().replace(tzinfo=None).isoformat(sep=" ")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        rows = conn.execute(
            "SELECT occurred_at, category_id FROM incident WHERE area_id = ? "
            "AND occurred_at >= ? AND occurred_at < ? AND status != 'dubblett'",
            (info["district"], start, end),
        ).fetchall()
        when = np.array([r[0][:10] for r in rows], dtype="datetime64[D]")
        cat = np.array([r[1] for r in rows])
        weeks = (when - np.datetime64(start[:10])).astype(int) // 7
        grid = np.zeros((cat.max() + 1 if cat.size else 1, int(weeks.max(initial=0)) + 1), int)
        np.add.at(grid, (cat, weeks), 1)
        times.append(time.perf_counter() - t0)
    conn.close()
    return median(times) * 1000


def run() -> list[Result]:
    figures: dict[int, dict[str, float]] = {}
    notes: list[str] = []
    peer = float("nan")
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-lagesbild-") as tmp:
        for i, n in enumerate(SIZES):
            path = Path(tmp) / f"lagesbild-{n}.db"
            t0 = time.perf_counter()
            info = _setup(path, n, seed=48 + i)
            made = time.perf_counter() - t0
            if i == 0 and not _check_totals(path):
                raise RuntimeError("the set-up's weekly totals differ from a recount")
            figures[n] = _measure(path, info)
            notes.append(f"{thin(n)} incidents made in {made:.0f} s")
            if n == SIZES[-1]:
                peer = _peer_ms(path, info)
            path.unlink()
    small, big = figures[SIZES[0]], figures[SIZES[-1]]
    peer_name = "counting the district's 3 years from the incidents (no totals)"
    base = "; ".join(notes) + "; the week: the last complete ISO week"
    results = []
    for label, what in (("one", "one district"), ("all", "all 201 areas")):
        warm = big[f"{label}_warm_ms"]
        results.append(
            Result(
                benchmark="lagesbild",
                name=f"week picture at {thin(SIZES[-1])} incidents, {what}, warm",
                value=warm,
                unit="ms",
                peer=peer_name,
                peer_value=peer,
                ratio=warm / peer,
                ratio_text=f"{peer / warm:.0f}× faster than the peer" if warm else "–",
                goal=f"< {GOAL_MS:.0f} ms",
                ok=warm < GOAL_MS,
                notes=f"a repeated request, nothing changed (the picture cache); {base}",
            )
        )
        cold_big, cold_small = big[f"{label}_cold_ms"], small[f"{label}_cold_ms"]
        flat = cold_big / cold_small
        results.append(
            Result(
                benchmark="lagesbild",
                name=f"week picture at {thin(SIZES[-1])} incidents, {what}, cold",
                value=cold_big,
                unit="ms",
                peer=f"the same picture at {thin(SIZES[0])} incidents",
                peer_value=cold_small,
                ratio=flat,
                ratio_text=f"{flat:.2f}× the time at {thin(SIZES[0])}",
                goal="≤ 2× the time at 100 000 (flat in the history's size)",
                ok=flat <= 2.0,
                notes="made from the weekly totals, no cache",
            )
        )
    return results

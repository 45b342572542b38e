"""Bulk import of incidents from CSV: rows per second and peak memory.

Figure: ``samverkan.incidents.bulk.import_file`` on a generated CSV in the format housing
companies export (``;``-separated, Swedish headers, decimal commas, an Id column) of N rows
(1 000 000 by default; ``SAMVERKAN_BENCH_IMPORT_ROWS`` changes it) into a fresh, migrated
SQLite database with the Linköping demo areas: every row parsed, checked, redacted where it
has digit runs, placed in an area (STRtree), and stored in committed batches with
``ON CONFLICT DO NOTHING``. Run in a subprocess, which also reports its peak RSS.

Peer: raw ``sqlite3`` in the same run: ``csv.reader`` over the same file and
``executemany`` of the same rows (as read, no checking) into the same ``incident`` table of
another fresh database with the same pragmas (WAL, synchronous=FULL), in batches of the same
size, each committed.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks import Result, thin

ROWS = int(os.environ.get("SAMVERKAN_BENCH_IMPORT_ROWS", "1000000"))
BATCH = 5000
GOAL_RATIO = 0.5
GOAL_RSS_MB = 500

CATEGORIES = [
    "Klotter",
    "Skadegörelse",
    "nedskrapning",
    "Bilbrand",
    "Ungdomsgrupp/samlingsplats",
    "Narkotika",
    "Ordningsstörning",
    "otrygg plats",
]
PLACES = ["Skäggetorp centrum", "Ryd", "Berga", "Stora torget", "Gärdesvägen 3", "Parkeringen"]


def generate(path: Path, n: int) -> None:
    rng = random.Random(48)
    start = datetime(2024, 11, 1)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(
            ["Id", "Datum", "Tid", "Kategori", "Plats", "Beskrivning", "Latitud", "Longitud"]
        )
        for i in range(n):
            t = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 700))
            w.writerow(
                [
                    f"ST-{i}",
                    t.strftime("%Y-%m-%d"),
                    t.strftime("%H:%M"),
                    rng.choice(CATEGORIES),
                    rng.choice(PLACES),
                    "Rapport från trygghetsvärd om läget vid entrén",
                    f"{58.38 + rng.random() * 0.07:.5f}".replace(".", ","),
                    f"{15.53 + rng.random() * 0.15:.5f}".replace(".", ","),
                ]
            )


CHILD = """
import json, resource, sys, time
from pathlib import Path
from samverkan.core.runtime import open_runtime
from samverkan.core.db import session_scope
from samverkan.demo.service import seed
from samverkan.incidents.bulk import import_file
from samverkan.orgs.queries import org_by_name
rt = open_runtime(sys.argv[1])
with session_scope(rt.sessionmaker) as s:
    seed(s, incidents=False)
    org = org_by_name(s, "Stångåstaden").id
start = time.perf_counter()
summary = import_file(rt.sessionmaker, Path(sys.argv[2]), org_id=org)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "imported": summary.imported, "rejected": summary.rejected,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ours(db: Path, csv_path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, f"sqlite:///{db}", str(csv_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def peer(db: Path, csv_path: Path) -> float:
    """Raw sqlite3: the same rows, as read, into the same table (schema made by migrations)."""
    from samverkan.core import migrate
    from samverkan.core.db import make_engine

    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    with engine.begin() as conn:  # the rows refer to an organisation and categories
        conn.exec_driver_sql(
            "INSERT INTO organisation (id, name, kind, created_at) "
            "VALUES (1, 'Peer', 'bostadsbolag', '2026-01-01 00:00:00.000000')"
        )
    engine.dispose()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    sql = (
        "INSERT INTO incident (org_id, category_id, occurred_at, reported_at, lat, lon, "
        "precision, place_name, place_detail, description, severity, suspected, "
        "police_report_filed, police_report_ref, visibility, status, source, external_id, "
        "url, redacted_count, updated_at) VALUES (1, 1, ?, ?, ?, ?, 'exakt', ?, '', ?, 2, 0, "
        "0, '', 'delad', 'mottagen', 'import', ?, '', 0, ?)"
    )
    start = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader)
        batch = []
        for row in reader:
            when = f"{row[1]} {row[2]}"
            batch.append((when, when, row[6], row[7], row[4], row[5], row[0], when))
            if len(batch) >= BATCH:
                con.execute("BEGIN")
                con.executemany(sql, batch)
                con.execute("COMMIT")
                batch.clear()
        if batch:
            con.execute("BEGIN")
            con.executemany(sql, batch)
            con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "incidents.csv"
        generate(csv_path, ROWS)
        peer_s = peer(folder / "peer.db", csv_path)
        got = ours(folder / "ours.db", csv_path)
    assert got["imported"] == ROWS and got["rejected"] == 0, got
    ours_rate = ROWS / got["seconds"]
    peer_rate = ROWS / peer_s
    ratio = ours_rate / peer_rate
    return [
        Result(
            "import",
            f"CSV import, {thin(ROWS)} rows",
            ours_rate,
            "rows/s",
            "csv.reader + sqlite3.executemany",
            peer_rate,
            ratio,
            f"{ratio:.2f} of the peer's rate",
            f"≥ {GOAL_RATIO}",
            ratio >= GOAL_RATIO,
        ),
        Result(
            "import",
            "peak RSS of that import",
            got["rss_mb"],
            "MB",
            "budget",
            GOAL_RSS_MB,
            got["rss_mb"] / GOAL_RSS_MB,
            f"{got['rss_mb'] / GOAL_RSS_MB:.2f} of the budget",
            f"< {GOAL_RSS_MB} MB",
            got["rss_mb"] < GOAL_RSS_MB,
        ),
    ]

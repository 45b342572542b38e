"""Run the benchmarks, print a table and rewrite ``docs/benchmarks.md``.

    python -m benchmarks            # all of them (what ``make bench`` runs); rewrites the doc
    python -m benchmarks areas      # only some; prints, leaves the doc alone
    python -m benchmarks --list

To add a benchmark: write ``benchmarks/bench_<name>.py`` with ``run() -> list[Result]`` and a
module docstring that says what is measured against which peer, then add it to ``REGISTRY``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks import Result, fmt

# name -> module; each module has run() -> list[Result]. Order is the order of the report.
REGISTRY: dict[str, str] = {
    "areas": "benchmarks.bench_areas",
    "serve": "benchmarks.bench_serve",
    "api": "benchmarks.bench_api",
    "load": "benchmarks.bench_load",
    "import": "benchmarks.bench_import",
    "gistar": "benchmarks.bench_gistar",
    "lagesbild": "benchmarks.bench_lagesbild",
    "knox": "benchmarks.bench_knox",
    "presence": "benchmarks.bench_presence",
    "matching": "benchmarks.bench_matching",
    "dashboard": "benchmarks.bench_dashboard",
    "synth": "benchmarks.bench_synth",
}

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
LIBRARIES = ("numpy", "shapely", "pyproj", "sqlalchemy", "fastapi", "uvicorn")


def runner(name: str) -> tuple[Callable[[], list[Result]], str]:
    module = importlib.import_module(REGISTRY[name])
    return module.run, (module.__doc__ or "").strip()


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def machine() -> dict[str, str]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for lib in LIBRARIES:
        try:
            versions.append(f"{lib} {metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            continue
    try:
        import shapely

        versions.append(f"GEOS {shapely.geos_version_string}")
    except ImportError:
        pass
    return {
        "CPU": cpu_model(),
        "Cores": f"{os.cpu_count()} ({usable} usable by this process)",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "System": platform.platform(),
        "Libraries": ", ".join(versions),
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Commit": commit(),
    }


def verdict(r: Result) -> str:
    return "–" if r.ok is None else ("yes" if r.ok else "NO")


def table(results: list[Result]) -> str:
    head = ("figure", "value", "peer", "peer value", "ratio", "goal", "met")
    rows = [
        (
            r.name,
            fmt(r.value, r.unit),
            r.peer,
            fmt(r.peer_value, r.unit),
            r.ratio_text,
            r.goal,
            verdict(r),
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def markdown(
    results: list[Result], docs: dict[str, str], info: dict[str, str], elapsed: float
) -> str:
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks`); do not edit by hand, run it again.",
        "Each figure is measured against a named peer in the same run on the same machine, so",
        "the ratio means more than the absolute number. The test suite never runs these.",
        "",
        "## Machine",
        "",
        *[f"- **{k}:** {v}" for k, v in info.items()],
        f"- **Command:** `make bench` (took {elapsed:.0f} s)",
        "",
        "## Results",
        "",
        "| Figure | Value | Peer (same run) | Peer value | Ratio | Goal | Met |",
        "|---|---:|---|---:|---|---|---|",
    ]
    for r in results:
        out.append(
            f"| {r.name} | {fmt(r.value, r.unit)} | {r.peer} | {fmt(r.peer_value, r.unit)} "
            f"| {r.ratio_text} | {r.goal} | {verdict(r)} |"
        )
    out += ["", "## How each is measured", ""]
    for name, doc in docs.items():
        out += [f"### {name}", "", doc, ""]
        out += [f"- *{r.name}:* {r.notes}" for r in results if r.benchmark == name and r.notes]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Run benchmarks.")
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"{', '.join(REGISTRY)}; default all of them"
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {DOC.name}")
    args = parser.parse_args(argv)
    if args.list:
        for name in REGISTRY:
            print(name)
        return 0
    unknown = [n for n in args.names if n not in REGISTRY]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; expected one of {', '.join(REGISTRY)}")
    names = [n for n in REGISTRY if n in args.names] or list(REGISTRY)
    info = machine()
    load_before = load_average()
    started = time.perf_counter()
    results: list[Result] = []
    docs: dict[str, str] = {}
    for name in names:
        run, doc = runner(name)
        print(f"… {name}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        results += run()
        print(f"  {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        docs[name] = doc
    elapsed = time.perf_counter() - started
    info["Load average"] = f"{load_before} before, {load_average()} after (1, 5, 15 min)"
    print()
    print(table(results))
    print(f"\n{len(results)} figures in {elapsed:.0f} s on {info['CPU']}, {info['Cores']}.")
    if not args.no_write and names == list(REGISTRY):
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(markdown(results, docs, info, elapsed), encoding="utf-8")
        print(f"Wrote {DOC.relative_to(ROOT)}.")
    missed = [r.name for r in results if r.ok is False]
    if missed:
        print("Goal missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())

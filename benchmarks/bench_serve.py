"""Start-up time of the server: from launch to the first 200 from ``/healthz``.

Figure: ``python -m samverkan serve --db <new temporary SQLite file> --port <free port>``
launched as a subprocess bound to 127.0.0.1; the clock runs from just before the launch until
``GET /healthz`` answers 200. Every launch gets a new database file, so the time includes
creating the schema (the first start an operator sees). Median of 3; the server is stopped
after each launch.

Peer: the same measurement for a one-route FastAPI app under uvicorn started with
``python -c``: the same stack with nothing of samverkan in it.

Python's bytecode cache is kept in a private temporary folder (``PYTHONPYCACHEPREFIX``) filled
by one untimed launch of each, as an installed product has it; a launch without any bytecode
cache is reported on its own row.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks import Result, median

RUNS = 3
GOAL_S = 2.0
TIMEOUT_S = 60.0

PEER_APP = """
import sys
import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1.0) as r:  # noqa: S310 - our own local URL
            return r.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def time_to_healthy(argv: list[str], port: int, env: dict[str, str], log: Path) -> float:
    """Seconds from launching ``argv`` until ``/healthz`` on ``port`` answers 200."""
    url = f"http://127.0.0.1:{port}/healthz"
    with log.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            while not _healthy(url):
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{' '.join(argv[:4])} exited with {proc.returncode}: "
                        + log.read_text(errors="replace")[-500:]
                    )
                if time.perf_counter() - start > TIMEOUT_S:
                    raise RuntimeError(f"no answer from {url} after {TIMEOUT_S:.0f} s")
                time.sleep(0.01)
            return time.perf_counter() - start
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _env(pycache: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPYCACHEPREFIX"}}
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _samverkan(work: Path, n: int, env: dict[str, str]) -> float:
    port = free_port()
    db = work / f"serve-{n}.db"
    argv = [sys.executable, "-m", "samverkan", "serve", "--db", f"sqlite:///{db}"]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    return time_to_healthy(argv, port, env, work / f"serve-{n}.log")


def _peer(work: Path, n: int, env: dict[str, str]) -> float:
    port = free_port()
    argv = [sys.executable, "-c", PEER_APP, str(port)]
    return time_to_healthy(argv, port, env, work / f"peer-{n}.log")


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-serve-") as tmp:
        work = Path(tmp)
        cached = _env(work / "pycache")
        _samverkan(work, 0, cached)  # untimed: fills the bytecode cache
        _peer(work, 0, cached)
        ours = [_samverkan(work, n, cached) for n in range(1, RUNS + 1)]
        peers = [_peer(work, n, cached) for n in range(1, RUNS + 1)]
        cold = _env(None)
        ours_cold = _samverkan(work, 99, cold)
        peer_cold = _peer(work, 99, cold)

    ours_s, peer_s = median(ours), median(peers)
    return [
        Result(
            benchmark="serve",
            name="serve: launch → /healthz 200 (new SQLite database)",
            value=ours_s,
            unit="s",
            peer="one-route FastAPI app under uvicorn",
            peer_value=peer_s,
            ratio=ours_s / peer_s,
            ratio_text=f"{ours_s / peer_s:.1f}× the peer's time",
            goal=f"< {GOAL_S:.0f} s",
            ok=ours_s < GOAL_S,
            notes=(
                f"median of {RUNS}: "
                + ", ".join(f"{t:.2f}" for t in ours)
                + " s; peer "
                + ", ".join(f"{t:.2f}" for t in peers)
                + " s; bytecode cached"
            ),
        ),
        Result(
            benchmark="serve",
            name="serve, without a bytecode cache (1 launch)",
            value=ours_cold,
            unit="s",
            peer="one-route FastAPI app under uvicorn, no bytecode cache",
            peer_value=peer_cold,
            ratio=ours_cold / peer_cold,
            ratio_text=f"{ours_cold / peer_cold:.1f}× the peer's time",
            goal="(for information)",
            ok=None,
            notes="PYTHONDONTWRITEBYTECODE=1: every module is compiled from source at start",
        ),
    ]

"""The caseload (issue 16): list pages with 50 decrypted names in every sort and filter, search
on blind indexes, and the team's counts, timed in-process (the server's own time) over N
referrals built by `flask demo generate` (with the search indexes).

CASELOAD_BENCH_N sets N on SQLite (default 1,000,000; the set is kept in BENCH_DATA, default
/tmp/divert-bench-caseload, and resumes; CASELOAD_BENCH_BUILD=0 measures whatever is there
without adding to it; CASELOAD_BENCH_REPEATS timed requests per page, default 30);
CASELOAD_BENCH_PG_N on PostgreSQL (default 100,000, rebuilt each run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.crypto_bench import _ok, _postgres_test_url
from tests.bench.load import ROOT
from tests.bench.pages_bench import _build

N = int(os.environ.get("CASELOAD_BENCH_N", "1000000"))
PG_N = int(os.environ.get("CASELOAD_BENCH_PG_N", "100000"))
DATA = Path(os.environ.get("BENCH_DATA", "/tmp/divert-bench-caseload"))
BUILD = os.environ.get("CASELOAD_BENCH_BUILD", "1") != "0"
REPEATS = os.environ.get("CASELOAD_BENCH_REPEATS", "30")
TARGET_MS = 100


def run() -> list[tuple]:
    """Rows of (database, measure, figure, target, ok) for SQLite and, if set, PostgreSQL."""
    DATA.mkdir(parents=True, exist_ok=True)
    rows = _figures("sqlite", f"sqlite:///{DATA / f'caseload-{N}.sqlite3'}", N,
                    DATA / "instance")
    postgres = _postgres_test_url()
    if postgres:
        with tempfile.TemporaryDirectory() as folder:
            rows += _figures("postgresql", postgres, PG_N, Path(folder))
    return rows


def _figures(label: str, url: str, count: int, instance: Path) -> list[tuple]:
    env = {"APP_ENV": "development", "INSTANCE_PATH": str(instance), "DATABASE_URL": url,
           "LOGIN_IP_LIMIT": "100000 per minute", "MAIL_BACKEND": "console"}
    built = _build(env, count) if BUILD else "not built this run"
    result = json.loads(subprocess.run(
        [sys.executable, "-m", "tests.bench.caseload_measure", REPEATS], cwd=ROOT,
        env={**os.environ, **env}, text=True, check=True, capture_output=True).stdout)
    rows = [(label, f"data set: {result['size']:,} referrals (build this run, s)", built, "", "")]
    for name, median, p95, shown in result["figures"]:
        rows.append((label, f"{name}: p50 / p95 (ms, {shown} rows)", f"{median} / {p95}",
                     f"p95 < {TARGET_MS}", _ok(p95 < TARGET_MS)))
    for name, rate in result["false_positives"].items():
        rows.append((label, f"false positives, {name}: share of candidates dropped after "
                     f"decryption ({rate['candidates']:,} candidates over {rate['searches']} "
                     f"searches; cap reached {rate['candidate_cap_reached']}, person not found "
                     f"{rate['person_not_found']})", f"{rate['false_positive_rate']:.1%}", "",
                     ""))
    return rows

"""The home page with all its counts, and the inbox, over N referrals (issue 16).

The data set is pages_bench's (`flask demo generate`, kept in BENCH_DATA as home-N.sqlite3)
with home_setup's work on top: plan actions, referrals sent back, custody encounters, subject
access requests and 1,000,000 notifications. HOME_BENCH_N sets N on SQLite (default
1,000,000), HOME_BENCH_PG_N on PostgreSQL (default 100,000, rebuilt every run). Each page is
served by gunicorn and measured from 127.0.0.1 as pages_bench measures: p50/p95/p99 with one
client (the server's time), then req/s at four clients beside a bare 50-row page.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import pages_bench as pages
from tests.bench.crypto_bench import _postgres_test_url
from tests.bench.load import ROOT, Server

N = int(os.environ.get("HOME_BENCH_N", "1000000"))
PG_N = int(os.environ.get("HOME_BENCH_PG_N", "100000"))
ROLES = ("coordinator", "partner", "dpo", "custody_worker")


def run() -> list[tuple]:
    """Rows of (database, measure, figure, target, ok) for SQLite and, if set, PostgreSQL."""
    pages.DATA.mkdir(parents=True, exist_ok=True)
    rows = _figures("sqlite", f"sqlite:///{pages.DATA / f'home-{N}.sqlite3'}", N,
                    pages.DATA / "instance")
    postgres = _postgres_test_url()
    if postgres:
        with tempfile.TemporaryDirectory() as folder:
            rows += _figures("postgresql", postgres, PG_N, Path(folder))
    return rows


def _figures(label: str, url: str, count: int, instance: Path) -> list[tuple]:
    env = {"APP_ENV": "development", "INSTANCE_PATH": str(instance), "DATABASE_URL": url,
           "LOGIN_IP_LIMIT": "100000 per minute", "MAIL_BACKEND": "console"}
    built = pages._build(env, count)
    setup = _setup(env)
    bare_db = Path(tempfile.mkdtemp()) / "bare.sqlite3"
    server = Server("wsgi:app", env)
    bare = Server("tests.bench.bare_app:app", {"BARE_DATABASE_URL": f"sqlite:///{bare_db}"},
                  preload=True)
    try:
        sessions = {role: [pages._signed_in(server.port, role, setup, i) for i in range(4)]
                    for role in ROLES}
        rows = [(label, f"home data set: {count:,} referrals, 1,000,000 notifications "
                 "(build this run, s)", built, "", "")]
        for name, role, call in _pages(sessions):
            rows += pages._measure(label, name, sessions[role], call, bare.port)
    finally:
        server.stop()
        bare.stop()
    return rows


def _pages(sessions: dict) -> list[tuple]:
    inbox = sessions["coordinator"][0].request("GET", "/notifications/")[2]
    older = re.search(r'href="(/notifications/\?before=\d+)"', inbox).group(1)
    return [
        ("coordinator home GET / (5 counts + header)", "coordinator",
         lambda s: pages._get(s, "/")),
        ("partner home GET / (3 counts + header)", "partner", lambda s: pages._get(s, "/")),
        ("custody worker home GET / (3 counts + header)", "custody_worker",
         lambda s: pages._get(s, "/")),
        ("DPO home GET / (2 counts + header)", "dpo", lambda s: pages._get(s, "/")),
        ("inbox GET /notifications/ (2,000 in it)", "coordinator",
         lambda s: pages._get(s, "/notifications/")),
        ("inbox, older page", "coordinator", lambda s: pages._get(s, older)),
    ]


def _setup(env: dict) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.bench.home_setup"], cwd=ROOT,
                            env={**os.environ, **env}, text=True, check=True,
                            capture_output=True)
    return json.loads(result.stdout)

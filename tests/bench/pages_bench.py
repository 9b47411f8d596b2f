"""The busy pages at scale: queues, caseload, person search and dashboard over N referrals.

The data set is `flask demo generate` (really encrypted, with blind indexes), kept between runs
in BENCH_DATA (default /tmp/divert-bench) with its own instance folder (the keys that sealed
it), so only the first run pays for building it; the generator resumes and adds nothing when
it is complete. PAGES_BENCH_N sets N on SQLite (default 1,000,000); PAGES_BENCH_PG_N on
PostgreSQL (default 100,000: the bench rebuilds that database every run).

Each page is served by gunicorn (two sync workers) and measured from 127.0.0.1: latency with one
client (loopback adds well under a millisecond, so this is the server's time), then throughput
with four, beside a bare Flask + SQLAlchemy page of 50 rows in the same run. Peak memory is
VmHWM of each worker after every page has been served.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pyotp

from tests.bench.crypto_bench import _ok, _postgres_test_url
from tests.bench.load import ROOT, Server, Session, csrf_token, run_load, worker_peak_mb

N = int(os.environ.get("PAGES_BENCH_N", "1000000"))
PG_N = int(os.environ.get("PAGES_BENCH_PG_N", "100000"))
DATA = Path(os.environ.get("BENCH_DATA", "/tmp/divert-bench"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10")) / 2
PASSWORD = "station bicycle lantern"
TARGET_MS, TARGET_MB = 100, 150
ROLES = ("coordinator", "partner", "dpo", "analyst")


def run() -> list[tuple]:
    """Rows of (database, measure, figure, target, ok) for SQLite and, if set, PostgreSQL."""
    DATA.mkdir(parents=True, exist_ok=True)
    rows = _figures("sqlite", f"sqlite:///{DATA / f'pages-{N}.sqlite3'}", N, DATA / "instance")
    postgres = _postgres_test_url()
    if postgres:
        with tempfile.TemporaryDirectory() as folder:
            rows += _figures("postgresql", postgres, PG_N, Path(folder))
    return rows


def _figures(label: str, url: str, count: int, instance: Path) -> list[tuple]:
    env = {"APP_ENV": "development", "INSTANCE_PATH": str(instance), "DATABASE_URL": url,
           "LOGIN_IP_LIMIT": "100000 per minute",
           "LOGIN_ACCOUNT_LIMIT": "100000 per minute", "MAIL_BACKEND": "console"}
    built = _build(env, count)
    setup = _setup(env)
    bare_db = Path(tempfile.mkdtemp()) / "bare.sqlite3"
    server = Server("wsgi:app", env)
    bare = Server("tests.bench.bare_app:app", {"BARE_DATABASE_URL": f"sqlite:///{bare_db}"},
                  preload=True)
    try:
        sessions = {role: [_signed_in(server.port, role, setup, i) for i in range(4)]
                    for role in ROLES}
        rows = [(label, f"data set: {count:,} referrals (build this run, s)", built, "", "")]
        for name, role, call in _pages(setup, sessions):
            rows += _measure(label, name, sessions[role], call, bare.port)
        peaks, now = worker_peak_mb(server), worker_peak_mb(server, "VmRSS")
        rows += [
            (label, "peak memory per gunicorn worker (VmHWM, MB; sign-in's argon2id "
             "alone takes 64 MiB)", " / ".join(f"{p:.0f}" for p in peaks), f"< {TARGET_MB}",
             _ok(bool(peaks) and max(peaks) < TARGET_MB)),
            (label, "memory per worker after serving every page (VmRSS, MB)",
             " / ".join(f"{p:.0f}" for p in now), f"< {TARGET_MB}",
             _ok(bool(now) and max(now) < TARGET_MB))]
    finally:
        server.stop()
        bare.stop()
    return rows


def _pages(setup: dict, sessions: dict) -> list[tuple]:
    coordinator = sessions["coordinator"][0]
    first = coordinator.request("GET", "/cases/")[2]
    later = re.findall(r'href="(/cases/\?[^"]+)" rel="next"', first)
    person = setup["person"]
    search = {"first_name": person["first_name"], "last_name": person["last_name"],
              "date_of_birth": person["date_of_birth"]}
    return [
        ("coordinator queue GET /cases/", "coordinator", lambda s: _get(s, "/cases/")),
        ("triage queue, next page", "coordinator",
         lambda s: _get(s, later[0].replace("&amp;", "&"))),
        ("open cases, next page", "coordinator",
         lambda s: _get(s, later[-1].replace("&amp;", "&"))),
        ("case page GET /cases/<id>", "coordinator",
         lambda s: _get(s, f"/cases/{setup['case']}")),
        ("partner caseload GET /partner/cases", "partner",
         lambda s: _get(s, "/partner/cases")),
        ("DPO person search POST /privacy/people", "dpo",
         lambda s: _post_search(s, search)),
        ("dashboard GET /reports/", "analyst", lambda s: _get(s, "/reports/")),
    ]


def _measure(label: str, name: str, sessions: list, call, bare_port: int) -> list[tuple]:
    single = run_load(sessions[:1], call, SECONDS)
    loaded = run_load(sessions, call, SECONDS)
    bare = run_load([Session(bare_port) for _ in sessions], _bare_page, SECONDS)
    p95 = single.percentile(95) if single.latencies else float("inf")
    return [
        (label, f"{name}: p50 / p95 / p99 (ms, 1 client)",
         f"{single.median_ms:.1f} / {p95:.1f} / {single.percentile(99):.1f}",
         f"p95 < {TARGET_MS}", _ok(p95 < TARGET_MS and not single.errors)),
        (label, f"{name}: req/s at 4 clients (bare 50-row page req/s)",
         f"{loaded.rate:.0f} ({bare.rate:.0f}; {loaded.rate / max(bare.rate, 1):.0%})", "",
         _ok(not loaded.errors)),
    ]


def _get(session: Session, path: str) -> bool:
    return session.request("GET", path)[0] == 200


def _post_search(session: Session, search: dict) -> bool:
    status, _, page = session.request("GET", "/privacy/people")
    status, _, page = session.request("POST", "/privacy/people",
                                      {**search, "csrf_token": csrf_token(page)})
    return status == 200 and "/privacy/people/" in page


def _bare_page(session: Session) -> bool:
    return session.request("GET", "/bare/list")[0] == 200


def _signed_in(port: int, role: str, setup: dict, index: int) -> Session:
    user = setup["users"][role][index]
    session = Session(port)
    page = session.request("GET", "/login")[2]
    session.request("POST", "/login", {
        "csrf_token": csrf_token(page), "email": user["email"], "password": PASSWORD})
    if user["totp"]:
        page = session.request("GET", "/login/code")[2]
        session.request("POST", "/login/code", {"csrf_token": csrf_token(page),
                                                "code": pyotp.TOTP(user["totp"]).now()})
    return session


def _flask(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env={**os.environ, **env}, text=True, check=True,
                          capture_output=True).stdout


def _build(env: dict, count: int) -> str:
    _flask(env, "db", "upgrade")
    _flask(env, "reference", "load")
    output = _flask(env, "demo", "generate", "--referrals", str(count))
    added = re.search(r"([\d,]+) synthetic referrals added in ([\d,.]+)s", output)
    if added is None or added.group(1) == "0":
        return "0 (kept from an earlier run)"
    return f"{added.group(2)} ({added.group(1)} added)"


def _setup(env: dict) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.bench.pages_setup"], cwd=ROOT,
                            env={**os.environ, **env}, text=True, check=True,
                            capture_output=True)
    return json.loads(result.stdout)

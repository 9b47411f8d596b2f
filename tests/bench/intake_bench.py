"""Referral intake through the real form path against a bare Flask + SQLAlchemy insert.

Both run under gunicorn with the same two sync workers on SQLite, in alternating slices of one
run (so a busy machine slows both alike), with 16 keep-alive clients on 127.0.0.1. The intake
path does everything a phone's POST does: CSRF, validation, encryption of every personal
field, the person and case rows, the timeline, the hash-chained audit record, the statistics
rollup, and the commit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from tests import clock
from tests.bench.load import ROOT, Server, Session, csrf_token, run_paired

CLIENTS = 16
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
PASSWORD = "station bicycle lantern"
FIELDS = {
    "first_name": "Zoë", "last_name": "O'Brien", "date_of_birth": ["17", "5", "2008"],
    "strand": "neighbourhood", "at_risk_as": "victim", "exploitation_concern": "no",
    "concern": "Seen with older youths carrying knives near the station after school.",
    "interests": "football, music", "phone": "07700 900123", "consent": "y",
}


def _flask(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run(clock.command([sys.executable, "-m", "flask", "--app", "wsgi", *args]), cwd=ROOT,
                   env={**os.environ, **env}, input=stdin, text=True, check=True,
                   capture_output=True)


def _prepare(directory: Path) -> dict:
    env = {"APP_ENV": "development", "INSTANCE_PATH": str(directory),
           "DATABASE_URL": f"sqlite:///{directory / 'intake.sqlite3'}",
           "LOGIN_IP_LIMIT": "1000 per minute",
           "LOGIN_ACCOUNT_LIMIT": "100000 per minute", "MAIL_BACKEND": "console"}
    _flask(env, "db", "upgrade")
    _flask(env, "reference", "load")
    _flask(env, "users", "create", "officer@bench.test", "--role", "officer",
           "--organisation", "MPS", "--password-stdin", stdin=PASSWORD + "\n")
    return env


def _signed_in_officer(port: int) -> tuple[Session, dict]:
    session = Session(port)
    _, _, page = session.request("GET", "/login")
    session.request("POST", "/login", {"csrf_token": csrf_token(page),
                                       "email": "officer@bench.test", "password": PASSWORD})
    _, _, form = session.request("GET", "/divert/referrals/new")
    options = dict(borough=_option(form, "borough", "Camden"),
                   bcu=_option(form, "bcu", "Central North"))
    return session, {**FIELDS, **options, "csrf_token": csrf_token(form)}


def _option(page: str, name: str, label: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.search(rf'<option value="([^"]+)"[^>]*>\s*{label}', select).group(1)


def _intake(state) -> bool:
    session, form = state
    status, headers, _ = session.request("POST", "/divert/referrals/new",
                                         {**form, "submission_id": str(uuid.uuid4())})
    return status == 302 and "/divert/receipts/" in headers.get("Location", "")


def _bare(state) -> bool:
    session, form = state
    status, _, _ = session.request("POST", "/bare/referrals", form)
    return status == 302


def run() -> list[tuple]:
    """Measure both paths; rows of (database, measure, figure, target, ok)."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        env = _prepare(directory)
        real = Server("wsgi:app", env)
        bare = Server("tests.bench.bare_app:app",
                      {"BARE_DATABASE_URL": f"sqlite:///{directory / 'bare.sqlite3'}"},
                      preload=True)
        try:
            sessions = [_signed_in_officer(real.port) for _ in range(CLIENTS)]
            bare_sessions = [(Session(bare.port), s[1]) for s in sessions]
            intake, baseline = run_paired((sessions, _intake), (bare_sessions, _bare),
                                          2 * SECONDS)
        finally:
            real.stop()
            bare.stop()
    ratio = intake.rate / baseline.rate if baseline.rate else 0
    return [
        ("sqlite", "intake requests/s (16 clients, 2 workers)", f"{intake.rate:.0f}", "", ""),
        ("sqlite", "bare insert requests/s (same load)", f"{baseline.rate:.0f}", "", ""),
        ("sqlite", "intake / bare throughput", f"{ratio:.0%}", ">= 50%", _ok(ratio >= 0.5)),
        ("sqlite", "intake p50 / p99 latency", f"{intake.median_ms:.1f} / "
         f"{intake.percentile(99):.1f} ms", "", ""),
        ("sqlite", "intake p95 latency", f"{intake.percentile(95):.1f} ms", "< 50 ms",
         _ok(intake.percentile(95) < 50)),
        ("sqlite", "intake errors", str(intake.errors), "0", _ok(intake.errors == 0)),
    ]


def _ok(met: bool) -> str:
    return "yes" if met else "NO"

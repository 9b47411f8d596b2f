"""Two app instances sharing one PostgreSQL and one Redis: what must hold across them, and
what the second instance adds.

Runs only when DATABASE_URL is a PostgreSQL *test* database and REDIS_URL is set. Two gunicorn
instances (two sync workers each) on different ports share the database, the key ring (one
instance folder) and Redis. Checked across the instances: ten failed sign-ins, alternating
between them, lock the account; the per-IP sign-in limit is one budget in Redis; two partners
answering one hand-off at the same moment on different instances give exactly one winner.
Measured: intake throughput with 16 clients on one instance, then spread over both.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import uuid

from sqlalchemy import create_engine, text

from config import normalise_database_url
from tests.bench.crypto_bench import _ok, _postgres_test_url
from tests.bench.intake_bench import CLIENTS, PASSWORD, _flask, _intake, _signed_in_officer
from tests.bench.load import ROOT, Server, Session, csrf_token, run_paired

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
RACES = 5
IP_LIMIT = 20


def run() -> list[tuple]:
    """Rows of (database, measure, figure, target, ok); skipped without PostgreSQL and Redis."""
    redis_url, postgres = os.environ.get("REDIS_URL"), None
    if redis_url:
        postgres = _postgres_test_url()
    if not (redis_url and postgres):
        return [("postgresql", "scale-out skipped: needs a postgres *test* DATABASE_URL and "
                 "REDIS_URL", "", "", "")]
    with tempfile.TemporaryDirectory() as folder:
        env = {"APP_ENV": "development", "INSTANCE_PATH": folder, "DATABASE_URL": postgres,
               "REDIS_URL": redis_url, "MAIL_BACKEND": "console",
               "LOGIN_IP_LIMIT": "100000 per minute",
               "LOGIN_ACCOUNT_LIMIT": "100000 per minute",
               "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"}
        for command in (("db", "upgrade"), ("reference", "load")):
            _flask(env, *command)
        setup = json.loads(subprocess.run(
            [sys.executable, "-m", "tests.bench.scaleout_setup", str(RACES)], cwd=ROOT,
            env={**os.environ, **env}, text=True, check=True, capture_output=True).stdout)
        engine = create_engine(normalise_database_url(postgres))
        try:
            rows = _shared_state(env, setup, engine)
            rows += _rate_limit({**env, "LOGIN_IP_LIMIT": f"{IP_LIMIT} per minute",
                                 "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"})
        finally:
            engine.dispose()
    return rows


def _pair(env: dict) -> tuple[Server, Server]:
    first = Server("wsgi:app", env)
    try:
        return first, Server("wsgi:app", env)
    except Exception:
        first.stop()
        raise


def _shared_state(env: dict, setup: dict, engine) -> list[tuple]:
    a, b = _pair(env)
    try:
        locked = _lockout(a, b, setup["victim"], engine)
        winners = _races(a, b, setup, engine)
        single, double = _throughput(a, b)
    finally:
        a.stop()
        b.stop()
    growth = double.rate / single.rate if single.rate else 0
    return [
        ("postgresql", "10 failed sign-ins alternating over 2 instances lock the account",
         "locked" if locked else "not locked", "locked", _ok(locked)),
        ("postgresql", f"simultaneous hand-off answers on 2 instances ({RACES} races): "
         "one winner each", f"{winners}/{RACES}", f"{RACES}/{RACES}", _ok(winners == RACES)),
        ("postgresql", f"intake req/s, {CLIENTS} clients: 1 instance vs 2 (2 workers each)",
         f"{single.rate:.0f} vs {double.rate:.0f} ({growth:.2f}x)", "> 1x", _ok(growth > 1)),
        ("postgresql", "intake p95 latency: 1 instance vs 2 (ms)",
         f"{single.percentile(95):.0f} vs {double.percentile(95):.0f}", "", ""),
        ("postgresql", "intake errors across both runs", str(single.errors + double.errors),
         "0", _ok(single.errors + double.errors == 0)),
    ]


def _sign_in(session: Session, email: str, password: str) -> int:
    page = session.request("GET", "/login")[2]
    return session.request("POST", "/login", {"csrf_token": csrf_token(page), "email": email,
                                              "password": password})[0]


def _lockout(a: Server, b: Server, victim: str, engine) -> bool:
    sessions = [Session(a.port), Session(b.port)]
    for attempt in range(10):
        _sign_in(sessions[attempt % 2], victim, "not the password at all")
    refused = _sign_in(Session(a.port), victim, PASSWORD) != 302
    with engine.connect() as connection:
        locked_at = connection.execute(text("SELECT locked_at FROM users WHERE email = :e"),
                                       {"e": victim}).scalar()
    return refused and locked_at is not None


def _races(a: Server, b: Server, setup: dict, engine) -> int:
    partners = []
    for server, email in zip((a, b), setup["partners"], strict=True):
        session = Session(server.port)
        _sign_in(session, email, PASSWORD)
        partners.append(session)
    winners = 0
    for case in setup["cases"]:
        forms = [{"csrf_token": _page_token(s.request("GET", f"/cases/{case}")[2]),
                  "decision-decision": "accept"} for s in partners]
        statuses = _at_once(partners, f"/cases/{case}/handoff/decision", forms)
        with engine.connect() as connection:
            accepted = connection.execute(text(
                "SELECT count(*) FROM handoffs JOIN cases ON cases.id = handoffs.case_id "
                "WHERE cases.uuid = :u AND handoffs.status = 'accepted'"), {"u": case}).scalar()
        winners += sorted(statuses) == [302, 409] and accepted == 1
    return winners


def _page_token(page: str) -> str:
    # Case pages carry one token for all their forms.
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _at_once(sessions: list[Session], path: str, forms: list[dict]) -> list[int]:
    """POST each form from its session at the same moment; the statuses."""
    statuses, start = [], threading.Barrier(len(sessions))

    def answer(session: Session, form: dict) -> None:
        start.wait()
        statuses.append(session.request("POST", path, form)[0])

    threads = [threading.Thread(target=answer, args=pair)
               for pair in zip(sessions, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _throughput(a: Server, b: Server):
    one = [_signed_in_officer(a.port) for _ in range(CLIENTS)]
    spread = [_signed_in_officer(server.port) for server in (a, b) * (CLIENTS // 2)]
    return run_paired((one, _intake), (spread, _intake), 2 * SECONDS)


def _rate_limit(env: dict) -> list[tuple]:
    a, b = _pair(env)
    try:
        statuses = [_sign_in(Session(server.port), "nobody@bench.test", "wrong password")
                    for server in (a, b) * IP_LIMIT]
    finally:
        a.stop()
        b.stop()
    allowed = sum(status != 429 for status in statuses)
    return [("postgresql", f"per-IP sign-in limit ({IP_LIMIT}/min) over 2 instances: "
             f"{len(statuses)} tries, how many allowed", str(allowed), str(IP_LIMIT),
             _ok(allowed == IP_LIMIT))]

"""make soak: 50 simulated users for 60 s against gunicorn on 127.0.0.1, then p50/p95/p99.

Officers refer through the real intake form, coordinators open the triage queue and triage the
oldest case, partners view their caseload. Every user signs in through the real pages (the
coordinators enrol an authenticator from the page's key). Bounded by time; stops by itself;
exits non-zero on any 5xx or failed step.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import pyotp

from tests.bench.intake_bench import FIELDS, _flask, _option
from tests.bench.load import ROOT, Server, Session, csrf_token

SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
USERS = {"officer": 20, "coordinator": 15, "partner": 15}
ORGANISATION = {"officer": "MPS", "coordinator": "DIVERT", "partner": "AITC"}
PASSWORD = "station bicycle lantern"
CASE_LINK = re.compile(r'href="/cases/([0-9a-f-]{36})"')
TRIAGE_TOKEN = re.compile(r'action="/cases/[0-9a-f-]{36}/triage".*?name="csrf_token"[^>]*'
                          r'value="([^"]+)"', re.S)
MAKE_USERS = """
import sys
from wsgi import build
from shared.auth.services import create_user
from shared.extensions import db
app = build()
with app.app_context():
    for line in sys.stdin:
        email, role, organisation, password = line.rstrip("\\n").split("\\t")
        create_user(email, email, role, organisation, password)
    db.session.commit()
"""


class User:
    """One simulated person: a signed-in session and their journey."""

    def __init__(self, port: int, role: str, email: str, stats: Stats):
        self.role, self.stats = role, stats
        self.session = Session(port)
        _, _, page = self.session.request("GET", "/login")
        _, headers, _ = self.session.request("POST", "/login", {
            "csrf_token": csrf_token(page), "email": email, "password": PASSWORD})
        if headers.get("Location", "").startswith("/login/authenticator"):
            self._enrol()
        _, _, home = self.session.request("GET", "/")
        assert "Sign out" in home, f"{email} could not sign in"
        self.form = self._intake_form() if role == "officer" else None

    def _enrol(self) -> None:
        _, _, page = self.session.request("GET", "/login/authenticator")
        secret = re.search(r'data-testid="totp-secret">([^<]+)<', page).group(1).replace(" ", "")
        self.session.request("POST", "/login/authenticator", {
            "csrf_token": csrf_token(page), "code": pyotp.TOTP(secret).now()})

    def _intake_form(self) -> dict:
        _, _, form = self.session.request("GET", "/divert/referrals/new")
        return {**FIELDS, "borough": _option(form, "borough", "Camden"),
                "bcu": _option(form, "bcu", "Central North"), "csrf_token": csrf_token(form)}

    def step(self) -> None:
        """One pass of the role's journey, every request timed."""
        if self.role == "officer":
            self._timed("refer", "POST", "/divert/referrals/new",
                        {**self.form, "submission_id": str(uuid.uuid4())}, expect=302)
        elif self.role == "coordinator":
            page = self._timed("queue", "GET", "/cases/")
            found = CASE_LINK.search(page or "")
            if found:
                case = self._timed("case page", "GET", f"/cases/{found.group(1)}")
                token = TRIAGE_TOKEN.search(case or "")
                if token:
                    self._timed("triage", "POST", f"/cases/{found.group(1)}/triage", {
                        "csrf_token": token.group(1), "triage-decision": "accept",
                        "triage-risk_level": "medium", "triage-priority": "2"},
                        expect=(302, 409))
        else:
            self._timed("caseload", "GET", "/partner/cases")

    def _timed(self, name, method, path, form=None, expect=200) -> str | None:
        started = time.perf_counter()
        try:
            status, _, body = self.session.request(method, path, form)
        except OSError:
            status, body = 0, None
        self.stats.add(name, status, time.perf_counter() - started,
                       status in (expect if isinstance(expect, tuple) else (expect,)))
        return body


class Stats:
    """Latencies and failures per step, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, int] = defaultdict(int)
        self.server_errors = 0

    def add(self, name: str, status: int, seconds: float, ok: bool) -> None:
        """Record one request."""
        with self.lock:
            self.latencies[name].append(seconds)
            self.failures[name] += 0 if ok else 1
            self.server_errors += status >= 500


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _prepare(directory: Path) -> dict:
    env = {"APP_ENV": "development", "INSTANCE_PATH": str(directory),
           "DATABASE_URL": f"sqlite:///{directory / 'soak.sqlite3'}",
           "LOGIN_IP_LIMIT": "10000 per minute",
           "LOGIN_ACCOUNT_LIMIT": "100000 per minute", "MAIL_BACKEND": "console"}
    _flask(env, "db", "upgrade")
    _flask(env, "reference", "load")
    lines = "".join(f"{role}{n}@soak.test\t{role}\t{ORGANISATION[role]}\t{PASSWORD}\n"
                    for role, count in USERS.items() for n in range(count))
    subprocess.run([sys.executable, "-c", MAKE_USERS], cwd=ROOT, env={**os.environ, **env},
                   input=lines, text=True, check=True, capture_output=True)
    return env


def main() -> int:
    """Run the soak and print the figures; non-zero exit on any 5xx or failure."""
    stats = Stats()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"preparing {sum(USERS.values())} accounts ...", flush=True)
        server = Server("wsgi:app", _prepare(Path(tmp)), workers=2)
        try:
            users = [User(server.port, role, f"{role}{n}@soak.test", stats)
                     for role, count in USERS.items() for n in range(count)]
            print(f"{len(users)} users signed in; running {SECONDS:.0f} s", flush=True)
            stop_at = time.monotonic() + SECONDS

            def journey(user: User) -> None:
                while time.monotonic() < stop_at:
                    user.step()

            threads = [threading.Thread(target=journey, args=(u,)) for u in users]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.stop()
    return _report(stats)


def _report(stats: Stats) -> int:
    every = [s for values in stats.latencies.values() for s in values]
    print(f"\n{'step':12} {'requests':>8} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in sorted(stats.latencies.items()):
        print(f"{name:12} {len(values):8} {stats.failures[name]:5} "
              f"{_percentile(values, 50):8.1f} {_percentile(values, 95):8.1f} "
              f"{_percentile(values, 99):8.1f}")
    print(f"{'all':12} {len(every):8} {sum(stats.failures.values()):5} "
          f"{_percentile(every, 50):8.1f} {_percentile(every, 95):8.1f} "
          f"{_percentile(every, 99):8.1f}")
    print(f"\n{len(every) / SECONDS:.1f} requests/s; 5xx answers: {stats.server_errors}")
    return 1 if stats.server_errors or sum(stats.failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

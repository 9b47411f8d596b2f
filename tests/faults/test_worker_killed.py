"""gunicorn workers killed with SIGKILL during a stream of referrals from phones.

Each phone posts the real intake form and, when the connection dies or no receipt comes back,
retries with the same submission_id, as the page's script does. Afterwards every receipt names
a case that exists, no submission made two cases, and a retry of any submission gets the same
receipt.
"""

from __future__ import annotations

import http.client
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests import clock
from tests.bench.intake_bench import _prepare, _signed_in_officer
from tests.bench.load import ROOT, Server
from tests.faults.conftest import FAULTS_WANTED

# About 30 s (migrations, gunicorn, respawned workers): CI runs it, a desk run opts in.
pytestmark = [pytest.mark.faults, pytest.mark.skipif(
    not FAULTS_WANTED, reason="starts gunicorn and kills its workers (about 30 s): runs only "
                              "with FAULTS=1 or in CI (CI=true)")]

PHONES = 4
STREAM_SECONDS = 5.0
KILLS = 3
INTAKE = "/divert/referrals/new"


class Phone:
    """One signed-in officer's phone that retries a submission until it has a receipt."""

    def __init__(self, port: int):
        self.port = port
        self.session, self.form = _signed_in_officer(port)
        self.receipts: dict[str, str] = {}
        self.retried: set[str] = set()
        self.server_errors: list[int] = []

    def submit(self, submission_id: str, attempts: int = 30) -> str | None:
        """POST until a receipt comes back; the receipt's path."""
        for attempt in range(attempts):
            if attempt:
                self.retried.add(submission_id)
                time.sleep(0.1)
            try:
                status, headers, _ = self.session.request(
                    "POST", INTAKE, {**self.form, "submission_id": submission_id})
            except (OSError, http.client.HTTPException):
                self._reconnect()  # the worker died under us
                continue
            if status >= 500:
                self.server_errors.append(status)
            location = headers.get("Location", "")
            if status == 302 and "/divert/receipts/" in location:
                return location
        return None

    def _reconnect(self) -> None:
        self.session.connection.close()
        self.session.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def stream(self, stop_at: float) -> None:
        """Send new referrals until STOP_AT."""
        while time.monotonic() < stop_at:
            submission_id = str(uuid.uuid4())
            self.receipts[submission_id] = self.submit(submission_id)


def _workers(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def _killer(server: Server, stop_at: float, killed: list[int]) -> None:
    interval = STREAM_SECONDS / (KILLS + 1)
    for _ in range(KILLS):
        time.sleep(interval)
        if time.monotonic() >= stop_at:
            return
        workers = _workers(server.process.pid)
        if workers:
            os.kill(workers[0], signal.SIGKILL)  # a worker of the server this test started
            killed.append(workers[0])


def _cases(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT uuid, submission_id FROM cases").fetchall()
    return [(str(uuid.UUID(str(u))), str(uuid.UUID(str(s)))) for u, s in rows]


def test_killed_workers_lose_no_receipted_referral_and_never_make_one_twice():
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        started = time.monotonic()
        env = _prepare(directory)
        print(f"\nprepared in {time.monotonic() - started:.1f} s")
        server = Server("wsgi:app", env, workers=2)
        killed: list[int] = []
        try:
            phones = [Phone(server.port) for _ in range(PHONES)]
            stop_at = time.monotonic() + STREAM_SECONDS
            threads = [threading.Thread(target=p.stream, args=(stop_at,)) for p in phones]
            threads.append(threading.Thread(target=_killer, args=(server, stop_at, killed)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            receipts = {k: v for p in phones for k, v in p.receipts.items()}
            retried = {s for p in phones for s in p.retried}
            again = {s: phones[0].submit(s) for s in list(retried) + list(receipts)[:20]}
        finally:
            server.stop()
        cases = _cases(directory / "intake.sqlite3")
        verify = clock.command([sys.executable, "-m", "flask", "--app", "wsgi", "audit", "verify"])
        verified = subprocess.run(verify, cwd=ROOT, env={**os.environ, **env},
                                  capture_output=True, text=True, check=False)
    print(f"\nworker kills: {len(killed)}; referrals receipted: {len(receipts)}; "
          f"cut and retried: {len(retried)}; retries re-checked: {len(again)}")
    assert len(killed) == KILLS
    assert all(p.server_errors == [] for p in phones), [p.server_errors for p in phones]
    assert None not in receipts.values(), "a submission never got its receipt"
    by_submission = {s: c for c, s in cases}
    assert len(by_submission) == len(cases), "one submission made two cases"
    assert set(by_submission) == set(receipts), "a case without a receipt, or the reverse"
    for submission_id, location in receipts.items():
        assert location.endswith(by_submission[submission_id]), submission_id
    assert all(again[s] == receipts[s] for s in again), "a retry got a different receipt"
    assert retried, "no request was cut by a kill: the test proved nothing"
    assert verified.returncode == 0, verified.stdout + verified.stderr

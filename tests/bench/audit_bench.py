"""Audited writes per second with one and two concurrent writers: each writer appends an audit
entry (the head row lock, the entry's MAC) and commits, over and over, for AUDIT_BENCH_SECONDS
(default 3) each."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

from flask_migrate import upgrade

from config import TestConfig
from shared.audit import services as audit
from shared.extensions import db
from tests.bench.crypto_bench import _postgres_test_url
from wsgi import build

SECONDS = float(os.environ.get("AUDIT_BENCH_SECONDS", "3"))


def run() -> list[tuple]:
    """Measure on a temporary SQLite file, and on PostgreSQL when DATABASE_URL is a test db."""
    with tempfile.TemporaryDirectory() as folder:
        rows = _figures("SQLite", f"sqlite:///{Path(folder) / 'audit.sqlite3'}")
    postgres = _postgres_test_url()
    if postgres:
        rows += _figures("PostgreSQL", postgres)
    return rows


def _figures(label: str, url: str) -> list[tuple]:
    app = build(TestConfig(url))
    with app.app_context():
        upgrade()
        db.session.remove()
    rows = []
    for writers in (1, 2):
        rate = _rate(app, writers)
        rows.append((label, f"audited commits/s, {writers} writer(s)", f"{rate:.0f}", "", ""))
    with app.app_context():
        db.engine.dispose()
    return rows


def _rate(app, writers: int) -> float:
    counts = [0] * writers
    stop_at = time.monotonic() + SECONDS

    def write(index: int) -> None:
        with app.app_context():
            while time.monotonic() < stop_at:
                audit.record("view", "person", detail="bench")
                db.session.commit()
                counts[index] += 1
            db.session.remove()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / SECONDS

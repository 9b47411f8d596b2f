"""Field encryption cost, rotation throughput at 100,000 people, and listing 50 people."""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask_migrate import upgrade
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from config import TestConfig, normalise_database_url
from shared.crypto import envelope, keyring, rotation
from shared.crypto.datakeys import DataKey
from shared.db import utcnow
from shared.extensions import db
from shared.people.models import Person
from wsgi import build

PEOPLE = 100_000
INSERT_CHUNK = 10_000
ROTATION_BATCH = 5_000
LISTED = 50


def run() -> list[tuple]:
    """Measure on a temporary SQLite file, and on PostgreSQL when DATABASE_URL is a test db."""
    rows = _field_costs()
    with tempfile.TemporaryDirectory() as folder:
        rows += _database_figures("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
    postgres = _postgres_test_url()
    if postgres:
        rows += _database_figures("PostgreSQL", postgres)
    else:
        rows.append(("PostgreSQL", "skipped: DATABASE_URL is not a postgres *test* database",
                     "", "", ""))
    return rows


def _field_costs(rounds: int = 20_000) -> list[tuple]:
    key = envelope.FieldKey(uuid.uuid4().bytes, AESGCM(envelope.new_data_key()))
    row, value = uuid.uuid4(), b"Oluwaseun Adeyemi-Okafor"
    blob = envelope.seal(key, "people", "last_name", row, value)
    seal_us = _per_call_us(lambda: envelope.seal(key, "people", "last_name", row, value), rounds)
    open_us = _per_call_us(lambda: envelope.open_sealed(key, "people", "last_name", row, blob),
                           rounds)
    return [("-", "encrypt one field (µs)", f"{seal_us:.2f}", "", ""),
            ("-", "decrypt one field (µs)", f"{open_us:.2f}", "", "")]


def _per_call_us(call, rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        call()
    return (time.perf_counter() - started) / rounds * 1e6


def _database_figures(label: str, url: str) -> list[tuple]:
    app = build(TestConfig(url))
    with app.app_context():
        upgrade()
        rows = _descriptor_costs(label)
        rows += _rotation_figures(label)
        rows += _listing_figure(label)
        db.session.remove()
        db.engine.dispose()
    return rows


def _descriptor_costs(label: str, rounds: int = 2_000) -> list[tuple]:
    person = Person(first_name="x")
    set_us = _per_call_us(lambda: setattr(person, "last_name", "Adeyemi-Okafor"), rounds)

    def uncached_read():
        vars(person).pop("_crypto_plain", None)
        return person.last_name

    get_us = _per_call_us(uncached_read, rounds)
    return [(label, "model: set an encrypted field (µs)", f"{set_us:.2f}", "", ""),
            (label, "model: read an encrypted field, uncached (µs)", f"{get_us:.2f}", "", "")]


def _rotation_figures(label: str) -> list[tuple]:
    started = time.perf_counter()
    _insert_data_keys(PEOPLE)
    insert_rate = PEOPLE / (time.perf_counter() - started)
    ring = keyring._ring()
    ring["keys"]["k2"], ring["active"] = secrets.token_bytes(32), "k2"
    started, cpu_started = time.perf_counter(), time.process_time()
    done = rotation.rewrap_pending(batch_size=ROTATION_BATCH)
    rate = done / (time.perf_counter() - started)
    # CPU time of this process: what the figure would be on a machine with nothing else running.
    cpu_rate = done / (time.process_time() - cpu_started)
    assert done == PEOPLE and rotation.counts_by_kek() == {"k2": PEOPLE}
    return [(label, f"bulk insert {PEOPLE:,} wrapped data keys (rows/s)", f"{insert_rate:,.0f}",
             "", ""),
            (label, f"rotation re-wrap at {PEOPLE:,} (rows/s, wall clock)", f"{rate:,.0f}",
             ">= 20,000", _ok(rate >= 20_000)),
            (label, f"rotation re-wrap at {PEOPLE:,} (rows/s of this process's CPU time)",
             f"{cpu_rate:,.0f}", "", "")]


def _insert_data_keys(count: int) -> None:
    kek_id, kek = keyring.active_kek()
    aead = AESGCM(kek)
    for start in range(0, count, INSERT_CHUNK):
        rows = []
        for _ in range(min(INSERT_CHUNK, count - start)):
            key_uuid = uuid.uuid4()
            rows.append({"uuid": key_uuid, "kek_id": kek_id,
                         "wrapped": envelope.wrap_key(aead, kek_id, key_uuid, os.urandom(32)),
                         "created_at": utcnow()})
        db.session.execute(insert(DataKey.__table__), rows)
    db.session.commit()


def _listing_figure(label: str, repeats: int = 30) -> list[tuple]:
    for n in range(LISTED):
        db.session.add(Person(first_name=f"Given{n}", last_name=f"Family{n}"))
    db.session.commit()
    timings = []
    for _ in range(repeats):
        db.session.expunge_all()
        started = time.perf_counter()
        people = db.session.scalars(select(Person).order_by(Person.id).limit(LISTED)).all()
        names = [(p.first_name, p.last_name) for p in people]
        timings.append((time.perf_counter() - started) * 1000)
        assert len(names) == LISTED and names[0] == ("Given0", "Family0")
    median = statistics.median(timings)
    return [(label, f"list {LISTED} people with decrypted names (ms, median)", f"{median:.2f}",
             "< 20", _ok(median < 20))]


def _ok(passed: bool) -> str:
    return "yes" if passed else "NO"


def _postgres_test_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    normalised = normalise_database_url(url)
    if "test" not in (make_url(normalised).database or ""):
        return None
    engine = create_engine(normalised)
    with engine.begin() as connection:  # the bench owns this disposable test database
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url

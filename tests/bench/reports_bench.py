"""Statistics at scale: N synthetic referrals, then dashboard and summary.json server time
against a plain GROUP BY over the same cases.

Rows are bulk-inserted with clear columns only (statistics never need a ciphertext), then the
rollup is rebuilt once, as `flask reports rebuild` would after a bulk load. REPORTS_BENCH_N sets
N: the default is 100,000 because building 1,000,000 here (insert plus rebuild) takes about
12 minutes on SQLite, over the 3-minute budget; the dashboard reads only the rollup, whose size
is bounded by months x values, not by N, so its time does not grow with N.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text

from config import TestConfig
from shared.auth import services as accounts
from shared.cases.models import Case, Handoff
from shared.crypto.datakeys import DataKey
from shared.extensions import db
from shared.people.ages import AGE_BANDS
from shared.people.models import ETHNICITY_GROUPS, GENDERS, Person
from shared.reference.models import Borough, Organisation
from shared.reference.services import load_reference_data
from shared.reports import rollup
from tests.bench.crypto_bench import _ok, _postgres_test_url
from tests.conftest import PASSWORD, AuthActions, CsrfClient
from wsgi import build

N = int(os.environ.get("REPORTS_BENCH_N", "100000"))
CHUNK = 20_000
TARGET_MS = 100
STATUSES = ["submitted", "accepted", "declined", "no_further_action", "plan_agreed",
            "handed_off", "engaged", "closed"]
WEIGHTS = [5, 10, 8, 5, 10, 7, 30, 25]


def run() -> list[tuple]:
    """Measure on a temporary SQLite file, and on PostgreSQL when DATABASE_URL is a test db."""
    with tempfile.TemporaryDirectory() as folder:
        rows = _figures("SQLite", f"sqlite:///{Path(folder) / 'reports.sqlite3'}")
    postgres = _postgres_test_url()
    if postgres:
        rows += _figures("PostgreSQL", postgres)
    else:
        rows.append(("PostgreSQL", "skipped: DATABASE_URL is not a postgres *test* database",
                     "", "", ""))
    return rows


def _figures(label: str, url: str) -> list[tuple]:
    app = build(TestConfig(url))
    app.test_client_class = CsrfClient
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
        started = time.perf_counter()
        _insert_cases(N)
        built = time.perf_counter() - started
        _analyze()  # fresh statistics after a bulk load, as an operator would run
        started = time.perf_counter()
        rollup.rebuild(db.session)
        db.session.commit()
        rebuilt = time.perf_counter() - started
        _analyze()
        analyst = accounts.create_user("bench-analyst@example.test", "Bench", "analyst", "VRU",
                                       PASSWORD)
        db.session.commit()
        client = app.test_client()
        AuthActions(client).login(analyst)
        page = _median_ms(lambda: _get(client, "/reports/"))
        summary = _median_ms(lambda: _get(client, "/reports/summary.json"))
        filtered = _median_ms(lambda: _get(client, "/reports/summary.json?year=2023-24"))
        plain = _median_ms(_plain_group_by)
        db.session.remove()
        db.engine.dispose()
    return [
        (label, f"bulk insert {N:,} people + cases + hand-offs (s)", f"{built:.1f}", "", ""),
        (label, f"rollup rebuild from {N:,} cases (s)", f"{rebuilt:.1f}", "", ""),
        (label, f"GET /reports/ at {N:,} referrals (ms, median)", f"{page:.1f}",
         f"< {TARGET_MS}", _ok(page < TARGET_MS)),
        (label, f"GET /reports/summary.json at {N:,} (ms, median)", f"{summary:.1f}",
         f"< {TARGET_MS}", _ok(summary < TARGET_MS)),
        (label, "summary.json for one financial year, 2023-24 (ms)", f"{filtered:.1f}",
         f"< {TARGET_MS}", _ok(filtered < TARGET_MS)),
        (label, f"plain GROUP BY month, programme, BCU over {N:,} cases (ms)", f"{plain:.1f}",
         "", ""),
        (label, "summary.json time / plain GROUP BY time", f"{summary / plain:.2f}", "", ""),
    ]


def _analyze() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _get(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _median_ms(call, repeats: int = 7) -> float:
    call()  # warm caches, as a long-running server has
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _plain_group_by() -> None:
    # What the dashboard would run for one table without the rollup (the month expression is
    # the only dialect difference).
    at = Case.submitted_at
    month = (func.to_char(at, "YYYY-MM") if db.engine.dialect.name == "postgresql"
             else func.strftime("%Y-%m", at))
    db.session.execute(select(month, Case.programme, Case.bcu_id, func.count())
                       .group_by(month, Case.programme, Case.bcu_id)).all()
    db.session.rollback()


def _insert_cases(count: int) -> None:
    rng = random.Random(1295)
    boroughs = db.session.execute(select(Borough.id, Borough.bcu_id)).all()
    partners = list(db.session.scalars(select(Organisation.id)
                                       .where(Organisation.kind == "partner")))
    start = datetime(2022, 4, 1, tzinfo=UTC)
    for first in range(0, count, CHUNK):
        size = min(CHUNK, count - first)
        key_ids = _insert_returning_ids(DataKey, [
            {"uuid": uuid.uuid4(), "kek_id": "k1", "wrapped": os.urandom(60),
             "created_at": start} for _ in range(size)])
        person_ids = _insert_returning_ids(Person, [
            {"uuid": uuid.uuid4(), "data_key_id": key_id, "age_band": rng.choice(AGE_BANDS),
             "gender": rng.choice(GENDERS), "ethnicity_group": rng.choice(ETHNICITY_GROUPS),
             "created_at": start} for key_id in key_ids])
        cases = [_case(rng, first + i, person_id, boroughs, partners, start)
                 for i, person_id in enumerate(person_ids)]
        case_ids = _insert_returning_ids(Case, cases)
        handoffs = [{"uuid": uuid.uuid4(), "case_id": case_id,
                     "organisation_id": case["partner_organisation_id"] or partners[0],
                     "status": "accepted" if case["status"] in ("engaged", "closed")
                     else "pending", "created_at": case["submitted_at"]}
                    for case_id, case in zip(case_ids, cases, strict=True)
                    if case["status"] in ("handed_off", "engaged", "closed")]
        if handoffs:
            db.session.execute(insert(Handoff.__table__), handoffs)
        db.session.commit()


def _insert_returning_ids(model, rows: list[dict]) -> list[int]:
    table = model.__table__
    before = db.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    db.session.execute(insert(table), rows)
    # One writer (this process) and fresh tables: the ids are consecutive after the maximum.
    return list(range(before + 1, before + 1 + len(rows)))


def _case(rng, number: int, person_id: int, boroughs, partners, start) -> dict:
    borough_id, bcu_id = rng.choice(boroughs)
    status = rng.choices(STATUSES, WEIGHTS)[0]
    submitted = start + timedelta(minutes=rng.randrange(60 * 24 * 365 * 3))
    triaged = status != "submitted"
    partner = rng.choice(partners) if status in ("handed_off", "engaged", "closed") else None
    contact = status in ("engaged", "closed")
    return {
        "uuid": uuid.uuid4(), "reference": f"BN-{number:09d}", "programme": rng.choice(
            ["divert_app", "divert_app", "divert_custody", "engage"]),
        "route": "officer_app", "status": status, "person_id": person_id, "bcu_id": bcu_id,
        "borough_id": borough_id, "age_band": rng.choice(AGE_BANDS), "submitted_at": submitted,
        "consent_given": True, "lawful_basis": "art6_1e_sch1_para18",
        "triaged_at": submitted + timedelta(hours=rng.randrange(1, 24 * 14)) if triaged
        else None,
        "first_contact_at": (submitted + timedelta(days=rng.randrange(1, 40))).date()
        if contact else None,
        "engaged": True if contact else None,
        "partner_organisation_id": partner if status == "engaged" or status == "handed_off"
        else None,
    }

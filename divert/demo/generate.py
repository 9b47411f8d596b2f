"""`demo generate`: a large synthetic set for benchmarks, in committed, resumable batches."""

from __future__ import annotations

import multiprocessing
import random
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import func, insert, select, text

from divert.demo import rows
from divert.demo.people import faker_for
from shared.audit import services as audit
from shared.auth import services as accounts
from shared.auth.models import User
from shared.cases.models import Case, CaseEvent, Handoff
from shared.crypto import keyring
from shared.crypto.datakeys import DataKey
from shared.db import utcnow
from shared.extensions import db
from shared.people.models import Person
from shared.reference.models import Borough, Organisation
from shared.reports import rollup

# Every generated referral is sent by this account (it has no password and cannot sign in),
# which is how a rerun counts what is already there and carries on from it.
BENCH_OFFICER = "bench.officer@demo.test"
POOL = 400
_REDRAW = random.SystemRandom()
_FORKED: tuple | None = None  # (app, rows.Context) for forked batch builders


def generated_count() -> int:
    """How many synthetic referrals are already stored."""
    officer = db.session.scalar(select(User.id).where(User.email == BENCH_OFFICER))
    if officer is None:
        return 0
    return db.session.scalar(select(func.count(Case.id)).where(Case.referrer_id == officer))


def generate(target: int, batch_size: int = 10_000,
             progress: Callable[[int], object] | None = None, statistics: bool = True,
             workers: int = 1) -> int:
    """Add synthetic referrals until TARGET exist, committing each batch; returns how many added.

    WORKERS > 1 seals the next batches in that many forked processes while this one inserts.
    """
    done = start = generated_count()
    if done >= target:
        return 0
    ctx = _context()
    plan = [(n, min(batch_size, target - n)) for n in range(done, target, batch_size)]
    with closing(_built(ctx, plan, workers)) as batches:
        for batch in batches:
            _roomy_sqlite_cache()
            write_batch(batch)
            count = len(batch.cases)
            audit.record("create", "case", detail=f"demo generate: {count} synthetic referrals")
            db.session.commit()
            done += count
            if progress is not None:
                progress(count)
    if statistics:
        refresh_statistics()
    return done - start


def _built(ctx: rows.Context, plan: list[tuple[int, int]], workers: int) -> Iterator[rows.Batch]:
    if workers <= 1:
        yield from (rows.build_batch(ctx, n, count) for n, count in plan)
        return
    # Forked workers inherit the context (keys included) instead of receiving it pickled;
    # at most two batches per worker wait in memory.
    global _FORKED
    _FORKED = (current_app._get_current_object(), ctx)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        waiting: deque = deque()
        for n, count in plan:
            waiting.append(pool.submit(_build_in_worker, n, count))
            if len(waiting) >= 2 * workers:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        _FORKED = None


def _build_in_worker(start: int, count: int) -> rows.Batch:
    app, ctx = _FORKED
    with app.app_context():  # the blind index key comes from the app's config
        return rows.build_batch(ctx, start, count)


def _roomy_sqlite_cache() -> None:
    # SQLite's default 2 MB page cache makes the random-UUID and blind-index B-trees go to
    # the OS for almost every insert once they outgrow it; 512 MB keeps them in memory.
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("PRAGMA cache_size = -524288"))


def refresh_statistics() -> None:
    """Recount the statistics rollup, which bulk inserts bypass (once, not once per batch)."""
    rollup.rebuild(db.session)
    db.session.commit()
    # Fresh planner statistics for every table: without them SQLite guesses that
    # `programme IN (...)` is selective and sorts every open case instead of reading a page
    # off the queue's index.
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _context() -> rows.Context:
    officer = _bench_officer()
    places = db.session.execute(select(Borough.id, Borough.bcu_id).order_by(Borough.id)).all()
    partners = list(db.session.scalars(select(Organisation.id).where(
        Organisation.kind == "partner").order_by(Organisation.id)))
    fake, _ = faker_for(-1)
    kek_id, kek = keyring.active_kek()
    db.session.commit()
    return rows.Context(
        officer_id=officer.id, places=[tuple(p) for p in places], partner_ids=partners,
        kek_id=kek_id, kek=AESGCM(kek), now=utcnow(),
        first_names=[fake.first_name() for _ in range(POOL)],
        last_names=[fake.last_name() for _ in range(POOL)],
        postcodes=[fake.postcode() for _ in range(POOL)])


def _bench_officer() -> User:
    user = accounts.find_user(BENCH_OFFICER)
    return user or accounts.create_user(BENCH_OFFICER, "Benchmark Officer", "officer", "MPS")


def write_batch(batch: rows.Batch) -> None:
    """Insert one batch: keys, then people, then cases and their first timeline entry."""
    key_ids = _insert_returning_ids(DataKey.__table__, batch.keys)
    people = [{k: v for k, v in p.items() if not k.startswith("_")} | {"data_key_id": key_id}
              for p, key_id in zip(batch.people, key_ids, strict=True)]
    person_ids = _insert_returning_ids(Person.__table__, people)
    _free_references(batch.cases)
    cases = [c | {"person_id": pid} for c, pid in zip(batch.cases, person_ids, strict=True)]
    case_ids = _insert_returning_ids(Case.__table__, cases)
    db.session.execute(insert(CaseEvent.__table__), [
        {"uuid": uuid.uuid4(), "case_id": cid, "at": c["submitted_at"],
         "actor_id": c["referrer_id"], "kind": "submitted", "to_status": "submitted",
         "summary": "Referral received from the DIVERT app"}
        for cid, c in zip(case_ids, cases, strict=True)])
    handoffs = [_handoff(cid, c) for cid, c in zip(case_ids, cases, strict=True)
                if c["partner_organisation_id"] is not None]
    if handoffs:
        db.session.execute(insert(Handoff.__table__), handoffs)


def _handoff(case_id: int, case: dict) -> dict:
    pending = case["status"] == "handed_off"
    return {"uuid": uuid.uuid4(), "case_id": case_id, "organisation_id":
            case["partner_organisation_id"], "status": "pending" if pending else "accepted",
            "created_at": case["triaged_at"], "created_by_id": None,
            "decided_at": None if pending else case["triaged_at"], "decided_by_id": None,
            "decline_reason": None}


def _insert_returning_ids(table, values: list[dict]) -> list[int]:
    if db.session.get_bind().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(db.session.scalars(statement, values))
    # SQLite would send an ordered RETURNING one row at a time; one executemany is several
    # times faster, and its rowids are consecutive because this transaction holds the only
    # write lock from its first insert until the commit.
    db.session.execute(insert(table), values)
    last = db.session.scalar(text("SELECT last_insert_rowid()"))
    return list(range(last - len(values) + 1, last + 1))


def _free_references(cases: list[dict]) -> None:
    # References are unique across all cases: redraw any already stored or repeated, and
    # check the redrawn ones again (at a million cases about 1 in 700 draws is taken).
    settled: set[str] = set()
    pending = cases
    while pending:
        stored = set(db.session.scalars(select(Case.reference).where(
            Case.reference.in_([c["reference"] for c in pending]))))
        redrawn = []
        for case in pending:
            if case["reference"] in stored or case["reference"] in settled:
                case["reference"] = rows.reference(_REDRAW)
                redrawn.append(case)
            else:
                settled.add(case["reference"])
        pending = redrawn

"""The rollup is recounted once, just before a commit, and a rollback leaves it untouched."""

from __future__ import annotations

from datetime import datetime

import time_machine
from sqlalchemy import select

from shared.cases import services
from shared.clock import LONDON
from shared.extensions import db
from shared.reports import rollup
from shared.reports.models import ReportCount
from tests.factories import refer


def _snapshot() -> list[tuple]:
    return sorted((c.month, c.programme, c.bcu_id, c.measure, c.value, c.n)
                  for c in db.session.scalars(select(ReportCount)) if c.n)


def _rebuilt() -> list[tuple]:
    rollup.rebuild(db.session)
    db.session.commit()
    return _snapshot()


def test_a_rolled_back_change_leaves_the_rollup_unchanged(make_user):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    case = refer(officer, commit=False)
    db.session.commit()
    before = _snapshot()
    services.triage(case, coordinator, "decline", "low", 3, reason="not_at_risk")
    db.session.flush()
    assert case.id in db.session.info[rollup.PENDING]
    db.session.rollback()
    assert rollup.PENDING not in db.session.info
    db.session.commit()  # a later commit must not recount the forgotten change either
    assert _snapshot() == before == _rebuilt()


def test_several_flushes_in_one_transaction_recount_once(make_user, monkeypatch):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    calls = []
    real_refresh = rollup.refresh_cases

    def counted(session, case_ids):
        calls.append(sorted(case_ids))
        real_refresh(session, case_ids)

    monkeypatch.setattr(rollup, "refresh_cases", counted)
    first, second = refer(officer, commit=False), refer(officer, commit=False)
    db.session.flush()
    services.triage(first, coordinator, "accept", "high", 1)
    db.session.flush()
    assert calls == []
    db.session.commit()
    assert calls == [sorted([first.id, second.id])]
    monkeypatch.setattr(rollup, "refresh_cases", real_refresh)
    counted_by_commit = _snapshot()
    assert counted_by_commit == _rebuilt()
    assert ("referred", 2) in {(c[4], c[5]) for c in counted_by_commit if c[3] == "stage"
                               and c[1] == "*" and c[2] == rollup.ALL_BCUS}


def test_a_rolled_back_savepoint_keeps_the_outer_transactions_cases_counted(make_user):
    officer, coordinator = make_user("officer"), make_user("coordinator")
    case = refer(officer, commit=False)
    db.session.flush()
    savepoint = db.session.begin_nested()
    services.triage(case, coordinator, "accept", "high", 1)
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    counted = _snapshot()
    assert counted == _rebuilt()
    assert any(c[3] == "stage" and c[4] == "referred" for c in counted)


def _referred_in(month: str) -> int:
    return sum(c.n for c in db.session.scalars(select(ReportCount).where(
        ReportCount.month == month, ReportCount.measure == "stage",
        ReportCount.value == "referred", ReportCount.programme == rollup.ALL_PROGRAMMES,
        ReportCount.bcu_id == rollup.ALL_BCUS)))


def test_a_referral_just_after_londons_midnight_counts_in_londons_month(make_user):
    before = {month: _referred_in(month) for month in ("2026-06", "2026-07")}
    # 00:30 on 1 July in London is still 30 June in UTC.
    with time_machine.travel(datetime(2026, 7, 1, 0, 30, tzinfo=LONDON), tick=False):
        refer(make_user("officer"))
    assert _referred_in("2026-07") == before["2026-07"] + 1
    assert _referred_in("2026-06") == before["2026-06"]
    assert _snapshot() == _rebuilt()

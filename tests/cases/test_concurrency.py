"""Two partner workers answer the same hand-off at once: exactly one decision wins."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from shared.auth.models import User
from shared.cases import services
from shared.cases.models import Case, Handoff
from shared.extensions import db
from shared.reference.models import Organisation
from tests.factories import planned_case


def _answer(app, case_id: int, user_id: int, accept: bool, barrier, outcomes: dict) -> None:
    with app.app_context():
        case, user = db.session.get(Case, case_id), db.session.get(User, user_id)
        assert case.pending_handoff is not None  # both see it pending before either answers
        barrier.wait(timeout=10)
        try:
            services.decide_hand_off(case, user, accept, None if accept else "no_capacity")
            db.session.commit()
            outcomes[user_id] = "won"
        except services.HandoffAlreadyDecided as refused:
            db.session.rollback()
            outcomes[user_id] = str(refused)
        finally:
            db.session.remove()


def test_only_one_of_two_concurrent_answers_to_a_hand_off_wins(app, make_user):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs two real concurrent transactions (PostgreSQL); "
                    "SQLite serialises writers")
    case = planned_case(make_user("officer"), make_user("coordinator"))
    aitc = db.session.scalar(select(Organisation).where(Organisation.code == "AITC"))
    services.hand_off(case, make_user("coordinator"), aitc, "Football")
    first, second = make_user("partner"), make_user("partner")
    db.session.commit()
    barrier, outcomes = threading.Barrier(2), {}
    threads = [threading.Thread(target=_answer, args=(app, case.id, u.id, accept, barrier,
                                                      outcomes))
               for u, accept in ((first, True), (second, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(v == "won" for v in outcomes.values()) == [False, True]
    loser = next(v for v in outcomes.values() if v != "won")
    assert "Someone has already answered this hand-off" in loser
    db.session.expire_all()
    handoff = db.session.scalar(select(Handoff).where(Handoff.case_id == case.id))
    winner_accepted = outcomes[first.id] == "won"
    assert handoff.status == ("accepted" if winner_accepted else "declined")
    assert db.session.get(Case, case.id).status == ("engaged" if winner_accepted
                                                   else "plan_agreed")

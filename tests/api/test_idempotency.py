"""Idempotency-Key: a retried POST returns the first answer and creates nothing new."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from shared.api.models import IdempotencyRecord
from shared.cases.models import Case
from shared.db import utcnow
from shared.extensions import db
from tests.api.conftest import referral_body
from tests.factories import refer

KEY = {"Idempotency-Key": "3f1c1d7e-retry-me"}


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def test_a_retried_referral_returns_the_first_receipt_and_creates_one_case(api_as):
    officer = api_as("officer")
    body = referral_body()
    first = officer.post("/referrals", body, headers=KEY)
    again = officer.post("/referrals", body, headers=KEY)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert _cases() == 1


def test_without_a_key_each_post_is_a_new_referral(api_as):
    officer = api_as("officer")
    officer.post("/referrals", referral_body())
    officer.post("/referrals", referral_body())
    assert _cases() == 2


def test_the_same_key_with_a_different_body_is_refused_clearly(api_as):
    officer = api_as("officer")
    officer.post("/referrals", referral_body(), headers=KEY)
    response = officer.post("/referrals", referral_body(first_name="Sam"), headers=KEY)
    assert response.status_code == 422
    assert "already used for a different request" in response.get_json()["detail"]
    assert response.get_json()["errors"][0]["field"] == "Idempotency-Key"
    assert _cases() == 1


def test_keys_belong_to_one_user(api_as):
    one, two = api_as("officer"), api_as("officer")
    one.post("/referrals", referral_body(), headers=KEY)
    response = two.post("/referrals", referral_body(), headers=KEY)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert _cases() == 2


def test_a_refused_request_keeps_no_key_so_the_corrected_retry_goes_through(api_as):
    officer = api_as("officer")
    assert officer.post("/referrals", referral_body(concern=""), headers=KEY
                        ).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
    assert officer.post("/referrals", referral_body(), headers=KEY).status_code == 201
    assert _cases() == 1


def test_keys_expire_after_a_day(api_as):
    officer = api_as("officer")
    body = referral_body()
    officer.post("/referrals", body, headers=KEY)
    with time_machine.travel(utcnow() + timedelta(hours=23)):
        officer.token = _fresh_token(officer)
        assert officer.post("/referrals", body, headers=KEY).headers.get(
            "Idempotent-Replayed") == "true"
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        officer.token = _fresh_token(officer)
        response = officer.post("/referrals", body, headers=KEY)
        assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert _cases() == 2


def test_a_retried_case_change_is_not_applied_twice(api_as, make_user):
    coordinator = api_as("coordinator")
    case = refer(make_user("officer"))
    triage = {"decision": "accept", "risk_level": "low", "priority": 3}
    first = coordinator.post(f"/cases/{case.uuid}/triage", triage, headers=KEY)
    again = coordinator.post(f"/cases/{case.uuid}/triage", triage, headers=KEY)
    assert first.status_code == again.status_code == 200 and first.get_json() == again.get_json()
    # Without the key the same request is a second attempt, which the state machine refuses.
    assert coordinator.post(f"/cases/{case.uuid}/triage", triage).status_code == 409
    db.session.expire_all()
    assert [e.kind for e in db.session.get(Case, case.id).events] == ["submitted", "accept"]


def test_a_malformed_key_is_refused(api_as):
    officer = api_as("officer")
    response = officer.post("/referrals", referral_body(), headers={"Idempotency-Key": "x" * 256})
    assert response.status_code == 400 and _cases() == 0


def test_the_stored_answer_holds_no_personal_data(api_as):
    officer = api_as("officer")
    officer.post("/referrals", referral_body(), headers=KEY)
    stored = db.session.scalar(select(IdempotencyRecord.body))
    assert "Zo" not in stored and "Brien" not in stored and "knives" not in stored


def _fresh_token(api) -> str:
    from shared.api import tokens

    token = tokens.issue(api.user).token
    db.session.commit()
    return token

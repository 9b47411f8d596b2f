"""Token sign-in, expiry, revocation, and no cookie ever signing in an API request."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from shared.api.models import ApiToken
from shared.auth import services as account_services
from shared.auth.models import User
from shared.db import utcnow
from shared.extensions import db
from tests.api.conftest import API, Api
from tests.conftest import PASSWORD, AuthActions, _allow_code_reuse_in_tests, current_code

GENERIC = "Enter a correct email address and password"


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post(f"{API}/tokens", json={"email": email, "password": password, **extra},
                       csrf=False)


def test_an_officer_signs_in_with_a_password_and_gets_a_one_hour_token(client, make_user):
    officer = make_user("officer")
    response = _sign_in(client, officer.email)
    assert response.status_code == 201
    body = response.get_json()
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash != body["token"] and body["token"] not in repr(row.__dict__)
    assert timedelta(minutes=59) < row.expires_at - utcnow() <= timedelta(hours=1)
    assert "Set-Cookie" not in response.headers
    assert Api(client, body["token"]).get("/receipts").status_code == 200


def test_a_coordinator_needs_a_fresh_totp_code(client, make_user):
    coordinator = make_user("coordinator")
    assert _sign_in(client, coordinator.email).status_code == 401
    _allow_code_reuse_in_tests(coordinator)
    assert _sign_in(client, coordinator.email, totp="000000").status_code == 401
    code = current_code(coordinator)
    assert _sign_in(client, coordinator.email, totp=code).status_code == 201
    # The same code never works twice.
    assert _sign_in(client, coordinator.email, totp=code).status_code == 401


def test_unknown_account_wrong_password_and_locked_account_get_one_message(client, make_user):
    officer = make_user("officer")
    answers = [_sign_in(client, "nobody@example.test"), _sign_in(client, officer.email, "wrong")]
    officer.locked_at = utcnow()
    db.session.commit()
    answers.append(_sign_in(client, officer.email))
    assert {a.status_code for a in answers} == {401}
    assert {a.get_json()["detail"] for a in answers} == {answers[0].get_json()["detail"]}
    assert answers[0].get_json()["detail"].startswith(GENERIC)
    assert answers[0].mimetype == "application/problem+json"


def test_failures_count_towards_the_same_lockout_as_the_web(app, client, make_user):
    officer = make_user("officer")
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        _sign_in(client, officer.email, "wrong password!")
    db.session.expire_all()
    assert db.session.get(User, officer.id).locked_at is not None
    assert _sign_in(client, officer.email).status_code == 401
    web = app.test_client()
    assert AuthActions(web).login(officer, follow=False).status_code == 401


def test_the_sign_in_rate_limit_per_address_answers_429_with_retry_after(app, client):
    limit = int(app.config["LOGIN_IP_LIMIT"].split()[0])
    for _ in range(limit):
        _sign_in(client, "nobody@example.test")
    response = _sign_in(client, "nobody@example.test")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert response.mimetype == "application/problem+json"


def test_an_expired_token_is_refused(api_as):
    api = api_as("officer")
    with time_machine.travel(utcnow() + timedelta(minutes=59)):
        assert api.get("/receipts").status_code == 200
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        response = api.get("/receipts")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith(
        "Bearer")


def test_a_user_lists_and_revokes_their_own_token(api_as):
    api = api_as("officer")
    listed = api.get("/tokens").get_json()["items"]
    assert len(listed) == 1 and "token" not in listed[0]
    assert api.delete(f"/tokens/{listed[0]['id']}").status_code == 204
    assert api.get("/tokens").status_code == 401


def test_nobody_but_an_admin_revokes_someone_elses_token(api_as):
    victim, other, admin = api_as("officer"), api_as("partner"), api_as("admin")
    token_id = victim.get("/tokens").get_json()["items"][0]["id"]
    assert other.delete(f"/tokens/{token_id}").status_code == 404
    assert victim.get("/receipts").status_code == 200
    assert token_id in [t["id"] for t in admin.get("/admin/tokens").get_json()["items"]]
    assert other.get("/admin/tokens").status_code == 403
    assert admin.delete(f"/tokens/{token_id}").status_code == 204
    assert victim.get("/receipts").status_code == 401


def test_a_password_change_or_deactivation_ends_tokens(api_as):
    changed, deactivated = api_as("officer"), api_as("officer")
    with time_machine.travel(utcnow() + timedelta(seconds=1)):
        account_services.set_password(changed.user, "a brand new passphrase 42")
        account_services.set_active(db.session.merge(deactivated.user), False)
        db.session.commit()
    assert changed.get("/receipts").status_code == 401
    assert deactivated.get("/receipts").status_code == 401


def test_a_web_session_cookie_does_not_sign_in_an_api_request(app, client, make_user):
    officer = make_user("officer")
    AuthActions(client).login(officer)
    assert client.get("/").status_code == 200  # signed in on the web
    response = client.get(f"{API}/receipts")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_a_malformed_authorization_header_is_refused(client):
    for header in ("Bearer", "Basic abc", "Bearer not-a-token", "bearer \x00"):
        assert client.get(f"{API}/receipts", headers={"Authorization": header}
                          ).status_code == 401

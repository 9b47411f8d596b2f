"""Sign-in: success, one generic failure message, lockout and unlock, throttling, safe next=."""

from __future__ import annotations

from sqlalchemy import select

from shared.audit.models import AuditEvent
from shared.auth import services
from shared.extensions import db
from tests.conftest import PASSWORD

GENERIC = b"Enter a correct email address and password"


def _fail(client, email, password="wrong password here!"):
    return client.post("/login", data={"email": email, "password": password})


def test_sign_in_page_is_public_and_has_a_csrf_field(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="csrf_token"' in response.data


def test_every_other_page_sends_a_signed_out_visitor_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/")


def test_unknown_account_wrong_password_and_locked_account_get_the_same_message(client, make_user):
    user = make_user("officer")
    unknown = _fail(client, "nobody@example.test")
    wrong = _fail(client, user.email)
    user.locked_at = user.created_at
    db.session.commit()
    locked = _fail(client, user.email, PASSWORD)
    for response in (unknown, wrong, locked):
        assert response.status_code == 401
        assert GENERIC in response.data
    assert unknown.data.count(b"There is a problem") == wrong.data.count(b"There is a problem")


def test_email_is_matched_regardless_of_case_and_spaces(client, auth, make_user):
    user = make_user("officer", email="mixed.case@example.test")
    response = client.post("/login", data={"email": "  Mixed.Case@EXAMPLE.test ",
                                           "password": PASSWORD})
    assert response.status_code == 302
    assert user.email == "mixed.case@example.test"


def test_ten_failures_in_five_minutes_lock_the_account_even_with_the_right_password(
        client, make_user):
    user = make_user("officer")
    for _ in range(10):
        assert _fail(client, user.email).status_code == 401
    db.session.refresh(user)
    assert user.locked_at is not None
    eleventh = _fail(client, user.email, PASSWORD)
    assert eleventh.status_code == 401
    assert GENERIC in eleventh.data
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_uuid == user.uuid)).all()
    assert actions.count("login_failed") == 11
    assert "account_locked" in actions


def test_eleven_failures_for_an_unknown_account_lock_nothing_and_say_the_same(client):
    responses = [_fail(client, "ghost@example.test") for _ in range(11)]
    assert {r.status_code for r in responses} == {401}
    assert all(GENERIC in r.data for r in responses)


def test_failures_older_than_the_window_do_not_count(client, make_user):
    import time_machine

    user = make_user("officer")
    with time_machine.travel("2026-01-01 09:00:00+00:00", tick=False):
        for _ in range(9):
            _fail(client, user.email)
    with time_machine.travel("2026-01-01 09:06:00+00:00", tick=False):
        _fail(client, user.email)
    db.session.refresh(user)
    assert user.locked_at is None


def test_admin_unlock_lets_the_user_sign_in_again(client, make_user):
    user = make_user("officer")
    for _ in range(10):
        _fail(client, user.email)
    services.unlock(db.session.merge(user))
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_per_ip_throttling_answers_429_after_the_limit(app, client):
    app.config["LOGIN_IP_LIMIT"] = "3 per 5 minutes"
    try:
        codes = [_fail(client, f"u{i}@example.test").status_code for i in range(4)]
    finally:
        app.config["LOGIN_IP_LIMIT"] = "30 per 5 minutes"
    assert codes == [401, 401, 401, 429]


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user("officer")
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401
    assert GENERIC in response.data


def test_next_path_on_this_site_is_followed_after_sign_in(client, make_user):
    user = make_user("officer")
    response = client.post("/login?next=/account/password",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/password"


def test_next_pointing_elsewhere_is_refused_and_home_is_used(client, make_user):
    user = make_user("officer")
    for target in ("https://elsewhere.example", "//elsewhere.example", "/\\elsewhere.example",
                   "javascript:alert(1)", "/\r\nSet-Cookie:x=1", "https:/elsewhere.example"):
        fresh = client.application.test_client()
        response = fresh.post("/login", query_string={"next": target},
                              data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response.headers["Location"] == "/"


def test_login_without_a_csrf_token_is_refused(client, make_user):
    user = make_user("officer")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert b"did not come from this service" in response.data


def test_login_with_a_foreign_csrf_token_is_refused(client, make_user):
    user = make_user("officer")
    other = client.application.test_client()
    token = other.csrf_token()
    response = client.post("/login", csrf=False, data={
        "email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 400


def test_missing_fields_get_a_clear_400_with_an_error_summary(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    assert b"Enter your email address" in response.data
    assert b"govuk-error-summary" in response.data


def test_successful_sign_in_is_audited(client, auth, make_user):
    user = make_user("officer")
    auth.login(user)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_uuid == user.uuid)).all()
    assert "login" in actions

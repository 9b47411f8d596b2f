"""Sessions: rotated at sign-in, refused after logout, password change or deactivation, timeouts."""

from __future__ import annotations

import time_machine
from sqlalchemy import select

from shared.auth import services
from shared.auth.models import UserSession
from shared.extensions import db
from tests.conftest import PASSWORD


def _cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def _replay(app, value):
    other = app.test_client()
    other.set_cookie("session", value)
    return other.get("/")


def test_session_cookie_changes_at_sign_in(client, auth, make_user):
    user = make_user("officer")
    client.get("/login")
    client.csrf_token()
    before = _cookie(client)
    auth.login(user)
    assert before and _cookie(client) != before


def test_a_fixated_pre_login_cookie_does_not_become_signed_in(app, client, auth, make_user):
    user = make_user("officer")
    client.csrf_token()
    planted = _cookie(client)
    auth.login(user)
    assert _replay(app, planted).status_code == 302


def test_cookie_replayed_after_logout_is_refused(app, client, auth, make_user):
    user = make_user("officer")
    auth.login(user)
    signed_in = _cookie(client)
    assert _replay(app, signed_in).status_code == 200
    auth.logout()
    assert _replay(app, signed_in).status_code == 302


def test_logout_needs_post_with_a_csrf_token(client, auth, make_user):
    auth.login(make_user("officer"))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/").status_code == 200


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth, make_user):
    user = make_user("officer")
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login(user)
    auth.login(user)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a brand new long passphrase",
        "confirm": "a brand new long passphrase"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_password_change_needs_the_current_password(client, auth, make_user):
    auth.login(make_user("officer"))
    response = client.post("/account/password", data={
        "current_password": "not my password", "new_password": "a brand new long passphrase",
        "confirm": "a brand new long passphrase"})
    assert response.status_code == 400
    assert b"current password is not right" in response.data


def test_password_change_applies_the_password_rules(client, auth, make_user):
    auth.login(make_user("officer"))
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert response.status_code == 400
    assert b"12 characters or more" in response.data


def test_deactivation_refuses_the_cookie_at_once(client, auth, make_user):
    user = make_user("officer")
    auth.login(user)
    services.set_active(db.session.merge(user), False)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_idle_for_thirty_minutes_signs_you_out(client, auth, make_user):
    user = make_user("officer")
    with time_machine.travel("2026-02-01 09:00:00+00:00", tick=False):
        auth.login(user)
    with time_machine.travel("2026-02-01 09:29:00+00:00", tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel("2026-02-01 09:58:00+00:00", tick=False):
        assert client.get("/").status_code == 200  # activity at 09:29 kept it alive
    with time_machine.travel("2026-02-01 10:29:00+00:00", tick=False):
        assert client.get("/").status_code == 302
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert row.end_reason == "timeout"


def test_twelve_hours_after_sign_in_the_session_ends_however_active(client, auth, make_user):
    user = make_user("officer")
    with time_machine.travel("2026-02-01 08:00:00+00:00", tick=False):
        auth.login(user)
    for minutes in range(20, 12 * 60, 20):
        moment = f"2026-02-01 {8 + minutes // 60:02d}:{minutes % 60:02d}:00+00:00"
        with time_machine.travel(moment, tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel("2026-02-01 20:00:01+00:00", tick=False):
        assert client.get("/").status_code == 302


def test_session_tokens_are_stored_only_as_digests(client, auth, make_user):
    user = make_user("officer")
    auth.login(user)
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert len(row.token_hash) == 64
    with client.session_transaction() as session:
        assert session["_user_id"] != row.token_hash

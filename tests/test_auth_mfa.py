"""TOTP: required for coordinator, DPO and admin; enrolment by QR code; a code works once."""

from __future__ import annotations

import re

import pyotp
import pytest

from shared.auth import mfa
from shared.extensions import db
from tests.conftest import PASSWORD, current_code


def _password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": PASSWORD})


@pytest.mark.parametrize("role", ["coordinator", "dpo", "admin"])
def test_roles_that_need_mfa_are_not_signed_in_by_password_alone(client, make_user, role):
    user = make_user(role)
    response = _password_step(client, user)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/").status_code == 302  # still signed out


@pytest.mark.parametrize("role", ["officer", "custody_worker", "partner", "analyst"])
def test_other_roles_sign_in_with_a_password(client, make_user, role):
    response = _password_step(client, make_user(role))
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_unenrolled_user_enrols_with_a_qr_code_and_first_code(client, make_user):
    user = make_user("dpo", enrol_mfa=False)
    assert _password_step(client, user).headers["Location"] == "/login/authenticator"
    page = client.get("/login/authenticator")
    assert b"data:image/svg+xml" in page.data
    shown = re.search(rb'data-testid="totp-secret">([A-Z2-7 ]+)<', page.data).group(1).decode()
    secret = shown.replace(" ", "")
    response = client.post("/login/authenticator", data={"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"] == "/"
    db.session.refresh(user)
    assert user.mfa_enrolled
    assert secret.encode() not in user.totp_secret  # sealed at rest


def test_wrong_enrolment_code_is_refused_with_a_message(client, make_user):
    user = make_user("admin", enrol_mfa=False)
    _password_step(client, user)
    client.get("/login/authenticator")
    response = client.post("/login/authenticator", data={"code": "000000"})
    assert response.status_code == 400
    assert b"The code is not right" in response.data


def test_a_code_works_only_once(client, app, make_user):
    user = make_user("coordinator")
    code = current_code(user)
    _password_step(client, user)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    client.post("/logout")
    other = app.test_client()
    _password_step(other, user)
    replay = other.post("/login/code", data={"code": code})
    assert replay.status_code == 400
    assert b"has been used already" in replay.data


def test_wrong_codes_count_towards_the_lockout(client, make_user):
    user = make_user("coordinator")
    _password_step(client, user)
    for _ in range(10):
        client.post("/login/code", data={"code": "123456"})
    db.session.refresh(user)
    assert user.locked_at is not None


def test_code_page_without_a_password_step_sends_you_back_to_sign_in(client):
    assert client.get("/login/code").headers["Location"] == "/login"
    assert client.get("/login/authenticator").headers["Location"] == "/login"


def test_pending_second_step_expires_after_five_minutes(client, make_user):
    import time_machine

    user = make_user("coordinator")
    with time_machine.travel("2026-03-01 10:00:00+00:00", tick=False):
        _password_step(client, user)
    with time_machine.travel("2026-03-01 10:06:00+00:00", tick=False):
        code = pyotp.TOTP(mfa.unseal_secret(user.totp_secret)).now()
        assert client.post("/login/code", data={"code": code}).headers["Location"] == "/login"


def test_matching_step_tolerates_one_step_of_clock_drift_only():
    secret = pyotp.random_base32()
    now = 1_800_000_000
    totp = pyotp.TOTP(secret)
    assert mfa.matching_step(secret, totp.at(now - 30), now) == now // 30 - 1
    assert mfa.matching_step(secret, totp.at(now - 90), now) is None
    assert mfa.matching_step(secret, "12 34", now) is None


def test_a_signed_in_user_opening_the_code_pages_stays_signed_in(client, auth, make_user):
    auth.login(make_user("coordinator"))
    assert client.get("/login/code").headers["Location"] == "/"
    assert client.get("/login/authenticator").headers["Location"] == "/"
    assert client.get("/").status_code == 200

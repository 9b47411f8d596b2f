"""Finding 6 (first bullet) of issue 18: the TOTP sealing key lives in the key ring with its
own id, so a new SECRET_KEY breaks no code entry, and the TOTP key itself can rotate."""

from __future__ import annotations

import os
import secrets

import pyotp
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.auth import mfa
from shared.extensions import db
from tests.conftest import PASSWORD, AuthActions, _allow_code_reuse_in_tests


@pytest.fixture
def new_secret_key(app):
    """SECRET_KEY changed, as an operator might rotate it; put back afterwards."""
    saved = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = app.secret_key = secrets.token_urlsafe(48)
    yield
    app.config["SECRET_KEY"] = app.secret_key = saved


def test_a_sealed_secret_names_its_totp_key(app, make_user):
    user = make_user("dpo")
    assert user.totp_secret[:1] == mfa.SEALED_V2
    assert user.totp_secret[2:2 + user.totp_secret[1]] == app.config["KEY_RING"]["totp"][
        "active"].encode()


def test_sign_in_with_a_code_works_after_secret_key_changes(app, make_user, new_secret_key):
    user = make_user("coordinator")
    response = AuthActions(app.test_client()).login(user, follow=False)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_a_secret_sealed_under_an_older_totp_key_opens_and_moves_to_the_active_one(app,
                                                                                  make_user):
    ring = app.config["KEY_RING"]["totp"]
    saved = ring["active"]
    user = make_user("dpo")
    before = user.totp_secret
    ring["keys"]["t-next"], ring["active"] = os.urandom(32), "t-next"
    try:
        _allow_code_reuse_in_tests(user)
        response = AuthActions(app.test_client()).login(user, follow=False)
        db.session.refresh(user)
        moved = user.totp_secret
    finally:
        ring["active"] = saved
    assert response.status_code == 302
    assert mfa.unseal_secret(moved) == mfa.unseal_secret(before)
    assert moved[2:2 + moved[1]] == b"t-next"


def test_a_legacy_secret_sealed_under_secret_key_opens_and_is_resealed_on_use(app, make_user):
    user = make_user("dpo")
    secret = pyotp.random_base32()
    nonce = os.urandom(12)
    user.totp_secret = nonce + AESGCM(mfa._legacy_sealing_key()).encrypt(
        nonce, secret.encode(), b"totp")
    user.totp_last_step = None
    db.session.commit()
    response = AuthActions(app.test_client()).login(user, follow=False)
    db.session.refresh(user)
    assert response.status_code == 302
    assert user.totp_secret[:1] == mfa.SEALED_V2 and mfa.unseal_secret(user.totp_secret) == secret


def test_a_legacy_secret_whose_nonce_begins_like_v2_still_opens(app):
    secret = pyotp.random_base32()
    nonce = mfa.SEALED_V2 + bytes(range(11))
    legacy = nonce + AESGCM(mfa._legacy_sealing_key()).encrypt(nonce, secret.encode(), b"totp")
    assert mfa.unseal_secret(legacy) == secret and mfa.needs_reseal(legacy)


@pytest.mark.parametrize("stored", [
    bytes(range(7, 47)),  # a legacy secret under a SECRET_KEY long gone
    mfa.SEALED_V2 + b"\x03\xd0\xff\xfe" + bytes(36),  # a legacy nonce that begins like v2
    mfa.SEALED_V2 + b"\x04gone" + bytes(28),  # a TOTP key the ring no longer holds
    mfa.SEALED_V2,  # cut short
], ids=["legacy", "v2-lookalike", "retired-key", "truncated"])
def test_a_secret_that_cannot_be_opened_is_a_refusal_not_a_500(app, make_user, stored):
    user = make_user("dpo")
    user.totp_secret = stored
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 400


def test_reseal_totp_moves_every_legacy_secret_before_secret_key_changes(app, make_user):
    user = make_user("dpo")
    secret = pyotp.random_base32()
    nonce = os.urandom(12)
    user.totp_secret = nonce + AESGCM(mfa._legacy_sealing_key()).encrypt(
        nonce, secret.encode(), b"totp")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "reseal-totp"])
    assert result.exit_code == 0 and "re-sealed" in result.output
    db.session.refresh(user)
    assert not mfa.needs_reseal(user.totp_secret) and mfa.unseal_secret(user.totp_secret) == secret

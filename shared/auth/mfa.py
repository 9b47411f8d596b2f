"""TOTP second factor: enrolment, secrets sealed at rest, and codes that work only once."""

from __future__ import annotations

import base64
import os
import time

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from shared.auth.models import User

ISSUER = "DIVERT and ENGAGE"
STEP_SECONDS = 30
# One step either side tolerates a phone clock that is a little out.
ALLOWED_DRIFT = 1


# Sealed secrets start with this byte, then the TOTP key's id (length-prefixed), then the nonce.
SEALED_V2 = b"\x02"


def _ring() -> dict:
    # The "totp" ring of KEY_RING: its own keys and ids, so SECRET_KEY can change freely.
    return current_app.config["KEY_RING"]["totp"]


def _legacy_sealing_key() -> bytes:
    # Secrets sealed before the TOTP key joined the key ring were under a SECRET_KEY derivation.
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"divert totp secret v1")
    return hkdf.derive(current_app.config["SECRET_KEY"].encode("utf-8"))


def seal_secret(secret: str) -> bytes:
    """Encrypt a TOTP secret for storage under the active TOTP key, naming its id."""
    ring = _ring()
    key_id = ring["active"].encode("ascii")
    nonce = os.urandom(12)
    sealed = AESGCM(ring["keys"][ring["active"]]).encrypt(
        nonce, secret.encode("ascii"), b"totp|" + key_id)
    return SEALED_V2 + bytes([len(key_id)]) + key_id + nonce + sealed


def unseal_secret(sealed: bytes) -> str:
    """Decrypt a stored TOTP secret (under the TOTP key it names, or the legacy key)."""
    if sealed[:1] == SEALED_V2:
        try:
            return _unseal_v2(sealed)
        except InvalidTag:
            # A legacy secret begins with a random nonce, so 1 in 256 of them begin with the
            # v2 marker: only when the legacy key fails too is the secret unopenable.
            pass
    if len(sealed) < 12 + 16:
        raise InvalidTag("too short to be a sealed TOTP secret")
    return AESGCM(_legacy_sealing_key()).decrypt(sealed[:12], sealed[12:], b"totp").decode(
        "ascii")


def _unseal_v2(sealed: bytes) -> str:
    length = sealed[1] if len(sealed) > 1 else 0
    key_id, rest = sealed[2:2 + length], sealed[2 + length:]
    key = _ring()["keys"].get(key_id.decode("ascii", errors="replace"))
    if key is None or len(rest) < 12 + 16:
        raise InvalidTag(f"TOTP key {key_id!r} is not in the key ring")
    return AESGCM(key).decrypt(rest[:12], rest[12:], b"totp|" + key_id).decode("ascii")


def needs_reseal(sealed: bytes) -> bool:
    """Whether a stored secret is sealed under anything but the active TOTP key."""
    active = _ring()["active"].encode("ascii")
    return sealed[:1] != SEALED_V2 or sealed[2:2 + sealed[1]] != active


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_qr_svg(secret: str, email: str) -> str:
    """An SVG data URI of the otpauth:// QR code for an authenticator app."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code equals CODE, within the allowed drift, or None."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int((now if now is not None else time.time()) // STEP_SECONDS)
    for step in range(current - ALLOWED_DRIFT, current + ALLOWED_DRIFT + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def verify_and_consume(user: User, code: str) -> bool:
    """Accept CODE once: a step already used (or older) is refused."""
    if user.totp_secret is None:
        return False
    try:
        secret = unseal_secret(user.totp_secret)
    except InvalidTag:
        # Sealed under a key no longer held (a legacy secret after SECRET_KEY changed): the
        # code cannot be checked; an administrator resets the authenticator.
        current_app.logger.warning("TOTP secret of user %s cannot be opened", user.uuid)
        return False
    step = matching_step(secret, code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    if needs_reseal(user.totp_secret):
        user.totp_secret = seal_secret(secret)  # moves to the active TOTP key as it is used
    return True


def enrol(user: User, secret: str, code: str) -> bool:
    """Confirm enrolment with a first code from the new secret; store it if right."""
    step = matching_step(secret, code)
    if step is None:
        return False
    user.totp_secret = seal_secret(secret)
    user.totp_last_step = step
    return True


def encode_pending(secret: str) -> str:
    """Seal a secret being enrolled so it can wait in the signed cookie unread."""
    return base64.urlsafe_b64encode(seal_secret(secret)).decode("ascii")


def decode_pending(value: str) -> str | None:
    """Open a pending secret; None if it was tampered with."""
    try:
        return unseal_secret(base64.urlsafe_b64decode(value.encode("ascii")))
    except Exception:  # noqa: BLE001 - any failure means "start enrolment again"
        return None

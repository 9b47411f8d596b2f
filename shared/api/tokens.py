"""Issuing, checking and revoking API bearer tokens; sign-in reuses the web's checks."""

from __future__ import annotations

import secrets
import uuid as uuid_module
from datetime import timedelta

from sqlalchemy import Select, select, update

from shared.api.models import ApiToken
from shared.audit import services as audit
from shared.auth import services as account_services
from shared.auth.models import User
from shared.auth.roles import Role
from shared.auth.sessions import token_digest
from shared.db import utcnow
from shared.extensions import db

TOKEN_LIFETIME = timedelta(hours=1)
# Writing last_used_at at most once a minute keeps most API reads free of writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class SignInRefused(Exception):
    """Email, password or code not accepted; the caller shows one generic message."""


def sign_in(email: str, password: str, code: str | None) -> ApiToken:
    """Check the password (and TOTP where the role needs it), then issue a token."""
    user = account_services.check_password_login(email, password)
    if user is None:
        raise SignInRefused
    if user.needs_mfa:
        # Enrolment needs the QR code page, so an unenrolled user must sign in on the web first.
        if not (code and user.mfa_enrolled):
            account_services.register_failure(user)
            raise SignInRefused
        if not account_services.check_mfa_code(user, code):
            raise SignInRefused
    return issue(user)


def issue(user: User) -> ApiToken:
    """A fresh random token for USER, valid for TOKEN_LIFETIME."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(token_hash=token_digest(raw), user=user, role=user.role, created_at=now,
                   expires_at=now + TOKEN_LIFETIME)
    db.session.add(row)
    db.session.flush()
    row.token = raw
    audit.record("api_token_issued", "api_token", row.uuid, actor=user)
    return row


def user_for(raw: str) -> User | None:
    """The user a live token belongs to, or None (unknown, expired, revoked, inactive)."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(raw)))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = row.user
    if not user.active or user.locked_at is not None or user.role != row.role:
        return None
    # A password change ends every session; it ends every token issued before it too.
    if user.password_changed_at is not None and row.created_at < user.password_changed_at:
        return None
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
    return user


def live_tokens(user: User | None = None) -> Select:
    """SELECT of unexpired, unrevoked tokens: USER's own, or everyone's when None."""
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None),
                                   ApiToken.expires_at > utcnow())
    return query if user is None else query.where(ApiToken.user_id == user.id)


def find_revocable(actor: User, token_uuid: uuid_module.UUID) -> ApiToken | None:
    """A live token ACTOR may revoke: their own, or anyone's for an admin."""
    scope = None if Role(actor.role) is Role.ADMIN else actor
    return db.session.scalar(live_tokens(scope).where(ApiToken.uuid == token_uuid))


def revoke(token: ApiToken, actor: User) -> None:
    """Revoke TOKEN for good."""
    reason = "by_user" if token.user_id == actor.id else "by_admin"
    token.revoked_at, token.revoked_reason = utcnow(), reason
    audit.record("api_token_revoked", "api_token", token.uuid, detail=reason)


def revoke_all(user: User, reason: str) -> None:
    """Revoke every live token of USER (deactivation, password or role change, MFA reset)."""
    revoked = db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
                               ApiToken.expires_at > utcnow())
        .values(revoked_at=utcnow(), revoked_reason=reason[:30])
    ).rowcount
    if revoked:
        audit.record("api_token_revoked", "user", user.uuid,
                     detail=f"all {revoked} live tokens: {reason}"[:200])

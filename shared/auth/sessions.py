"""Server-side sessions: created at sign-in, checked on every request, ended for good."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from shared.auth.models import User, UserSession
from shared.db import utcnow
from shared.extensions import db

# Other kinds of credential (the API's bearer tokens) register how to end them on the app, so
# that every account action ends them too without shared.auth importing their package.
CREDENTIAL_ENDERS = "credential_enders"

# Refreshing last_seen_at at most once a minute keeps most requests free of writes.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def token_digest(token: str) -> str:
    """The SHA-256 of a bearer token; only the digest is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(user: User) -> UserSession:
    """Open a new session for USER with a fresh random token."""
    token = secrets.token_urlsafe(32)
    row = UserSession(token_hash=token_digest(token), user=user)
    db.session.add(row)
    row.token = token
    user.current_session = row
    return row


def load_session_user(token: str) -> User | None:
    """The user of a live session, or None if it ended, timed out or the user is inactive."""
    query = select(UserSession).where(UserSession.token_hash == token_digest(token))
    row = db.session.scalar(query)
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    config = current_app.config
    if (now - row.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
            or now - row.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]):
        end_session(row, "timeout")
        return None
    if not row.user.active:
        return None
    if now - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
    row.token = token
    row.user.current_session = row
    return row.user


def end_session(row: UserSession, reason: str) -> None:
    """End one session so its cookie is refused from now on."""
    row.ended_at = utcnow()
    row.end_reason = reason


def end_all_sessions(user: User, reason: str, keep: UserSession | None = None) -> None:
    """End every live session of USER, except KEEP."""
    query = (update(UserSession)
             .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
             .values(ended_at=utcnow(), end_reason=reason))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    db.session.execute(query)


def on_end_credentials(app, ender: Callable[[User, str], None]) -> None:
    """Have end_every_credential call ENDER(user, reason) too (e.g. to revoke API tokens)."""
    app.extensions.setdefault(CREDENTIAL_ENDERS, []).append(ender)


def end_every_credential(user: User, reason: str, keep: UserSession | None = None) -> None:
    """End every web session of USER (except KEEP) and every other credential, e.g. tokens."""
    end_all_sessions(user, reason, keep)
    for ender in current_app.extensions.get(CREDENTIAL_ENDERS, []):
        ender(user, reason)

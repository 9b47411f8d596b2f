"""Every change to an account: sign-in outcomes, lockout, passwords, roles, invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from shared.audit import services as audit
from shared.auth import mfa
from shared.auth.models import Invitation, LoginFailure, User, UserSession
from shared.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from shared.auth.roles import ROLE_LABELS, ROLE_ORGANISATION_KINDS, Role, with_article
from shared.auth.sessions import end_every_credential, end_session, start_session, token_digest
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import Organisation
from shared.refusals import ServiceError

INVITATION_LIFETIME = timedelta(days=3)


class AccountError(ServiceError):
    """A refused account change, with a message fit to show the person."""


def normalise_email(email: str) -> str:
    """Emails are compared trimmed and lower-cased."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password_login(email: str, password: str) -> User | None:
    """The user if the password is right and the account usable; failures are recorded."""
    user = find_user(email)
    if user is None:
        verify_password(None, password)
        audit.record("login_failed", "user", outcome="unknown_account")
        return None
    password_ok = verify_password(user.password_hash, password)
    if user.locked_at is not None or not user.active:
        audit.record("login_failed", "user", user.uuid, actor=user, outcome="locked_or_inactive")
        return None
    if not password_ok:
        register_failure(user)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def register_failure(user: User) -> None:
    """Count a failed password or code; lock the account at the threshold."""
    config = current_app.config
    db.session.add(LoginFailure(user_id=user.id))
    db.session.flush()
    since = utcnow() - config["LOCKOUT_WINDOW"]
    failures = db.session.scalar(
        select(func.count()).select_from(LoginFailure)
        .where(LoginFailure.user_id == user.id, LoginFailure.at >= since)
    )
    audit.record("login_failed", "user", user.uuid, actor=user, outcome="bad_credentials")
    if failures >= config["LOCKOUT_THRESHOLD"] and user.locked_at is None:
        user.locked_at = utcnow()
        end_every_credential(user, "locked")
        audit.record("account_locked", "user", user.uuid, actor=user)


def check_mfa_code(user: User, code: str) -> bool:
    """Accept a fresh TOTP code; a wrong or reused one counts as a failure."""
    if mfa.verify_and_consume(user, code):
        return True
    register_failure(user)
    return False


def enrol_mfa(user: User, secret: str, code: str) -> bool:
    """Store a new authenticator once its first code checks out."""
    if mfa.enrol(user, secret, code):
        audit.record("mfa_enrolled", "user", user.uuid, actor=user)
        return True
    register_failure(user)
    return False


def complete_login(user: User) -> UserSession:
    """Open a fresh session once every factor has been checked."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.user_id == user.id))
    row = start_session(user)
    audit.record("login", "user", user.uuid, actor=user)
    return row


def logout(user: User) -> None:
    """End the current session for good."""
    if user.current_session is not None:
        end_session(user.current_session, "logout")
    audit.record("logout", "user", user.uuid, actor=user)


def change_password(user: User, current: str, new: str) -> None:
    """Re-authenticate, set the new password and end every other session."""
    if not verify_password(user.password_hash, current):
        register_failure(user)
        raise AccountError("Your current password is not right", "current_password")
    set_password(user, new)
    # The session that changed it stays signed in; every other session and API token ends.
    end_every_credential(user, "password_changed", keep=user.current_session)
    audit.record("password_changed", "user", user.uuid)


def set_password(user: User, new: str) -> None:
    """Apply the password rules and store the new hash."""
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem, "new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()


def create_user(email: str, full_name: str, role: str, organisation_code: str,
                password: str | None = None) -> User:
    """Create an account; without a password it waits for an invitation to be used."""
    email = normalise_email(email)
    if find_user(email) is not None:
        raise AccountError("An account with that email address already exists", "email")
    organisation = _organisation_for(role, organisation_code)
    user = User(email=email, full_name=full_name.strip(), role=role, organisation=organisation)
    db.session.add(user)
    if password is not None:
        set_password(user, password)
    db.session.flush()
    audit.record("user_invited", "user", user.uuid, detail=f"role={role}")
    return user


def _organisation_for(role: str, organisation_code: str) -> Organisation:
    try:
        role = Role(role)
    except ValueError:
        raise AccountError("Choose a role from the list", "role") from None
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.code == organisation_code, Organisation.active)
    )
    if organisation is None:
        raise AccountError("Choose an organisation from the list", "organisation")
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise AccountError(
            f"{with_article(ROLE_LABELS[role])} cannot belong to {organisation.name}",
            "organisation"
        )
    return organisation


def invite(user: User) -> str:
    """Issue a one-time invitation token (returned once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(token_hash=token_digest(token), user=user,
                              expires_at=utcnow() + INVITATION_LIFETIME))
    return token


def find_invitation(token: str) -> Invitation | None:
    """A live invitation for this token, or None."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_digest(token or ""))
    )
    if invitation is None or invitation.used_at or invitation.expires_at < utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str) -> User:
    """Set the invited user's first password and spend the invitation."""
    set_password(invitation.user, password)
    invitation.used_at = utcnow()
    end_every_credential(invitation.user, "password_reset")
    audit.record("password_changed", "user", invitation.user.uuid, actor=invitation.user)
    return invitation.user


def set_active(user: User, active: bool) -> None:
    """Deactivate (ending every session) or reactivate an account."""
    user.active = active
    # Both ways: a reactivated account starts again from a fresh sign-in, old tokens stay dead.
    end_every_credential(user, "reactivated" if active else "deactivated")
    audit.record("user_reactivated" if active else "user_deactivated", "user", user.uuid)


def unlock(user: User) -> None:
    """Lift a lockout and forget the failures that caused it."""
    user.locked_at = None
    db.session.execute(delete(LoginFailure).where(LoginFailure.user_id == user.id))
    audit.record("account_unlocked", "user", user.uuid)


def change_role(user: User, role: str, organisation_code: str) -> None:
    """Move a user to a new role and organisation; their sessions end."""
    user.organisation = _organisation_for(role, organisation_code)
    user.role = role
    end_every_credential(user, "role_changed")
    audit.record("role_changed", "user", user.uuid, detail=f"role={role}")


def reset_mfa(user: User) -> None:
    """Forget a user's authenticator so they enrol again at next sign-in."""
    user.totp_secret = None
    user.totp_last_step = None
    end_every_credential(user, "mfa_reset")
    audit.record("mfa_enrolled", "user", user.uuid, outcome="reset")

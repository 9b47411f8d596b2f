"""Account administration: the admin's own rules on top of shared.auth.services."""

from __future__ import annotations

from sqlalchemy import select, update

from shared.audit import services as audit
from shared.auth import services as accounts
from shared.auth.models import Invitation, User
from shared.auth.roles import Role
from shared.db import utcnow
from shared.extensions import db

AccountError = accounts.AccountError


def find_users(role: str | None = None, email_contains: str | None = None) -> list[User]:
    """Users by email, optionally only one ROLE and only emails containing EMAIL_CONTAINS."""
    query = select(User).order_by(User.email)
    if role:
        query = query.where(User.role == role)
    if email_contains:
        query = query.where(User.email.contains(accounts.normalise_email(email_contains),
                                                autoescape=True))
    return list(db.session.scalars(query))


def invite_new_user(email: str, full_name: str, role: str,
                    organisation_code: str) -> tuple[User, str]:
    """Create a password-less account and its one-time invitation token."""
    user = accounts.create_user(email, full_name, role, organisation_code)
    return user, accounts.invite(user)


def reissue_invitation(user: User) -> str:
    """Cancel the user's unused invitations and issue a new one-time token."""
    if not user.active:
        raise AccountError("Reactivate the account before issuing an invitation link")
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None),
               Invitation.expires_at > now)
        .values(expires_at=now)
    )
    token = accounts.invite(user)
    audit.record("user_invited", "user", user.uuid, detail="new invitation link")
    return token


def set_active(admin: User, user: User, active: bool) -> None:
    """Deactivate or reactivate USER; an admin can never deactivate their own account."""
    if not active and admin.id == user.id:
        raise AccountError("You cannot deactivate your own account. "
                           "Ask another administrator to do it")
    accounts.set_active(user, active)


def change_role(admin: User, user: User, role: str, organisation_code: str) -> bool:
    """Move USER to ROLE in an organisation; False when nothing would change."""
    if admin.id == user.id and role != Role.ADMIN:
        raise AccountError("You cannot remove your own administrator role. "
                           "Ask another administrator to do it", "role")
    if role == user.role and organisation_code == user.organisation.code:
        return False
    accounts.change_role(user, role, organisation_code)
    return True

"""Administration: accounts (on top of shared.auth.services), organisations and custody suites.

Every change is audited; nothing is committed here."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from shared.audit import services as audit
from shared.auth import services as accounts
from shared.auth.models import Invitation, User
from shared.auth.roles import ROLE_LABELS, ROLE_ORGANISATION_KINDS, Role
from shared.auth.sessions import end_every_credential
from shared.db import utcnow
from shared.extensions import db
from shared.reference.models import (
    ORGANISATION_KINDS,
    CustodySuite,
    Organisation,
    SuiteAssignment,
)
from shared.reference.suites import assigned_suite_ids
from shared.refusals import ServiceError

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
    # A new link is a password reset: whoever holds the old password or a token is signed out.
    end_every_credential(user, "password_reset")
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


# Organisations


class OrganisationError(ServiceError):
    """A refused organisation change, with a message fit to show and the field it concerns."""


def all_organisations() -> list[Organisation]:
    """Every organisation, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_choices() -> list[tuple[str, str]]:
    """(code, name) of the active organisations, for a select."""
    query = select(Organisation).where(Organisation.active).order_by(Organisation.name)
    return [(o.code, o.name) for o in db.session.scalars(query)]


def add_organisation(code: str, name: str, kind: str, active: bool) -> Organisation:
    """Create an organisation; its code can never change afterwards."""
    if db.session.scalar(select(Organisation.id).where(Organisation.code == code)):
        raise OrganisationError("An organisation with that code already exists", "code")
    _check_name(name, None)
    _check_kind(kind)
    organisation = Organisation(code=code, name=name, kind=kind, active=active)
    db.session.add(organisation)
    db.session.flush()
    audit.record("reference_changed", "organisation", organisation.uuid, detail="added")
    return organisation


def change_organisation(organisation: Organisation, name: str, kind: str,
                        active: bool) -> list[str]:
    """Apply a new name, kind and status; return what changed (nothing is audited if none)."""
    _check_name(name, organisation)
    _check_kind(kind)
    if kind != organisation.kind:
        _check_members_fit(organisation, kind)
    changes = [note for note, differs in (
        ("renamed", name != organisation.name),
        ("kind changed", kind != organisation.kind),
        ("activated" if active else "deactivated", active != organisation.active),
    ) if differs]
    organisation.name, organisation.kind, organisation.active = name, kind, active
    if changes:
        audit.record("reference_changed", "organisation", organisation.uuid,
                     detail="; ".join(changes))
    return changes


def _check_name(name: str, organisation: Organisation | None) -> None:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if organisation is not None:
        query = query.where(Organisation.id != organisation.id)
    if db.session.scalar(query):
        raise OrganisationError("An organisation with that name already exists", "name")


def _check_kind(kind: str) -> None:
    if kind not in ORGANISATION_KINDS:
        raise OrganisationError("Choose a kind of organisation from the list", "kind")


def _check_members_fit(organisation: Organisation, kind: str) -> None:
    """Refuse a kind that some member's role may not belong to (e.g. officers in a partner)."""
    roles = db.session.scalars(
        select(User.role).where(User.organisation_id == organisation.id).distinct()
    )
    misfits = sorted(role for role in roles if kind not in ROLE_ORGANISATION_KINDS[Role(role)])
    if misfits:
        names = ", ".join(ROLE_LABELS[Role(role)].lower() for role in misfits)
        raise OrganisationError(
            f"This organisation has users whose role cannot belong to a "
            f"{ORGANISATION_KINDS[kind].lower()} ({names}). Move them first", "kind")


# Custody suites


def set_suites(user: User, suites: list[CustodySuite]) -> bool:
    """Make SUITES exactly the custody worker's suites; True if anything changed."""
    if Role(user.role) is not Role.CUSTODY_WORKER:
        raise AccountError("Only custody workers work at custody suites", "suites")
    wanted, current = {s.id for s in suites}, assigned_suite_ids(user.id)
    if wanted == current:
        return False
    db.session.execute(delete(SuiteAssignment).where(
        SuiteAssignment.user_id == user.id,
        SuiteAssignment.custody_suite_id.in_(current - wanted)))
    db.session.add_all(SuiteAssignment(user_id=user.id, custody_suite_id=suite_id)
                       for suite_id in sorted(wanted - current))
    db.session.flush()
    audit.record("change", "user", user.uuid,
                 detail=f"custody suites: {len(wanted - current)} added, "
                        f"{len(current - wanted)} removed")
    return True

"""Adding and changing organisations; every change is audited, nothing is committed here."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.audit import services as audit
from shared.auth.models import User
from shared.auth.roles import ROLE_ORGANISATION_KINDS, Role
from shared.extensions import db
from shared.partners.models import ORGANISATION_KINDS, Organisation
from shared.refusals import ServiceError


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
        names = ", ".join(role.replace("_", " ") for role in misfits)
        raise OrganisationError(
            f"This organisation has users whose role cannot belong to a "
            f"{ORGANISATION_KINDS[kind].lower()} ({names}). Move them first", "kind")

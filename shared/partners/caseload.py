"""A partner organisation's caseload and the contacts its youth workers log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import func

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.choices import CONTACT_KINDS
from shared.cases.models import Case, Contact
from shared.cases.queries import OLDEST_FIRST, CasePage, page_of
from shared.cases.scoping import scoped_cases
from shared.cases.services import CaseError, add_event, ensure_not_erased
from shared.cases.states import Status
from shared.clock import today
from shared.extensions import db

MAX_NOTES = 4000

def caseload(user: User, positions: Mapping[str, str] | None = None) -> dict[str, CasePage]:
    """A page of each list: hand-offs awaiting an answer, and cases being worked (oldest first).

    POSITIONS may hold pending_after / pending_before / active_after / active_before: the
    public id of the case a page starts after or ends before.
    """
    at = positions or {}
    return {name: page_of(user, scoped_cases(user).where(Case.status == status.value),
                          OLDEST_FIRST, at.get(f"{name}_after"), at.get(f"{name}_before"))
            for name, status in (("pending", Status.HANDED_OFF), ("active", Status.ENGAGED))}


def log_contact(case: Case, actor: User, contact_date: date, kind: str,
                notes: str | None) -> Contact:
    """Record a contact; the first real one sets the case's time to first contact."""
    ensure_not_erased(case)
    if Status(case.status) is not Status.ENGAGED:
        raise CaseError("Contacts can be logged once your organisation has accepted the case")
    if kind not in CONTACT_KINDS:
        raise CaseError("Choose the type of contact", "kind")
    if not isinstance(contact_date, date) or not (
            case.submitted_at.date() - timedelta(days=1) <= contact_date <= today()):
        raise CaseError("The contact date must be between the referral date and today",
                        "contact_date")
    if notes and len(notes) > MAX_NOTES:
        raise CaseError(f"Keep notes to {MAX_NOTES} characters or fewer", "notes")
    contact = Contact(case=case, organisation_id=actor.organisation_id,
                      contact_date=contact_date, kind=kind, recorded_by=actor)
    contact.notes = notes or None
    db.session.add(contact)
    if kind != "no_show" and (case.first_contact_at is None
                              or contact_date < case.first_contact_at):
        case.first_contact_at = contact_date
    add_event(case, actor, "contact", f"Contact logged: {CONTACT_KINDS[kind].lower()} on "
              f"{contact_date:%d %b %Y}")
    audit.record("change", "case", case.uuid, actor=actor, detail="contact logged")
    return contact

def pending_count(user: User) -> int:
    """How many hand-offs await this organisation's answer."""
    query = scoped_cases(user).where(Case.status == Status.HANDED_OFF.value)
    return db.session.scalar(query.with_only_columns(func.count(Case.id)).order_by(None))

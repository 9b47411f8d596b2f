"""Contacts with the young person by any worker who supports them.

The DIVERT team (a coordinator), the custody worker (the follow-up meeting) and the partner
each log what they did. First contact is the first attended contact by anyone; the statistics
read it from the case (shared/reports/rollup.py), so they count it the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from shared.audit import services as audit
from shared.auth.models import User
from shared.auth.roles import Role
from shared.cases import choices, corrections
from shared.cases.models import Case, Contact
from shared.cases.services import MAX_CONTACT_NOTES, CaseError, add_event, ensure_not_erased
from shared.cases.states import Status
from shared.clock import LONDON, ClockError, london_date, to_utc, today
from shared.db import utcnow
from shared.extensions import db

MAX_MINUTES, MAX_PLACE = 600, 200
# The DIVERT team supports a case from triage to closure; a partner once it has accepted.
COORDINATOR_STATUSES = {Status.SUBMITTED, Status.ACCEPTED, Status.PLAN_AGREED,
                        Status.HANDED_OFF, Status.ENGAGED}
FOLLOW_UP = "custody_follow_up"


@dataclass
class ContactDetails:
    """What a worker records about one contact."""

    on: date
    at: time | None = None
    duration_minutes: int | None = None
    method: str = "in_person"
    place: str | None = None
    attendance: str = "attended"
    notes: str | None = None


def may_record(case: Case, actor: User) -> bool:
    """Whether ACTOR may log or correct contacts on CASE now."""
    if case.person.is_erased:
        return False
    status = Status(case.status)
    role = Role(actor.role)
    if role is Role.PARTNER:
        return status is Status.ENGAGED and actor.organisation_id == case.partner_organisation_id
    return role is Role.COORDINATOR and status in COORDINATOR_STATUSES


def record_contact(case: Case, actor: User, details: ContactDetails) -> Contact:
    """Log a contact by a coordinator or the case's partner."""
    ensure_not_erased(case)
    if not may_record(case, actor):
        raise CaseError("Contacts can be logged by the coordinator while the case is open, "
                        "and by the partner once their organisation has accepted the case")
    return _create(case, actor, details, Role(actor.role).value)


def log_legacy(case: Case, actor: User, contact_date: date, kind: str,
               notes: str | None) -> Contact:
    """Log a contact given only a date and a type (the API and older callers)."""
    if kind not in choices.CONTACT_KINDS:
        raise CaseError("Choose the type of contact", "kind")
    details = ContactDetails(on=contact_date, method="phone" if kind == "phone" else "in_person",
                             attendance="did_not_attend" if kind == "no_show" else "attended",
                             notes=notes)
    ensure_not_erased(case)
    if not may_record(case, actor):
        raise CaseError("Contacts can be logged once your organisation has accepted the case")
    return _create(case, actor, details, Role(actor.role).value, kind=kind)


def record_follow_up(case: Case, worker: User, at: datetime, held: bool) -> Contact | None:
    """The custody worker's follow-up meeting as a contact on the case (each attempt is one)."""
    if case.person.is_erased:
        return None
    details = ContactDetails(on=london_date(at), at=_london_time(at),
                             attendance="attended" if held else "did_not_attend")
    # A meeting after release may fall before the day the encounter was typed in.
    earliest = min(london_date(case.submitted_at), details.on)
    return _create(case, worker, details, "custody_worker", source=FOLLOW_UP, earliest=earliest)


def correct_contact(contact: Contact, actor: User, details: ContactDetails,
                    reason: str) -> None:
    """Edit a contact, keeping the earlier values sealed with who, when and why."""
    case = contact.case
    ensure_not_erased(case)
    if not may_record(case, actor):
        raise CaseError("You cannot correct this contact now")
    corrections.check_reason(reason)
    previous = details_of(contact)
    earliest = min(london_date(case.submitted_at), contact.contact_date)
    _validate(case, details, earliest)
    corrections.keep(case, actor, "contact", contact.uuid, asdict(previous), asdict(details),
                     reason)
    _apply(contact, details)
    update_first_contact(case)


def details_of(contact: Contact) -> ContactDetails:
    """The contact's current values, as the form edits them."""
    return ContactDetails(
        on=contact.contact_date, at=_london_time(contact.contact_at) if contact.contact_at
        else None, duration_minutes=contact.duration_minutes,
        method=contact.method or ("phone" if contact.kind == "phone" else "in_person"),
        place=contact.place, attendance=attendance_of(contact), notes=contact.notes)


def attendance_of(contact: Contact) -> str:
    """attended, did_not_attend or cancelled (older rows: from their type)."""
    if contact.attendance:
        return contact.attendance
    return "did_not_attend" if contact.kind == "no_show" else "attended"


def update_first_contact(case: Case) -> None:
    """First contact: the earliest attended contact by anyone, or none."""
    db.session.flush()
    attended = [c.contact_date for c in case.contacts if attendance_of(c) == "attended"]
    case.first_contact_at = min(attended) if attended else None


def _create(case: Case, actor: User, details: ContactDetails, worker_role: str,
            kind: str | None = None, source: str | None = None,
            earliest: date | None = None) -> Contact:
    _validate(case, details, earliest)
    contact = Contact(case=case, organisation_id=actor.organisation_id, recorded_by=actor,
                      contact_date=details.on, kind=kind or "one_to_one",
                      worker_role=worker_role, source=source)
    _apply(contact, details, kind)
    db.session.add(contact)
    case.contacts  # noqa: B018  load the list so the new contact is counted below
    update_first_contact(case)
    if source != FOLLOW_UP:  # the follow-up has its own timeline entry
        who = choices.CONTACT_WORKERS[worker_role].lower()
        what = choices.CONTACT_ATTENDANCE[details.attendance].lower()
        how = choices.CONTACT_METHODS[details.method].lower()
        add_event(case, actor, "contact",
                  f"Contact logged by {who}: {how}, {what}, on {details.on:%d %b %Y}")
    audit.record("change", "case", case.uuid, actor=actor, detail="contact logged")
    return contact


def _apply(contact: Contact, details: ContactDetails, kind: str | None = None) -> None:
    contact.contact_date = details.on
    contact.contact_at = to_utc(details.on, details.at) if details.at else None
    contact.duration_minutes = details.duration_minutes
    contact.method, contact.attendance = details.method, details.attendance
    contact.kind = kind or _kind(details)
    contact.place = details.place or None
    contact.notes = details.notes or None


def _kind(details: ContactDetails) -> str:
    """The older type of contact, kept for the API: a missed session is a no-show."""
    if details.attendance != "attended":
        return "no_show"
    return "phone" if details.method == "phone" else "one_to_one"


def _validate(case: Case, details: ContactDetails, earliest: date | None = None) -> None:
    referred = earliest or london_date(case.submitted_at)
    if not isinstance(details.on, date) or not referred <= details.on <= today():
        raise CaseError("The contact date must be between the referral date and today",
                        "contact_date")
    if details.at is not None:
        try:
            moment = to_utc(details.on, details.at)
        except ClockError as error:
            raise CaseError(str(error), "contact_time") from None
        if moment > utcnow():
            raise CaseError("The contact time cannot be in the future", "contact_time")
    if details.method not in choices.CONTACT_METHODS:
        raise CaseError("Choose how the contact was made", "method")
    if details.attendance not in choices.CONTACT_ATTENDANCE:
        raise CaseError("Say whether they attended, did not attend, or it was cancelled",
                        "attendance")
    minutes = details.duration_minutes
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        raise CaseError(f"Enter a duration between 1 and {MAX_MINUTES} minutes", "duration")
    if details.place and len(details.place) > MAX_PLACE:
        raise CaseError(f"Keep the place to {MAX_PLACE} characters or fewer", "place")
    if details.notes and len(details.notes) > MAX_CONTACT_NOTES:
        raise CaseError(f"Keep notes to {MAX_CONTACT_NOTES} characters or fewer", "notes")


def _london_time(moment: datetime) -> time:
    return moment.astimezone(LONDON).time().replace(second=0, microsecond=0)

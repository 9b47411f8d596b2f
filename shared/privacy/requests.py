"""Subject access requests: finding the person, opening a request, its one-month deadline."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from sqlalchemy import select

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.models import Case
from shared.clock import today
from shared.crypto.blind_index import normalise
from shared.db import utcnow
from shared.extensions import db
from shared.people.models import Person
from shared.people.services import find_possible_duplicates
from shared.privacy.models import SAR_STATUSES, SubjectAccessRequest
from shared.refusals import ServiceError


class PrivacyError(ServiceError):
    """A refused privacy operation, with a message fit to show the DPO."""


def one_calendar_month_after(received: date) -> date:
    """ICO rule: the same date next month, else that month's last day; weekends roll forward."""
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year,
                                                                      received.month + 1)
    due = date(year, month, min(received.day, calendar.monthrange(year, month)[1]))
    while due.weekday() >= 5:  # Saturday or Sunday: the next working day
        due += timedelta(days=1)
    return due


def find_people(first_name: str, last_name: str, date_of_birth: date) -> list[Person]:
    """People matching a name and date of birth through the blind indexes (never a scan)."""
    people = find_possible_duplicates(first_name, last_name, date_of_birth)
    audit.record("view", "person_search", detail=f"matches={len(people)}")
    # DPA 2018 s.62: the log says whom the search showed, one view per person listed.
    for person in people:
        audit.record("view", "person", person.uuid, detail="shown in a person search")
    return people


def find_by_reference(reference: str) -> list[Person]:
    """The person of the case with REFERENCE (as printed, any case or spacing)."""
    wanted = "".join(reference.split()).upper()
    person = db.session.scalar(select(Person).join(Case, Case.person_id == Person.id).where(
        Case.reference == wanted, Person.erased_at.is_(None)))
    audit.record("view", "person_search", detail=f"by reference, matches={int(bool(person))}")
    return [person] if person else []


def find_by_name_and_band(first_name: str | None, last_name: str, age_band: str) -> list[Person]:
    """People of AGE_BAND (when referred) with this last name, and first name if given.

    Without a date of birth no blind index applies, so this reads the names of the people in
    one age band: the DPO's rare search for a child recorded without one (ENGAGE custody).
    """
    last, first = normalise(last_name), normalise(first_name or "")
    people = [p for p in db.session.scalars(select(Person).where(
        Person.age_band == age_band, Person.erased_at.is_(None)).order_by(Person.created_at))
        if normalise(p.last_name or "") == last
        and (not first or normalise(p.first_name or "") == first)]
    audit.record("view", "person_search", detail=f"by name and age band, matches={len(people)}")
    return people


def person_by_uuid(value) -> Person | None:
    """A person who has not been erased, by public id."""
    return db.session.scalar(select(Person).where(Person.uuid == value,
                                                  Person.erased_at.is_(None)))


def cases_of(person: Person) -> list[Case]:
    """Every referral of PERSON, oldest first."""
    return list(db.session.scalars(select(Case).where(Case.person_id == person.id)
                                   .order_by(Case.submitted_at, Case.id)))


def open_request(person: Person, actor: User, received_on: date) -> SubjectAccessRequest:
    """Record a subject access request received on RECEIVED_ON."""
    if received_on > today():
        raise PrivacyError("The date received cannot be in the future", "received_on")
    if person.is_erased:
        raise PrivacyError("This person's data has been erased: there is nothing to export")
    request = SubjectAccessRequest(person=person, received_on=received_on, created_by=actor,
                                   due_on=one_calendar_month_after(received_on), status="open")
    db.session.add(request)
    db.session.flush()
    audit.record("create", "subject_access_request", request.uuid)
    return request


def set_status(request: SubjectAccessRequest, status: str) -> None:
    """Mark a request answered or withdrawn (or open again)."""
    if status not in SAR_STATUSES:
        raise PrivacyError("Choose a status from the list", "status")
    request.status = status
    request.closed_at = None if status == "open" else utcnow()
    audit.record("change", "subject_access_request", request.uuid, detail=f"status={status}")


def request_by_uuid(value) -> SubjectAccessRequest | None:
    """A subject access request by public id."""
    return db.session.scalar(select(SubjectAccessRequest)
                             .where(SubjectAccessRequest.uuid == value))


def open_requests() -> list[SubjectAccessRequest]:
    """Requests still to answer, nearest deadline first."""
    return list(db.session.scalars(
        select(SubjectAccessRequest).where(SubjectAccessRequest.status == "open")
        .order_by(SubjectAccessRequest.due_on, SubjectAccessRequest.id)))

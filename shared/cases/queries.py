"""Read-only views of cases for pages: the triage queue, duplicates, partner choices."""

from __future__ import annotations

import uuid

from sqlalchemy import case as sql_case
from sqlalchemy import select

from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.scoping import scoped_cases
from shared.cases.states import Status
from shared.extensions import db
from shared.partners.models import Organisation
from shared.people.services import find_possible_duplicates

OPEN = (Status.ACCEPTED, Status.PLAN_AGREED, Status.HANDED_OFF, Status.ENGAGED)


def triage_queue(user: User) -> list[Case]:
    """Referrals awaiting triage, oldest first (every day waiting matters)."""
    query = (scoped_cases(user).where(Case.status == Status.SUBMITTED.value)
             .order_by(Case.submitted_at, Case.id))
    return db.session.scalars(query).unique().all()


def open_cases(user: User) -> list[Case]:
    """Open cases, most urgent priority first, then oldest."""
    untriaged_last = sql_case((Case.priority.is_(None), 9), else_=Case.priority)
    query = (scoped_cases(user).where(Case.status.in_([s.value for s in OPEN]))
             .order_by(untriaged_last, Case.submitted_at, Case.id))
    return db.session.scalars(query).unique().all()


def earlier_referrals(user: User, case: Case) -> list[Case]:
    """Other cases, within the user's scope, of people who match this case's person."""
    person = case.person
    if person.is_erased or not (person.last_name and person.date_of_birth):
        return []
    matches = find_possible_duplicates(person.first_name or "", person.last_name,
                                       person.date_of_birth)
    people_ids = [p.id for p in matches]
    if not people_ids:
        return []
    query = (scoped_cases(user).where(Case.person_id.in_(people_ids), Case.id != case.id)
             .order_by(Case.submitted_at))
    return db.session.scalars(query).unique().all()


def partner_organisations() -> list[Organisation]:
    """Active partner organisations, by name."""
    return db.session.scalars(select(Organisation).where(
        Organisation.kind == "partner", Organisation.active).order_by(Organisation.name)).all()


def organisation_by_uuid(value: str) -> Organisation | None:
    """An organisation by its public id, or None for anything unparseable."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return None
    return db.session.scalar(select(Organisation).where(Organisation.uuid == parsed))

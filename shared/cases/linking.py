"""Linking a new referral to a person already on record, instead of keeping a duplicate."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.audit import services as audit
from shared.auth.models import User
from shared.cases.models import Case
from shared.cases.services import CaseError, add_event
from shared.crypto.fields import Encrypted
from shared.extensions import db
from shared.people.models import Person
from shared.people.services import erase_person


def link_to_person(case: Case, existing: Person, actor: User) -> None:
    """Move CASE to EXISTING, re-sealing its records under their key; shred the duplicate."""
    duplicate = case.person
    if existing.id == duplicate.id or existing.is_erased:
        raise CaseError("Choose an earlier referral of a different, current person")
    rows = _rows_sealed_by(case)
    plaintext = [(row, _read_encrypted(row)) for row in rows]
    case.person = existing
    for row, values in plaintext:
        for name, value in values.items():
            setattr(row, name, value)
    case.previous_case_id = _latest_case_id(existing, case)
    db.session.flush()
    if _case_count(duplicate) == 0:
        erase_person(duplicate)
    add_event(case, actor, "linked", "Linked to the same young person's earlier referrals")
    audit.record("change", "case", case.uuid, actor=actor, detail="linked to existing person")


def _rows_sealed_by(case: Case) -> list:
    goals = list(getattr(case, "goals", []))
    actions = [action for goal in goals for action in goal.actions]
    later = [*getattr(case, "corrections", []), *getattr(case, "outcome_reviews", []),
             *getattr(case, "safeguarding_concerns", [])]
    return [case, *case.events, *case.handoffs, *case.contacts, *goals, *actions, *later]


def _read_encrypted(row) -> dict:
    names = [name for klass in type(row).__mro__ for name, value in vars(klass).items()
             if isinstance(value, Encrypted)]
    return {name: getattr(row, name) for name in names}


def _latest_case_id(person: Person, excluding: Case) -> int | None:
    return db.session.scalar(
        select(Case.id).where(Case.person_id == person.id, Case.id != excluding.id)
        .order_by(Case.submitted_at.desc()).limit(1))


def _case_count(person: Person) -> int:
    return db.session.scalar(select(func.count()).select_from(Case)
                             .where(Case.person_id == person.id))

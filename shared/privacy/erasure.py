"""Erasing a person: crypto-shred their data key and log the fact without personal data."""

from __future__ import annotations

from sqlalchemy import select

from shared.cases.models import Case
from shared.extensions import db
from shared.people.models import Person
from shared.people.services import erase_person
from shared.privacy.models import ErasureLog
from shared.privacy.requests import PrivacyError
from shared.seams import seams

ON_REQUEST = "request"


def erase(person: Person, rule: str = ON_REQUEST,
          references: list[str] | None = None) -> ErasureLog:
    """Destroy PERSON's data key (every field of theirs and of their cases becomes unreadable)."""
    if person.is_erased:
        raise PrivacyError("This person's data has already been erased")
    if references is None:
        references = db.session.scalars(
            select(Case.reference).where(Case.person_id == person.id).order_by(Case.id)).all()
    # Clear columns (programme, status, age band, borough...) stay for statistics; the case
    # rows read as erased through their person, whose key is gone.
    erase_person(person)
    for data in seams().person_data:  # each programme's own tables about the person
        if data.erase is not None:
            data.erase(person)
    log = ErasureLog(person_uuid=person.uuid, case_references=" ".join(references), rule=rule,
                     erased_at=person.erased_at)
    db.session.add(log)
    return log


def confirmation_matches(person: Person, typed: str) -> bool:
    """The second confirmation: "ERASE" or one of the person's case references, typed exactly."""
    typed = (typed or "").strip()
    if typed == "ERASE":
        return True
    references = db.session.scalars(select(Case.reference).where(Case.person_id == person.id))
    return typed in set(references)

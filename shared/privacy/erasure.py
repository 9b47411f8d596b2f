"""Erasing a person: crypto-shred their key, remove every copy, log it without personal data."""

from __future__ import annotations

from sqlalchemy import delete, or_, select

from shared.api.idempotency import forget_mentions
from shared.cases.models import Case
from shared.extensions import db
from shared.notifications.models import OutboxMessage
from shared.people.models import Person
from shared.people.services import erase_person
from shared.privacy import hygiene, ledger
from shared.privacy.models import ErasureLog, Rectification, SarRedaction, SubjectAccessRequest
from shared.privacy.requests import PrivacyError
from shared.seams import seams

ON_REQUEST = "request"


def erase(person: Person, rule: str = ON_REQUEST, references: list[str] | None = None,
          reason: str | None = None, request_reference: str | None = None,
          to_ledger: bool = True) -> ErasureLog:
    """Destroy PERSON's data key and every copy the key does not seal; log why."""
    if person.is_erased:
        raise PrivacyError("This person's data has already been erased")
    cases = db.session.execute(select(Case.reference, Case.uuid)
                               .where(Case.person_id == person.id).order_by(Case.id)).all()
    if references is None:
        references = [case.reference for case in cases]
    # Clear columns (programme, status, age band, borough...) stay for statistics; the case
    # rows read as erased through their person, whose key is gone.
    erase_person(person)
    for data in seams().person_data:  # each programme's own tables about the person
        if data.erase is not None:
            data.erase(person)
    _forget_copies(person, cases)
    log = ErasureLog(person_uuid=person.uuid, case_references=" ".join(references), rule=rule,
                     reason=reason, request_reference=request_reference,
                     erased_at=person.erased_at)
    db.session.add(log)
    db.session.flush()
    if to_ledger:  # re-applying the ledger does not write it again
        ledger.pending(db.session(), log)
    hygiene.note(db.session(), hygiene.ERASURE_TABLES + _programme_tables())
    return log


def _forget_copies(person: Person, cases) -> None:
    # The correction history is sealed with the destroyed key; the rows go too, so not even
    # which fields were corrected, and when, is left.
    db.session.execute(delete(Rectification).where(Rectification.person_id == person.id))
    requests = select(SubjectAccessRequest.id).where(SubjectAccessRequest.person_id == person.id)
    db.session.execute(delete(SarRedaction).where(SarRedaction.request_id.in_(requests)))
    references = [case.reference for case in cases]
    forget_mentions(references + [str(case.uuid) for case in cases])
    if references:  # notices name the case reference and nothing else
        db.session.execute(delete(OutboxMessage).where(or_(
            *(OutboxMessage.body.contains(ref, autoescape=True) for ref in references),
            *(OutboxMessage.subject.contains(ref, autoescape=True) for ref in references))))


def _programme_tables() -> tuple[str, ...]:
    return tuple(table for data in seams().person_data for table in data.tables)


def confirmation_matches(person: Person, typed: str) -> bool:
    """The second confirmation: "ERASE" or one of the person's case references, typed exactly."""
    typed = (typed or "").strip()
    if typed == "ERASE":
        return True
    references = db.session.scalars(select(Case.reference).where(Case.person_id == person.id))
    return typed in set(references)

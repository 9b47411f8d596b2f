"""Correcting a person's identity, keeping the old value sealed with their own data key."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.auth.models import User
from shared.extensions import db
from shared.people.models import IDENTITY_FIELDS, Person
from shared.people.services import PersonError, update_person
from shared.privacy.models import Rectification
from shared.privacy.requests import PrivacyError

FIELD_LABELS = {
    "first_name": "First name", "last_name": "Last name", "alias": "Also known as",
    "date_of_birth": "Date of birth", "address": "Address", "postcode": "Postcode",
    "phone": "Phone", "email": "Email", "school_or_occupation": "School, college or work",
}


def rectify(person: Person, actor: User, field: str, new_value: str | date | None,
            reason: str) -> Rectification:
    """Change one identity field through update_person and keep who, when, why and the old value."""
    if field not in IDENTITY_FIELDS:
        raise PrivacyError("Choose a field from the list", "field")
    if not reason:
        raise PrivacyError("Say why the field is being corrected", "reason")
    old = getattr(person, field)
    try:
        update_person(person, **{field: new_value})
    except PersonError as error:
        raise PrivacyError(str(error), "new_value") from None
    row = Rectification(person=person, field=field, changed_by=actor)
    row.old_value = old.isoformat() if isinstance(old, date) else old
    row.reason = reason
    db.session.add(row)
    db.session.flush()
    return row


def history(person: Person) -> list[Rectification]:
    """Every correction of PERSON, newest first."""
    return list(db.session.scalars(
        select(Rectification).where(Rectification.person_id == person.id)
        .order_by(Rectification.changed_at.desc(), Rectification.id.desc())))

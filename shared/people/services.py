"""Creating, changing, erasing and matching young people; callers commit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select

from shared.audit import services as audit
from shared.clock import today
from shared.crypto.blind_index import candidates
from shared.crypto.datakeys import destroy
from shared.db import utcnow
from shared.extensions import db
from shared.people.ages import AGE_BANDS, age_band_for
from shared.people.models import (
    ETHNICITY_GROUPS,
    GENDERS,
    IDENTITY_FIELDS,
    NAME_DOB,
    SURNAME_DOB,
    Person,
)
from shared.reference.models import Borough

CLEAR_FIELDS = ("age_band", "gender", "ethnicity_group", "borough")


# What a person reads for each field a refusal names (never the column name).
FIELD_NAMES = {"age_band": "The age band", "gender": "Gender", "ethnicity_group": "Ethnicity"}


class PersonError(ValueError):
    """A person cannot be created or changed as asked."""


def create_person(referred_on: date | None = None, **fields) -> Person:
    """Create a person from identity and clear fields; the age band comes from the DOB."""
    _check(fields)
    person = Person(**fields)
    if person.age_band is None and person.date_of_birth is not None:
        person.age_band = age_band_for(person.date_of_birth, referred_on or today())
    db.session.add(person)
    db.session.flush()
    audit.record("create", "person", person.uuid)
    return person


def update_person(person: Person, **changes) -> Person:
    """Change identity or clear fields; the audit names the fields, never the values."""
    if person.is_erased:
        raise PersonError("this person's data has been erased and cannot be changed")
    _check(changes)
    for name, value in changes.items():
        setattr(person, name, value)
    db.session.flush()
    audit.record("change", "person", person.uuid, detail="fields: " + ", ".join(sorted(changes)))
    return person


def erase_person(person: Person) -> None:
    """Crypto-shred a person: destroy their data key so no encrypted field can be read again."""
    if person.is_erased:
        return
    destroy(person.data_key)
    person.forget_key()
    person.erased_at = utcnow()
    person.surname_dob_index = person.name_dob_index = person.index_version = None
    db.session.flush()
    audit.record("erase", "person", person.uuid)


def find_possible_duplicates(first_name: str, last_name: str,
                             date_of_birth: date) -> list[Person]:
    """People already on record with this surname and DOB; full-name matches first."""
    dob = date_of_birth.isoformat()
    # Every index a row may hold: during a re-index, also the previous key's and fold's.
    full = candidates(NAME_DOB, first_name, last_name, dob)
    partial = candidates(SURNAME_DOB, last_name, dob)
    if not partial:
        return []
    # Without a first name there is no full-name index to match (never "IS NULL").
    matches = [Person.surname_dob_index.in_(partial)]
    if full:
        matches.append(Person.name_dob_index.in_(full))
    people = db.session.scalars(
        select(Person).where(or_(*matches), Person.erased_at.is_(None))
        .order_by(Person.created_at, Person.id)
    ).all()
    return sorted(people, key=lambda p: p.name_dob_index not in full)


def _check(fields: dict) -> None:
    unknown = set(fields) - set(IDENTITY_FIELDS) - set(CLEAR_FIELDS)
    if unknown:
        raise PersonError(f"unknown person fields: {', '.join(sorted(unknown))}")
    for name, allowed in (("age_band", AGE_BANDS), ("gender", GENDERS),
                          ("ethnicity_group", ETHNICITY_GROUPS)):
        if fields.get(name) is not None and fields[name] not in allowed:
            raise PersonError(f"{FIELD_NAMES[name]} must be one of: {', '.join(allowed)}")
    if fields.get("borough") is not None and not isinstance(fields["borough"], Borough):
        raise PersonError("Choose a borough from the list")
    _check_date_of_birth(fields.get("date_of_birth"))


def _check_date_of_birth(value) -> None:
    if value is None:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PersonError("The date of birth must be a real date")
    if value > today():
        raise PersonError("The date of birth cannot be in the future")

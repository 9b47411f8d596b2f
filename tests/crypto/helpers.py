"""Helpers shared by the crypto and people tests: fresh reloads and raw SQL access."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from sqlalchemy import select, text

from shared.extensions import db
from shared.people.models import Person

# The database is cleaned per test, not per example; examples only add rows, so that is safe.
DB_EXAMPLES = settings(max_examples=40, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture])
PURE_EXAMPLES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def reload(person_uuid) -> Person:
    """A fresh instance from the database: nothing decrypted is carried over."""
    db.session.expunge_all()
    return db.session.scalar(select(Person).where(Person.uuid == person_uuid))


def raw(column: str, person_id: int) -> bytes | None:
    """The bytes stored in COLUMN of the person row, read with plain SQL."""
    value = db.session.execute(
        text(f"SELECT {column} FROM people WHERE id = :id"), {"id": person_id}
    ).scalar()
    return None if value is None else bytes(value)


def write_raw(column: str, person_id: int, value: bytes | None) -> None:
    """Overwrite COLUMN of the person row with plain SQL, bypassing the model."""
    db.session.execute(text(f"UPDATE people SET {column} = :v WHERE id = :id"),
                       {"v": value, "id": person_id})

"""Filling in the search blind indexes of people stored before search existed."""

from __future__ import annotations

from sqlalchemy import select

from shared.extensions import db
from shared.people.models import Person


def reindex_search(batch_size: int = 1000) -> int:
    """Compute the search indexes of every unerased person who lacks them; returns how many."""
    done, last_id = 0, 0
    while people := db.session.scalars(
            select(Person).where(Person.id > last_id, Person.surname_prefix_index.is_(None),
                                 Person.erased_at.is_(None))
            .order_by(Person.id).limit(batch_size)).unique().all():
        for person in people:
            person.refresh_search_indexes()
        last_id = people[-1].id
        db.session.commit()
        done += len(people)
    return done

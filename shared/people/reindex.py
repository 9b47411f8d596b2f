"""Re-making every person's blind indexes under the current key and fold, in resumable batches."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, or_, select

from shared.crypto.blind_index import index_version
from shared.extensions import db
from shared.people.models import Person


def _stale():
    current = index_version()
    return (Person.erased_at.is_(None),
            or_(Person.index_version.is_(None), Person.index_version != current))


def pending_count() -> int:
    """People whose indexes were made with another key or fold."""
    return db.session.scalar(select(func.count()).select_from(Person).where(*_stale()))


def reindex(batch_size: int = 500, progress: Callable[[int], object] | None = None) -> int:
    """Recompute stale indexes, committing each batch; a rerun carries on where it stopped."""
    done = 0
    while people := db.session.scalars(
            select(Person).where(*_stale()).order_by(Person.id).limit(batch_size)).all():
        for person in people:
            person.refresh_blind_indexes()  # decrypts names and date of birth in memory only
        db.session.commit()
        done += len(people)
        if progress is not None:
            progress(len(people))
    return done

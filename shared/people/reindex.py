"""Re-making every person's blind indexes under the current key and fold, in resumable batches."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from sqlalchemy import func, or_, select
from tqdm import tqdm

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


@click.command("reindex-people")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="People re-indexed (and committed) per batch")
def reindex_people_command(batch_size: int) -> None:
    """Re-make every person's blind indexes under BLIND_INDEX_KEY and the current name fold.

    To change the key: set the new one as BLIND_INDEX_KEY and the old one as
    BLIND_INDEX_PREVIOUS_KEY, restart, run this (searches find people under either key
    meanwhile), then drop BLIND_INDEX_PREVIOUS_KEY. Stopping and rerunning carries on.
    """
    from shared.audit import services as audit

    total = pending_count()
    with tqdm(total=total, unit="person", desc="Re-indexing", file=sys.stderr) as bar:
        done = reindex(batch_size, progress=bar.update)
    if done:
        audit.record("key_rotated", detail=f"blind indexes re-made for {done} people")
        db.session.commit()
    click.echo(f"{done} people re-indexed; every person's indexes now use the current key. "
               "BLIND_INDEX_PREVIOUS_KEY can be removed.")

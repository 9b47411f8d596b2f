"""After an erasure the destroyed key's bytes are in no database file (issue 18, finding 2).

SQLite: the main file and its write-ahead log, read raw. PostgreSQL: the relation files of the
tables erasure rewrote, read raw after a CHECKPOINT (the tests run as the superuser).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from shared.extensions import db
from shared.privacy import retention
from shared.privacy.erasure import erase
from shared.privacy.hygiene import ERASURE_TABLES


def _sqlite_files() -> bytes:
    path = Path(db.engine.url.database)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _postgres_files(tables) -> bytes:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CHECKPOINT"))
        home = Path(connection.execute(text("SHOW data_directory")).scalar())
        paths = [connection.execute(text("SELECT pg_relation_filepath(:t)"), {"t": t}).scalar()
                 for t in tables]
    try:
        return b"".join((home / p).read_bytes() for p in paths if (home / p).exists())
    except PermissionError:
        pytest.skip("the PostgreSQL data directory is not readable by this user")


def _horizon_held_elsewhere() -> bool:
    # Vacuum keeps row versions any running transaction in the cluster might still see: on a
    # shared server another database's long transaction holds them back (not this code's doing).
    with db.engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND backend_xid IS NOT NULL AND now() - xact_start > interval '1 second'")).scalar())


def _assert_gone(secret: bytes) -> None:
    raw = _raw_storage()
    if secret in raw and db.engine.dialect.name != "sqlite" and _horizon_held_elsewhere():
        pytest.skip("a long transaction elsewhere on this PostgreSQL server holds back "
                    "vacuum's horizon")
    assert secret not in raw


def _raw_storage() -> bytes:
    if db.engine.dialect.name == "sqlite":
        return _sqlite_files()
    return _postgres_files(ERASURE_TABLES)


def _secrets_of(case) -> tuple[bytes, bytes]:
    wrapped = bytes(case.person.data_key.wrapped)
    db.session.commit()  # no open snapshot of ours may keep the old row version alive
    return wrapped, case.person.first_name.encode()


def test_an_erased_key_is_in_no_database_file(two_people):
    first, second = two_people
    wrapped, name = _secrets_of(first)
    kept, _ = _secrets_of(second)
    assert wrapped in _raw_storage()
    erase(first.person, reason="Asked to be forgotten")
    db.session.commit()
    _assert_gone(wrapped)
    raw = _raw_storage()
    assert name not in raw
    assert kept in raw  # the other person's key is still where it was


def test_a_retention_batch_leaves_no_erased_key_in_the_files(two_people):
    first = two_people[0]
    wrapped, _ = _secrets_of(first)
    due = [retention.Due(first.person_id, first.person.uuid, first.submitted_at.date(),
                         "declined", [first.reference])]
    db.session.commit()
    assert retention.apply(first.submitted_at.date(), due=due) == 1
    _assert_gone(wrapped)

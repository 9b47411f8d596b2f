"""Storage hygiene after an erasure: the destroyed bytes leave the database's files too.

Crypto-shredding overwrites a data key in its row, but the old bytes can outlive the row: in
SQLite's write-ahead log and in freed space of its pages, and in PostgreSQL's dead row versions
until a vacuum. An erasure names the tables it touched (`note`); once its transaction commits,
`scrub` checkpoints and truncates SQLite's WAL (pages were zeroed as they were freed, see
`secure_delete` in shared.db), or vacuums those tables on PostgreSQL, outside any transaction.
A long-open transaction elsewhere keeps old row versions alive and defeats the vacuum; so does
anything already copied out (PostgreSQL's own WAL archive, backups: see README).
"""

from __future__ import annotations

import logging

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

logger = logging.getLogger("shared.privacy")
INFO_KEY = "scrub_tables"
KEY_TABLE = "data_keys"
LOCK_TIMEOUT = "2s"
# Where a data key's bytes live and the rows an erasure rewrites or deletes.
ERASURE_TABLES = ("data_keys", "people", "cases", "case_events", "handoffs", "contacts",
                  "plan_goals", "plan_actions", "rectifications", "api_idempotency",
                  "outbox_messages", "sar_redactions")


def note(session: Session, tables: tuple[str, ...] | list[str] = ERASURE_TABLES) -> None:
    """Ask for TABLES to be scrubbed once SESSION's transaction commits."""
    session.info.setdefault(INFO_KEY, set()).update(tables)


@event.listens_for(Session, "after_commit")
def _scrub_after_commit(session: Session) -> None:
    tables = session.info.pop(INFO_KEY, None)
    if tables:
        scrub(session.get_bind(), sorted(tables))


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    # Nothing was erased, so there is nothing to scrub.
    session.info.pop(INFO_KEY, None)


def scrub(engine: Engine, tables: list[str]) -> None:
    """Push erased bytes out of the database's files (best effort: failures are logged)."""
    try:
        if engine.dialect.name == "sqlite":
            _checkpoint_sqlite(engine)
        elif engine.dialect.name == "postgresql":
            _vacuum_postgres(engine, tables)
    except Exception:  # the erasure itself is committed; a later batch scrubs again
        logger.exception("storage hygiene after erasure failed")


def _checkpoint_sqlite(engine: Engine) -> None:
    with engine.connect() as connection:
        busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        logger.warning("WAL checkpoint after erasure was blocked by a reader; "
                       "the next erasure or `flask privacy scrub` completes it")


def _vacuum_postgres(engine: Engine, tables: list[str]) -> None:
    # VACUUM cannot run inside a transaction block. A plain VACUUM prunes dead row versions but
    # may leave their bytes in a page's free space; the data keys (the only bytes that matter
    # once shredded: the rest is ciphertext) are rewritten into a new file by VACUUM FULL. The
    # table is narrow (one short row per person), so its exclusive lock is brief; but it must
    # never queue behind an open transaction (every read of data_keys would queue behind it),
    # so it gives up after LOCK_TIMEOUT and falls back to a plain VACUUM.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
        for table in tables:
            _vacuum(connection, table, full=table == KEY_TABLE)


def _vacuum(connection, table: str, full: bool) -> None:
    if full:
        try:
            connection.execute(text(f'VACUUM FULL "{table}"'))  # table names: our models
            return
        except OperationalError:  # lock_timeout: a transaction elsewhere holds the table
            logger.warning("VACUUM FULL %s gave up waiting for a lock; a plain VACUUM ran "
                           "instead and the next erasure or retention batch tries again", table)
    try:
        connection.execute(text(f'VACUUM "{table}"'))
    except OperationalError:
        logger.warning("VACUUM %s gave up waiting for a lock", table)

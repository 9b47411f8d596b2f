"""Column types, mixins and engine settings shared by every model."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import DateTime, Uuid, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from shared import clock
from shared.extensions import db

T = TypeVar("T")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (London's clock, shared.clock, in UTC)."""
    return clock.now()


def once_per_submission(make: Callable[[], T]) -> T:
    """MAKE the record of one form submission; a twin that won the race is answered instead.

    Two taps of one form race to the same unique submission id: the loser's insert fails, so
    its transaction is rolled back and MAKE runs again, finding the winner's record exactly as
    a later retry would.
    """
    try:
        return make()
    except IntegrityError:
        db.session.rollback()
        return make()


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused; use shared.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class PublicIdMixin:
    """A UUID that is the only identifier ever shown in a URL."""

    uuid: Mapped[uuid.UUID] = mapped_column(
        Uuid, unique=True, nullable=False, default=uuid.uuid4
    )


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on WAL, foreign keys and secure delete for every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Freed space is overwritten with zeros, so an erased key's bytes leave the pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

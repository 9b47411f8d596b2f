"""Which KEK is active, as the database says, and which KEK each running process uses.

A process reads its key ring at start-up. After `crypto rotate` in another process, an older
worker would go on wrapping new data keys under the old KEK; so the active id is kept in the
database (`kek_state`), every process follows it (refusing to wrap rather than use a key the
database no longer names), and each records the KEK it wraps under (`kek_workers`), so that
`crypto retire-kek` can refuse while any live process still uses the key being retired.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Integer, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import UTCDateTime, utcnow
from shared.extensions import db

EXTENSION = "kek_state"
# A process that has not been seen for this long is taken to have stopped.
WORKER_ALIVE = timedelta(minutes=10)


class KekState(db.Model):
    """One row: the KEK that wraps new data keys, whatever a process's start-up ring says."""

    __tablename__ = "kek_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    active_kek: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KekWorker(db.Model):
    """A running process (host:pid:thread) and the KEK it last wrapped under, with when."""

    __tablename__ = "kek_workers"
    worker: Mapped[str] = mapped_column(String(120), primary_key=True)
    kek_id: Mapped[str] = mapped_column(String(32))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def worker_id() -> str:
    """This process and thread, as recorded in kek_workers."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def database_active() -> str | None:
    """The active KEK id the database names (cached for KEK_STATE_TTL seconds), or None."""
    cache = current_app.extensions.setdefault(EXTENSION, {})
    ttl = current_app.config.get("KEK_STATE_TTL", 30)
    if cache and time.monotonic() - cache["at"] < ttl:
        return cache["active"]
    try:
        # No autoflush: this runs while a new row is being built, before it is complete.
        with db.session.no_autoflush:
            row = db.session.get(KekState, 1)
    except SQLAlchemyError:  # before the migration that adds the table
        return None
    cache.update(active=row.active_kek if row else None, at=time.monotonic())
    return cache["active"]


def seen(kek_id: str) -> None:
    """Record that this process wraps under KEK_ID (committed with the caller's transaction);
    at most once per KEK_STATE_TTL seconds, unless the KEK changed."""
    cache = current_app.extensions.setdefault(EXTENSION, {})
    ttl = current_app.config.get("KEK_STATE_TTL", 30)
    last = cache.get("seen")
    if last and last[0] == kek_id and time.monotonic() - last[1] < ttl:
        return
    with db.session.no_autoflush:
        db.session.merge(KekWorker(worker=worker_id(), kek_id=kek_id, seen_at=utcnow()))
    cache["seen"] = (kek_id, time.monotonic())


def set_active(kek_id: str) -> None:
    """Name KEK_ID as the active KEK for every process (the caller commits)."""
    db.session.merge(KekState(id=1, active_kek=kek_id, changed_at=utcnow()))
    current_app.extensions.pop(EXTENSION, None)


def live_workers_using(kek_id: str) -> list[str]:
    """Processes other than this one seen recently wrapping under KEK_ID."""
    return list(db.session.scalars(select(KekWorker.worker).where(
        KekWorker.kek_id == kek_id, KekWorker.seen_at > utcnow() - WORKER_ALIVE,
        KekWorker.worker != worker_id()).order_by(KekWorker.worker)))

"""The sending job: claim one due message, send it, commit, repeat.

One message per transaction: the row stays locked while it is sent, so two senders never send
it twice, and a crash loses nothing and re-sends at most the message that was in flight.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from shared.db import utcnow
from shared.extensions import db
from shared.notifications.models import OutboxMessage
from shared.notifications.transports import Transport, describe_error, make_transport

log = logging.getLogger(__name__)

BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)


@dataclass
class SendReport:
    """What one run did."""

    sent: int = 0
    failed: int = 0

    @property
    def tried(self) -> int:
        """Messages claimed, whatever the outcome."""
        return self.sent + self.failed

    def add(self, other: SendReport) -> None:
        """Fold another run's counts into this one."""
        self.sent += other.sent
        self.failed += other.failed


class StopFlag:
    """Asks a running sender to stop after the message in hand (set from a signal handler)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def request(self) -> None:
        """Ask the sender to stop."""
        self._event.set()

    @property
    def requested(self) -> bool:
        """Whether a stop was asked for."""
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to SECONDS, waking early (and answering True) when a stop is asked for."""
        return self._event.wait(seconds)


def backoff(attempts: int) -> timedelta:
    """The wait after ATTEMPTS failed tries: 1, 2, 4 ... minutes, never more than an hour."""
    # The exponent is capped first, so a message failing for weeks cannot overflow timedelta.
    return min(BACKOFF_FIRST * 2 ** min(max(attempts, 1) - 1, 10), BACKOFF_CAP)


def send_due(batch_size: int = 50, *, stop: StopFlag | None = None,
             progress: Callable[[int], object] | None = None,
             transport: Transport | None = None) -> SendReport:
    """Send up to BATCH_SIZE due, unsent messages, committing after each one."""
    report = SendReport()
    transport = transport or make_transport(current_app.config)
    try:
        while report.tried < batch_size and not (stop and stop.requested):
            message = _claim_next()
            if message is None:
                break
            _deliver(message, transport, report)
            db.session.commit()  # ends the claim: the row lock goes, the outcome stays
            if progress:
                progress(1)
    finally:
        db.session.rollback()  # an empty claim still left a transaction open
        transport.close()
    return report


def due_count() -> int:
    """How many unsent messages are due now."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utcnow())
    )


def outbox_counts() -> dict[str, int]:
    """Counts for `outbox status`: pending, due now, retrying after a failure, and sent."""
    unsent = OutboxMessage.sent_at.is_(None)
    row = db.session.execute(select(
        func.count().filter(unsent),
        func.count().filter(unsent, OutboxMessage.next_attempt_at <= utcnow()),
        func.count().filter(unsent, OutboxMessage.attempts > 0),
        func.count().filter(OutboxMessage.sent_at.is_not(None)),
    ).select_from(OutboxMessage)).one()
    return dict(zip(("pending", "due", "failing", "sent"), row, strict=True))


def _claim_next() -> OutboxMessage | None:
    while True:
        now = utcnow()
        due = (OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        # PostgreSQL: lock the row, stepping over rows another sender holds.
        message = db.session.scalars(
            select(OutboxMessage).where(*due)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if message is None:
            return None
        # SQLite has no row locks: this write takes its single-writer lock and checks again, so
        # a second sender finds the row already handled. On PostgreSQL the row is ours already.
        claimed = db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message.id, *due)
            .values(attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed == 1:
            db.session.refresh(message)
            return message
        db.session.rollback()


def _deliver(message: OutboxMessage, transport: Transport, report: SendReport) -> None:
    try:
        transport.send(message)
    except OSError as error:  # smtplib's errors are OSErrors too
        message.last_error = describe_error(error)
        message.next_attempt_at = utcnow() + backoff(message.attempts)
        report.failed += 1
        log.warning("outbox message %s not sent (attempt %d, next at %s): %s", message.uuid,
                    message.attempts, message.next_attempt_at.isoformat(), message.last_error)
    else:
        message.sent_at = utcnow()
        report.sent += 1

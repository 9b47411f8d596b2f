"""ENGAGE's notifications: a new custody case for triage, and the follow-up due or missed.

The follow-up notices go to the worker who recorded the encounter, once each, by a job
(`flask engage notify-follow-ups`), since no request happens when a window opens or closes.
"""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import select

from engage.follow_up import WINDOW_CLOSES, WINDOW_OPENS
from engage.models import CustodyEncounter
from shared.db import utcnow
from shared.extensions import db
from shared.notifications.inbox import notify
from shared.seams import NotificationKind

_SEE = "\n\n{link}"
KINDS = (
    NotificationKind(
        "custody_case", "A new custody case is ready for triage",
        "New custody case {reference} is ready for triage",
        "New custody case {reference} is ready for triage",
        "New custody case {reference} is ready for triage." + _SEE),
    NotificationKind(
        "follow_up_due", "A custody follow-up is due",
        "The follow-up for case {reference} is due: meet them within 48 hours of release",
        "A follow-up is due on case {reference}",
        "The 24-48 hour follow-up for case {reference} is now due." + _SEE),
    NotificationKind(
        "follow_up_missed", "A custody follow-up was missed",
        "The follow-up for case {reference} was not recorded within 48 hours of release",
        "A follow-up was missed on case {reference}",
        "No follow-up for case {reference} was recorded within 48 hours of release." + _SEE),
)

engage_cli = AppGroup("engage", help="ENGAGE jobs.")


def _pending(now: datetime):
    # Accepted and released, and no meeting held yet (a meeting that did not happen still
    # leaves the follow-up to do).
    return select(CustodyEncounter).where(
        CustodyEncounter.accepted.is_(True), CustodyEncounter.released_at.is_not(None),
        CustodyEncounter.case_id.is_not(None),
        CustodyEncounter.follow_up_held.is_not(True),
        CustodyEncounter.released_at <= now - WINDOW_OPENS)


def notify_follow_ups(now: datetime | None = None, batch_size: int = 200) -> tuple[int, int]:
    """Tell workers of follow-ups newly due or newly missed; returns (due, missed)."""
    now = now or utcnow()
    missed = _each(_pending(now).where(
        CustodyEncounter.released_at < now - WINDOW_CLOSES,
        CustodyEncounter.follow_up_missed_notified_at.is_(None)),
        "follow_up_missed", "follow_up_missed_notified_at", now, batch_size)
    due = _each(_pending(now).where(
        CustodyEncounter.released_at >= now - WINDOW_CLOSES,
        CustodyEncounter.follow_up_due_notified_at.is_(None)),
        "follow_up_due", "follow_up_due_notified_at", now, batch_size)
    return due, missed


def _each(query, kind: str, stamp: str, now: datetime, batch_size: int) -> int:
    done = 0
    while batch := db.session.scalars(query.order_by(CustodyEncounter.id)
                                      .limit(batch_size)).all():
        for encounter in batch:
            if encounter.recorded_by is not None:
                notify(encounter.recorded_by, kind, encounter.case.reference,
                       f"/engage/encounters/{encounter.uuid}")
            setattr(encounter, stamp, now)
        db.session.commit()
        done += len(batch)
    return done


@engage_cli.command("notify-follow-ups")
def notify_follow_ups_command() -> None:
    """Notify custody workers of follow-ups now due or missed (run it every few minutes)."""
    due, missed = notify_follow_ups()
    click.echo(f"Notified {due} follow-up(s) due and {missed} missed.")

"""The 24-48 hour follow-up window after release from custody.

Measured in real elapsed hours (UTC arithmetic), so it stays right across the clock changes;
"today" is London's calendar day (shared.clock).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.clock import london_date
from shared.clock import now as clock_now

WINDOW_OPENS, WINDOW_CLOSES = timedelta(hours=24), timedelta(hours=48)
# Every state follow_up_state answers, in the order the pages list them.
STATES = ("in_custody", "upcoming", "due_today", "overdue", "missed", "met", "late")


def window(released_at: datetime) -> tuple[datetime, datetime]:
    """When the follow-up meeting falls due: 24 to 48 elapsed hours after release."""
    return released_at + WINDOW_OPENS, released_at + WINDOW_CLOSES


def within_48_hours(released_at: datetime, held_at: datetime) -> bool:
    """Whether a meeting held at HELD_AT was within 48 hours of release."""
    return held_at <= released_at + WINDOW_CLOSES


def follow_up_state(released_at: datetime | None, held_at: datetime | None,
                    now: datetime | None = None, tried_at: datetime | None = None) -> str:
    """One of in_custody, upcoming, due_today, overdue, missed, met, late.

    due_today: not yet held, the deadline has not passed, and the window opens on or before
    London's today; upcoming: the window opens on a later London day; overdue: the window
    closed with nothing recorded; missed: it closed after the worker recorded (TRIED_AT) that
    the meeting did not happen, so there is nothing left to do.
    """
    if released_at is None:
        return "in_custody"
    opens, closes = window(released_at)
    if held_at is not None:
        return "met" if within_48_hours(released_at, held_at) else "late"
    now = now or clock_now()
    if now > closes:
        return "missed" if tried_at is not None else "overdue"
    return "due_today" if london_date(opens) <= london_date(now) else "upcoming"


def state_of(encounter, now: datetime | None = None) -> str:
    """The follow-up state of a custody ENCOUNTER, from its release and what was recorded."""
    held = encounter.follow_up_at if encounter.follow_up_held else None
    tried = encounter.follow_up_at if encounter.follow_up_held is False else None
    return follow_up_state(encounter.released_at, held, now, tried)

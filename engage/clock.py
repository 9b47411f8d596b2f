"""London's clock for custody times: stored in UTC, shown and counted in Europe/London.

The 24-48 hour follow-up window is measured in real elapsed hours (UTC arithmetic), so it
stays right across the clock changes; "today" is London's calendar day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.db import utcnow

LONDON = ZoneInfo("Europe/London")
WINDOW_OPENS, WINDOW_CLOSES = timedelta(hours=24), timedelta(hours=48)


class ClockError(ValueError):
    """A local date and time that London's clock never shows (the spring-forward hour)."""


def to_utc(day: date, at: time) -> datetime:
    """London's wall-clock DAY and AT as UTC; an hour skipped in spring is refused.

    In the repeated autumn hour the first (BST) reading is taken, as the custody record would
    normally be made before the clocks go back.
    """
    local = datetime.combine(day, at, tzinfo=LONDON)
    moment = local.astimezone(UTC)
    if moment.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ClockError(f"{at:%H:%M} on {day:%d %B %Y} does not exist in London: the clocks "
                         "went forward an hour")
    return moment


def london_date(moment: datetime) -> date:
    """London's calendar date at MOMENT."""
    return moment.astimezone(LONDON).date()


def london_today() -> date:
    """Today's date in London."""
    return london_date(utcnow())


def shown(moment: datetime | None) -> str:
    """A UTC time as London shows it, e.g. 30 March 2026, 00:30."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def window(released_at: datetime) -> tuple[datetime, datetime]:
    """When the follow-up meeting falls due: 24 to 48 elapsed hours after release."""
    return released_at + WINDOW_OPENS, released_at + WINDOW_CLOSES


def within_48_hours(released_at: datetime, held_at: datetime) -> bool:
    """Whether a meeting held at HELD_AT was within 48 hours of release."""
    return held_at <= released_at + WINDOW_CLOSES


def follow_up_state(released_at: datetime | None, held_at: datetime | None,
                    now: datetime | None = None) -> str:
    """One of in_custody, upcoming, due_today, overdue, met, late.

    due_today: not yet held, the deadline has not passed, and the window opens on or before
    London's today; upcoming: the window opens on a later London day.
    """
    if released_at is None:
        return "in_custody"
    opens, closes = window(released_at)
    if held_at is not None:
        return "met" if within_48_hours(released_at, held_at) else "late"
    now = now or utcnow()
    if now > closes:
        return "overdue"
    return "due_today" if london_date(opens) <= london_date(now) else "upcoming"

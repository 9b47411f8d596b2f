"""London's clock: every product "now" and "today" comes from here, and the one time filter.

Times are stored in UTC; people see them, and count calendar days, in Europe/London. Elapsed
durations (the 24-48 hour follow-up window) are UTC arithmetic, so they stay right across the
clock changes. Tests move this clock with time-machine (or TEST_NOW), so nothing else may ask
the host for the date; `flask demo load` alone moves it with `story_at`, so the demo year's
events happen through the real services on their own dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import Flask

LONDON = ZoneInfo("Europe/London")


class ClockError(ValueError):
    """A local date and time that London's clock never shows (the spring-forward hour)."""


# The moment a demo story step happens (`story_at`); None everywhere else.
_STORY: ContextVar[datetime | None] = ContextVar("story_moment", default=None)


def now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    moment = _STORY.get()
    return moment if moment is not None else datetime.now(UTC)


@contextmanager
def story_at(moment: datetime) -> Iterator[None]:
    """Run the block as if it were MOMENT (aware): only `flask demo load` uses this, so the
    demo year's referrals, triage and follow-ups go through the real services on their own
    dates, and the demo is the same whatever the date it is loaded on."""
    if moment.tzinfo is None:
        raise ValueError("story_at needs an aware moment")
    token = _STORY.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _STORY.reset(token)


def london_date(moment: datetime) -> date:
    """London's calendar date at MOMENT."""
    return moment.astimezone(LONDON).date()


def today() -> date:
    """Today's date in London (the service's calendar)."""
    return london_date(now())


def to_utc(day: date, at: time) -> datetime:
    """London's wall-clock DAY and AT as UTC; an hour skipped in spring is refused.

    In the repeated autumn hour the first (BST) reading is taken, as a record would normally
    be made before the clocks go back.
    """
    local = datetime.combine(day, at, tzinfo=LONDON)
    moment = local.astimezone(UTC)
    if moment.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ClockError(f"{at:%H:%M} on {day:%d %B %Y} does not exist in London: the clocks "
                         "went forward an hour")
    return moment


def london_time(moment: datetime | None, seconds: bool = False) -> str:
    """A stored UTC time as London's clock shows it, e.g. 30 March 2026, 00:30 (with SECONDS,
    00:30:05, where the order of events within a minute matters, as in the audit log)."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:{'%H:%M:%S' if seconds else '%H:%M'}}"


def london_day(moment: datetime | None, short: bool = False) -> str:
    """The London calendar day of a stored UTC time, e.g. 30 March 2026 (SHORT: 30 Mar 2026):
    a UTC timestamp's own date is the day before between midnight and 01:00 in summer."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:{'%b %Y' if short else '%B %Y'}}"


def init_app(app: Flask) -> None:
    """Offer the time filters to every template: {{ moment | london_time }} for a time,
    {{ moment | london_day }} for its day, {{ moment | london_date }} for a date to count with."""
    app.add_template_filter(london_time, "london_time")
    app.add_template_filter(london_day, "london_day")
    app.add_template_filter(london_date, "london_date")

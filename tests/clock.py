"""The suite's clock: `TEST_NOW` moves every test, and every server the tests start, to a moment.

`TEST_NOW=2027-03-01T00:30 make test` runs the whole suite as if it were that moment on
London's clock (a moment with an offset, such as `2027-03-01T00:30Z`, is taken as given). Time
then flows on from there, so timeouts and expiries still behave. Tests that need a particular
date pin it themselves with time-machine, which nests inside this clock.

`python -m tests.clock hard-moment` prints one of the hard moments (month ends, the year end, a
leap day, London's clock changes, a new financial year), chosen by the day, for CI's extra run.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

LONDON = ZoneInfo("Europe/London")
_traveller: time_machine.travel | None = None


def requested_moment() -> datetime | None:
    """The moment TEST_NOW names, timezone-aware (London's clock when it gives no offset)."""
    raw = os.environ.get("TEST_NOW", "").strip()
    if not raw:
        return None
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


def start() -> datetime | None:
    """Move this process to TEST_NOW, if set, with time flowing on from there."""
    global _traveller
    moment = requested_moment()
    if moment is not None and _traveller is None:
        _traveller = time_machine.travel(moment, tick=True)
        _traveller.start()
    return moment


def stop() -> None:
    """Give this process the real clock back."""
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def is_moved() -> bool:
    """Whether TEST_NOW moved the suite's clock."""
    return _traveller is not None


def command(argv: list[str]) -> list[str]:
    """ARGV (a server or command the tests start) run on the suite's clock, at this moment."""
    if not is_moved():
        return list(argv)
    now = datetime.now(UTC).isoformat()
    return [sys.executable, "-m", "tests.timeshift", now, *argv]


# --- the hard moments CI cycles through ------------------------------------------------------

def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _next(today: date, make) -> date:
    """The first date made by MAKE(year) on or after TODAY."""
    made = make(today.year)
    return made if made >= today else make(today.year + 1)


def _first_of_next_month(today: date) -> date:
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def hard_moments(today: date) -> list[tuple[str, datetime]]:
    """The moments that break date arithmetic, each at its next occurrence from TODAY."""
    first = _first_of_next_month(today)
    march = _next(today, lambda y: _last_sunday(y, 3))
    october = _next(today, lambda y: _last_sunday(y, 10))
    new_year = _next(today, lambda y: date(y, 12, 31))
    financial_year = _next(today, lambda y: date(y, 4, 1))
    leap = _next(today, lambda y: date(y + (-y % 4), 2, 29))
    moments = [
        ("just after midnight on the 1st", first, time(0, 5)),
        ("31 December at 23:30", new_year, time(23, 30)),
        ("29 February", leap, time(12, 0)),
        ("March clock change, 00:45 before clocks go forward", march, time(0, 45)),
        ("March clock change, 02:15 just after", march, time(2, 15)),
        ("October clock change, 00:45 before clocks go back", october, time(0, 45)),
        ("October clock change, 01:30 (the first of two)", october, time(1, 30)),
        ("the 2nd of a month, late evening", first + timedelta(days=1), time(22, 0)),
        ("the 3rd of a month, morning", first + timedelta(days=2), time(9, 0)),
        ("1 April just after midnight, a new financial year", financial_year, time(0, 5)),
    ]
    return [(label, datetime.combine(day, at, LONDON)) for label, day, at in moments]


def hard_moment_for(today: date) -> tuple[str, datetime]:
    """The hard moment for TODAY's run: each gets its turn as the days go by."""
    moments = hard_moments(today)
    return moments[today.toordinal() % len(moments)]


def main(argv: list[str]) -> int:
    """`hard-moment` prints today's hard moment; `hard-moments` lists them all."""
    today = datetime.now(LONDON).date()
    if argv == ["hard-moment"]:
        print(hard_moment_for(today)[1].replace(tzinfo=None).isoformat(timespec="minutes"))
        return 0
    if argv == ["hard-moments"]:
        for label, moment in hard_moments(today):
            print(f"{moment.replace(tzinfo=None).isoformat(timespec='minutes')}  {label}")
        return 0
    print("usage: python -m tests.clock hard-moment|hard-moments", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The 24-48 hour follow-up clock, with frozen time, across midnight and the BST change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from engage.follow_up import follow_up_state, window
from engage.models import CustodyEncounter
from engage.services import dashboard
from shared.clock import to_utc
from shared.clock import today as london_today
from shared.extensions import db
from tests.conftest import AuthActions
from tests.engage.conftest import NEW, assign, form_data


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Released 28 March 2026 23:30 GMT; the clocks go forward at 01:00 UTC on 29 March.
SPRING = utc(2026, 3, 28, 23, 30)
# Released 10 June 2026 23:30 BST (22:30 UTC): the window opens and closes just before midnight.
SUMMER = utc(2026, 6, 10, 22, 30)


def test_the_window_is_48_real_hours_across_the_clock_change():
    opens, closes = window(SPRING)
    assert (opens, closes) == (utc(2026, 3, 29, 23, 30), utc(2026, 3, 30, 23, 30))


@pytest.mark.parametrize(("now", "state"), [
    (utc(2026, 3, 29, 12, 0), "upcoming"),
    # 23:00 BST on the 29th: a naive wall-clock +24h would call this due; the window opens at
    # 00:30 BST on the 30th, London's tomorrow.
    (utc(2026, 3, 29, 22, 0), "upcoming"),
    (utc(2026, 3, 29, 23, 10), "due_today"),  # 00:10 BST on the 30th
    (utc(2026, 3, 30, 8, 0), "due_today"),
    (utc(2026, 3, 30, 23, 29), "due_today"),  # 00:29 BST on the 31st, one minute left
    (utc(2026, 3, 30, 23, 31), "overdue"),
])
def test_due_today_and_overdue_across_the_spring_clock_change(now, state):
    assert follow_up_state(SPRING, None, now) == state


@pytest.mark.parametrize(("now", "state"), [
    (utc(2026, 6, 11, 12, 0), "due_today"),   # the window opens 23:30 BST today
    (utc(2026, 6, 11, 23, 10), "due_today"),  # 00:10 BST on the 12th: across midnight
    (utc(2026, 6, 12, 22, 29), "due_today"),
    (utc(2026, 6, 12, 22, 31), "overdue"),
])
def test_due_today_across_midnight_in_summer_time(now, state):
    assert follow_up_state(SUMMER, None, now) == state


def test_a_meeting_within_48_hours_is_met_and_one_after_is_late():
    assert follow_up_state(SPRING, utc(2026, 3, 30, 23, 30)) == "met"
    assert follow_up_state(SPRING, utc(2026, 3, 30, 23, 31)) == "late"


def test_today_is_londons_date_not_utcs():
    with time_machine.travel(utc(2026, 6, 11, 23, 10), tick=False):
        assert london_today().isoformat() == "2026-06-12"


def test_a_wall_clock_time_skipped_in_spring_is_refused():
    from datetime import date, time

    from shared.clock import ClockError
    with pytest.raises(ClockError, match="does not exist in London"):
        to_utc(date(2026, 3, 29), time(1, 30))
    assert to_utc(date(2026, 3, 29), time(2, 30)) == utc(2026, 3, 29, 1, 30)


def test_the_dashboard_sorts_follow_ups_with_frozen_time(client, make_user):
    worker = make_user("custody_worker")
    assign(worker, "Holborn")
    with time_machine.travel(utc(2026, 3, 29, 10, 0), tick=False):
        AuthActions(client).login(worker)  # sessions time out, so sign in at each frozen time
        data = form_data(entered_date=["28", "3", "2026"], entered_time="18:00")
        assert client.post(NEW, data=data).status_code == 302
        encounter = db.session.query(CustodyEncounter).one()
        response = client.post(f"/engage/encounters/{encounter.uuid}/release", data={
            "released_date": ["28", "3", "2026"], "released_time": "23:30"})
        assert response.status_code == 302
        db.session.refresh(encounter)
        assert encounter.released_at == SPRING
    for now, section in ((utc(2026, 3, 29, 22, 0), "upcoming"),
                         (utc(2026, 3, 30, 8, 0), "due_today"),
                         (utc(2026, 3, 31, 9, 0), "overdue")):
        groups = dashboard(worker, now)
        assert [e.id for e in groups[section]] == [encounter.id], section
    with time_machine.travel(utc(2026, 3, 30, 8, 0), tick=False):
        AuthActions(client).login(worker)
        page = client.get("/engage/follow-ups").get_data(as_text=True)
        assert "Due today (1)" in page and "Monday 30 March 2026" in page
        assert "31 March 2026, 00:30" in page  # the deadline, in BST
        response = client.post(f"/engage/encounters/{encounter.uuid}/follow-up", data={
            "meeting_date": ["30", "3", "2026"], "meeting_time": "09:00", "held": "yes"})
        assert response.status_code == 302
        assert "Met within 48 hours (1)" in client.get("/engage/follow-ups").get_data(
            as_text=True)

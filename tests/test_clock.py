"""The suite's own clock: TEST_NOW, the servers the tests start, and CI's hard moments."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests import clock
from tests.bench.load import ROOT


def test_a_moment_without_an_offset_is_london_time(monkeypatch):
    monkeypatch.setenv("TEST_NOW", "2027-07-01T00:30")
    assert clock.requested_moment() == datetime(2027, 6, 30, 23, 30, tzinfo=UTC)  # BST
    monkeypatch.setenv("TEST_NOW", "2027-01-01T00:30")
    assert clock.requested_moment() == datetime(2027, 1, 1, 0, 30, tzinfo=UTC)  # GMT


def test_a_moment_with_an_offset_is_taken_as_given(monkeypatch):
    monkeypatch.setenv("TEST_NOW", "2027-07-01T00:30Z")
    assert clock.requested_moment() == datetime(2027, 7, 1, 0, 30, tzinfo=UTC)
    monkeypatch.delenv("TEST_NOW")
    assert clock.requested_moment() is None


def test_hard_moments_fall_on_the_dates_that_break_date_arithmetic():
    moments = {label: moment for label, moment in clock.hard_moments(date(2026, 12, 1))}
    days = {moment.date() for moment in moments.values()}
    assert {date(2027, 1, 1), date(2026, 12, 31), date(2028, 2, 29), date(2027, 3, 28),
            date(2027, 10, 31), date(2027, 1, 2), date(2027, 1, 3), date(2027, 4, 1)} == days
    march = [m for label, m in moments.items() if label.startswith("March")]
    assert [m.utcoffset() for m in march] == [timedelta(0), timedelta(hours=1)]
    october = [m for label, m in moments.items() if label.startswith("October")]
    assert all(m.utcoffset() == timedelta(hours=1) for m in october)  # before clocks go back


def test_every_hard_moment_gets_its_turn_as_the_days_go_by():
    start = date(2026, 12, 1)
    seen = {clock.hard_moment_for(start + timedelta(days=n))[0] for n in range(20)}
    assert seen == {label for label, _ in clock.hard_moments(start)}


def test_a_server_the_tests_start_runs_at_the_suites_moment(monkeypatch, tmp_path):
    script = tmp_path / "print_now.py"
    script.write_text("from datetime import UTC, datetime\nprint(datetime.now(UTC).isoformat())\n")
    moment = datetime(2028, 2, 29, 23, 59, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "is_moved", lambda: True)  # as if TEST_NOW had moved the suite
    with time_machine.travel(moment, tick=False):
        command = clock.command([str(script)])
    printed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    seen = datetime.fromisoformat(printed.stdout.strip())
    assert moment <= seen < moment + timedelta(seconds=30)


@pytest.mark.skipif(clock.requested_moment() is None, reason="TEST_NOW is not set")
def test_the_app_under_test_runs_at_test_now(app):
    from shared.db import utcnow

    assert abs(utcnow() - clock.requested_moment()) < timedelta(hours=3)

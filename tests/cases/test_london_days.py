"""Pages show a stored time on London's clock and calendar: in summer, between midnight and
01:00, the UTC timestamp's own date is still the day before."""

from __future__ import annotations

from datetime import datetime

import time_machine

from shared.clock import LONDON
from tests.conftest import AuthActions
from tests.factories import refer

JUST_AFTER_MIDNIGHT = datetime(2027, 7, 1, 0, 30, tzinfo=LONDON)  # 23:30 on 30 June in UTC


def test_a_referral_just_after_midnight_shows_londons_day_and_time(app, make_user):
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        case = refer(make_user("officer"))
        coordinator = app.test_client()
        AuthActions(coordinator).login(make_user("coordinator"))
        page = coordinator.get(f"/cases/{case.uuid}").get_data(as_text=True)
        queue = coordinator.get("/cases/").get_data(as_text=True)
    assert "1 July 2027, 00:30" in page and "Agreed, recorded 1 July 2027, 00:30" in page
    assert "30 June 2027" not in page
    row = queue[queue.index(case.reference):]
    assert "1 Jul 2027" in row[:400] and "0 days ago" in row[:400]

"""Overdue plan actions are notified once, by reference only, to the action's owner."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from shared.cases import plans
from shared.cases.overdue import notify_overdue
from shared.clock import today as london_today
from shared.extensions import db
from shared.notifications.models import OutboxMessage
from tests.factories import planned_case


def test_an_overdue_action_is_notified_once_to_the_coordinators(app, make_user):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    db.session.commit()
    with time_machine.travel(london_today() + timedelta(days=3)):
        assert notify_overdue() == 1
        assert notify_overdue() == 0
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "overdue_action")).all()
    assert [m.to_address for m in messages] == [coordinator.email]
    assert case.reference in messages[0].body
    assert case.person.last_name not in messages[0].body


def test_done_actions_and_actions_not_yet_due_are_not_notified(app, make_user):
    coordinator = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator)
    plans.set_action_status(case.goals[0].actions[0], coordinator, "done")
    db.session.commit()
    with time_machine.travel(london_today() + timedelta(days=3)):
        assert notify_overdue() == 0
    assert notify_overdue() == 0


def test_the_cli_reports_how_many_notices_it_queued(app, make_user):
    planned_case(make_user("officer"), make_user("coordinator"))
    db.session.commit()
    with time_machine.travel(london_today() + timedelta(days=3)):
        result = app.test_cli_runner().invoke(args=["cases", "notify-overdue"])
    assert "Queued overdue notices for 1 action(s)" in result.output

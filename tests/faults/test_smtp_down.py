"""SMTP down during a real hand-off: the outbox keeps the partner's notice and sends it later.

The sender's own behaviour with SMTP down (pending, back-off, delivered once) is tested in
tests/notifications/test_sender.py (test_smtp_down_keeps_the_message_pending_and_a_later_run_
delivers_it); this is the end-to-end variant, from the coordinator's hand-off page.
"""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from shared.db import utcnow
from shared.extensions import db
from shared.notifications.models import OutboxMessage
from shared.notifications.sender import send_due
from tests.factories import organisation, planned_case
from tests.world import signed_in


def _hand_off_through_the_page(app, make_user, partner_email: str):
    make_user("partner", email=partner_email)
    coordinator_user = make_user("coordinator")
    case = planned_case(make_user("officer"), coordinator_user)
    db.session.commit()
    coordinator = signed_in(app, coordinator_user)
    base = f"/cases/{case.uuid}"
    response = coordinator.post(f"{base}/handoff", data={
        "handoff-organisation": str(organisation("AITC").uuid), "handoff-reason": "Football"})
    assert response.status_code == 302
    return case


def test_a_hand_off_while_smtp_is_down_is_delivered_once_when_it_returns(
        app, smtp_app, smtp_server, make_user):
    smtp_server.stop()
    case = _hand_off_through_the_page(app, make_user, "aitc.worker@example.test")
    queued = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to_address for m in queued] == ["aitc.worker@example.test"]
    start = utcnow()
    with time_machine.travel(start, tick=False):
        assert send_due().failed == 1
    db.session.rollback()
    kept = db.session.get(OutboxMessage, queued[0].id)
    assert kept.sent_at is None and kept.attempts == 1  # kept, waiting for its next attempt
    smtp_server.start()
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert send_due().sent == 1
        assert send_due().sent == 0  # delivered once, never again
    [message] = smtp_server.messages
    assert case.reference in message.get_content() and "Zo" not in message.get_content()
    assert smtp_server.recipients == [["aitc.worker@example.test"]]

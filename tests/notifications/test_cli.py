"""`flask outbox send` and `flask outbox status`, including a clean stop on Ctrl-C."""

from __future__ import annotations

import os
import signal
import threading
import time

from sqlalchemy import select

from shared.extensions import db
from shared.notifications.inbox import email_case_notice
from shared.notifications.models import OutboxMessage
from shared.notifications.transports import ConsoleTransport


def _queue(*references: str) -> None:
    for reference in references:
        email_case_notice("partner@example.test", "handoff", reference, "/cases/abc")
    db.session.commit()


def _sent_flags() -> list[bool]:
    db.session.rollback()
    return [m.sent_at is not None
            for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_outbox_send_delivers_what_is_due_and_says_how_many(smtp_app, smtp_server):
    _queue("DV-AAAA-01", "DV-AAAA-02")
    result = smtp_app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 2, failed 0 (will be retried); 0 pending." in result.output
    assert len(smtp_server.messages) == 2


def test_outbox_send_sends_no_more_than_the_batch_size(smtp_app, smtp_server):
    _queue("DV-AAAA-01", "DV-AAAA-02", "DV-AAAA-03")
    result = smtp_app.test_cli_runner().invoke(args=["outbox", "send", "--batch-size", "2"])
    assert "Sent 2, failed 0 (will be retried); 1 pending." in result.output
    assert _sent_flags() == [True, True, False]


def test_outbox_status_counts_pending_failed_and_sent(smtp_app, smtp_server):
    _queue("DV-AAAA-01")
    smtp_app.test_cli_runner().invoke(args=["outbox", "send"])
    smtp_server.stop()
    _queue("DV-AAAA-02", "DV-AAAA-03")
    failed = smtp_app.test_cli_runner().invoke(args=["outbox", "send", "--batch-size", "1"])
    assert "Sent 0, failed 1" in failed.output

    result = smtp_app.test_cli_runner().invoke(args=["outbox", "status"])
    assert result.exit_code == 0, result.output
    assert "Pending: 2 (1 due now)" in result.output
    assert "Failed attempts: 1 pending messages have failed at least once" in result.output
    assert "Sent: 1" in result.output


def test_ctrl_c_during_a_send_finishes_that_message_then_exits(app, monkeypatch):
    _queue("DV-AAAA-01", "DV-AAAA-02", "DV-AAAA-03")
    original = ConsoleTransport.send

    def send_then_interrupt(self, message):
        os.kill(os.getpid(), signal.SIGINT)  # as if Ctrl-C were pressed mid-send
        original(self, message)

    monkeypatch.setattr(ConsoleTransport, "send", send_then_interrupt)
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when the suite runs in the background
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--loop", "--interval", "60"])
    assert result.exit_code == 0, result.output
    assert "Sent 1, failed 0 (will be retried); 2 pending." in result.output
    assert "Stopped on request after finishing the message in hand." in result.output
    assert _sent_flags() == [True, False, False]
    assert signal.getsignal(signal.SIGINT) is before  # the caller's handler is restored


def test_ctrl_c_while_the_loop_waits_stops_it_at_once(app):
    _queue("DV-AAAA-01")
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--loop", "--interval", "60"])
    timer.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 10  # not the full 60-second wait
    assert "Sent 1, failed 0 (will be retried); 0 pending." in result.output
    assert "Stopped on request" in result.output

"""Sending: exactly once on success, kept and retried with backoff on failure, never doubled."""

from __future__ import annotations

import smtplib
import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from config import TestConfig
from shared.db import utcnow
from shared.extensions import db
from shared.notifications.inbox import email_case_notice
from shared.notifications.models import OutboxMessage
from shared.notifications.sender import backoff, send_due
from shared.notifications.transports import SmtpTransport, describe_error

REFERENCE = "DV-7K3M-Q9"


def _queue(address: str = "partner@example.test", reference: str = REFERENCE,
           kind: str = "handoff") -> OutboxMessage:
    message = email_case_notice(address, kind, reference, "/cases/abc")
    db.session.commit()
    return message


def _reload(message: OutboxMessage) -> OutboxMessage:
    db.session.rollback()
    return db.session.get(OutboxMessage, message.id)


def test_a_queued_notice_is_delivered_once_to_the_right_recipient_with_no_personal_data(
        smtp_app, smtp_server, make_user):
    partner = make_user("partner")
    message = _queue(partner.email)
    link = smtp_app.config["PUBLIC_BASE_URL"] + "/cases/abc"

    first, second = send_due(), send_due()

    assert (first.sent, first.failed, second.sent) == (1, 0, 0)
    assert smtp_server.recipients == [[partner.email]]
    [email] = smtp_server.messages
    assert email["To"] == partner.email
    assert email["Subject"] == f"Case {REFERENCE} has been handed to your organisation"
    assert email["Message-ID"] == f"<{message.uuid}@divert.example>"
    body = email.get_content()
    assert REFERENCE in body and link in body
    assert partner.full_name not in body and partner.email not in body
    sent = _reload(message)
    assert sent.sent_at is not None and sent.attempts == 1 and sent.last_error is None


def test_smtp_down_keeps_the_message_pending_and_a_later_run_delivers_it(smtp_app,
                                                                        smtp_server):
    smtp_server.stop()
    start = utcnow()
    with time_machine.travel(start, tick=False):
        message = _queue()
        report = send_due()
    assert (report.sent, report.failed) == (0, 1)
    pending = _reload(message)
    assert pending.sent_at is None and pending.attempts == 1
    assert pending.last_error == "ConnectionRefusedError: Connection refused"
    assert pending.next_attempt_at == start + timedelta(minutes=1)

    smtp_server.start()
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert send_due().sent == 0  # not due yet: the backoff holds
    assert smtp_server.messages == []
    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        assert send_due().sent == 1
    assert len(smtp_server.messages) == 1
    sent = _reload(message)
    assert sent.sent_at is not None and sent.attempts == 2


def test_each_failure_doubles_the_wait_up_to_an_hour(smtp_app, smtp_server):
    smtp_server.stop()
    now = utcnow()
    with time_machine.travel(now, tick=False):
        message = _queue()
    waits = []
    for _ in range(8):
        with time_machine.travel(now, tick=False):
            assert send_due().failed == 1
        retry_at = _reload(message).next_attempt_at
        waits.append(retry_at - now)
        now = retry_at
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]
    assert _reload(message).attempts == 8


def test_backoff_never_overflows_however_many_attempts():
    assert backoff(10_000) == timedelta(hours=1)
    assert backoff(0) == timedelta(minutes=1)


def test_a_rolled_back_business_change_sends_nothing(smtp_app, smtp_server, make_user):
    partner = make_user("partner")
    partner.full_name = "Renamed in the same transaction"
    email_case_notice(partner.email, "handoff", REFERENCE, "/cases/abc")
    db.session.rollback()  # what the error handler does when the request fails

    assert send_due().sent == 0
    assert smtp_server.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_batch_stops_at_its_size_and_the_rest_wait_for_the_next_run(smtp_app, smtp_server):
    for reference in ("DV-AAAA-01", "DV-AAAA-02", "DV-AAAA-03"):
        _queue(reference=reference)
    assert send_due(batch_size=2).sent == 2
    assert send_due(batch_size=2).sent == 1
    subjects = sorted(email["Subject"] for email in smtp_server.messages)
    assert len(subjects) == 3 and len(set(subjects)) == 3


def test_a_message_that_fails_does_not_hold_up_the_others(smtp_app, smtp_server):
    _queue("refused@example.test", reference="DV-AAAA-01")
    _queue("accepted@example.test", reference="DV-AAAA-02")

    original = smtp_server.handler.handle_DATA

    async def refuse_one(server, session, envelope):
        if envelope.rcpt_tos == ["refused@example.test"]:
            return "550 5.1.1 mailbox unavailable for refused@example.test"
        return await original(server, session, envelope)

    smtp_server.handler.handle_DATA = refuse_one
    report = send_due()
    assert (report.sent, report.failed) == (1, 1)
    assert smtp_server.recipients == [["accepted@example.test"]]
    refused = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.to_address == "refused@example.test"))
    # The code is kept; the server's reply (which names the address) is not.
    assert refused.last_error == "SMTPDataError: 550"
    assert refused.sent_at is None


def test_a_stored_error_never_carries_the_servers_words_or_credentials():
    error = smtplib.SMTPAuthenticationError(535, b"5.7.8 bad password 'hunter2-secret'")
    assert describe_error(error) == "SMTPAuthenticationError: 535"
    refused = smtplib.SMTPRecipientsRefused({"someone@example.test": (550, b"no such user")})
    assert describe_error(refused) == "SMTPRecipientsRefused: 550"


def test_smtp_credentials_without_starttls_are_refused(smtp_app, monkeypatch):
    from config import ConfigError

    monkeypatch.setitem(smtp_app.config, "SMTP_USERNAME", "mailer")
    monkeypatch.setitem(smtp_app.config, "SMTP_PASSWORD", "a-password")
    with pytest.raises(ConfigError, match="in clear"):
        SmtpTransport(smtp_app.config)


def test_the_console_backend_prints_the_message_and_marks_it_sent(app, capsys):
    assert app.config["MAIL_BACKEND"] == "console"  # the default outside production
    message = _queue("partner@example.test")
    assert send_due().sent == 1
    printed = capsys.readouterr().out
    assert "To: partner@example.test" in printed
    assert f"Subject: Case {REFERENCE} has been handed to your organisation" in printed
    assert f"{app.config['PUBLIC_BASE_URL']}/cases/abc" in printed
    assert _reload(message).sent_at is not None


@pytest.mark.parametrize(("env", "backend"), [("development", "console"), ("test", "console"),
                                              ("production", "smtp")])
def test_mail_backend_defaults_to_console_except_in_production(monkeypatch, env, backend):
    monkeypatch.delenv("MAIL_BACKEND", raising=False)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://divert.example.org")  # production needs it
    monkeypatch.setattr(TestConfig, "ENV_NAME", env)
    config = TestConfig("sqlite://")
    assert config.MAIL_BACKEND == backend
    assert config.SMTP_STARTTLS is True


def test_an_unknown_mail_backend_or_bad_smtp_port_stops_the_app_from_starting(monkeypatch):
    from config import ConfigError

    monkeypatch.setenv("MAIL_BACKEND", "pigeon")
    with pytest.raises(ConfigError, match="MAIL_BACKEND"):
        TestConfig("sqlite://")
    monkeypatch.setenv("MAIL_BACKEND", "smtp")
    monkeypatch.setenv("SMTP_PORT", "smtp")
    with pytest.raises(ConfigError, match="SMTP_PORT"):
        TestConfig("sqlite://")


@pytest.mark.postgres_only
def test_two_concurrent_senders_never_send_the_same_message_twice(smtp_app, smtp_server,
                                                                  database_url):
    if make_url(TestConfig(database_url).SQLALCHEMY_DATABASE_URI).get_backend_name() != \
            "postgresql":
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): SQLite has no row locks to skip and "
                    "lets one writer in at a time, so two senders cannot run side by side")
    for number in range(30):
        email_case_notice("partner@example.test", "handoff", f"DV-AAAA-{number:02d}",
                            "/cases/abc")
    db.session.commit()
    smtp_server.handler.delay = 0.02  # both senders are mid-batch at the same time
    start = threading.Barrier(2)
    reports, errors = {}, []

    def sender(name):
        with smtp_app.app_context():
            try:
                start.wait()
                reports[name] = send_due(batch_size=100)
            except Exception as error:  # noqa: BLE001  reported by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    ids = [email["Message-ID"] for email in smtp_server.messages]
    assert len(ids) == 30 and len(set(ids)) == 30
    assert reports["a"].sent + reports["b"].sent == 30
    assert reports["a"].sent > 0 and reports["b"].sent > 0  # both really ran concurrently
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.attempts != 1)) == 0

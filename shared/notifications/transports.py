"""How an outbox message leaves: printed on the console (development) or sent by SMTP."""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Protocol

from config import ConfigError
from shared.notifications.models import OutboxMessage

log = logging.getLogger(__name__)


class Transport(Protocol):
    """Sends one message, raising OSError (smtplib's errors included) when it cannot."""

    def send(self, message: OutboxMessage) -> None: ...

    def close(self) -> None: ...


def make_transport(config) -> Transport:
    """The transport named by MAIL_BACKEND."""
    if config["MAIL_BACKEND"] == "smtp":
        return SmtpTransport(config)
    if config["MAIL_BACKEND"] == "console":
        return ConsoleTransport()
    raise ConfigError(f"MAIL_BACKEND {config['MAIL_BACKEND']!r} is not console or smtp")


class ConsoleTransport:
    """Development: show each message on standard output instead of sending it."""

    def send(self, message: OutboxMessage) -> None:
        """Print MESSAGE."""
        sys.stdout.write(
            f"----- email {message.uuid} ({message.kind}) -----\n"
            f"To: {message.to_address}\nSubject: {message.subject}\n\n{message.body}\n"
            "----- end of email -----\n"
        )
        sys.stdout.flush()
        # The log names the message only: an address is personal data (security.md item 13).
        log.info("outbox message %s (%s) printed to the console", message.uuid, message.kind)

    def close(self) -> None:
        """Nothing to release."""


class SmtpTransport:
    """Sends through an SMTP relay, reusing one connection for a whole batch."""

    def __init__(self, config) -> None:
        self.host = config["SMTP_HOST"]
        self.port = config["SMTP_PORT"]
        self.starttls = config["SMTP_STARTTLS"]
        self.username = config["SMTP_USERNAME"]
        self.password = config["SMTP_PASSWORD"]
        self.mail_from = config["MAIL_FROM"]
        self.timeout = config.get("SMTP_TIMEOUT", 10)
        if self.username and not self.starttls:
            raise ConfigError("SMTP_USERNAME is set but SMTP_STARTTLS is off: refusing to send "
                              "the password in clear")
        self._connection: smtplib.SMTP | None = None

    def send(self, message: OutboxMessage) -> None:
        """Hand MESSAGE to the relay; any failure drops the connection so the next retries."""
        email = build_email(message, self.mail_from)
        try:
            connection = self._connection or self._connect()
            connection.send_message(email)
        except OSError:
            self.close()
            raise

    def close(self) -> None:
        """Say goodbye to the relay, if connected."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except OSError:
            connection.close()

    def _connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                connection.starttls(context=ssl.create_default_context())
            if self.username:
                connection.login(self.username, self.password or "")
        except OSError:
            connection.close()
            raise
        self._connection = connection
        return connection


def build_email(message: OutboxMessage, mail_from: str) -> EmailMessage:
    """The RFC 5322 message; its Message-ID comes from the outbox row, so a resend is spotted."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    email = EmailMessage()
    email["From"] = mail_from
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = f"<{message.uuid}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    email.set_content(message.body)
    return email


def describe_error(error: OSError) -> str:
    """A short description of a failure, fit to store: class and code, never a server reply."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        detail = str(error.smtp_code)
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        # The refused address is the dict key: keep only the codes.
        detail = ",".join(str(code) for code, _ in error.recipients.values())
    else:
        detail = error.strerror or ""
    return (f"{name}: {detail}" if detail else name)[:200]

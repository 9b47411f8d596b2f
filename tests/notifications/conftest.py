"""Fixtures: a real SMTP server in this process, and the app pointed at it."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CollectingHandler:
    """Keeps every message the server accepts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.delay = 0.0  # seconds per message, to make concurrent senders overlap

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  aiosmtpd's hook name
        await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    """An aiosmtpd server on a fixed port that can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = CollectingHandler()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        """Every message received so far."""
        with self.handler.lock:
            return [message for _, message in self.handler.received]

    @property
    def recipients(self) -> list[list[str]]:
        """The envelope recipients of each message received."""
        with self.handler.lock:
            return [rcpt for rcpt, _ in self.handler.received]

    def start(self) -> None:
        """Listen (a stopped controller cannot restart, so each start makes a new one)."""
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until start() is called again."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server():
    """A running SMTP server that collects what it receives."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_app(app, smtp_server, monkeypatch):
    """The app sending by SMTP to smtp_server (plain, unauthenticated, as a local relay)."""
    for key, value in {
        "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_server.port,
        "SMTP_STARTTLS": False, "SMTP_USERNAME": None, "SMTP_PASSWORD": None,
        "MAIL_FROM": "DIVERT and ENGAGE <no-reply@divert.example>", "SMTP_TIMEOUT": 5,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return app

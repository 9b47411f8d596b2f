"""Queueing emails in the outbox, inside the caller's transaction (never committed here)."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask import current_app

from shared.db import utcnow
from shared.extensions import db
from shared.notifications.models import OutboxMessage

REFERENCE_PATTERN = re.compile(r"\A[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{2}\Z")
# A path inside this service: no scheme, no host, no "//" or "..", only URL-safe characters.
LINK_PATH_PATTERN = re.compile(r"\A/(?![/.])(?!.*\.\.)[A-Za-z0-9._~/-]{0,300}"
                               r"(\?[A-Za-z0-9._~=&-]{0,200})?\Z")
KIND_PATTERN = re.compile(r"\A[a-z][a-z_]{0,29}\Z")
MAX_SUBJECT = 200
MAX_BODY = 10_000

FOOTER = ("\n\nSign in to the service to see the details. This email carries no personal "
          "details on purpose.\nPlease do not reply: this mailbox is not read.\n")

class NotificationError(ValueError):
    """A message that must not be queued: bad address, kind, reference or link."""


def enqueue(to_address: str, kind: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the current session; it is sent only if the caller commits."""
    now = utcnow()
    message = OutboxMessage(
        to_address=_checked_address(to_address), kind=_checked_kind(kind),
        subject=_checked_subject(subject), body=_checked_body(body),
        created_at=now, next_attempt_at=now, attempts=0,
    )
    db.session.add(message)
    return message


def render_notice(subject: str, body: str, reference: str, link_path: str) -> tuple[str, str]:
    """Fill fixed SUBJECT and BODY wording with a checked reference and link only: the
    reference and the link are the only values that ever vary, so no personal data can reach
    an inbox (security.md item 13). The wording is each kind's (shared.seams.NotificationKind)."""
    if not isinstance(reference, str) or not REFERENCE_PATTERN.match(reference):
        raise NotificationError("a case reference looks like DV-7K3M-Q9")
    if not isinstance(link_path, str) or not LINK_PATH_PATTERN.match(link_path):
        raise NotificationError("the link must be a plain path inside this service")
    link = current_app.config["PUBLIC_BASE_URL"] + link_path
    return (subject.format(reference=reference),
            body.format(reference=reference, link=link) + FOOTER)


def _checked_address(address: str) -> str:
    try:
        return validate_email(address, check_deliverability=False,
                              test_environment=True).normalized
    except (EmailNotValidError, TypeError):
        raise NotificationError("the recipient is not a valid email address") from None


def _checked_kind(kind: str) -> str:
    if not isinstance(kind, str) or not KIND_PATTERN.match(kind):
        raise NotificationError("the kind must be a short lower-case name such as 'handoff'")
    return kind


def _checked_subject(subject: str) -> str:
    # A line break in a header would let a value add headers of its own (header injection).
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT \
            or any(ch in subject for ch in "\r\n\0"):
        raise NotificationError(f"the subject must be one line of at most {MAX_SUBJECT} "
                                "characters")
    return subject


def _checked_body(body: str) -> str:
    if not isinstance(body, str) or not body.strip() or len(body) > MAX_BODY or "\0" in body:
        raise NotificationError(f"the body must be plain text of at most {MAX_BODY} characters")
    return body

"""Hashing an audit event into the chain, and walking the chain to verify it."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.audit.models import GENESIS_HASH, AuditEvent, AuditHead

HASHED_FIELDS = (
    "seq", "at", "actor_uuid", "actor_role", "actor_organisation", "action",
    "object_type", "object_uuid", "outcome", "request_id", "detail", "prev_hash",
)


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over a canonical JSON of the event's fields, previous hash included."""
    values = {name: _canonical(getattr(event, name)) for name in HASHED_FIELDS}
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


@dataclass
class VerifyResult:
    """What a walk of the chain found."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session, batch_size: int = 5000, progress=None) -> VerifyResult:
    """Walk every event in order; report the first whose hash, link or sequence is wrong."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch_size)
    for event in session.scalars(query):
        problem = _check_event(event, expected_seq, expected_prev)
        if problem:
            return VerifyResult(False, checked, min(event.seq, expected_seq), problem)
        expected_prev, expected_seq, checked = event.hash, event.seq + 1, checked + 1
        if progress:
            progress(1)
    head = session.get(AuditHead, 1)
    if head is None or head.seq != expected_seq - 1 or head.last_hash != expected_prev:
        return VerifyResult(False, checked, expected_seq, "entries missing from the end of the log")
    return VerifyResult(True, checked)


def _check_event(event: AuditEvent, expected_seq: int, expected_prev: str) -> str:
    if event.seq != expected_seq:
        return f"entry {expected_seq} is missing (found {event.seq} next)"
    if event.prev_hash != expected_prev:
        return "does not link to the entry before it"
    if event.hash != event_hash(event):
        return "contents do not match its hash (altered)"
    return ""

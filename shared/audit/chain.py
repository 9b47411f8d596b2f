"""MACing an audit event into the chain, and walking the chain to verify it.

Each entry's MAC is HMAC-SHA256, under the audit key its key_id names, over a canonical JSON of
its fields and the previous entry's MAC. The key lives in the key ring, never in the database,
so someone who can only write to the database cannot forge or re-chain entries; a checkpoint
kept outside the database (shared/audit/checkpoint.py) anchors the head against truncation.
Entries written before the chain was keyed (key_id NULL) carry the old unkeyed SHA-256; they
verify only up to the sequence number AUDIT_UNKEYED_UNTIL names (a setting, outside the
database), so nobody can re-chain the whole log as unkeyed entries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.audit import keys
from shared.audit.models import GENESIS_HASH, AuditEvent, AuditHead

HASHED_FIELDS = (
    "seq", "at", "actor_uuid", "actor_role", "actor_organisation", "action",
    "object_type", "object_uuid", "outcome", "request_id", "detail", "prev_hash",
)
MACED_FIELDS = (*HASHED_FIELDS, "key_id", "source_address")

# What a failed verification found.
REWRITING, DELETION, TRUNCATION = "rewriting", "deletion", "truncation"


def _canonical_json(event: AuditEvent, fields: tuple[str, ...]) -> str:
    values = {name: _canonical(getattr(event, name)) for name in fields}
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def event_hash(event: AuditEvent) -> str:
    """The unkeyed SHA-256 of an entry written before the chain was keyed."""
    return hashlib.sha256(_canonical_json(event, HASHED_FIELDS).encode("utf-8")).hexdigest()


def event_mac(event: AuditEvent, key: bytes) -> str:
    """HMAC-SHA256 under KEY over the event's fields, key id and previous MAC included."""
    return keys.mac(key, _canonical_json(event, MACED_FIELDS))


def _canonical(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


@dataclass
class VerifyResult:
    """What a walk of the chain found; KIND names rewriting, deletion or truncation."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""
    kind: str | None = None
    checkpoint_seq: int | None = None


@dataclass
class _Walk:
    checked: int = 0
    last_seq: int = 0
    last_mac: str = GENESIS_HASH
    unkeyed_until: int = 0
    mac_at_checkpoint: str | None = None
    problem: tuple[str, int, str] | None = None  # (what, seq, reason)


def verify_chain(session: Session, checkpoint=None, batch_size: int = 5000,
                 progress=None) -> VerifyResult:
    """Walk every event in order, then hold the end against CHECKPOINT (if given)."""
    walk = _walk(session, checkpoint.seq if checkpoint else None, batch_size, progress)
    if checkpoint is not None and not checkpoint.genuine():
        return _fail(walk, checkpoint, REWRITING, checkpoint.seq,
                     "the checkpoint's signature does not check out under the audit keys "
                     "(forged checkpoint, or its key is missing from the key ring)")
    shorter = checkpoint is not None and walk.last_seq < checkpoint.seq
    if walk.problem:
        return _walk_failure(walk, shorter, checkpoint)
    head = session.get(AuditHead, 1)
    if head is None or head.seq != walk.last_seq or head.last_hash != walk.last_mac:
        return VerifyResult(False, walk.checked, walk.last_seq + 1,
                            "entries missing from the end of the log", TRUNCATION)
    if shorter:
        return _fail(walk, checkpoint, TRUNCATION, walk.last_seq + 1,
                     f"the log ends at entry {walk.last_seq}"
                     + (" (it is empty)" if walk.last_seq == 0 else "")
                     + f" but the checkpoint of {checkpoint.at} names entry {checkpoint.seq}: "
                     "entries were cut from the end of the log")
    if checkpoint is not None and checkpoint.seq and walk.mac_at_checkpoint != checkpoint.mac:
        return _fail(walk, checkpoint, REWRITING, checkpoint.seq,
                     f"entry {checkpoint.seq} is not the one the checkpoint of {checkpoint.at} "
                     "recorded: the log was rewritten")
    return VerifyResult(True, walk.checked,
                        checkpoint_seq=checkpoint.seq if checkpoint is not None else None)


def _fail(walk: _Walk, checkpoint, kind: str, seq: int, reason: str) -> VerifyResult:
    return VerifyResult(False, walk.checked, seq, reason, kind,
                        checkpoint.seq if checkpoint is not None else None)


def _walk_failure(walk: _Walk, shorter: bool, checkpoint) -> VerifyResult:
    what, seq, reason = walk.problem
    if what == "gap":
        return _fail(walk, checkpoint, DELETION, seq, reason)
    if shorter:
        return _fail(walk, checkpoint, DELETION, seq,
                     f"{reason}; and the log is shorter than the checkpoint of {checkpoint.at} "
                     f"(entry {checkpoint.seq}): entries were deleted and the rest renumbered")
    return _fail(walk, checkpoint, REWRITING, seq, reason)


def _walk(session: Session, checkpoint_seq: int | None, batch_size: int, progress) -> _Walk:
    walk = _Walk(unkeyed_until=int(current_app.config.get("AUDIT_UNKEYED_UNTIL") or 0))
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch_size)
    for event in session.scalars(query):
        problem = _check_event(event, walk)
        if problem:
            walk.problem = problem
            walk.last_seq = session.scalar(select(AuditEvent.seq).order_by(
                AuditEvent.seq.desc()).limit(1)) or 0
            return walk
        walk.checked, walk.last_seq, walk.last_mac = walk.checked + 1, event.seq, event.hash
        if event.seq == checkpoint_seq:
            walk.mac_at_checkpoint = event.hash
        if progress:
            progress(1)
    return walk


def _check_event(event: AuditEvent, walk: _Walk) -> tuple[str, int, str] | None:
    expected_seq = walk.last_seq + 1
    if event.seq != expected_seq:
        return ("gap", expected_seq,
                f"entry {expected_seq} is missing (found {event.seq} next): entries deleted")
    if event.prev_hash != walk.last_mac:
        return "link", event.seq, "does not link to the entry before it"
    if event.key_id is None:
        if event.seq > walk.unkeyed_until:
            return ("mac", event.seq, "carries no audit key id, and only entries up to "
                    f"AUDIT_UNKEYED_UNTIL={walk.unkeyed_until} may (altered)")
        expected = event_hash(event)
    else:
        key = keys.key(event.key_id)
        if key is None:
            return ("mac", event.seq, f"names audit key {event.key_id!r}, which the key ring "
                    "does not hold (forged, or the key is missing)")
        expected = event_mac(event, key)
    if not hmac.compare_digest(event.hash, expected):
        return "mac", event.seq, "contents do not match its MAC (altered)"
    return None

"""Writing audit events: inside the caller's transaction, or surviving its rollback."""

from __future__ import annotations

import uuid as uuid_module

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert, update

from shared.audit import keys
from shared.audit.chain import event_mac
from shared.audit.models import AuditEvent, AuditHead
from shared.db import utcnow
from shared.extensions import db

HEAD = AuditHead.__table__

# The closed vocabulary of audited acts.
ACTIONS = frozenset({
    "create", "view", "change", "disclose", "erase", "export", "merge",
    "login", "login_failed", "logout", "account_locked", "account_unlocked",
    "mfa_enrolled", "password_changed", "access_denied",
    "user_invited", "user_deactivated", "user_reactivated", "role_changed",
    "api_token_issued", "api_token_revoked",
    "reference_changed", "key_rotated", "reauthenticated",
})


def record(action: str, object_type: str | None = None, object_uuid=None, *,
           actor=None, outcome: str = "ok", detail: str | None = None) -> AuditEvent:
    """Append an event to the chain within the current transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    # Core statements on the head row: the ORM's bulk-update bookkeeping is not needed here.
    seq, prev_hash = db.session.execute(
        update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq + 1)
        .returning(HEAD.c.seq, HEAD.c.last_hash)
    ).one()
    event = AuditEvent(
        seq=seq, at=utcnow(), action=action, object_type=object_type,
        object_uuid=_as_uuid(object_uuid), outcome=outcome, detail=detail,
        prev_hash=prev_hash, **_request_fields(), **_actor_fields(actor),
    )
    event.key_id, key = keys.active()
    event.hash = event_mac(event, key)
    db.session.add(event)
    db.session.execute(update(HEAD).where(HEAD.c.id == 1).values(last_hash=event.hash))
    return event


def record_many(action: str, object_type: str, object_uuids: list, *, actor=None,
                detail: str | None = None) -> int:
    """Append one event per object (e.g. every case a list showed) with one turn of the head."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if not object_uuids:
        return 0
    # The head's guard lets it move one entry at a time, so it steps once per event; the
    # events themselves go in one multi-row insert and the MAC is stored on the head once.
    step = update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq + 1)
    first_seq, prev_hash = db.session.execute(
        step.returning(HEAD.c.seq, HEAD.c.last_hash)).one()
    for _ in object_uuids[1:]:
        db.session.execute(step)
    last_seq = first_seq + len(object_uuids) - 1
    key_id, key = keys.active()
    shared = {"at": utcnow(), "action": action, "object_type": object_type, "outcome": "ok",
              "detail": detail, "key_id": key_id, **_request_fields(), **_actor_fields(actor)}
    rows = []
    for seq, object_uuid in enumerate(object_uuids, last_seq - len(object_uuids) + 1):
        event = AuditEvent(seq=seq, object_uuid=_as_uuid(object_uuid), prev_hash=prev_hash,
                           **shared)
        event.hash = prev_hash = event_mac(event, key)
        rows.append({column: getattr(event, column) for column in (
            "seq", "hash", "prev_hash", "object_uuid", *shared)})
    db.session.execute(insert(AuditEvent), rows)
    db.session.execute(update(HEAD).where(HEAD.c.id == 1).values(last_hash=prev_hash))
    return len(rows)


def record_surviving(action: str, object_type: str | None = None, object_uuid=None,
                     **kwargs) -> None:
    """Queue an event that must be written even if the request's own changes roll back."""
    g.setdefault("audit_survivors", []).append((action, object_type, object_uuid, kwargs))


def write_survivors() -> None:
    """Write queued surviving events into the current transaction (called at commit points)."""
    for action, object_type, object_uuid, kwargs in g.pop("audit_survivors", []):
        record(action, object_type, object_uuid, **kwargs)


def _request_fields() -> dict:
    if not has_request_context():
        return {}
    return {"request_id": g.get("request_id"), "source_address": request.remote_addr}


def _actor_fields(actor) -> dict:
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if actor is None:
        return {}
    return {
        "actor_uuid": actor.uuid,
        "actor_role": actor.role,
        "actor_organisation": actor.organisation.code,
    }


def _as_uuid(value) -> uuid_module.UUID | None:
    if value is None or isinstance(value, uuid_module.UUID):
        return value
    return uuid_module.UUID(str(value))

"""Idempotency-Key: a retried POST gets the first answer and changes nothing new."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

from flask import Response, request
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from shared.api.models import IdempotencyRecord
from shared.api.problems import ApiProblem
from shared.auth.models import User
from shared.db import utcnow
from shared.extensions import db

KEY_LIFETIME = timedelta(hours=24)
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
HEADER = "Idempotency-Key"


def request_key() -> str | None:
    """The request's Idempotency-Key, checked (printable ASCII, 1-255 characters)."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise ApiProblem(400, "The Idempotency-Key header must be 1 to 255 printable ASCII "
                              "characters, for example a UUID", [{"field": HEADER,
                              "message": "Use 1 to 255 printable ASCII characters"}])
    return key


def fingerprint(body: bytes) -> str:
    """What makes two requests the same: method, path, query and body."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1")):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(body)
    return digest.hexdigest()


def begin(user: User, key: str, print_: str) -> Response | None:
    """The stored answer to replay, or None after claiming KEY for this request."""
    record = db.session.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key))
    if record is not None and record.created_at <= utcnow() - KEY_LIFETIME:
        db.session.delete(record)
        db.session.flush()
        record = None
    if record is not None:
        return _replay(record, print_)
    db.session.add(IdempotencyRecord(user_id=user.id, key=key, fingerprint=print_))
    try:
        # Claim the key now: a concurrent twin waits here, then fails on the unique key.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ApiProblem(409, "Another request with this Idempotency-Key is in progress. "
                              "Retry in a moment to get its answer.") from None
    return None


def finish(user: User, key: str, status: int, body: dict | list | None) -> None:
    """Remember a successful answer, in the same transaction as the change it reports."""
    record = db.session.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key))
    record.status_code = status
    record.body = json.dumps(body) if body is not None else None


def purge_expired() -> int:
    """Delete keys older than 24 hours; returns how many went."""
    result = db.session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.created_at <= utcnow() - KEY_LIFETIME))
    return result.rowcount or 0


def forget_mentions(needles: list[str]) -> int:
    """Delete stored answers whose body mentions any of NEEDLES (an erased person's ids)."""
    needles = [n for n in needles if n]
    if not needles:
        return 0
    result = db.session.execute(delete(IdempotencyRecord).where(
        or_(*(IdempotencyRecord.body.contains(n, autoescape=True) for n in needles))))
    return result.rowcount or 0


def _replay(record: IdempotencyRecord, print_: str) -> Response:
    if record.fingerprint != print_:
        raise ApiProblem(422, "This Idempotency-Key was already used for a different request. "
                              "Use a new key for a new request.",
                         [{"field": HEADER, "message": "Already used for a different request"}])
    if record.status_code is None:
        raise ApiProblem(409, "Another request with this Idempotency-Key is in progress. "
                              "Retry in a moment to get its answer.")
    body = record.body if record.body is not None else ""
    response = Response(body, status=record.status_code,
                        mimetype="application/json" if record.body else None)
    response.headers["Idempotent-Replayed"] = "true"
    return response
